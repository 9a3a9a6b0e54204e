"""Derived indicators: one function each, its formula in the docstring's first line.

Each works on the figures of one agency × period (catalogue id → observation) and returns a
:class:`Result`: value, numerator, denominator, unit, the observations used, and — when the value
cannot be computed — the reason. A missing input or a zero denominator gives NA, never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

#: Figures of one report: catalogue indicator id → its observation (a row of observations).
Figures = Mapping[str, Mapping]


@dataclass(frozen=True)
class Result:
    """One indicator's value for one report, with the observations it was computed from.

    ``inputs`` are (role, observation seq) pairs; ``reason`` is a token of store/schemas.py
    REASONS when the value is NA, with the catalogue row (and its observation) behind it."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    unit: str = "%"
    reason: str | None = None
    reason_indicator: str | None = None
    reason_seq: int | None = None
    inputs: tuple[tuple[str, int], ...] = field(default_factory=tuple)


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


def _value(row: Mapping | None) -> float | None:
    """The value of an observation; None when blank or absent."""
    if row is None or pd.isna(row.get("value")):
        return None
    return float(row["value"])


def _why_no_value(row: Mapping) -> str:
    """Why an input row has no value: left blank, or written in a way that is no number."""
    flags = row.get("flags")
    return "unreadable_input" if isinstance(flags, str) and "unreadable" in flags.split() else "blank_input"


@dataclass
class _Sum:
    """A sum of catalogue rows: its total, the observations used and why it is NA (if it is)."""

    total: float | None = 0.0
    used: list[int] = field(default_factory=list)
    reason: tuple[str, str, int | None] | None = None


def _sum(figures: Figures, keys: tuple[str, ...]) -> _Sum:
    """Sum of several rows; any absent or blank part makes the sum unknown (NA), with the reason."""
    found = _Sum()
    for key in keys:
        row = figures.get(key)
        if row is None:
            return _Sum(None, found.used, ("missing_row", key, None))
        found.used.append(int(row["seq"]))
        value = _value(row)
        if value is None:
            return _Sum(None, found.used, (_why_no_value(row), key, int(row["seq"])))
        found.total += value
    return found


def ratio(figures: Figures, numerator: tuple[str, ...], denominator: tuple[str, ...]) -> Result:
    """100 × sum(numerator rows) / sum(denominator rows); NA with a reason when not computable."""
    num, den = _sum(figures, numerator), _sum(figures, denominator)
    inputs = tuple([("numerator", s) for s in num.used] + [("denominator", s) for s in den.used])
    why = num.reason or den.reason
    if why:
        return Result(
            None,
            num.total,
            den.total,
            reason=why[0],
            reason_indicator=why[1],
            reason_seq=why[2],
            inputs=inputs,
        )
    if den.total == 0:
        return Result(None, num.total, den.total, reason="zero_denominator", inputs=inputs)
    return Result(100 * num.total / den.total, num.total, den.total, inputs=inputs)


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
    if row is None:
        return Result(None, reason="missing_row", reason_indicator="docs_electronic_rate")
    seq = int(row["seq"])
    if not pd.isna(row.get("numerator")) and not pd.isna(row.get("denominator")):
        found = ratio(
            {"n": {**row, "value": row["numerator"]}, "d": {**row, "value": row["denominator"]}},
            ("n",),
            ("d",),
        )
        return Result(
            found.value,
            found.numerator,
            found.denominator,
            reason=found.reason,
            inputs=(("numerator", seq), ("denominator", seq)),
        )
    value = _value(row)
    if value is None:
        return Result(
            None,
            reason=_why_no_value(row),
            reason_indicator="docs_electronic_rate",
            reason_seq=seq,
            inputs=(("stated", seq),),
        )
    return Result(value, reason="rate_without_counts", inputs=(("stated", seq),))


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
    Indicator(
        "plan_completion_rate",
        "Tỷ lệ nhiệm vụ kế hoạch CCHC đã hoàn thành",
        "chi_dao_dieu_hanh",
        plan_completion_rate,
    ),
    Indicator(
        "province_on_time_rate",
        "Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành đúng hạn",
        "chi_dao_dieu_hanh",
        province_on_time_rate,
    ),
    Indicator(
        "province_overdue_share",
        "Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành quá hạn",
        "chi_dao_dieu_hanh",
        province_overdue_share,
    ),
    Indicator(
        "tthc_published_share",
        "Tỷ lệ TTHC đã công khai trên Cổng DVC quốc gia",
        "thu_tuc_hanh_chinh",
        tthc_published_share,
    ),
    Indicator(
        "online_dossier_share", "Tỷ lệ hồ sơ nộp trực tuyến", "thu_tuc_hanh_chinh", online_dossier_share
    ),
    Indicator(
        "staff_reduction_rate",
        "Tỷ lệ biên chế tinh giản trong kỳ (trên biên chế được giao)",
        "to_chuc_bo_may",
        staff_reduction_rate,
    ),
    Indicator(
        "inspection_followup_rate",
        "Tỷ lệ vấn đề phát hiện qua kiểm tra đã xử lý xong",
        "chi_dao_dieu_hanh",
        inspection_followup_rate,
    ),
    Indicator(
        "docs_electronic_share",
        "Tỷ lệ văn bản gửi hoàn toàn dưới dạng điện tử",
        "chinh_quyen_so",
        docs_electronic_share,
    ),
)
BY_ID = {i.id: i for i in INDICATORS}


def compute(
    observations: pd.DataFrame, matches: pd.DataFrame, identity: Mapping[str, str] | None = None
) -> tuple[list[dict], list[dict]]:
    """Every indicator of one report: (indicator records, input records keyed to observations).

    ``identity`` (province, agency, period, source) is read from the observations when not given; a report
    without observations (no statistics appendix) needs it and gets every indicator NA with its
    reason (``missing_row``)."""
    if identity is None:
        if observations.empty:
            return [], []
        first = observations.iloc[0]
        identity = {
            k: None if pd.isna(first.get(k)) else str(first[k])
            for k in ("province", "agency", "period", "source")
        }
    ids = dict(zip(matches["seq"], matches["indicator_id"]))
    figures = {
        ids[row["seq"]]: row for row in observations.to_dict("records") if not pd.isna(ids.get(row["seq"]))
    }
    return compute_figures(figures, identity)


def compute_figures(figures: Figures, identity: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """:func:`compute` from the report's observations by catalogue id."""
    values, inputs = [], []
    for indicator in INDICATORS:
        result = indicator.compute(figures)
        values.append(
            {
                **identity,
                "indicator_id": indicator.id,
                "name": indicator.name,
                "domain": indicator.domain,
                "formula": indicator.formula,
                "value": result.value,
                "numerator": result.numerator,
                "denominator": result.denominator,
                "unit": result.unit,
                "reason": result.reason,
                "reason_indicator": result.reason_indicator,
                "reason_seq": result.reason_seq,
            }
        )
        inputs += [
            {**identity, "indicator_id": indicator.id, "role": role, "seq": seq}
            for role, seq in dict.fromkeys(result.inputs)
        ]
    return values, inputs
