"""Rules on the appendix against the template: rows left blank, rows the catalogue does not
know, template rows missing altogether, labels still naming an old year."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from cchc_analysis.derive.catalogue import ALIASES_FILE, TEMPLATE_FILE
from cchc_analysis.derive.checks.context import Context, Finding, Shown, place, rule, where
from cchc_analysis.parse.periods import parse_period

#: Where the catalogue files stand, for the message of a row they do not know.
_CATALOG = "cchc_analysis/derive/catalog/"
_YEAR = re.compile(
    r"\b(?P<lead>so với|từ|đến|giai đoạn|trước)?\s*năm\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE
)


@rule(
    "stale_year",
    "warning",
    "Năm cũ trong nhãn",
    "a label naming another year than the report's (template not updated)",
    lambda d, f: f"{place(d)}: nhãn “{d['label']}” ghi năm {d['year']} trong báo cáo {d['period']}",
    {
        "code": "5.1",
        "item": 0,
        "label": "Số biên chế được giao trong năm 2022",
        "year": 2022,
        "period": "2023-H1",
    },
    question=lambda d, f: (
        f"Đề nghị cơ quan cho biết số liệu mục {d['code']} (nhãn ghi năm {d['year']}) là của kỳ báo "
        "cáo này hay của năm đó, và cập nhật nhãn theo biểu mẫu."
    ),
)
def stale_year(ctx: Context) -> Iterator[Finding]:
    year = parse_period(ctx.period).year
    for row in ctx.rows:
        label = row.get("label")
        for match in _YEAR.finditer(label if isinstance(label, str) else ""):
            if not match.group("lead") and int(match.group("year")) != year:
                yield Finding(
                    "stale_year",
                    row,
                    {**where(row), "label": label, "year": int(match.group("year")), "period": ctx.period},
                    (("observations", row["seq"], "row"),),
                )


def _blank(row: dict) -> bool:
    """Nothing written in the value cell (not even an unreadable text or counts)."""
    raw = row.get("raw_value")
    return (pd.isna(raw) or not str(raw).strip()) and pd.isna(row.get("denominator"))


@rule(
    "blank_template_row",
    "info",
    "Dòng để trống",
    "a template row the agency left blank",
    lambda d, f: f"{place(d)}: “{d['label']}” để trống",
    {"code": "3.4", "item": 0, "label": "Số hồ sơ tiếp nhận"},
)
def blank_template_row(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        key = row.get("indicator_id")
        if not pd.isna(key) and ctx.kinds.get(key) in ("count", "rate", "code", "money") and _blank(row):
            yield Finding(
                "blank_template_row",
                row,
                {**where(row), "label": row.get("label")},
                (("observations", row["seq"], "row"),),
            )


@rule(
    "unknown_row",
    "warning",
    "Dòng ngoài danh mục",
    "a row the catalogue does not know",
    lambda d, f: (
        f"Chỉ tiêu '{d['label'] or ''}' (STT {d['code']}, dòng {d['item']}) chưa có trong danh "
        f"mục: nếu là chỉ tiêu mới, thêm một dòng vào {_CATALOG}{TEMPLATE_FILE}; nếu là cách viết "
        f"khác của một chỉ tiêu đã có, thêm vào {_CATALOG}{ALIASES_FILE}"
    ),
    {"code": "9.9", "item": 0, "label": "Chỉ tiêu mới"},
)
def unknown_row(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        if pd.isna(row.get("indicator_id")):
            yield Finding(
                "unknown_row",
                row,
                {**where(row), "label": row.get("label")},
                (("observations", row["seq"], "row"),),
            )


def _missing(d: dict, f: Shown) -> str:
    """The sentence of a run of template rows absent from the appendix, and where it starts."""
    rows = [place({"code": code, "item": item}) for code, item in d["rows"]]
    shown = ", ".join(rows[:8]) + (" …" if len(rows) > 8 else "")
    after = place({"code": d["after"][0], "item": d["after"][1]}) if d["after"] else None
    if d["after_last_row"]:
        where = f"từ sau dòng cuối cùng, {after} — tệp có thể bị cắt"
    else:
        where = f"sau dòng {after}" if after else "ở đầu phụ lục"
    return f"Phụ lục thiếu {f.number(d['count'])} dòng của biểu mẫu {where}: {shown}"


@rule(
    "missing_template_rows",
    "warning",
    "Thiếu dòng biểu mẫu",
    "template rows absent from the appendix (not blank), one finding per run of them, placed "
    "after the row they follow: a file cut off, an old template",
    _missing,
    {"count": 2, "rows": [["7.6", 0], ["7.6", 1]], "after": ["7.5", 0], "after_last_row": True},
)
def missing_template_rows(ctx: Context) -> Iterator[Finding]:
    """One finding per run of consecutive template rows absent from the appendix, placed after
    the row they follow in the template (the report's last row when the run ends the template)."""
    present = set(ctx.by_id)
    gap: list[dict] = []
    before: dict | None = None  # the last template row present in the report
    for row in ctx.catalog_rows:
        if row["indicator_id"] in present:
            if gap:
                yield _gap(ctx, gap, before, ends=False)
            gap, before = [], row
        else:
            gap.append(row)
    if gap and present:
        yield _gap(ctx, gap, before, ends=True)


def _gap(ctx: Context, rows: list[dict], before: dict | None, ends: bool) -> Finding:
    """The finding for one run of absent template rows, placed at the report's row for the
    template row they follow (named as the template numbers it)."""
    placed = ctx.by_id[before["indicator_id"]] if before else None
    return Finding(
        "missing_template_rows",
        placed,
        {
            "count": len(rows),
            "rows": [[r["code"], int(r["item"])] for r in rows],
            "after": [before["code"], int(before["item"])] if before else None,
            "after_last_row": ends,
        },
        (("observations", placed["seq"], "row"),) if placed is not None else (),
    )
