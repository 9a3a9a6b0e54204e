"""Rules on who reported and for which period, from how ingest read them (``ctx.source_row``, the
report's ``sources`` record): statements of the period that disagree, a reporting window that fits
no period, an agency the roster does not list. Warnings: the report is kept under the period
chosen by precedence and the name as written, and people are told which statements say otherwise
(parse/period_evidence.py decided which disagree) or which roster lines come closest."""
from __future__ import annotations

import json
from collections.abc import Iterator

from cchc_analysis.derive.checks.context import Context, Finding, rule


def _statements(ctx: Context) -> list[dict]:
    stored = ctx.source_row.get("period_statements")
    return json.loads(stored) if isinstance(stored, str) else []


@rule("period_conflict", "warning", "Kỳ báo cáo không thống nhất",
      "Tiêu đề, tiêu đề phụ lục, thời gian báo cáo hoặc phần mở đầu ghi các kỳ báo cáo khác nhau: "
      "báo cáo được xếp vào kỳ theo thứ tự ưu tiên, cần kiểm tra lại")
def period_conflict(ctx: Context) -> Iterator[Finding]:
    statements = _statements(ctx)
    others = [s for s in statements if s["agrees"] is False]
    chosen = next((s for s in statements if s["chosen"]), None)
    if others and chosen is not None:
        yield Finding("period_conflict", None, {"period": ctx.period, "chosen": chosen,
                                                "others": others})


@rule("period_window_unmatched", "warning", "Thời gian báo cáo không khớp kỳ nào",
      "Khoảng thời gian “từ … đến …” của báo cáo không trùng kỳ báo cáo nào, theo lịch hay theo "
      "thời gian chốt số liệu của Nghị định 09/2019/NĐ-CP: không dùng để xác định kỳ")
def period_window_unmatched(ctx: Context) -> Iterator[Finding]:
    for statement in _statements(ctx):
        if statement["period"] is None:
            yield Finding("period_window_unmatched", None, {"period": ctx.period,
                                                            "window": statement})
@rule("agency_not_in_roster", "warning", "Cơ quan không có trong danh sách",
      "Tên cơ quan của báo cáo không khớp đúng một dòng của danh sách cơ quan phải báo cáo "
      "(agencies.csv): nêu các dòng gần nhất")
def agency_not_in_roster(ctx: Context) -> Iterator[Finding]:
    match = ctx.source_row.get("roster_match")
    if isinstance(match, str) and match == "none":  # NA without a roster: nothing to say
        closest = ctx.source_row.get("roster_closest")
        yield Finding("agency_not_in_roster", None, {
            "agency": ctx.agency, "province": ctx.province,
            "closest": json.loads(closest) if isinstance(closest, str) else []})
