"""Comparisons: each indicator against the previous period of its kind and the same period a
year earlier (where the store has them), and agencies side by side for one period."""

from __future__ import annotations

import pandas as pd

from cchc_analysis.parse.periods import parse_period


def _known(value: object) -> object:
    """A value, or None for NA (an unknown province is one key, not many)."""
    return None if pd.isna(value) else value


def compare(indicators: pd.DataFrame) -> list[dict]:
    """One record per (province, agency) × period × indicator; a baseline the store lacks is said
    (``*_in_store`` false), never invented."""
    values = {
        (_known(r.province), r.agency, r.period, r.indicator_id): r.value
        for r in indicators.itertuples(index=False)
    }
    records = []
    for r in indicators.itertuples(index=False):
        period = parse_period(r.period)
        province = _known(r.province)
        row = {
            "province": province,
            "agency": r.agency,
            "period": r.period,
            "indicator_id": r.indicator_id,
            "name": r.name,
            "unit": r.unit,
            "value": r.value,
        }
        for prefix, change, base in (
            ("previous", "change", period.previous()),
            ("year_before", "change_year_before", period.year_before()),
        ):
            key = (province, r.agency, str(base), r.indicator_id)
            base_value = values.get(key)
            row[f"{prefix}_period"] = str(base)
            row[f"{prefix}_in_store"] = key in values
            row[f"{prefix}_value"] = base_value
            known = key in values and not pd.isna(base_value) and not pd.isna(r.value)
            row[change] = float(r.value) - float(base_value) if known else None
        records.append(row)
    return records


def side_by_side(indicators: pd.DataFrame, period: str) -> pd.DataFrame:
    """Agencies (rows) × indicators (columns) for one period; NA where an agency lacks a value."""
    subset = indicators[indicators.period == period]
    return subset.pivot_table(
        index="agency", columns="name", values="value", aggfunc="first", dropna=False, sort=True
    )
