"""A report's data-quality section: its findings by severity, each with its facts, words, the
keys it rests on, its issue and the appendix rows to link to; the notes summarised per rule."""

from __future__ import annotations

import json

from cchc_analysis.derive.checks import RULES
from cchc_analysis.report.content.anchors import finding_anchor, row_anchor
from cchc_analysis.report.content.check_listing import unreadable_cells
from cchc_analysis.report.content.finding_words import findings_view
from cchc_analysis.report.content.ocr_listing import ocr_cells
from cchc_analysis.report.content.slices import key, records, rows
from cchc_analysis.store import Snapshot
from cchc_analysis.store.schemas import SEVERITIES

#: Severities a report summarises per rule instead of listing one per row (the full list stays in
#: the model, the store and ``cchc check``; the HTML keeps it folded).
SUMMARISED = ("info",)


def findings(store: Snapshot, agency: str, period: str) -> dict:
    """Findings by severity (errors first), each with its facts, words and the keys it rests on;
    for the severities in :data:`SUMMARISED`, also a summary per rule (:func:`summary`)."""
    inputs = rows(store, "finding_inputs", agency, period)
    view = findings_view(
        rows(store, "findings", agency, period),
        inputs,
        rows(store, "observations", agency, period),
        rows(store, "claims", agency, period),
    )
    by_finding: dict[object, list[dict]] = {}  # each finding's inputs, in the table's order
    for i in records(inputs, ["finding", "table", "role", "source", "seq"]):
        by_finding.setdefault(i["finding"], []).append({"table": i["table"], "role": i["role"], **key(i)})
    shown = {(r["source"], r["seq"]): r for r in records(rows(store, "observations", agency, period))}
    out: dict[str, list[dict]] = {s: [] for s in SEVERITIES}
    for r in records(view):
        used = by_finding.get(r["finding"], [])
        out[r["severity"]].append(
            {
                "key": {"finding": r["finding"]},
                "anchor": finding_anchor(r["finding"]),
                "issue": r["issue"],
                # below its rule's own severity (a rate within rounding of its counts)
                "lowered": r["severity"] != RULES[r["rule"]].severity,
                "source": r["source"],
                **{k: r[k] for k in ("rule", "code", "indicator_id", "message", "evidence", "locator")},
                "details": json.loads(r["details"]),
                "inputs": used,
                # the appendix rows it rests on, to link to (code and sub-row, anchor)
                "rows": [
                    {
                        "anchor": row_anchor(i["source"], i["seq"]),
                        **{c: shown[(i["source"], i["seq"])][c] for c in ("code", "item")},
                    }
                    for i in used
                    if i["table"] == "observations" and (i["source"], i["seq"]) in shown
                ],
            }
        )
    return {
        "by_severity": out,
        "counts": {s: len(v) for s, v in out.items()},
        # contradictions, each counted once however many sub-rows it spans (``findings.issue``)
        "issues": {s: len({f["issue"] for f in v}) for s, v in out.items()},
        "unreadable_cells": int(unreadable_cells(view)["cells"].sum()),
        "summaries": {s: summary(out[s]) for s in SUMMARISED},
        "several_sources": bool(view["source"].nunique() > 1),
        "ocr_cells": ocr_cells(rows(store, "observations", agency, period)),
    }


def summary(found: list[dict]) -> list[dict]:
    """Findings per rule (most first): how many, and the appendix codes they are on, each with
    its source and how many of its rows (the coded row and its sub-rows) in order of finding."""
    by_rule: dict[str, dict[tuple, int]] = {}
    for f in found:
        codes = by_rule.setdefault(f["rule"], {})
        codes[(f["source"], f["code"])] = codes.get((f["source"], f["code"]), 0) + 1
    return [
        {
            "rule": rule,
            "count": sum(codes.values()),
            "codes": [{"source": s, "code": c, "rows": n} for (s, c), n in codes.items()],
        }
        for rule, codes in sorted(by_rule.items(), key=lambda r: (-sum(r[1].values()), r[0]))
    ]
