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


def _code_key(code: str) -> tuple[int, ...]:
    """"3.4.10" → (3, 4, 10): template codes in their numeric order."""
    return tuple(int(part) for part in re.findall(r"\d+", code))


@rule("missing_template_rows", "warning", "Thiếu dòng biểu mẫu",
      "Phụ lục thiếu hẳn những dòng của biểu mẫu (không phải để trống): tệp bị cắt hoặc mẫu cũ")
def missing_template_rows(ctx: Context) -> Iterator[Finding]:
    present = set(ctx.by_id)
    missing = [code for rid, code in zip(ctx.catalog.indicator_id, ctx.catalog.code)
               if rid not in present]
    if not missing:
        return
    last = ctx.rows[-1] if ctx.rows else None
    last_code = str(where(last)["code"] or "0")
    tail = last is not None and all(_code_key(code) > _code_key(last_code) for code in missing)
    yield Finding("missing_template_rows", last, {
        "count": len(missing), "codes": list(dict.fromkeys(missing)), "after_last_row": tail,
        "last_code": where(last)["code"]},
        (("observations", last["seq"], "row"),) if last is not None else ())
