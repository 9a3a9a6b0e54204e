"""Rules on who a report says it is: an agency the roster does not list.

Ingest matches each report's agency to the roster (parse/names.py) and records the evidence in
``sources`` (``roster_match``, ``roster_closest``); a name no single roster line fits is kept as
written — never silently a new agency, never an error — and said here, with the closest lines.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from cchc_analysis.derive.checks.context import Context, Finding, rule


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
