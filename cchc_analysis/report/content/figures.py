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

from cchc_analysis.parse.periods import parse_period
from cchc_analysis.report import byte_cache
from cchc_analysis.report.content import charts, formats, indicator_value
from cchc_analysis.report.content.formats import INDICATOR_DECIMALS


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
    **extra: object,
) -> dict:
    """A chart of the model: its data, and the SHA-256 of the SVG drawn from it. ``decimals``:
    of every value (a derived rate's one), or of each (an appendix figure's as written);
    ``extra``: what a kind needs besides (``marks`` of bars and points that carry ⚠, a trend's
    ``series``, a stacked bar's ``total`` and ``total_label``)."""
    chart = {
        "id": figure_id,
        "kind": kind,
        "title": title,
        "caption": caption,
        "labels": [str(label) for label in labels],
        "values": [float(v) for v in values],
        "unit": unit,
        "decimals": decimals,
        **extra,
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
            chart["labels"],
            chart["values"],
            chart["title"],
            decimals=chart["decimals"],
            marks=chart.get("marks"),
        )
    elif chart["kind"] == "count_bars":
        fig = charts.count_bars(
            chart["labels"], chart["values"], chart["unit"], chart["title"], decimals=chart["decimals"]
        )
    elif chart["kind"] == "trend":
        fig = charts.trend(
            chart["labels"],
            chart["values"],
            chart["unit"],
            chart["title"],
            chart.get("series"),
            chart.get("marks"),
        )
    elif chart["kind"] == "parts_bar":
        fig = charts.parts_bar(
            chart["labels"],
            chart["values"],
            chart["total"],
            chart["total_label"],
            chart["unit"],
            chart["title"],
        )
    else:
        raise ValueError(f"unknown chart kind {chart['kind']!r}")
    return charts.to_svg(fig)


def written(rows: pd.DataFrame) -> list[int | None]:
    """The decimals each appendix row's figure was written with (None where not stored)."""
    return [None if pd.isna(d) else int(d) for d in rows["decimals"]]


def rates(
    frame: pd.DataFrame,
    figure_id: str,
    title: str,
    caption: str,
    label: str,
    flagged: set[tuple[str, int]] = frozenset(),
    drawn: set[tuple[str, int]] = frozenset(),
) -> dict | None:
    """Bars of the appendix rows in ``%`` that have a value, named by column ``label``, each at
    the one value :func:`indicator_value.decide` shows for it (recomputed from the counts
    written with it, else as stated), hatched with ⚠ where an error or warning rests on the row
    (``flagged``, by (source, seq)); rows already drawn as an indicator (``drawn``) are left
    out; None when what is left would not tell more than the table."""
    picked = frame[(frame["unit"] == "%").fillna(False) & frame["value"].notna()]
    picked = picked[[(s, int(q)) not in drawn for s, q in zip(picked["source"], picked["seq"])]]
    shown = [
        indicator_value.decide(
            r.value, r.numerator, r.denominator, r.decimals, (r.source, int(r.seq)) in flagged
        )
        for r in picked.itertuples(index=False)
    ]
    if not telling([v["value"] for v in shown]):
        return None
    return figure(
        figure_id,
        "percent_bars",
        title,
        caption,
        list(picked[label]),
        [v["value"] for v in shown],
        "%",
        # a rate written alone keeps its decimals (96,0 %), one recomputed an indicator's one
        [v["stated_decimals"] if v["provenance"] == "stated" else INDICATOR_DECIMALS for v in shown],
        marks=[v["warn"] for v in shown],
    )


def parts(obs: pd.DataFrame, relations: tuple[dict, ...], figure_id: str) -> dict | None:
    """A whole and its parts as one stacked bar (the first relation "parts ≤ total" of the
    catalogue with two parts or more, whose rows all have a figure here, parts not all zero), the unknown rest included:
    73 on time + 0 late of 96 shows the 23 nobody accounted for. None when no relation fits."""
    by_id = {i: r for i, r in zip(obs["indicator_id"], obs.itertuples(index=False)) if isinstance(i, str)}
    for relation in relations:
        left = [i.strip() for i in relation["left"].split("+")]
        right = relation["right"].strip()
        if relation["op"] != "<=" or right not in by_id or len(left) < 2:
            continue
        rows_ = [by_id.get(i) for i in left]
        total = by_id[right]
        if any(r is None or pd.isna(r.value) for r in [*rows_, total]) or not total.value:
            continue
        if not any(r.value for r in rows_):
            continue
        name = f"{total.code}. {total.label}"
        return figure(
            figure_id,
            "parts_bar",
            name,
            f"{name}: các phần và phần không rõ (số liệu phụ lục)",
            [r.label for r in rows_],
            [float(r.value) for r in rows_],
            total.unit if isinstance(total.unit, str) else None,
            total=float(total.value),
            total_label=str(total.label),
        )
    return None


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


#: The line a period is drawn on: single quarters, periods counted from the start of the year,
#: and the second half-year (neither a quarter nor counted from January).
SERIES = {"Q": "Từng quý", "H1": "Lũy kế từ đầu năm", "9M": "Lũy kế từ đầu năm", "Y": "Lũy kế từ đầu năm"}
SECOND_HALF = "6 tháng cuối năm"


def series_of(period: str) -> str:
    """The line of a period: "Từng quý" (2023-Q3), "Lũy kế từ đầu năm" (2023-H1, 2023-9M, 2023),
    "6 tháng cuối năm" (2023-H2)."""
    kind = parse_period(period).kind
    return SERIES.get(kind[0] if kind.startswith("Q") else kind, SECOND_HALF)


def trend(series: pd.DataFrame, agency: str, indicator_id: str) -> dict:
    """A line of one indicator over periods (from :func:`slices.indicator_series`, in time
    order), one line per kind of period (:func:`series_of`); gaps stay gaps."""
    name = next((n for n in series["name"] if isinstance(n, str)), indicator_id)
    unit = next((u for u in series["unit"] if isinstance(u, str)), None)
    values = [float("nan") if pd.isna(v) else float(v) for v in series["value"]]
    return figure(
        f"fig-trend-{indicator_id}",
        "trend",
        f"{name} — {agency}",
        f"{name} qua các kỳ (từng quý và lũy kế là hai đường riêng)",
        list(series["label"]),
        values,
        unit,
        series=[series_of(p) for p in series["period"]],
    )


#: The chart of each reading of a rate (``directions.csv``): its title's words and its id's tail.
DIRECTION_CHARTS = {
    "higher": ("cao hơn là tốt hơn", ""),
    "lower": ("thấp hơn là tốt hơn", "-lower"),
    "other": ("tỷ lệ trên cơ sở khác, không so với các tỷ lệ trên", "-other"),
}


def rate_charts(
    rows: list[dict], directions: dict[str, str], figure_id: str, title: str, caption: str
) -> list[dict]:
    """Bars of indicators in ``%`` (rows with ``indicator_id``, ``name``, ``unit`` and ``shown``
    of :mod:`indicator_value`), one chart per way they read (the catalogue's ``directions``): a rate
    where higher is better never shares an axis with one where lower is, or with a share of
    another base; each chart only where it tells more than the table (:func:`telling`)."""
    out = []
    for direction, (words, tail) in DIRECTION_CHARTS.items():
        mine = [
            r
            for r in rows
            if r["unit"] == "%"
            and r["shown"]["value"] is not None
            and directions.get(r["indicator_id"], "other") == direction
        ]
        if telling([r["shown"]["value"] for r in mine]):
            out.append(
                figure(
                    figure_id + tail,
                    "percent_bars",
                    f"{title}: {words}",
                    f"{caption} ({words})",
                    [r["name"] for r in mine],
                    [r["shown"]["value"] for r in mine],
                    "%",
                    INDICATOR_DECIMALS,
                    marks=[r["shown"]["warn"] for r in mine],
                )
            )
    return out
