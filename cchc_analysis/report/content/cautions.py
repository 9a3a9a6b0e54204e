"""The caution of each figure, by key: the errors and warnings of an agency's own report that rest
on an indicator's inputs or on an appendix row, and the narrative that contradicts an indicator —
what the one ⚠ rule of :mod:`indicator_value` reads on every page and chart."""

from __future__ import annotations

import pandas as pd

from cchc_analysis.report.content.slices import rows
from cchc_analysis.store import Snapshot

#: Severities that put a caution beside an indicator computed from the row they point at.
SERIOUS = ("error", "warning")
#: Rules that speak of the appendix as a whole, not of the value of the row they are placed at
#: (template rows missing after it): no caution for a figure computed from that row.
NOT_ON_VALUES = ("missing_template_rows",)


def _serious(store: Snapshot, agency: str | None, period: str) -> tuple[pd.DataFrame, dict[tuple, set[int]]]:
    """The errors and warnings that speak of values, and the findings on each observation
    ((agency, source, seq) → finding numbers)."""
    findings = rows(store, "findings", agency, period)
    findings = findings[findings["severity"].isin(SERIOUS) & ~findings["rule"].isin(NOT_ON_VALUES)]
    inputs = rows(store, "finding_inputs", agency, period)
    inputs = inputs[inputs["table"] == "observations"]
    serious = {(f.agency, int(f.finding)) for f in findings.itertuples(index=False)}
    on_row: dict[tuple, set[int]] = {}
    for f in inputs.itertuples(index=False):
        if (f.agency, int(f.finding)) in serious:
            on_row.setdefault((f.agency, f.source, int(f.seq)), set()).add(int(f.finding))
    return findings, on_row


def flagged_rows(store: Snapshot, agency: str | None, period: str) -> set[tuple[str, str, int]]:
    """The observations (agency, source, seq) an error or warning rests on: the ⚠ rule of
    :mod:`indicator_value` for a rate of the appendix that no indicator is computed from."""
    return set(_serious(store, agency, period)[1])


def cautions(store: Snapshot, agency: str | None, period: str) -> dict[tuple[str, str], dict]:
    """Per (agency, indicator) that has one: its caution — the errors and warnings on its inputs
    (by key, via ``finding_inputs``) and the findings where the narrative contradicts the indicator
    itself. Every page and chart marks a figure from this (:func:`indicator_value.warns`), never
    from text."""
    findings, on_row = _serious(store, agency, period)
    severity = {(f.agency, int(f.finding)): f.severity for f in findings.itertuples(index=False)}
    contradicted = {
        (f.agency, int(f.finding)): f.indicator_id
        for f in findings.itertuples(index=False)
        if f.rule == "narrative_vs_appendix"
    }
    out: dict[tuple[str, str], dict] = {}
    for i in rows(store, "indicator_inputs", agency, period).itertuples(index=False):
        found = out.setdefault((i.agency, i.indicator_id), {"findings": set(), "narrative": set()})
        found["findings"] |= {
            n for n in on_row.get((i.agency, i.source, int(i.seq)), ()) if (i.agency, n) not in contradicted
        }
    for (a, n), indicator_id in contradicted.items():
        out.setdefault((a, indicator_id), {"findings": set(), "narrative": set()})["narrative"].add(n)
    return {
        k: {
            "findings": sorted(c["findings"]),
            "narrative": sorted(c["narrative"]),
            "errors": sum(severity[(k[0], n)] == "error" for n in c["findings"]),
            "warnings": sum(severity[(k[0], n)] == "warning" for n in c["findings"]),
        }
        for k, c in out.items()
        if c["findings"] or c["narrative"]
    }
