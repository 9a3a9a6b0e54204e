"""The store's tables for analysts in a notebook: one call per table, each taking an optional
``data_dir`` (relative: looked for from the working folder upwards, :func:`find_store`) and,
as keywords, the report(s) wanted: ``load_findings(agency="Ban Dân tộc", period="2023-H1")``.

Every table comes back in one order — province, agency, period in time order
(:func:`period_sort_key`), code in the template's order (:func:`code_sort_key`, "1.2" before
"1.10"), sub-row — and every table with a machine ``locator`` ("page 12 row 7") also has it in
Vietnamese as ``locator_vi`` ("trang 12, hàng 7"), for display."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cchc_analysis import API
from cchc_analysis.errors import InputError
from cchc_analysis.parse.periods import period_label, period_sort_key  # noqa: F401  (the API's)
from cchc_analysis.report.content import formats
from cchc_analysis.report.content.formats import indicator as format_indicator  # noqa: F401  (the API's)
from cchc_analysis.store import load_manifest, load_table, open_store, resolve_data_dir  # noqa: F401

#: What the package offers analysts (``cchc_analysis.__all__``): said once, in the package, which
#: imports this module only on first use.
__all__ = list(API)

#: The row of a province's own figure beside its agencies (:func:`indicator_across`).
PROVINCE_ROW = "Toàn tỉnh"
#: Where agencies whose report names no province are listed (:func:`indicator_across`).
NO_PROVINCE = "chưa rõ tỉnh"
#: The columns tables are ordered by, those a table has, in this order.
ORDER = ("province", "agency", "period", "code", "item", "seq", "indicator_id")


def find_store(data_dir: str | Path | None = None) -> Path:
    """The store's folder: ``data_dir`` as given when absolute, else (``data/processed`` by
    default) the first folder of that name from the working folder upwards — so that a notebook
    finds the project's store from any folder inside the project, or a copy of it."""
    return Path(os.path.normpath(resolve_data_dir(data_dir)))


def code_sort_key(code: object) -> tuple:
    """Appendix codes in the template's order: number by number ("1.2" < "1.10" < "2"), a
    code that is not numbers after them by name, a missing code last."""
    if formats.is_na(code):
        return (2,)
    parts = str(code).split(".")
    if all(re.fullmatch(r"\d+", part) for part in parts):
        return (0, *map(int, parts))
    return (1, str(code))


#: How the values of an ordering column compare (the others: as they are).
_KEYS: dict[str, Callable[[object], tuple]] = {"period": period_sort_key, "code": code_sort_key}


def _rank(column: pd.Series) -> pd.Series:
    """Each value's place in its column's order, missing values last."""
    values = column.astype(object).where(column.notna(), None)
    known = sorted({v for v in values if v is not None}, key=_KEYS.get(str(column.name)))
    return values.map({v: n for n, v in enumerate(known)}).fillna(len(known))


def in_order(frame: pd.DataFrame, **one: str | None) -> pd.DataFrame:
    """The table's rows of one report or more — ``province``, ``agency``, ``period`` as named in
    ``one`` (None or left out: every one) — in the one order (:data:`ORDER`), renumbered from 0;
    a ``locator`` column gets its Vietnamese wording beside it as ``locator_vi``."""
    for column, wanted in one.items():
        if column not in ("province", "agency", "period") or column not in frame.columns:
            raise TypeError(
                f"no filter {column!r} for this table; it has {', '.join(c for c in ORDER[:3] if c in frame.columns)}"
            )
        if wanted is not None:
            frame = frame[(frame[column] == wanted).fillna(False).astype(bool)]
    by = [c for c in ORDER if c in frame.columns]
    if by:
        ranks = pd.DataFrame({c: _rank(frame[c]) for c in by}, index=frame.index)
        frame = frame.loc[ranks.sort_values(by, kind="stable").index].reset_index(drop=True)
    if "locator" in frame.columns:
        at = frame.columns.get_loc("locator") + 1
        frame.insert(at, "locator_vi", frame["locator"].map(formats.locator).astype("string"))
    return frame


def load_reports(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """The reports in the store, one row per file: ``province``, ``agency``, ``period``,
    ``source`` (the file's name), ``title`` and what else was read from it."""
    return in_order(load_table("sources", data_dir), **one)


def latest_report(data_dir: str | Path | None = None) -> tuple[str | None, str, str]:
    """``(province, agency, period)`` of the store's latest report (by period, then names)."""
    from cchc_analysis.report.content.slices import latest

    return latest(open_store(data_dir))


def load_observations(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """The tidy appendix observations, one row per appendix row: ``province``, ``agency``,
    ``period``, ``source``, ``seq``, ``code``, ``item`` (sub-row, 0 for the row itself),
    ``label``, ``unit``, ``value`` (``raw_value`` as written, ``numerator``/``denominator`` of a
    rate), ``locator``/``locator_vi``, and from the catalogue ``indicator_id``, ``domain`` and
    ``match`` (NA for a row it does not know)."""
    store = open_store(data_dir)
    matches = store.table("matches")[["source", "seq", "indicator_id", "domain", "match"]]
    return in_order(store.table("observations").merge(matches, on=["source", "seq"], how="left"), **one)


def load_narrative(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """The narrative sections of every report: ``heading``, ``level``, ``text``,
    ``locator``/``locator_vi``, per ``province``, ``agency``, ``period``."""
    return in_order(load_table("narrative", data_dir), **one)


def load_indicators(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """Derived indicators per agency × period: ``indicator_id``, ``name``, ``domain``,
    ``formula``, ``value`` (from ``numerator``/``denominator``), ``unit``; NA ``value`` with a
    ``reason`` when it cannot be computed (its inputs: ``load_table("indicator_inputs")``)."""
    return in_order(load_table("indicators", data_dir), **one)


def load_comparisons(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """Each indicator (``value``) against the previous period (``previous_period``,
    ``previous_value``, ``change``) and the same period a year earlier (``year_before_*``)."""
    return in_order(load_table("comparisons", data_dir), **one)


def load_findings(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """The consistency findings: ``severity`` (error, warning, note), ``rule``, ``code``,
    ``indicator_id``, the Vietnamese ``message`` and ``evidence``, and where the row or sentence
    it points at stands, ``locator``/``locator_vi`` ("dòng 186")."""
    from cchc_analysis.report.content.finding_words import findings_view

    store = open_store(data_dir)
    return in_order(
        findings_view(
            store.table("findings"),
            store.table("finding_inputs"),
            store.table("observations"),
            store.table("claims"),
        ),
        **one,
    )


def load_documents(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """Every document citation in the narratives (``document`` names the distinct document)."""
    return in_order(load_table("documents", data_dir), **one)


def load_claims(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """The figures the narratives state (``value``, ``percent``, ``noun``, ``sentence``,
    ``locator``/``locator_vi``), linked by ``indicator_id`` where they count the same thing."""
    return in_order(load_table("claims", data_dir), **one)


def load_rollup(data_dir: str | Path | None = None, **one: str | None) -> pd.DataFrame:
    """Each province's roll-up per period: every template row (``level`` "template": ``code``,
    ``item``, ``label``, ``unit``, ``value``) and derived indicator ("indicator":
    ``indicator_id``) summed over the agencies that filed the period itself, with how many gave it
    (``reported``) of how many must (``agencies``); its inputs by key are
    ``load_table("rollup_inputs")``."""
    return in_order(load_table("rollup", data_dir), **one)


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
