"""The model of a province's own report for one period: the roll-up of every agency's appendix in
the template's shape (store tables ``rollup``, ``rollup_inputs``), each figure with the keys of
the observations behind it, the agencies whose own checks flag one of them and its own flags
(partial, period conflict, unread input); first, how many agencies it summed of how many and why
each other one was not (``rollup_coverage``); the drill-down (every agency's contribution with
its file and line); who filed, who filed only parts of the period and who has not; the key
indicators side by side and across periods. Plain values; the words are the templates'
(``templates/province/``) and :mod:`finding_words`'."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.indicators import BY_ID
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.report.content import figures, finding_words, indicator_value, sections
from cchc_analysis.report.content.formats import INDICATOR_DECIMALS
from cchc_analysis.report.content.model import KEY_INDICATORS, MODEL_VERSION, Report, provenance, with_svgs
from cchc_analysis.report.content.overview import coverage
from cchc_analysis.report.content.slices import filed, period_label, period_sort_key, plain, records, rows
from cchc_analysis.store import Snapshot

#: The name a province figure goes by in charts beside its agencies.
PROVINCE_BAR = "Toàn tỉnh"
_ROW = [
    "indicator_id",
    "level",
    "code",
    "item",
    "label",
    "unit",
    "kind",
    "value",
    "numerator",
    "denominator",
    "top_code",
    "agencies",
    "filed",
    "reported",
    "summed",
    "excluded",
]


#: What the drill-down shows of the observation behind each input besides its key.
_OBSERVED = ["raw_value", "locator", "unit", "decimals", "numerator", "denominator"]
#: Roles whose value may be a count written with a rate ("681/712 …") rather than the row's figure.
_COUNT_ROLES = ("numerator", "denominator")


def _inputs(store: Snapshot, period: str) -> pd.DataFrame:
    """The period's roll-up inputs with the observation each one is (locator, as written, its
    unit and written decimals, the counts written with it); the observation's ``numerator`` and
    ``denominator`` are renamed ``written_*`` (the input's role names which one it gave)."""
    used = rows(store, "rollup_inputs", None, period)
    obs = rows(store, "observations", None, period)[["source", "seq", *_OBSERVED]]
    obs = obs.rename(columns={c: f"written_{c}" for c in _COUNT_ROLES})
    return used.merge(obs, on=["source", "seq"], how="left")


def _shown_as(row: dict) -> dict:
    """How an input's value is shown: the row's unit and written decimals when the value is the
    row's figure (``96,0 %``, ``5,80``); none when it is a count written with a rate (``681`` of
    "681/712 đạt tỷ lệ 95,7 %"), whose own decimals the store does not keep."""
    if row["role"] in _COUNT_ROLES and row[f"written_{row['role']}"] is not None:
        return {"unit": None, "decimals": None}
    return {"unit": row["unit"], "decimals": row["decimals"]}


def rollup_rows(store: Snapshot, period: str) -> tuple[list[dict], list[dict]]:
    """(template rows, indicator rows) of the roll-up, each with its inputs by key, the
    agencies whose own findings mark an input (errors, warnings) and those left out of its sum
    and why (``left_out``)."""
    table = rows(store, "rollup", None, period)
    order = {i: n for n, i in enumerate([*Catalog.load().template["indicator_id"], *BY_ID])}
    table = table.iloc[
        sorted(range(len(table)), key=lambda n: order.get(table["indicator_id"][n], len(order)))
    ]
    used = _inputs(store, period)
    by_id: dict[str, list[dict]] = {}
    for r in records(used):
        by_id.setdefault(r["indicator_id"], []).append(r)
    out: dict[str, list[dict]] = {"template": [], "indicator": []}
    for r in records(table):
        mine = by_id.get(r["indicator_id"], [])
        out[r["level"]].append(
            {
                **{k: r[k] for k in _ROW},
                "inputs": [
                    {"agency": i["agency"], "source": i["source"], "seq": i["seq"], "role": i["role"]}
                    for i in mine
                ],
                "flags": (r["flags"] or "").split(),
                "left_out": _left_out(mine),
                "errors": sorted({i["agency"] for i in mine if i["flag"] == "error"}),
                "warnings": sorted({i["agency"] for i in mine if i["flag"] == "warning"}),
            }
        )
    return out["template"], out["indicator"]


def _left_out(inputs: list[dict]) -> dict[str, list[str]]:
    """Why inputs of a figure were left out of its sum (``rollup_inputs.excluded``) → the
    agencies whose figure it was, in name order."""
    out: dict[str, set[str]] = {}
    for i in inputs:
        if i["excluded"] is not None:
            out.setdefault(i["excluded"], set()).add(i["agency"])
    return {why: sorted(agencies) for why, agencies in sorted(out.items())}


def summed_and_not(store: Snapshot, period: str) -> dict:
    """Who the roll-up summed, N of M agencies, and for each other one why not, in words; the
    reports of the period that name no province; whether a roster says who must report."""
    found = records(rows(store, "rollup_coverage", None, period))
    counted = [r for r in found if r["counted"]]
    reasons: dict[str, list[dict]] = {}
    for r in counted:
        if r["status"] != "summed":
            reasons.setdefault(r["agency"], []).append(r)
    unnamed = [r for r in found if r["status"] == "province_unknown" and r["other_period"] is None]
    return {
        "summed": sorted({r["agency"] for r in counted if r["status"] == "summed"}),
        "agencies": len({r["agency"] for r in counted}),
        "not_summed": [
            {"agency": a, "why": finding_words.not_summed(period, mine)}
            for a, mine in sorted(reasons.items())
        ],
        "unnamed": [{"agency": r["agency"], "source": r["source"]} for r in unnamed],
        "roster": not store.table("roster").empty,
        "year": parse_period(period).year,
    }


def drilldown(store: Snapshot, period: str, template: list[dict]) -> list[dict]:
    """Every agency's contribution to a template figure: its value (with the unit and decimals
    to show it as written, :func:`_shown_as`), role, file and line, and the worst finding of its
    own report on it — one row per observation and role, in template order."""
    where = {r["indicator_id"]: (r["code"], r["item"], r["label"]) for r in template}
    used = records(_inputs(store, period))
    out = [
        {
            "indicator_id": r["indicator_id"],
            "code": where[r["indicator_id"]][0],
            "item": where[r["indicator_id"]][1],
            "label": where[r["indicator_id"]][2],
            **{k: r[k] for k in ("agency", "role", "value", "raw_value", "flag", "locator")},
            **_shown_as(r),
            "key": {"source": r["source"], "seq": r["seq"]},
        }
        for r in used
        if r["indicator_id"] in where
    ]
    order = {r["indicator_id"]: n for n, r in enumerate(template)}
    return sorted(out, key=lambda r: (order[r["indicator_id"]], r["agency"], r["role"]))


def key_indicators(store: Snapshot, period: str, present: list[str], indicators: list[dict]) -> dict:
    """The derived indicators for the province (summed counts) beside each agency's value (those
    with a value somewhere), each agency's with its caution (:func:`sections.cautions`); a chart
    of the agencies side by side on each key indicator where two or more have a value that is
    not zero, bars marked ⚠ by the one rule of :mod:`indicator_value` (the province's figure: an
    agency's own findings mark one of its inputs)."""
    own = rows(store, "indicators", None, period)
    values = {(r["agency"], r["indicator_id"]): r["value"] for r in records(own)}
    flagged = sections.cautions(store, None, period)
    out, charts = [], []
    for r in indicators:
        by_agency = {a: values.get((a, r["indicator_id"])) for a in present}
        cautions = {a: flagged.get((a, r["indicator_id"])) for a in present}
        known = [(a, v) for a, v in by_agency.items() if v is not None]
        if r["value"] is None and not known:
            continue  # nobody gave its inputs: a row of dashes says nothing
        out.append({**r, "values": by_agency, "cautions": cautions})
        if r["indicator_id"] in KEY_INDICATORS and figures.telling([v for _, v in known]):
            mine = r["value"] is not None
            labels = [a for a, _ in known] + ([PROVINCE_BAR] if mine else [])
            bars = [v for _, v in known] + ([r["value"]] if mine else [])
            marks = [indicator_value.warns(cautions[a]) for a, _ in known]
            marks += [bool(r["errors"] or r["warnings"])] if mine else []
            charts.append(
                figures.figure(
                    f"fig-province-{r['indicator_id']}",
                    "percent_bars",
                    r["label"],
                    f"{r['label']}: các cơ quan và toàn tỉnh",
                    labels,
                    bars,
                    "%",
                    INDICATOR_DECIMALS,
                    marks=marks,
                )
            )
    order = list(BY_ID)
    out.sort(key=lambda r: order.index(r["indicator_id"]) if r["indicator_id"] in order else len(order))
    return {
        "agencies": present,
        "rows": out,
        "charts": charts,
        "agency_cautions": any(indicator_value.warns(c) for r in out for c in r["cautions"].values()),
    }


def trends(store: Snapshot) -> list[dict]:
    """Each key indicator of the province across the store's periods, where two or more periods
    have a value: in time order, single quarters and cumulative periods on separate lines
    (:func:`figures.series_of`), a point marked ⚠ where an agency's own findings mark one of its
    inputs (as in the period's table)."""
    table = store.table("rollup")
    table = table[(table["level"] == "indicator") & table["value"].notna()]
    used = records(store.table("rollup_inputs"))
    warned = {(r["period"], r["indicator_id"]) for r in used if r["flag"] in ("error", "warning")}
    charts = []
    for indicator_id in KEY_INDICATORS:
        mine = records(table[table["indicator_id"] == indicator_id])
        mine.sort(key=lambda r: period_sort_key(r["period"]))
        if figures.telling([r["value"] for r in mine], zeros=True):
            name = mine[0]["label"]
            charts.append(
                figures.figure(
                    f"fig-province-trend-{indicator_id}",
                    "trend",
                    name,
                    f"{name}: toàn tỉnh qua các kỳ (từng quý và lũy kế từ đầu năm là các đường riêng)",
                    [period_label(r["period"]) for r in mine],
                    [r["value"] for r in mine],
                    "%",
                    series=[figures.series_of(r["period"]) for r in mine],
                    marks=[(r["period"], indicator_id) in warned for r in mine],
                )
            )
    return charts


def build(
    store: Snapshot, period: str, notebook_sha256: str = "", parameters: Mapping[str, object] | None = None
) -> Report:
    """The model of a province's report for one period (ValueError when nobody filed it)."""
    present = filed(store, period)
    province = getattr(store, "province", None)
    template, indicators = rollup_rows(store, period)
    first = template[0] if template else {"agencies": len(present)}
    summed = summed_and_not(store, period)
    model = {
        "kind": "province",
        "model_version": MODEL_VERSION,
        "period": period,
        "province": province,
        "sections": {
            "title": {
                "province": province,
                "period": period,
                "period_label": period_label(period),
                "agencies": plain(first["agencies"]),
                "filed": present,
                "coverage": summed,
            },
            "key_indicators": key_indicators(store, period, summed["summed"], indicators),
            "rollup": {"rows": template, "agencies": plain(first["agencies"])},
            "drilldown": {"rows": drilldown(store, period, template)},
            "trends": {"charts": (lines := trends(store)), "marked": any(any(c["marks"]) for c in lines)},
            "coverage": coverage(store, period, present),
            "provenance": provenance(
                store, None, period, notebook_sha256, parameters or {"province": province, "period": period}
            ),
        },
    }
    return with_svgs(model)
