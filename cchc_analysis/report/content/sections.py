"""The body sections of a report's model — indicators, domains, closing narrative, findings,
documents, appendix — as plain keyed rows: every row carries the key of the store row it comes
from, every figure is a float or None; words and formats are added by the templates."""

from __future__ import annotations

import json
import re
from functools import cache

import pandas as pd

from cchc_analysis.derive.catalogue import AREAS, DOMAINS, Catalog
from cchc_analysis.derive.documents import unique_documents
from cchc_analysis.derive.indicators import BY_ID
from cchc_analysis.report.content import figures
from cchc_analysis.report.content.check_listing import unreadable_cells
from cchc_analysis.report.content.finding_words import findings_view, ocr_summary
from cchc_analysis.report.content.ocr_listing import ocr_cells
from cchc_analysis.report.content.slices import key, plain, records, rows
from cchc_analysis.store import Snapshot
from cchc_analysis.store.schemas import SEVERITIES

#: Narrative section "II.k" → the k-th domain after chỉ đạo điều hành; "I", "I.*" → chỉ đạo.
DOMAIN_OF_SECTION = {f"II.{k}": d for k, d in enumerate(list(DOMAINS)[1:], start=1)}
#: Narrative sections shown after the domains (assessment, plans, proposals).
CLOSING_SECTIONS = ("III", "IV", "V")
#: Severities that put a caution beside an indicator computed from the row they point at.
SERIOUS = ("error", "warning")
#: Rules that speak of the appendix as a whole, not of the value of the row they are placed at
#: (template rows missing after it): no caution for a figure computed from that row.
NOT_ON_VALUES = ("missing_template_rows",)
#: Severities a report summarises per rule instead of listing one per row (the full list stays in
#: the model, the store and ``cchc check``; the HTML keeps it folded).
SUMMARISED = ("info",)
_NARRATIVE = ["section_id", "heading", "level", "text", "locator"]
#: An appendix row's columns in the model; ``decimals``: how many the figure was written with, so
#: that it is shown so (``96,0 %``, ``5,80``), not as its float (``96 %``, ``5,8``).
_APPENDIX = [
    "code",
    "item",
    "label",
    "unit",
    "value",
    "decimals",
    "numerator",
    "denominator",
    "codes",
    "note",
    "ocr_confidence",
    "locator",
]


def narrative_domain(section: str) -> str | None:
    """Domain of a narrative section id: "I", "I.2" → chỉ đạo điều hành; "II.2.a" → TTHC."""
    if section == "I" or section.startswith("I."):
        return "chi_dao_dieu_hanh"
    parts = section.split(".")
    return DOMAIN_OF_SECTION.get(".".join(parts[:2])) if len(parts) >= 2 else None


def narrative(frame: pd.DataFrame) -> list[dict]:
    """Narrative sections as keyed rows (heading, level, text, locator)."""
    return [{"key": key(r), **{c: r[c] for c in _NARRATIVE}} for r in records(frame)]


def appendix_rows(obs: pd.DataFrame, agency: str) -> list[dict]:
    """Appendix rows as keyed plain rows; ``implementer`` only when another unit than the agency."""
    out = []
    for r in records(obs):
        implementer = re.sub(r"^[-–\s]+", "", r["implementer"] or "") or None
        out.append(
            {
                "key": key(r),
                **{c: r[c] for c in _APPENDIX},
                "implementer": implementer if implementer != agency else None,
            }
        )
    return out


def with_context(obs: pd.DataFrame) -> pd.DataFrame:
    """Rows that hold a figure, with the coded row each of them belongs to (for its label)."""
    has_value = obs["value"].notna()
    codes = set(obs.loc[has_value, "code"])
    keep = has_value | ((obs["item"] == 0) & obs["code"].isin(codes))
    return obs[keep.fillna(False).astype(bool)].reset_index(drop=True)


@cache
def _template_labels() -> dict[str, str]:
    """The template's own wording of each catalogue row, read once."""
    catalog = Catalog.load().template
    return dict(zip(catalog["indicator_id"], catalog["label"]))


def _template_label(indicator_id: str | None) -> str | None:
    """The template's own wording of a catalogue row (for a row the report lacks)."""
    return _template_labels().get(indicator_id) if indicator_id else None


def cautions(store: Snapshot, agency: str | None, period: str) -> dict[tuple[str, str], dict]:
    """Per (agency, indicator) that has one: its caution — the errors and warnings on its inputs
    (by key, via ``finding_inputs``) and the findings where the narrative contradicts the indicator
    itself. The report, the overview and the index all mark a figure from this, never from text."""
    findings = rows(store, "findings", agency, period)
    findings = findings[findings["severity"].isin(SERIOUS) & ~findings["rule"].isin(NOT_ON_VALUES)]
    inputs = rows(store, "finding_inputs", agency, period)
    inputs = inputs[inputs["table"] == "observations"]
    on_row: dict[tuple, set[int]] = {}
    for f in inputs.itertuples(index=False):
        on_row.setdefault((f.agency, f.source, int(f.seq)), set()).add(int(f.finding))
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
            n
            for n in on_row.get((i.agency, i.source, int(i.seq)), ())
            if (i.agency, n) in severity and (i.agency, n) not in contradicted
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


def indicator_rows(store: Snapshot, agency: str, period: str) -> list[dict]:
    """Every indicator of the report with its inputs (keys), its comparisons, why it is NA (the
    row named by ``reason_seq``) and its caution (findings by key)."""
    ind = rows(store, "indicators", agency, period)
    comparisons = {r["indicator_id"]: r for r in records(rows(store, "comparisons", agency, period))}
    inputs: dict[str, list[dict]] = {}
    for r in records(rows(store, "indicator_inputs", agency, period)):
        inputs.setdefault(r["indicator_id"], []).append({"role": r["role"], **key(r)})
    obs = {(r["source"], r["seq"]): r for r in records(rows(store, "observations", agency, period))}
    flagged = cautions(store, agency, period)
    out = []
    for r in records(ind):
        c = comparisons.get(r["indicator_id"], {})
        reason = None
        if r["reason"]:
            row = obs.get((r["source"], r["reason_seq"]), {})
            reason = {
                "token": r["reason"],
                "indicator_id": r["reason_indicator"],
                "template_label": _template_label(r["reason_indicator"]),
                "key": {"source": r["source"], "seq": r["reason_seq"]} if row else None,
                **{k: row.get(k) for k in ("code", "item", "label", "locator")},
            }
        out.append(
            {
                **{
                    k: r[k]
                    for k in ("indicator_id", "name", "domain", "value", "numerator", "denominator", "unit")
                },
                **{
                    k: c.get(k)
                    for k in (
                        "previous_in_store",
                        "previous_value",
                        "change",
                        "year_before_in_store",
                        "year_before_value",
                        "change_year_before",
                    )
                },
                "inputs": inputs.get(r["indicator_id"], []),
                "reason": reason,
                "caution": flagged.get((agency, r["indicator_id"])),
            }
        )
    order = list(BY_ID)  # the catalogue's order of indicators
    return sorted(
        out,
        key=lambda r: (
            order.index(r["indicator_id"]) if r["indicator_id"] in order else len(order),
            r["indicator_id"],
        ),
    )


def domain(store: Snapshot, agency: str, period: str, domain_id: str, indicators: list[dict]) -> dict:
    """One domain: the agency's narrative for it, its indicators, its appendix rows with a figure
    (and their coded parent rows), how many rows are blank, and its charts."""
    text = rows(store, "narrative", agency, period)
    text = text[
        pd.Series(
            [narrative_domain(s) == domain_id for s in text["section_id"]], index=text.index, dtype=bool
        )
    ]
    obs = rows(store, "observations", agency, period)
    matches = rows(store, "matches", agency, period)[["source", "seq", "domain"]]
    obs = obs.merge(matches, on=["source", "seq"], how="left")
    # a row the catalogue does not know belongs to the domain of its code's first number
    area = [AREAS.get(str(c).split(".")[0]) for c in obs["code"]]
    # a boolean Series, not a list: an empty list would select columns, not rows
    mine = obs[
        pd.Series(
            [d == domain_id if isinstance(d, str) else a == domain_id for d, a in zip(obs["domain"], area)],
            index=obs.index,
            dtype=bool,
        )
    ].drop(columns="domain")
    title = DOMAINS[domain_id]
    charts = [
        figures.rates(
            mine,
            f"fig-{domain_id}-rates",
            "Tỷ lệ do cơ quan báo cáo",
            f"{title}: tỷ lệ ghi trong phụ lục của báo cáo",
            "label",
        ),
        figures.counts(mine, f"fig-{domain_id}-counts") if not mine.empty else None,
    ]
    return {
        "domain": domain_id,
        "title": title,
        "narrative": narrative(text),
        "indicators": [i for i in indicators if i["domain"] == domain_id],
        "rows": appendix_rows(with_context(mine), agency) if not mine.empty else [],
        "row_count": len(mine),
        "blank_rows": int(mine["value"].isna().sum()),
        "charts": [c for c in charts if c],
    }


def closing(store: Snapshot, agency: str, period: str) -> dict:
    """The agency's own assessment, plans and proposals (narrative III–V)."""
    text = rows(store, "narrative", agency, period)
    return {"narrative": narrative(text[text["section_id"].isin(CLOSING_SECTIONS)])}


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
    out: dict[str, list[dict]] = {s: [] for s in SEVERITIES}
    for r in records(view):
        out[r["severity"]].append(
            {
                "key": {"finding": r["finding"]},
                "source": r["source"],
                **{k: r[k] for k in ("rule", "code", "indicator_id", "message", "evidence", "locator")},
                "details": json.loads(r["details"]),
                "inputs": by_finding.get(r["finding"], []),
            }
        )
    return {
        "by_severity": out,
        "counts": {s: len(v) for s, v in out.items()},
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


def documents(store: Snapshot, agency: str, period: str) -> dict:
    """Distinct documents cited (``document``), each with how often and where it is cited; the
    number of distinct documents and of citations, each counted as what it is."""
    cited = records(rows(store, "documents", agency, period))
    distinct = unique_documents(cited)
    where: dict[str, list[dict]] = {}
    for r in cited:
        where.setdefault(r["document"], []).append(key(r))
    return {
        "citations": len(cited),
        "documents": len(distinct),
        "own": sum(bool(d["issued_by_agency"]) for d in distinct),
        "in_period": sum(bool(d["in_period"]) for d in distinct),
        "rows": [
            {
                "key": key(d),
                "cited_at": where[d["document"]],
                **{
                    k: plain(d[k])
                    for k in (
                        "document",
                        "doc_type",
                        "number",
                        "symbol",
                        "date",
                        "issued_by_agency",
                        "in_period",
                        "section_id",
                        "locator",
                        "citations",
                    )
                },
            }
            for d in distinct
        ],
    }


def claims(store: Snapshot, agency: str, period: str) -> dict:
    """The figures the narrative states, each with the appendix row it is held against — or
    none, when it is not sure they count the same thing: listed, never compared."""
    stated = records(rows(store, "claims", agency, period))
    labels = _template_labels()
    out = [
        {
            "key": key(c),
            **{
                k: c[k]
                for k in (
                    "value",
                    "percent",
                    "noun",
                    "indicator_id",
                    "reported",
                    "section_id",
                    "locator",
                    "sentence",
                )
            },
            "against": labels.get(c["indicator_id"]) if c["indicator_id"] else None,
        }
        for c in stated
    ]
    return {
        "count": len(out),
        "compared": sum(bool(c["indicator_id"] and c["reported"]) for c in out),
        "plans": sum(not c["reported"] for c in out),
        "rows": out,
    }


def appendix(store: Snapshot, agency: str, period: str) -> dict:
    """The whole cleaned appendix, blank rows included, and the line on figures read by OCR."""
    obs = rows(store, "observations", agency, period)
    flags = obs["flags"].fillna("").str.split()
    ocr = flags.map(lambda f: "ocr" in f)
    kept_raw = int(flags.map(lambda f: "ocr_low_confidence" in f).sum())
    figures = int((ocr & obs["value"].notna()).sum())
    return {
        "rows": appendix_rows(obs, agency),
        "ocr_figures": figures,
        "ocr_kept_raw": kept_raw,
        "ocr_line": ocr_summary(figures, kept_raw),
    }
