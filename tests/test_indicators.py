"""Derived indicators against a hand-written case table, edge cases included."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cchc_analysis.derive.indicators import BY_ID, INDICATORS, compute
from cchc_analysis.store import schemas


def fig(value, numerator=None, denominator=None, seq=1):
    return {"value": value, "numerator": numerator, "denominator": denominator, "seq": seq}


# indicator, figures, expected value (None = NA), reason token, the catalogue row behind it
CASES = [
    ("plan_completion_rate", {"plan_tasks_done": fig(20), "plan_tasks_total": fig(30)}, 200 / 3, None, None),
    ("plan_completion_rate", {"plan_tasks_done": fig(0), "plan_tasks_total": fig(30)}, 0.0, None, None),
    (
        "plan_completion_rate",
        {"plan_tasks_done": fig(5), "plan_tasks_total": fig(0)},
        None,
        "zero_denominator",
        None,
    ),
    (
        "plan_completion_rate",
        {"plan_tasks_done": fig(None, seq=7), "plan_tasks_total": fig(30)},
        None,
        "blank_input",
        "plan_tasks_done",
    ),
    ("plan_completion_rate", {"plan_tasks_total": fig(30)}, None, "missing_row", "plan_tasks_done"),
    (
        "province_on_time_rate",
        {"province_tasks_on_time": fig(73), "province_tasks_assigned": fig(96)},
        73 / 96 * 100,
        None,
        None,
    ),
    (
        "province_overdue_share",
        {"province_tasks_late": fig(0), "province_tasks_assigned": fig(96)},
        0.0,
        None,
        None,
    ),
    (
        "province_overdue_share",
        {"province_tasks_late": fig(3), "province_tasks_assigned": fig(pd.NA)},
        None,
        "blank_input",
        "province_tasks_assigned",
    ),
    ("docs_electronic_share", {"docs_electronic_rate": fig(95.7, 681, 712)}, 681 / 712 * 100, None, None),
    # a stated rate without its counts is taken as stated, and said so
    ("docs_electronic_share", {"docs_electronic_rate": fig(95.7)}, 95.7, "rate_without_counts", None),
    (
        "docs_electronic_share",
        {"docs_electronic_rate": fig(None)},
        None,
        "blank_input",
        "docs_electronic_rate",
    ),
    (
        "online_dossier_share",
        {"dossiers_online_l3": fig(2), "dossiers_online_l4": fig(3), "dossiers_total": fig(10)},
        50.0,
        None,
        None,
    ),
    # a blank part makes the sum unknown: NA with the reason, never a sum that treats it as 0
    (
        "online_dossier_share",
        {"dossiers_online_l3": fig(2), "dossiers_online_l4": fig(None), "dossiers_total": fig(10)},
        None,
        "blank_input",
        "dossiers_online_l4",
    ),
    ("tthc_published_share", {"tthc_published_portal": fig(2), "tthc_total": fig(2)}, 100.0, None, None),
    ("staff_reduction_rate", {"staff_reduced": fig(1), "staff_quota": fig(16)}, 6.25, None, None),
    (
        "inspection_followup_rate",
        {"inspection_issues_resolved": fig(3), "inspection_issues_found": fig(4)},
        75.0,
        None,
        None,
    ),
    (
        "inspection_followup_rate",
        {"inspection_issues_resolved": fig(0), "inspection_issues_found": fig(0)},
        None,
        "zero_denominator",
        None,
    ),
]


@pytest.mark.parametrize("indicator,figures,expected,reason,behind", CASES)
def test_case_table(indicator, figures, expected, reason, behind):
    result = BY_ID[indicator].compute(figures)
    if expected is None:
        assert result.value is None
    else:
        assert math.isclose(result.value, expected)
    assert result.reason == reason
    assert result.reason_indicator == behind
    assert result.unit == "%"


def test_an_unreadable_input_is_not_called_blank():
    figures = {
        "plan_tasks_done": {**fig(None, seq=7), "flags": "unreadable"},
        "plan_tasks_total": fig(30, seq=6),
    }
    result = BY_ID["plan_completion_rate"].compute(figures)
    assert (result.value, result.reason, result.reason_seq) == (None, "unreadable_input", 7)


def test_a_blank_input_names_its_observation():
    result = BY_ID["plan_completion_rate"].compute(
        {"plan_tasks_done": fig(None, seq=7), "plan_tasks_total": fig(30, seq=6)}
    )
    assert result.reason_seq == 7


def test_each_indicator_has_a_formula_and_a_case():
    covered = {case[0] for case in CASES}
    for indicator in INDICATORS:
        assert "/" in indicator.formula
        assert "× 100" in indicator.formula
        assert indicator.id in covered


def test_inputs_point_at_the_observations_by_key():
    result = BY_ID["staff_reduction_rate"].compute(
        {"staff_reduced": fig(1, seq=114), "staff_quota": fig(16, seq=110)}
    )
    assert result.inputs == (("numerator", 114), ("denominator", 110))


def test_compute_on_matched_observations():
    identity = {"agency": "A", "period": "2023-H1", "source": "a.txt", "locator": "line 1"}
    observations = schemas.frame(
        "observations",
        [
            {**identity, "seq": 1, "code": "1.1", "item": 1, "value": 30.0},
            {**identity, "seq": 2, "code": "1.1", "item": 2, "value": 20.0},
        ],
    )
    matches = schemas.frame(
        "matches",
        [
            {**identity, "seq": 1, "indicator_id": "plan_tasks_total"},
            {**identity, "seq": 2, "indicator_id": "plan_tasks_done"},
        ],
    )
    values, inputs = compute(observations, matches)
    table = schemas.validate("indicators", schemas.frame("indicators", values)).set_index("indicator_id")
    assert len(table) == len(INDICATORS)
    assert table.at["plan_completion_rate", "value"] == pytest.approx(66.6667, rel=1e-4)
    assert pd.isna(table.at["staff_reduction_rate", "value"])
    assert table.at["staff_reduction_rate", "reason"] == "missing_row"
    assert table.at["staff_reduction_rate", "reason_indicator"] == "staff_reduced"
    used = schemas.validate("indicator_inputs", schemas.frame("indicator_inputs", inputs))
    mine = used[used.indicator_id == "plan_completion_rate"]
    assert sorted(zip(mine.role, mine.seq)) == [("denominator", 1), ("numerator", 2)]
