"""Derived indicators: one function each, its formula in the docstring's first line.

Each works on the figures of one agency × period (catalogue id → observation) and returns a
:class:`Result`: value, numerator, denominator, unit, the observations used, and — when the value
cannot be computed — the reason. A missing input or a zero denominator gives NA, never 0.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from cchc_analysis.report.formats import locator

#: Figures of one report: catalogue indicator id → its observation (a row of observations).
Figures = Mapping[str, Mapping]


@dataclass(frozen=True)
class Result:
    """One indicator's value for one report, with what it was computed from."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    unit: str = "%"
    reason: str = ""
    inputs: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Indicator:
    """A derived indicator: id, Vietnamese name, domain and its function."""

    id: str
    name: str
    domain: str
    compute: Callable[[Figures], Result]

    @property
    def formula(self) -> str:
        return (self.compute.__doc__ or "").strip().splitlines()[0]


def _figure(figures: Figures, key: str) -> tuple[float | None, str]:
    """The value of one catalogue row and where it stands ("1.5[2] dòng 194"); None when blank."""
    row = figures.get(key)
    if row is None:
        return None, ""
    value = row.get("value")
    where = f"{row.get('code')}[{row.get('item')}] {locator(row.get('locator'))}"
    if value is None or pd.isna(value):
        return None, where
    return float(value), where


def _missing(figures: Figures, key: str, where: str) -> str:
    """Why an input is missing, in the report's words: its label and its blank cell."""
    row = figures.get(key)
    if row is None:
        return f"báo cáo không có dòng {key}"
    return f"“{row.get('label')}” để trống ({where})"


def _sum(figures: Figures, keys: tuple[str, ...]) -> tuple[float | None, list[str], str]:
    """Sum of several rows; any blank part makes the sum unknown (NA), with the reason."""
    total, inputs = 0.0, []
    for key in keys:
        value, where = _figure(figures, key)
        if where:
            inputs.append(where)
        if value is None:
            return None, inputs, _missing(figures, key, where)
        total += value
    return total, inputs, ""


def ratio(figures: Figures, numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Result:
    """100 × sum(numerator rows) / sum(denominator rows); NA with a reason when not computable."""
    num, num_inputs, num_reason = _sum(figures, numerator)
    den, den_inputs, den_reason = _sum(figures, denominator)
    inputs = tuple(dict.fromkeys(num_inputs + den_inputs))  # a row used twice is listed once
    if num_reason or den_reason:
        return Result(None, num, den, reason="; ".join(filter(None, [num_reason, den_reason])), inputs=inputs)
    if den == 0:
        return Result(None, num, den, reason="mẫu số bằng 0", inputs=inputs)
    return Result(100 * num / den, num, den, inputs=inputs)


def plan_completion_rate(f: Figures) -> Result:
    """plan_tasks_done / plan_tasks_total × 100"""
    return ratio(f, ("plan_tasks_done",), ("plan_tasks_total",))


def province_on_time_rate(f: Figures) -> Result:
    """province_tasks_on_time / province_tasks_assigned × 100"""
    return ratio(f, ("province_tasks_on_time",), ("province_tasks_assigned",))


def province_overdue_share(f: Figures) -> Result:
    """province_tasks_late / province_tasks_assigned × 100"""
    return ratio(f, ("province_tasks_late",), ("province_tasks_assigned",))


def docs_electronic_share(f: Figures) -> Result:
    """electronic documents / outgoing documents × 100, from the counts written with the rate"""
    row = f.get("docs_electronic_rate")
    if row is not None and not pd.isna(row.get("numerator")) and not pd.isna(row.get("denominator")):
        counts = {
            "n": {**row, "value": row["numerator"]},
            "d": {**row, "value": row["denominator"]},
        }
        return ratio(counts, ("n",), ("d",))
    value, where = _figure(f, "docs_electronic_rate")
    if value is None:
        reason = _missing(f, "docs_electronic_rate", where)
        return Result(None, reason=reason, inputs=(where,) if where else ())
    return Result(value, reason="tỷ lệ do cơ quan ghi, không kèm số văn bản", inputs=(where,))


def online_dossier_share(f: Figures) -> Result:
    """(dossiers_online_l3 + dossiers_online_l4) / dossiers_total × 100"""
    return ratio(f, ("dossiers_online_l3", "dossiers_online_l4"), ("dossiers_total",))


def tthc_published_share(f: Figures) -> Result:
    """tthc_published_portal / tthc_total × 100"""
    return ratio(f, ("tthc_published_portal",), ("tthc_total",))


def staff_reduction_rate(f: Figures) -> Result:
    """staff_reduced / staff_quota × 100"""
    return ratio(f, ("staff_reduced",), ("staff_quota",))


def inspection_followup_rate(f: Figures) -> Result:
    """inspection_issues_resolved / inspection_issues_found × 100"""
    return ratio(f, ("inspection_issues_resolved",), ("inspection_issues_found",))


INDICATORS: tuple[Indicator, ...] = (
    Indicator("plan_completion_rate", "Tỷ lệ nhiệm vụ kế hoạch CCHC đã hoàn thành",
              "chi_dao_dieu_hanh", plan_completion_rate),
    Indicator("province_on_time_rate", "Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành đúng hạn",
              "chi_dao_dieu_hanh", province_on_time_rate),
    Indicator("province_overdue_share", "Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành quá hạn",
              "chi_dao_dieu_hanh", province_overdue_share),
    Indicator("tthc_published_share", "Tỷ lệ TTHC đã công khai trên Cổng DVC quốc gia",
              "thu_tuc_hanh_chinh", tthc_published_share),
    Indicator("online_dossier_share", "Tỷ lệ hồ sơ nộp trực tuyến",
              "thu_tuc_hanh_chinh", online_dossier_share),
    Indicator("staff_reduction_rate", "Tỷ lệ biên chế tinh giản trong kỳ (trên biên chế được giao)",
              "to_chuc_bo_may", staff_reduction_rate),
    Indicator("inspection_followup_rate", "Tỷ lệ vấn đề phát hiện qua kiểm tra đã xử lý xong",
              "chi_dao_dieu_hanh", inspection_followup_rate),
    Indicator("docs_electronic_share", "Tỷ lệ văn bản gửi hoàn toàn dưới dạng điện tử",
              "chinh_quyen_so", docs_electronic_share),
)
BY_ID = {i.id: i for i in INDICATORS}

COLUMNS = ["agency", "period", "indicator_id", "name", "domain", "value", "numerator",
           "denominator", "unit", "reason", "formula", "inputs", "source"]


def compute(observations: pd.DataFrame) -> pd.DataFrame:
    """Every indicator for every agency × period of matched observations (with indicator_id)."""
    records = []
    for (agency, period, source), group in observations.groupby(
        ["agency", "period", "source"], sort=True
    ):
        figures = {
            row["indicator_id"]: row
            for row in group.to_dict("records")
            if not pd.isna(row.get("indicator_id"))
        }
        for indicator in INDICATORS:
            result = indicator.compute(figures)
            records.append(
                {
                    "agency": agency, "period": period, "indicator_id": indicator.id,
                    "name": indicator.name, "domain": indicator.domain, "value": result.value,
                    "numerator": result.numerator, "denominator": result.denominator,
                    "unit": result.unit, "reason": result.reason or None,
                    "formula": indicator.formula, "inputs": "; ".join(result.inputs) or None,
                    "source": source,
                }
            )
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype("Float64")
    for column in set(COLUMNS) - {"value", "numerator", "denominator"}:
        frame[column] = frame[column].astype("string")
    return frame
