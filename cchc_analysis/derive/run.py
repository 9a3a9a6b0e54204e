"""Derive: the store's ingest tables → the derived tables, one agency × period at a time.

Each report is derived on its own (catalogue match, indicators, documents, narrative figures,
checks): a failure in one is reported like a parse error, naming its file, and the others are
still derived. Comparisons across periods come last, from all the indicators. Pure: takes
frames, returns frames; ``cchc_analysis.pipeline`` reads and writes the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cchc_analysis.derive import catalog, checks, claims, comparisons, documents, indicators, rollup
from cchc_analysis.parse.narrative import blocks_of
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.store import schemas


@dataclass
class Derived:
    """The derived tables, and the reports whose derivation failed (source → message)."""

    tables: dict[str, pd.DataFrame]
    errors: dict[str, str] = field(default_factory=dict)


def derive_report(source: dict, observations: pd.DataFrame, paragraphs: pd.DataFrame,
                  template: pd.DataFrame) -> dict[str, list[dict]]:
    """Every derived record of one report (one source: one agency × period)."""
    identity = {k: source[k] for k in ("province", "agency", "period", "source")}
    period = parse_period(source["period"])
    matched = catalog.match(observations)
    matches = [{**identity, "seq": r["seq"], "indicator_id": r["indicator_id"],
                "domain": r["domain"], "match": r["match"]} for r in matched.to_dict("records")]
    match_frame = schemas.frame("matches", matches)
    values, inputs = indicators.compute(observations, match_frame, identity)
    narrative = blocks_of(paragraphs.to_dict("records"))
    heading = str(source.get("appendix_heading") or "").split("\n")
    code = documents.agency_code_from(heading, documents.register(narrative, None, period))
    docs = [{**identity, "seq": n, **record}
            for n, record in enumerate(documents.register(narrative, code, period), start=1)]
    forward = {int(s) for s, f in zip(paragraphs["seq"], paragraphs["forward"]) if f}
    stated = [{**identity, "seq": n, **claim, "reported": claim["paragraph"] not in forward}
              for n, claim in enumerate(claims.claims(narrative), start=1)]
    found = checks.run(checks.Context(
        province=source["province"], agency=source["agency"], period=source["period"],
        source=source["source"],
        observations=matched, catalog=template, indicators=schemas.frame("indicators", values),
        indicator_inputs=schemas.frame("indicator_inputs", inputs),
        claims=schemas.frame("claims", stated),
    ))
    return {"matches": matches, "indicators": values, "indicator_inputs": inputs,
            "documents": docs, "claims": stated, "findings": found.findings,
            "finding_inputs": found.inputs}


def derive(tables: dict[str, pd.DataFrame]) -> Derived:
    """All derived tables from the ingest tables (``sources``, ``observations``, ``paragraphs``)."""
    template = catalog.load_catalog()
    records: dict[str, list[dict]] = {name: [] for name in schemas.DERIVED_TABLES}
    errors: dict[str, str] = {}
    observations = dict(tuple(tables["observations"].groupby("source", sort=False)))
    paragraphs = dict(tuple(tables["paragraphs"].groupby("source", sort=False)))
    no_rows, no_paragraphs = tables["observations"].iloc[0:0], tables["paragraphs"].iloc[0:0]
    for source in tables["sources"].to_dict("records"):
        name = source["source"]
        try:  # a report without its statistics appendix has no observations
            derived = derive_report(source, observations.get(name, no_rows).reset_index(drop=True),
                                    paragraphs.get(name, no_paragraphs).reset_index(drop=True),
                                    template)
        except Exception as exc:  # one report's failure must not cost the others
            errors[name] = f"derive failed ({type(exc).__name__}: {exc})"
            continue
        for table, rows in derived.items():
            records[table] += rows
    frames = {name: schemas.frame(name, rows) for name, rows in records.items()
              if name not in ("comparisons", "rollup", "rollup_inputs")}
    frames["comparisons"] = schemas.frame("comparisons", comparisons.compare(frames["indicators"]))
    summed, inputs = rollup.rollup({**tables, **frames}, template)  # across agencies, per period
    frames["rollup"], frames["rollup_inputs"] = (schemas.frame("rollup", summed),
                                                 schemas.frame("rollup_inputs", inputs))
    return Derived(frames, errors)
