"""Rules on who reported and for which period, from how ingest read them (``ctx.source_row``, the
report's ``sources`` record): statements of the period that disagree, a reporting window that fits
no period, an agency the roster does not list. Warnings: the report is kept under the period
chosen by precedence and the name as written, and people are told which statements say otherwise
(parse/period_evidence.py decided which disagree) or which roster lines come closest."""

from __future__ import annotations

import json
from collections.abc import Iterator

from cchc_analysis.derive.checks.context import Context, Finding, Shown, rule
from cchc_analysis.parse.periods import period_label

#: Where a statement of the period stands (``sources.period_statements``), in words.
_PLACES = {
    "option": "tham số --period",
    "sidecar": "tệp .meta.toml",
    "title": "tiêu đề",
    "appendix_heading": "tiêu đề phụ lục",
    "window": "thời gian báo cáo",
    "text": "phần mở đầu",
}


def _statements(ctx: Context) -> list[dict]:
    stored = ctx.source_row.get("period_statements")
    return json.loads(stored) if isinstance(stored, str) else []


def _period_name(period: str) -> str:
    """ "2024" → "năm 2024", "2024-H1" → "6 tháng đầu năm 2024" (inside a sentence)."""
    label = period_label(period)
    return "n" + label[1:] if label.startswith("Năm") else label


def _stated(statement: dict, f: Shown) -> str:
    """“tiêu đề (dòng 5) ghi “sáu tháng đầu năm 2024” (6 tháng đầu năm 2024)”."""
    where = _PLACES[statement["where"]]
    if statement.get("locator"):
        where += f" ({f.locator(statement['locator'])})"
    said = f"{where} ghi “{statement['text']}”"
    period = statement.get("period")
    if period and _period_name(period).lower() != statement["text"].lower():
        said += f" ({_period_name(period)})"
    return said


def _conflict(d: dict, f: Shown) -> str:
    others = "; ".join(_stated(other, f) for other in d["others"])
    return (
        f"Kỳ báo cáo không thống nhất: {_stated(d['chosen'], f)}, nhưng {others}. Báo cáo "
        f"được xếp vào kỳ {_period_name(d['period'])} theo {_PLACES[d['chosen']['where']]}; "
        "nếu sai, ghi kỳ đúng bằng --period hoặc trong tệp .meta.toml bên cạnh tệp báo cáo"
    )


_TITLE = {
    "where": "title",
    "locator": "line 3",
    "text": "6 tháng đầu năm 2024",
    "period": "2024-H1",
    "rule": "phrase",
    "chosen": True,
    "agrees": True,
}


@rule(
    "period_conflict",
    "warning",
    "Kỳ báo cáo không thống nhất",
    "the report's statements of its period disagree (title, appendix heading, window, "
    "opening, `--period`, sidecar): both named, with the period chosen by precedence",
    _conflict,
    {
        "period": "2024-H1",
        "chosen": _TITLE,
        "others": [
            {
                **_TITLE,
                "where": "text",
                "locator": "line 9",
                "text": "quý I năm 2024",
                "period": "2024-Q1",
                "chosen": False,
                "agrees": False,
            }
        ],
    },
)
def period_conflict(ctx: Context) -> Iterator[Finding]:
    statements = _statements(ctx)
    others = [s for s in statements if s["agrees"] is False]
    chosen = next((s for s in statements if s["chosen"]), None)
    if others and chosen is not None:
        yield Finding("period_conflict", None, {"period": ctx.period, "chosen": chosen, "others": others})


@rule(
    "period_window_unmatched",
    "warning",
    "Thời gian báo cáo không khớp kỳ nào",
    'a reporting window "từ … đến …" that is no period of the calendar nor of Decree 09/2019/NĐ-CP',
    lambda d, f: (
        f"{_stated(d['window'], f)}: khoảng thời gian này không trùng kỳ báo cáo nào (theo lịch, "
        "hay theo thời gian chốt số liệu của Nghị định 09/2019/NĐ-CP, như quý I từ 15/12 năm "
        f"trước đến 14/3) nên không dùng để xác định kỳ; báo cáo được xếp vào kỳ "
        f"{_period_name(d['period'])}"
    ),
    {
        "period": "2024-H1",
        "window": {
            **_TITLE,
            "where": "window",
            "text": "từ 01/02 đến 30/05",
            "period": None,
            "chosen": False,
            "agrees": None,
        },
    },
)
def period_window_unmatched(ctx: Context) -> Iterator[Finding]:
    for statement in _statements(ctx):
        if statement["period"] is None:
            yield Finding("period_window_unmatched", None, {"period": ctx.period, "window": statement})


@rule(
    "agency_not_in_roster",
    "warning",
    "Cơ quan không có trong danh sách",
    "with a roster, a report whose agency matches no single roster line: kept under the name "
    "as written, the closest roster lines named",
    lambda d, f: (
        f"Cơ quan “{d['agency']}” không khớp đúng một dòng của danh sách cơ quan phải báo cáo "
        "(agencies.csv)"
        + (": gần nhất là " + "; ".join(f"“{n}”" for n in d["closest"]) if d["closest"] else "")
        + "; nếu đúng là cơ quan này, sửa tên trong danh sách hoặc ghi agency trong tệp "
        ".meta.toml"
    ),
    {"agency": "Sở Nội vụ", "province": "Gia Lai", "closest": ["Sở Nội Vụ tỉnh"]},
)
def agency_not_in_roster(ctx: Context) -> Iterator[Finding]:
    match = ctx.source_row.get("roster_match")
    if isinstance(match, str) and match == "none":  # NA without a roster: nothing to say
        closest = ctx.source_row.get("roster_closest")
        yield Finding(
            "agency_not_in_roster",
            None,
            {
                "agency": ctx.agency,
                "province": ctx.province,
                "closest": json.loads(closest) if isinstance(closest, str) else [],
            },
        )
