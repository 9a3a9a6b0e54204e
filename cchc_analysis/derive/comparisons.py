"""Comparisons: each indicator against the previous period of its kind and the same period a
year earlier (where the store has them), and agencies side by side for one period."""
from __future__ import annotations

import pandas as pd

from cchc_analysis.parse.periods import parse_period

COLUMNS = ["agency", "period", "indicator_id", "name", "value", "previous_period", "previous_value",
           "change", "year_before_period", "year_before_value", "change_year_before", "note"]


def compare(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per agency × period × indicator; a missing baseline is said, never invented."""
    values = {
        (r.agency, r.period, r.indicator_id): r.value
        for r in indicators.itertuples(index=False)
    }
    records = []
    for r in indicators.itertuples(index=False):
        period = parse_period(r.period)
        row = {"agency": r.agency, "period": r.period, "indicator_id": r.indicator_id,
               "name": r.name, "value": r.value}
        notes = []
        for prefix, base in (("previous", period.previous()), ("year_before", period.year_before())):
            key = (r.agency, str(base), r.indicator_id)
            base_value = values.get(key)
            row[f"{prefix}_period"] = str(base)
            row[f"{prefix}_value"] = base_value
            change_column = "change" if prefix == "previous" else "change_year_before"
            if key not in values:
                notes.append(f"chưa có số liệu kỳ {base.label} trong dữ liệu")
                row[change_column] = None
            elif pd.isna(base_value) or pd.isna(r.value):
                row[change_column] = None
            else:
                row[change_column] = float(r.value) - float(base_value)
        row["note"] = "; ".join(dict.fromkeys(notes)).capitalize() or None
        records.append(row)
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    for column in ("value", "previous_value", "change", "year_before_value", "change_year_before"):
        frame[column] = frame[column].astype("Float64")
    for column in ("agency", "period", "indicator_id", "name", "previous_period",
                   "year_before_period", "note"):
        frame[column] = frame[column].astype("string")
    return frame


def side_by_side(indicators: pd.DataFrame, period: str) -> pd.DataFrame:
    """Agencies (rows) × indicators (columns) for one period; NA where an agency lacks a value."""
    subset = indicators[indicators.period == period]
    return subset.pivot_table(index="agency", columns="name", values="value", aggfunc="first",
                              dropna=False, sort=True)
