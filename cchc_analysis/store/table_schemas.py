"""Every table of the store as a pandera schema: its columns, their types and allowed values
(:mod:`vocabulary`), and its key. :mod:`schemas` builds and checks frames with them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandera.pandas as pa
from pandera.dtypes import immutable
from pandera.engines import pandas_engine

from cchc_analysis.store import vocabulary as v


@immutable(init=True)
class _String(pandas_engine.STRING):
    """pandera's string type, its check answered for the whole column at once. pandera answers
    a string column cell by cell and formats a failure report even when every cell passes: a
    third of the time of writing a small store. Object columns are still checked cell by cell."""

    def check(self, pandera_dtype, data_container=None):
        if data_container is not None and data_container.dtype == object:
            return super().check(pandera_dtype, data_container)
        return bool(super().check(pandera_dtype))


_STRING = _String()


def _text(nullable: bool = True, isin: Iterable[str] | None = None, pattern: str | None = None) -> pa.Column:
    checks = []
    if isin is not None:
        checks.append(pa.Check.isin(list(isin)))
    if pattern is not None:
        checks.append(pa.Check.str_matches(pattern))
    return pa.Column(_STRING, checks=checks, nullable=nullable)


def _int(nullable: bool = False, minimum: int = 0) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(minimum), nullable=nullable)


def _float() -> pa.Column:
    return pa.Column("Float64", nullable=True)


def _bool(nullable: bool = True) -> pa.Column:
    return pa.Column("boolean", nullable=nullable)


def _flags(tokens: Iterable[str] = v.FLAGS) -> pa.Column:
    """Space-separated tokens (of :data:`v.FLAGS` unless told), sorted; NA when none applies."""
    token = "|".join(tokens)
    return pa.Column(_STRING, pa.Check.str_matches(rf"^(?:{token})(?: (?:{token}))*$"), nullable=True)


def _identity() -> dict[str, pa.Column]:
    """Who reported, for which period: an agency is known by its province and its name (the
    province is NA when neither the user nor the report says it)."""
    return {"province": _text(), "agency": _text(False), "period": _text(False, pattern=v.PERIOD_PATTERN)}


def _schema(name: str, key: list[str], columns: Mapping[str, pa.Column]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        dict(columns), name=name, unique=key, strict=True, ordered=True, coerce=False, metadata={"key": key}
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    # ---------------------------------------------------------------- written by ingest
    "sources": _schema(
        "sources",
        ["source"],
        {
            "source": _text(False),
            **_identity(),
            "agency_from": _text(False, v.ORIGINS),
            "period_from": _text(False, v.ORIGINS),
            "province_from": _text(isin=v.ORIGINS),
            "reader": _text(False, v.READERS),
            "file_sha256": _text(False, pattern=v.SHA256_PATTERN),
            "bytes": _int(),
            "title": _text(),
            "appendix_heading": _text(),
            "source_url": _text(),
            "received": _text(),
            # paged files (PDF, scan): pages, pages read by OCR; a digital signature as it declares
            # itself (signer, ISO time) — recorded, never validated (``signature_validated`` False)
            "pages": _int(True),
            "ocr_pages": _int(True),
            "signed": _bool(),
            "signer": _text(),
            "signed_at": _text(),
            "signature_validated": _bool(),
            # the roster's evidence: how the agency matched (NA without a roster), the name as the
            # report wrote it where the roster's spelling replaced it, the closest lines (JSON) of none
            "roster_match": _text(isin=v.ROSTER_MATCHES),
            "agency_as_written": _text(),
            "roster_closest": _text(),
            # how the period was read; whether the report's statements of it disagree; every
            # statement as JSON [{where, locator, text, period, rule, chosen, agrees}]
            "period_rule": _text(False, v.PERIOD_RULES),
            "period_conflict": _bool(False),
            "period_statements": _text(False),
        },
    ),
    "roster": _schema(
        "roster",
        ["province", "agency"],
        {"agency": _text(False), "province": _text(), "source": _text(False), "line": _int(minimum=2)},
    ),
    "observations": _schema(
        "observations",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "code": _text(),
            "item": _int(),
            "label": _text(),
            "unit": _text(),
            "value": _float(),
            "decimals": _int(True),
            "raw_value": _text(),
            "numerator": _float(),
            "denominator": _float(),
            "raw_unit": _text(),
            "implementer": _text(),
            "codes": _text(),
            "flags": _flags(),
            "note": _text(),
            "ocr_confidence": pa.Column("Float64", pa.Check.in_range(0, 100), nullable=True),
            # the STT as OCR read it, when the row is flagged ocr_code (``code``: where it was placed)
            "code_read": _text(),
            "locator": _text(False),
        },
    ),
    "paragraphs": _schema(
        "paragraphs",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "section_id": _text(False),
            "heading": _text(),
            "level": _int(),
            "is_heading": _bool(False),
            "forward": _bool(False),
            "text": _text(False),
            "locator": _text(False),
        },
    ),
    "narrative": _schema(
        "narrative",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "section_id": _text(False),
            "heading": _text(),
            "level": _int(),
            "text": _text(),
            "locator": _text(False),
        },
    ),
    # ---------------------------------------------------------------- written by derive
    "matches": _schema(
        "matches",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "indicator_id": _text(),
            "domain": _text(isin=v.DOMAIN_IDS),
            "match": _text(isin=v.MATCH_KINDS),
        },
    ),
    "indicators": _schema(
        "indicators",
        ["province", "agency", "period", "indicator_id"],
        {
            **_identity(),
            "source": _text(False),
            "indicator_id": _text(False),
            "name": _text(False),
            "domain": _text(False, v.DOMAIN_IDS),
            "formula": _text(False),
            "value": _float(),
            "numerator": _float(),
            "denominator": _float(),
            "unit": _text(),
            "reason": _text(isin=v.REASONS),
            "reason_indicator": _text(),
            "reason_seq": _int(True, 1),
        },
    ),
    "indicator_inputs": _schema(
        "indicator_inputs",
        ["province", "agency", "period", "indicator_id", "role", "source", "seq"],
        {
            **_identity(),
            "indicator_id": _text(False),
            "role": _text(False, v.ROLES),
            "source": _text(False),
            "seq": _int(minimum=1),
        },
    ),
    "comparisons": _schema(
        "comparisons",
        ["province", "agency", "period", "indicator_id"],
        {
            **_identity(),
            "indicator_id": _text(False),
            "name": _text(False),
            "unit": _text(),
            "value": _float(),
            "previous_period": _text(False, pattern=v.PERIOD_PATTERN),
            "previous_in_store": _bool(False),
            "previous_value": _float(),
            "change": _float(),
            "year_before_period": _text(False, pattern=v.PERIOD_PATTERN),
            "year_before_in_store": _bool(False),
            "year_before_value": _float(),
            "change_year_before": _float(),
        },
    ),
    "documents": _schema(
        "documents",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "document": _text(False),
            "doc_type": _text(False),
            "number": _text(False),
            "symbol": _text(False),
            "issuer_code": _text(),
            "date": _text(pattern=r"^\d{4}-\d{2}-\d{2}$"),
            "section_id": _text(False),
            "paragraph": _int(minimum=1),
            "locator": _text(False),
            "citation": _text(False),
            "issued_by_agency": _bool(),
            "in_period": _bool(),
        },
    ),
    "claims": _schema(
        "claims",
        ["source", "seq"],
        {
            **_identity(),
            "source": _text(False),
            "seq": _int(minimum=1),
            "value": _float(),
            "percent": _bool(False),
            "noun": _text(False),
            "topic": _text(False, v.CLAIM_TOPICS),
            "indicator_id": _text(),
            "sentence": _text(False),
            "section_id": _text(False),
            "paragraph": _int(minimum=1),
            "reported": _bool(False),
            "locator": _text(False),
            # what the figure counts, read from its words (derive/subjects.py): NA when not said;
            # its qualifiers, one reading per coordinated verb, tokens sorted, readings " | "
            "subject": _text(),
            "qualifiers": _text(),
        },
    ),
    "findings": _schema(
        "findings",
        ["province", "agency", "period", "finding"],
        {
            **_identity(),
            "source": _text(False),
            "finding": _int(minimum=1),
            "severity": _text(False, v.SEVERITIES),
            "rule": _text(False, pattern=v.RULE_ID),
            "code": _text(),
            "indicator_id": _text(),
            "seq": _int(True, 1),
            "claim": _int(True, 1),
            "details": _text(False),
            # the contradiction it is part of (numbered within the report): one to raise with
            # the agency, however many sub-rows it spans
            "issue": _int(minimum=1),
        },
    ),
    "finding_inputs": _schema(
        "finding_inputs",
        ["province", "agency", "period", "finding", "table", "source", "seq", "role"],
        {
            **_identity(),
            "finding": _int(minimum=1),
            "table": _text(False, v.EVIDENCE_TABLES),
            "source": _text(False),
            "seq": _int(minimum=1),
            "role": _text(False, v.ROLES),
        },
    ),
    # a province's roll-up of one period: every agency's figures of the period itself, by key
    "rollup": _schema(
        "rollup",
        ["province", "period", "indicator_id"],
        {
            "province": _text(),
            "period": _text(False, pattern=v.PERIOD_PATTERN),
            "indicator_id": _text(False),
            "level": _text(False, v.ROLLUP_LEVELS),
            "code": _text(),
            "item": _int(True),
            "label": _text(False),
            "unit": _text(),
            "kind": _text(False, v.KINDS),
            "value": _float(),
            "numerator": _float(),
            "denominator": _float(),
            "top_code": _text(),
            "agencies": _int(),
            "filed": _int(),
            "reported": _int(True),
            "summed": _int(True),
            # agencies whose figure of the row was left out of the sum (rollup_inputs.excluded)
            "excluded": _int(True),
            "flags": _flags(v.ROLLUP_FLAGS),
        },
    ),
    "rollup_inputs": _schema(
        "rollup_inputs",
        ["province", "period", "indicator_id", "source", "seq", "role"],
        {
            "province": _text(),
            "period": _text(False, pattern=v.PERIOD_PATTERN),
            "indicator_id": _text(False),
            "agency": _text(False),
            "source": _text(False),
            "seq": _int(minimum=1),
            "role": _text(False, v.ROLLUP_ROLES),
            "value": _float(),
            "flag": _text(isin=("error", "warning")),
            # why this input was listed but not added (NA: it was)
            "excluded": _text(isin=v.ROLLUP_EXCLUSIONS),
        },
    ),
    # who a province's roll-up of one period summed and who it did not, with why: one row per
    # agency summed or not filed, and per report behind any other status (``source`` NA: none);
    # ``counted``: the agency is one of those that must report (the roster's, else the year's
    # filers), False for a report naming no province of an agency not among them
    "rollup_coverage": _schema(
        "rollup_coverage",
        ["province", "period", "source", "agency"],
        {
            "province": _text(),
            "period": _text(False, pattern=v.PERIOD_PATTERN),
            "agency": _text(False),
            "status": _text(False, v.COVERAGE_STATUSES),
            "source": _text(),
            "other_period": _text(pattern=v.PERIOD_PATTERN),
            "finding": _int(True, 1),
            "counted": _bool(False),
        },
    ),
}
INGEST_TABLES = ("sources", "roster", "observations", "paragraphs", "narrative")
DERIVED_TABLES = (
    "matches",
    "indicators",
    "indicator_inputs",
    "comparisons",
    "documents",
    "claims",
    "findings",
    "finding_inputs",
    "rollup",
    "rollup_inputs",
    "rollup_coverage",
)
TABLES = INGEST_TABLES + DERIVED_TABLES
assert set(TABLES) == set(SCHEMAS)
