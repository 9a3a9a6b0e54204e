"""From observations and narratives to the tables analysts use: matched observations, indicators,
comparisons, the document register, narrative figures and the findings of every check.

Pure: takes what ingest parsed, returns frames; the store writes them.
"""
from __future__ import annotations

import pandas as pd

from cchc_analysis.derive import catalog
from cchc_analysis.derive import checks
from cchc_analysis.derive import claims
from cchc_analysis.derive import comparisons
from cchc_analysis.derive import documents
from cchc_analysis.derive import indicators
from cchc_analysis.parse.narrative import blocks, forward_sections

DOCUMENT_COLUMNS = ["agency", "period", "doc_type", "number", "symbol", "issuer_code", "date",
                    "section_id", "locator", "citation", "issued_by_agency", "in_period", "source"]
CLAIM_COLUMNS = ["agency", "period", "value", "percent", "noun", "topic", "indicator_id",
                 "sentence", "section_id", "reported", "source", "locator"]


def _typed(records: list[dict], columns: list[str], floats: tuple[str, ...] = (),
           bools: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns:
        kind = "Float64" if column in floats else "boolean" if column in bools else "string"
        frame[column] = frame[column].astype(kind)
    return frame


def narrative_tables(reports: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The document register and the narrative's figures of every good report."""
    docs, figures = [], []
    for result in reports:
        identity = {"agency": result.meta.agency, "period": str(result.meta.period),
                    "source": result.path.name}
        narrative = blocks(result.report.paragraphs)
        found = documents.register(narrative, None, result.meta.period)
        code = documents.agency_code_from(result.report.appendix_heading, found)
        for record in documents.register(narrative, code, result.meta.period):
            docs.append({**identity, **record, "date": record["date"] and str(record["date"])})
        plans = forward_sections(narrative)
        figures += [{**identity, **claim, "reported": claim["section_id"] not in plans}
                    for claim in claims.claims(narrative)]
    return (
        _typed(docs, DOCUMENT_COLUMNS, bools=("issued_by_agency", "in_period")),
        _typed(figures, CLAIM_COLUMNS, floats=("value",), bools=("percent", "reported")),
    )


def derived_tables(observations: pd.DataFrame, reports: list) -> dict[str, pd.DataFrame]:
    """Every table built on the parsed reports (``reports``: ingest's good FileResults)."""
    matched = catalog.match(observations)
    values = indicators.compute(matched)
    register, stated = narrative_tables(reports)
    return {
        "observations": matched,
        "indicators": values,
        "comparisons": comparisons.compare(values),
        "documents": register,
        "claims": stated,
        "findings": run_checks(matched, values, stated),
    }


def run_checks(matched: pd.DataFrame, values: pd.DataFrame, stated: pd.DataFrame) -> pd.DataFrame:
    """Every consistency rule on every report of matched observations: the findings table."""
    template = catalog.load_catalog()
    found = []
    for (agency, period, source), group in matched.groupby(["agency", "period", "source"], sort=True):
        context = checks.Context(
            agency=agency, period=period, source=source, observations=group, catalog=template,
            indicators=values[(values.agency == agency) & (values.period == period)],
            claims=stated[stated.source == source],
        )
        found += checks.run(context)
    return checks.findings_frame(found)

