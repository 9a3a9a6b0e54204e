"""The store's tables for analysts in a notebook: one call per table, each taking an optional
``data_dir``. Observations come with their catalogue match; findings with their message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_analysis.errors import InputError
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
#: Where agencies whose report names no province are listed (:func:`indicator_across`).
NO_PROVINCE = "chưa rõ tỉnh"


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
    """One derived indicator across agencies and periods: rows (province, agency) — every
    province unless ``province`` names one, each with its own figure from its summed counts as the
    row :data:`PROVINCE_ROW` after its agencies — and periods as columns, in time order; NA where
    there is no figure. Agencies whose province is unknown come under :data:`NO_PROVINCE` (no
    province figure: they are not summed as one)."""
    from cchc_analysis.parse.periods import parse_period

    store = open_store(data_dir)
    indicators = store.table("indicators")
    known = sorted(set(indicators["indicator_id"].dropna()))
    if indicator_id not in known:
        raise InputError(
            f"no indicator '{indicator_id}' in {store.data_dir}; it has: {', '.join(known) or 'none'}"
        )
    provinces = sorted(set(indicators["province"].fillna(NO_PROVINCE)))
    if province is not None and province not in provinces:
        raise InputError(f"no province '{province}' in {store.data_dir}; it has: {', '.join(provinces)}")
    parts = []
    for name in ("indicators", "rollup"):
        frame = store.table(name)
        frame = frame[(frame["indicator_id"] == indicator_id).fillna(False).astype(bool)]
        frame = frame.assign(province=frame["province"].fillna(NO_PROVINCE))
        if province is not None:
            frame = frame[frame["province"] == province]
        if name == "rollup":
            frame = frame[frame["province"] != NO_PROVINCE].assign(agency=PROVINCE_ROW)
        parts.append(frame[["province", "agency", "period", "value"]])
    rows = pd.concat(parts, ignore_index=True)
    table = rows.pivot_table(
        index=["province", "agency"], columns="period", values="value", aggfunc="first", dropna=False
    )
    periods = sorted(table.columns, key=lambda p: parse_period(p).sort_key)
    order = sorted(table.index, key=lambda key: (key[0], key[1] == PROVINCE_ROW, key[1]))
    return table.loc[order, periods].astype("Float64").rename_axis(columns=None)
