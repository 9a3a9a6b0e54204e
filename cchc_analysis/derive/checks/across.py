"""A rule across an agency's periods: a cumulative period's figure below the figure of a period
inside it (nine months below the third quarter, the year below the first half, a half-year below
one of its quarters) on a row whose count only grows over time — a flow, declared in
``catalog/flows.csv``; stocks at the report's date (staff present, procedures in force) and
rates are never compared. The finding stands on the cumulative report's row; the other
period's observation is among its inputs, by its own source and key. Two reports are one
agency's only as far as their identity says: where the province is unknown, one name may be two
provinces' agencies, so the finding is a warning, not an error."""

from __future__ import annotations

import json
from typing import NamedTuple

from cchc_analysis.derive.checks.context import (
    RULES,
    RuleInfo,
    declare,
    place,
    plain,
    value,
    where,
    with_issues,
)
from cchc_analysis.parse.periods import parse_period, period_label

RULE = "cumulative_below_part"
declare(
    RULE,
    RuleInfo(
        "error",
        "Lũy kế nhỏ hơn kỳ con",
        "a cumulative period's figure below the same row's in a period inside it (nine months below "
        "the third quarter, the year below the first half), on rows that only grow over a period "
        "(`flows.csv`); a warning where the province is unknown (one name may be two provinces' "
        "agencies)",
        lambda d, f: (
            f"{place(d)}: {period_label(d['period'])} ghi {f.number(d['value'])} nhưng "
            f"{period_label(d['part_period'])}, nằm trong kỳ này, đã ghi {f.number(d['part_value'])} "
            "(chỉ tiêu cộng dồn: kỳ lũy kế không thể nhỏ hơn)"
        ),
        {
            "code": "3.4",
            "item": 0,
            "period": "2023-9M",
            "value": 90.0,
            "part_period": "2023-Q3",
            "part_value": 100.0,
            "part_source": "q3.docx",
        },
        None,
        lowered="warning",
        question=lambda d, f: (
            f"Đề nghị cơ quan kiểm tra lại mục {d['code']}: {period_label(d['period'])} ghi "
            f"{f.number(d['value'])}, ít hơn {f.number(d['part_value'])} đã ghi ở "
            f"{period_label(d['part_period'])}. Số liệu kỳ nào cần điều chỉnh?"
        ),
    ),
)


def flow_figures(matched: list[dict], flows: frozenset[str]) -> list[dict]:
    """A report's figures on rows that accumulate (``flows``: the catalogue's; id, seq, value,
    code, item), for the rule."""
    return [
        {"indicator_id": r["indicator_id"], "seq": int(r["seq"]), "value": value(r), **where(r)}
        for r in matched
        if r.get("indicator_id") in flows and value(r) is not None
    ]


class Filed(NamedTuple):
    """One report's identity and its flow figures."""

    province: str | None
    agency: str
    period: str
    source: str
    figures: list[dict]


def below_parts(reports: list[Filed]) -> dict[tuple, list[tuple[dict, list[dict]]]]:
    """(province, agency, period) of a cumulative report → its findings (record without its
    number, and its inputs), in the order of the parts' periods and the rows."""
    by_agency: dict[tuple, list[Filed]] = {}
    for report in reports:
        by_agency.setdefault((report.province, report.agency), []).append(report)
    found: dict[tuple, list[tuple[dict, list[dict]]]] = {}
    for filed in by_agency.values():
        filed.sort(key=lambda r: parse_period(r.period).sort_key)
        for whole in filed:
            span = parse_period(whole.period)
            for part in filed:
                if part.period != whole.period and span.covers(parse_period(part.period)):
                    found.setdefault((whole.province, whole.agency, whole.period), []).extend(
                        _compare(whole, part)
                    )
    return found


def _compare(whole: Filed, part: Filed) -> list[tuple[dict, list[dict]]]:
    """The rows of ``whole`` whose figure is below the same row's figure in ``part``."""
    mine = {f["indicator_id"]: f for f in part.figures}
    out = []
    for figure in whole.figures:
        other = mine.get(figure["indicator_id"])
        if other is None or figure["value"] >= other["value"]:
            continue
        identity = {"province": whole.province, "agency": whole.agency, "period": whole.period}
        details = {
            "code": figure["code"],
            "item": figure["item"],
            "period": whole.period,
            "value": figure["value"],
            "part_period": part.period,
            "part_value": other["value"],
            "part_source": part.source,
        }
        out.append(
            (
                {
                    **identity,
                    "source": whole.source,
                    "severity": RULES[RULE].severity if whole.province else "warning",
                    "rule": RULE,
                    "code": figure["code"],
                    "indicator_id": figure["indicator_id"],
                    "seq": figure["seq"],
                    "claim": None,
                    "details": json.dumps(plain(details), ensure_ascii=False, sort_keys=True),
                },
                [
                    {
                        **identity,
                        "table": "observations",
                        "source": whole.source,
                        "seq": figure["seq"],
                        "role": "total",
                    },
                    {
                        **identity,
                        "table": "observations",
                        "source": part.source,
                        "seq": other["seq"],
                        "role": "part",
                    },
                ],
            )
        )
    return out


def numbered(derived: dict[str, list[dict]], extra: list[tuple[dict, list[dict]]]) -> dict:
    """A report's tables with the findings across periods added after its own, numbered on, and
    the report's contradictions numbered again over them all (``issue``)."""
    findings, inputs = list(derived["findings"]), list(derived["finding_inputs"])
    for record, used in extra:
        number = len(findings) + 1
        findings.append({**record, "finding": number})
        inputs += [{**i, "finding": number} for i in used]
    return {**derived, "findings": with_issues(findings) if extra else findings, "finding_inputs": inputs}
