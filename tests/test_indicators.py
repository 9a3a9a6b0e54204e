"""Derived indicators against a hand-written case table, edge cases included."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from cchc_analysis.derive.indicators import BY_ID, INDICATORS, compute


def fig(value, numerator=None, denominator=None, code="x", item=0, locator="line 1"):
    return {"value": value, "numerator": numerator, "denominator": denominator,
            "code": code, "item": item, "locator": locator, "label": "Chỉ tiêu"}


# indicator, figures, expected value (None = NA), reason contains
CASES = [
    ("plan_completion_rate", {"plan_tasks_done": fig(20), "plan_tasks_total": fig(30)}, 200 / 3, ""),
    ("plan_completion_rate", {"plan_tasks_done": fig(0), "plan_tasks_total": fig(30)}, 0.0, ""),
    ("plan_completion_rate", {"plan_tasks_done": fig(5), "plan_tasks_total": fig(0)}, None, "mẫu số bằng 0"),
    ("plan_completion_rate", {"plan_tasks_done": fig(None), "plan_tasks_total": fig(30)}, None,
     "“Chỉ tiêu” để trống (x[0] dòng 1)"),
    ("plan_completion_rate", {"plan_tasks_total": fig(30)}, None, "báo cáo không có dòng plan_tasks_done"),
    ("province_on_time_rate", {"province_tasks_on_time": fig(73), "province_tasks_assigned": fig(96)},
     73 / 96 * 100, ""),
    ("province_overdue_share", {"province_tasks_late": fig(0), "province_tasks_assigned": fig(96)}, 0.0, ""),
    ("province_overdue_share", {"province_tasks_late": fig(3), "province_tasks_assigned": fig(pd.NA)},
     None, "để trống"),
    ("docs_electronic_share", {"docs_electronic_rate": fig(95.7, 681, 712)}, 681 / 712 * 100, ""),
    ("docs_electronic_share", {"docs_electronic_rate": fig(95.7)}, 95.7, "không kèm số văn bản"),
    ("docs_electronic_share", {"docs_electronic_rate": fig(None)}, None, "để trống"),
    ("online_dossier_share", {"dossiers_online_l3": fig(2), "dossiers_online_l4": fig(3),
                              "dossiers_total": fig(10)}, 50.0, ""),
    # a blank part makes the sum unknown: NA with the reason, never a sum that treats it as 0
    ("online_dossier_share", {"dossiers_online_l3": fig(2), "dossiers_online_l4": fig(None),
                              "dossiers_total": fig(10)}, None, "“Chỉ tiêu” để trống"),
    ("tthc_published_share", {"tthc_published_portal": fig(2), "tthc_total": fig(2)}, 100.0, ""),
    ("staff_reduction_rate", {"staff_reduced": fig(1), "staff_quota": fig(16)}, 6.25, ""),
    ("inspection_followup_rate", {"inspection_issues_resolved": fig(3), "inspection_issues_found": fig(4)},
     75.0, ""),
    ("inspection_followup_rate", {"inspection_issues_resolved": fig(0), "inspection_issues_found": fig(0)},
     None, "mẫu số bằng 0"),
]


@pytest.mark.parametrize("indicator,figures,expected,reason", CASES)
def test_case_table(indicator, figures, expected, reason):
    result = BY_ID[indicator].compute(figures)
    if expected is None:
        assert result.value is None
    else:
        assert math.isclose(result.value, expected)
    assert reason in result.reason
    if not reason:
        assert result.reason == ""
    assert result.unit == "%"


def test_each_indicator_has_a_formula_and_a_case():
    covered = {case[0] for case in CASES}
    for indicator in INDICATORS:
        assert "/" in indicator.formula and "×" in indicator.formula or "100" in indicator.formula
        assert indicator.id in covered


def test_inputs_point_at_the_observations():
    result = BY_ID["staff_reduction_rate"].compute(
        {"staff_reduced": fig(1, code="4.2", item=4, locator="line 286"),
         "staff_quota": fig(16, code="4.2", item=1, locator="line 280")})
    assert result.inputs == ("4.2[4] dòng 286", "4.2[1] dòng 280")


def test_compute_on_matched_observations():
    rows = pd.DataFrame([
        {"agency": "A", "period": "2023-H1", "source": "a.txt", "indicator_id": "plan_tasks_done",
         "value": 20.0, "numerator": None, "denominator": None, "code": "1.1", "item": 2, "locator": "line 182"},
        {"agency": "A", "period": "2023-H1", "source": "a.txt", "indicator_id": "plan_tasks_total",
         "value": 30.0, "numerator": None, "denominator": None, "code": "1.1", "item": 1, "locator": "line 181"},
    ])
    table = compute(rows).set_index("indicator_id")
    assert len(table) == len(INDICATORS)
    assert table.at["plan_completion_rate", "value"] == pytest.approx(66.6667, rel=1e-4)
    assert pd.isna(table.at["staff_reduction_rate", "value"])
    assert "báo cáo không có dòng staff_reduced" in table.at["staff_reduction_rate", "reason"]
