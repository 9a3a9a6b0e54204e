"""Charts in the report model: the data of each chart (labels, values, unit), the SVG drawn from
that data (:mod:`charts`) and the SHA-256 of its bytes, so that ``cchc verify`` can compare
figures by digest. Drawing is the slow part of a report, so each SVG is kept in the on-disk cache
(:mod:`~cchc_analysis.report.byte_cache`) under the digest of its data, matplotlib's version and the code that draws it."""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path

import matplotlib
import pandas as pd

from cchc_analysis.report import byte_cache
from cchc_analysis.report.content import charts, formats


def telling(values: list[float | None], zeros: bool = False) -> bool:
    """Whether a chart of these values says more than their table: at least two bars that are
    not zero (a lone 100 % or "2, 0, 0" is read at a glance in the table), or, for a line over
    periods (``zeros``), at least two known points."""
    known = [v for v in values if v is not None and v == v]
    return len(known) >= 2 if zeros else sum(v != 0 for v in known) >= 2


def figure(
    figure_id: str,
    kind: str,
    title: str,
    caption: str,
    labels: list[str],
    values: list[float],
    unit: str | None = None,
    decimals: int | list[int | None] | None = None,
) -> dict:
    """A chart of the model: its data, and the SHA-256 of the SVG drawn from it. ``decimals``:
    of every value (a derived rate's one), or of each (an appendix figure's as written)."""
    chart = {
        "id": figure_id,
        "kind": kind,
        "title": title,
        "caption": caption,
        "labels": [str(label) for label in labels],
        "values": [float(v) for v in values],
        "unit": unit,
        "decimals": decimals,
    }
    chart["svg_sha256"] = hashlib.sha256(svg(chart)).hexdigest()
    return chart


def svg(chart: dict) -> bytes:
    """The SVG bytes of a chart of the model (the same data always gives the same bytes)."""
    data = json.dumps(
        {k: v for k, v in chart.items() if k not in ("svg_sha256", "id", "caption")}, sort_keys=True
    )
    return byte_cache.cached("charts", byte_cache.key(data, _drawing_code()), lambda: _draw(data))


@cache
def _drawing_code() -> list:
    """What shapes a chart's bytes besides its data: matplotlib and the modules that draw."""
    return [matplotlib.__version__, *(Path(m.__file__).read_bytes().hex() for m in (charts, formats))]


@lru_cache(maxsize=64)
def _draw(data: str) -> bytes:
    """Draw a chart from its data as JSON (cached: the model and the page ask for the same)."""
    chart = json.loads(data)
    if chart["kind"] == "percent_bars":
        fig = charts.percent_bars(
            chart["labels"], chart["values"], chart["title"], decimals=chart["decimals"]
        )
    elif chart["kind"] == "count_bars":
        fig = charts.count_bars(
            chart["labels"], chart["values"], chart["unit"], chart["title"], decimals=chart["decimals"]
        )
    elif chart["kind"] == "trend":
        fig = charts.trend(chart["labels"], chart["values"], chart["unit"], chart["title"])
    else:
        raise ValueError(f"unknown chart kind {chart['kind']!r}")
    return charts.to_svg(fig)


def written(rows: pd.DataFrame) -> list[int | None]:
    """The decimals each appendix row's figure was written with (None where not stored)."""
    return [None if pd.isna(d) else int(d) for d in rows["decimals"]]


def rates(frame: pd.DataFrame, figure_id: str, title: str, caption: str, label: str) -> dict | None:
    """Bars of the appendix rows in ``%`` that have a value, named by column ``label``, each
    written as it was in the appendix; None when they would not tell more than the table."""
    picked = frame[(frame["unit"] == "%").fillna(False) & frame["value"].notna()]
    if not telling(list(picked["value"])):
        return None
    return figure(
        figure_id,
        "percent_bars",
        title,
        caption,
        list(picked[label]),
        list(picked["value"]),
        "%",
        written(picked),
    )


def counts(obs: pd.DataFrame, figure_id: str) -> dict | None:
    """Bars of the largest group of sub-rows sharing one count unit and not all zero (None when
    no code has two such sub-rows): the parent row's label is the title."""
    best = None
    for code, group in obs.groupby("code", sort=False):
        subs = group[(group["item"] > 0) & group["value"].notna()]
        units = set(subs["unit"].dropna())
        if len(subs) < 2 or len(units) != 1 or subs["codes"].notna().any():
            continue
        unit = units.pop()
        if unit == "%" or not telling(list(subs["value"])):
            continue
        score = (len(subs), float(subs["value"].sum()))
        if best is None or score > best[0]:
            parent = group[group["item"] == 0]
            best = (score, code, str(parent["label"].iloc[0]) if len(parent) else str(code), subs, unit)
    if best is None:
        return None
    _, code, title, subs, unit = best
    title = f"{code}. " + re.sub(r"[.:;,\s]*(Trong đó)?[.:;,\s]*$", "", title, flags=re.I)
    return figure(
        figure_id,
        "count_bars",
        title,
        f"{title} (số liệu phụ lục)",
        list(subs["label"]),
        list(subs["value"]),
        unit,
        written(subs),
    )


def trend(series: pd.DataFrame, agency: str, indicator_id: str) -> dict:
    """A line of one indicator over periods (from :func:`slices.indicator_series`); gaps stay gaps."""
    name = next((n for n in series["name"] if isinstance(n, str)), indicator_id)
    unit = next((u for u in series["unit"] if isinstance(u, str)), None)
    values = [float("nan") if pd.isna(v) else float(v) for v in series["value"]]
    return figure(
        f"fig-trend-{indicator_id}",
        "trend",
        f"{name} — {agency}",
        f"{name} qua các kỳ",
        list(series["label"]),
        values,
        unit,
    )
