"""The store's tables for analysts in a notebook: one call per table, each taking an optional
``data_dir``. Observations come with their catalogue match; findings with their message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_analysis.store import load_manifest, load_table, open_store

__all__ = [
    "indicator_across",
    "load_claims",
    "load_comparisons",
    "load_documents",
    "load_findings",
    "load_indicators",
    "load_manifest",
    "load_narrative",
    "load_observations",
    "load_rollup",
    "load_table",
]

#: The row of a province's own figure beside its agencies (:func:`indicator_across`).
PROVINCE_ROW = "Toàn tỉnh"


def load_observations(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy appendix observations, one row per appendix row, with ``indicator_id``,
    ``domain`` and ``match`` from the catalogue (NA for a row it does not know)."""
    store = open_store(data_dir)
    matches = store.table("matches")[["source", "seq", "indicator_id", "domain", "match"]]
    return store.table("observations").merge(matches, on=["source", "seq"], how="left")


def load_narrative(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The narrative sections of every report (heading, level, text, locator)."""
    return load_table("narrative", data_dir)


def load_indicators(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Derived indicators per agency × period (their inputs: ``load_table("indicator_inputs")``)."""
    return load_table("indicators", data_dir)


def load_comparisons(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Each indicator against the previous period and the same period a year earlier."""
    return load_table("comparisons", data_dir)


def load_findings(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The consistency findings, with their Vietnamese ``message``, ``evidence`` and ``locator``."""
    from cchc_analysis.report.content.finding_words import findings_view

    store = open_store(data_dir)
    return findings_view(
        store.table("findings"),
        store.table("finding_inputs"),
        store.table("observations"),
        store.table("claims"),
    )


def load_documents(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every document citation in the narratives (``document`` names the distinct document)."""
    return load_table("documents", data_dir)


def load_claims(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The figures the narratives state, linked to indicators where they count the same thing."""
    return load_table("claims", data_dir)


def load_rollup(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Each province's roll-up per period: every template row (``level`` "template") and derived
    indicator ("indicator") summed over the agencies that filed the period itself, with how many
    gave it (``reported``) of how many must (``agencies``); its inputs by key are
    ``load_table("rollup_inputs")``."""
    return load_table("rollup", data_dir)


def indicator_across(
    indicator_id: str, data_dir: str | Path | None = None, province: str | None = None
) -> pd.DataFrame:
    """One derived indicator of one province: agencies (rows) × periods (columns, in time order),
    and the province's own figure from its summed counts as the last row; NA where none."""
    from cchc_analysis.parse.periods import parse_period

    store = open_store(data_dir)
    mine = {"indicators": store.table("indicators"), "rollup": store.table("rollup")}
    for name, frame in mine.items():
        keep = frame["province"].isna() if province is None else frame["province"] == province
        mine[name] = frame[keep.fillna(False).astype(bool) & (frame["indicator_id"] == indicator_id)]
    agencies = mine["indicators"].pivot_table(
        index="agency", columns="period", values="value", aggfunc="first", dropna=False
    )
    whole = mine["rollup"].set_index("period")["value"].rename(PROVINCE_ROW).to_frame().T
    table = pd.concat([agencies, whole])
    periods = sorted(table.columns, key=lambda p: parse_period(p).sort_key)
    return table[periods].astype("Float64")
