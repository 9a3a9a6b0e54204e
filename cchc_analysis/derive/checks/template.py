"""Rules on the appendix against the template: rows left blank, rows the catalogue does not
know, template rows missing altogether, labels still naming an old year."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from cchc_analysis.derive.checks.context import Context, Finding, rule, where
from cchc_analysis.parse.periods import parse_period

_YEAR = re.compile(r"\b(?P<lead>so với|từ|đến|giai đoạn|trước)?\s*năm\s+(?P<year>(?:19|20)\d{2})\b",
                   re.IGNORECASE)


@rule("stale_year", "warning", "Năm cũ trong nhãn",
      "Nhãn chỉ tiêu ghi năm khác năm báo cáo (biểu mẫu chưa cập nhật)")
def stale_year(ctx: Context) -> Iterator[Finding]:
    year = parse_period(ctx.period).year
    for row in ctx.rows:
        label = row.get("label")
        for match in _YEAR.finditer(label if isinstance(label, str) else ""):
            if not match.group("lead") and int(match.group("year")) != year:
                yield Finding("stale_year", row, {**where(row), "label": label,
                                                  "year": int(match.group("year")),
                                                  "period": ctx.period},
                              (("observations", row["seq"], "row"),))


def _blank(row: dict) -> bool:
    """Nothing written in the value cell (not even an unreadable text or counts)."""
    raw = row.get("raw_value")
    return (pd.isna(raw) or not str(raw).strip()) and pd.isna(row.get("denominator"))


@rule("blank_template_row", "info", "Dòng để trống",
      "Dòng biểu mẫu cần số liệu nhưng cơ quan để trống")
def blank_template_row(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        key = row.get("indicator_id")
        if not pd.isna(key) and ctx.kinds.get(key) in ("count", "rate", "code", "money") and _blank(row):
            yield Finding("blank_template_row", row, {**where(row), "label": row.get("label")},
                          (("observations", row["seq"], "row"),))


@rule("unknown_row", "warning", "Dòng ngoài danh mục", "Dòng không có trong danh mục biểu mẫu")
def unknown_row(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        if pd.isna(row.get("indicator_id")):
            yield Finding("unknown_row", row, {**where(row), "label": row.get("label")},
                          (("observations", row["seq"], "row"),))


@rule("missing_template_rows", "warning", "Thiếu dòng biểu mẫu",
      "Phụ lục thiếu hẳn những dòng của biểu mẫu (không phải để trống): tệp bị cắt hoặc mẫu cũ")
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
    return Finding("missing_template_rows", placed, {
        "count": len(rows), "rows": [[r["code"], int(r["item"])] for r in rows],
        "after": [before["code"], int(before["item"])] if before else None,
        "after_last_row": ends},
        (("observations", placed["seq"], "row"),) if placed is not None else ())
