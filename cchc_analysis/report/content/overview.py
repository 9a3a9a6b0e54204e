"""The model of a period's overview across agencies: indicators side by side (flagged where the
agency's own report flags them), findings per agency, who has not reported, provenance — plain
values, rendered by ``templates/overview/``."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cchc_analysis.derive.comparisons import side_by_side
from cchc_analysis.derive.indicators import BY_ID
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.report.content import clarify, figures, indicator_value, sections
from cchc_analysis.report.content.formats import INDICATOR_DECIMALS
from cchc_analysis.report.content.model import MODEL_VERSION, Report, provenance, with_svgs
from cchc_analysis.report.content.slices import filed, pairs, period_label, period_sort_key, plain, rows
from cchc_analysis.report.paths import PAGE_FILES, agency_slugs, link, province_folder, report_folder
from cchc_analysis.store import Snapshot
from cchc_analysis.store.schemas import SEVERITIES


def most_telling(rates: pd.DataFrame) -> str:
    """The rate worth a chart: reported by the most agencies, then the widest spread between
    them (where agencies differ), then the first in catalogue order."""
    order = list(dict.fromkeys(rates["indicator_id"]))
    stats = rates.groupby("indicator_id")["value"].agg(["count", "min", "max"])
    return max(
        order, key=lambda i: (stats.at[i, "count"], stats.at[i, "max"] - stats.at[i, "min"], -order.index(i))
    )


def indicators(store: Snapshot, period: str, present: list[str]) -> dict:
    """Indicators (rows) × agencies, only indicators with a value somewhere, each value with its
    caution as in the agency's report (:func:`sections.cautions`); a chart of the rate on which
    agencies differ most, from two agencies on, its bars marked ⚠ by the same rule as the tables
    (:mod:`indicator_value`)."""
    ind = rows(store, "indicators", None, period)
    values = side_by_side(ind, period).reindex(present)
    flagged = sections.cautions(store, None, period)
    out = []
    order = {i: n for n, i in enumerate(BY_ID)}  # the catalogue's order of indicators
    first = ind.drop_duplicates("indicator_id")
    first = first.assign(_o=[order.get(i, len(order)) for i in first["indicator_id"]]).sort_values(
        "_o", kind="stable"
    )
    for r in first.itertuples(index=False):
        by_agency = {a: plain(values.at[a, r.name]) if r.name in values else None for a in present}
        if any(v is not None for v in by_agency.values()):
            out.append(
                {
                    "indicator_id": r.indicator_id,
                    "name": r.name,
                    "unit": plain(r.unit),
                    "values": by_agency,
                    "cautions": {a: flagged.get((a, r.indicator_id)) for a in present},
                }
            )
    rates = ind[(ind["unit"] == "%").fillna(False) & ind["value"].notna()]
    charts = []
    pick = rates[rates["indicator_id"] == most_telling(rates)].sort_values("agency") if len(rates) else rates
    if figures.telling(list(pick["value"])):  # one bar per agency: from two agencies on
        name = str(pick["name"].iloc[0])
        charts.append(
            figures.figure(
                "fig-overview",
                "percent_bars",
                name,
                f"{name} theo cơ quan",
                list(pick["agency"]),
                list(pick["value"]),
                "%",
                INDICATOR_DECIMALS,
                marks=[
                    indicator_value.warns(flagged.get((a, i)))
                    for a, i in zip(pick["agency"], pick["indicator_id"])
                ],
            )
        )
    return {"agencies": present, "rows": out, "charts": charts}


def coverage(store: Snapshot, period: str, present: list[str]) -> dict:
    """Who filed this period itself, who filed only periods within it (Q3 for H2), who filed a
    period that overlaps it (9M or the year for H2), and — only when the store has a roster of
    the agencies that must report — who filed nothing for it."""
    within = parse_period(period)
    parts: dict[str, list[str]] = {}
    overlapping: dict[str, list[str]] = {}
    for agency, other in pairs(store):
        if agency in present or other == period:
            continue
        found = parse_period(other)
        if within.covers(found):
            parts.setdefault(agency, []).append(other)
        elif found.start <= within.end and within.start <= found.end:  # 9M or the year for H2
            overlapping.setdefault(agency, []).append(other)
    roster = list(store.table("roster")["agency"])
    overlapping = {a: ps for a, ps in overlapping.items() if a not in parts}
    return {
        "roster": bool(roster),
        "filed": present,
        "partial": [
            {"agency": a, "periods": sorted(ps, key=period_sort_key)} for a, ps in sorted(parts.items())
        ],
        "overlapping": [
            {"agency": a, "periods": sorted(ps, key=period_sort_key)} for a, ps in sorted(overlapping.items())
        ],
        "missing": sorted(a for a in roster if a not in present and a not in parts and a not in overlapping)
        if roster
        else None,
    }


def build(
    store: Snapshot, period: str, notebook_sha256: str = "", parameters: Mapping[str, object] | None = None
) -> Report:
    """The model of one period's overview (ValueError when the store has no report for it)."""
    present = filed(store, period)
    province = getattr(store, "province", None)
    slugs = agency_slugs(a for a, _ in pairs(store))  # as `cchc render` names their folders
    # each agency's report, relative to this overview's folder (the layout of report/paths.py)
    reports = {
        a: link("overview", province, report_folder(province, slugs[a], period) / PAGE_FILES["report"])
        for a in present
    }
    findings = rows(store, "findings", None, period)
    # issues, not findings: one contradiction over several sub-rows counts once, as in the reports
    counts = findings.drop_duplicates(["agency", "issue"]).groupby(["agency", "severity"]).size()
    raised = clarify.agency_issues(findings, reports)
    model = {
        "kind": "overview",
        "model_version": MODEL_VERSION,
        "period": period,
        "sections": {
            "title": {
                "period": period,
                "period_label": period_label(period),
                "agencies": present,
                "province": province,
                # the province's own report (none for reports of no province) and each agency's
                "province_report": link(
                    "overview", province, province_folder(province, period) / PAGE_FILES["province"]
                )
                if province
                else None,
                "agency_reports": reports,
            },
            "indicators": indicators(store, period, present),
            "findings": {
                "rows": [
                    {
                        "agency": a,
                        **{s: int(counts.get((a, s), 0)) for s in SEVERITIES},
                        "issues": raised.get(a, []),
                    }
                    for a in present
                ]
            },
            "missing": coverage(store, period, present),
            "provenance": provenance(store, None, period, notebook_sha256, parameters or {"period": period}),
        },
    }
    return with_svgs(model)
