"""Every table of the store in one place: columns, types, nullability, allowed values and a key.

Why one place: ingest, derive, the report and the notebooks all read these tables; a column list
or a cast written again elsewhere drifts. Tables are built with :func:`frame` (records → typed
frame in schema order) and checked with :func:`validate` on write and on load (pandera, lazy, so
one message lists every violation with its table, column and key).

``SCHEMA_VERSION`` changes whenever a table's shape changes; a store written under another version
is refused (run ``cchc ingest`` again), never read through a compatibility shim.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa
from pandera.dtypes import immutable
from pandera.engines import pandas_engine

from cchc_analysis.errors import StoreError
from cchc_analysis.parse.names import EVIDENCE

SCHEMA_VERSION = 8

PERIOD_PATTERN = r"^\d{4}(?:-(?:Q[1-4]|H[12]|9M))?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
READERS = ("text", "docx", "xlsx", "pdf", "image")
#: Where an agency or period came from, strongest first (see parse/metadata.py); "text": a
#: province only the running text names (the roster outranks it).
ORIGINS = ("option", "sidecar", "report", "letterhead", "roster", "text")
#: How a report's agency matched the roster: ``EVIDENCE`` of parse/names.py; NA without a roster.
ROSTER_MATCHES = EVIDENCE
#: The grammar rule that read the stored period (``sources.period_rule``; parse/period_grammar.py).
PERIOD_RULES = ("canonical", "phrase", "phrase_words", "quarter_roman", "quarter_arabic",
                "quarter_words", "year", "window_calendar", "window_nd09")
#: Machine tokens for what the parser concluded about an appendix row (``observations.flags``).
FLAGS = (
    "null_token",            # "-", "x", "…": written but meaning blank
    "unreadable",            # a value that is not a Vietnamese number: kept raw, value NA
    "spaced_decimal",        # "4, 3": the space after the decimal comma removed
    "rate_with_counts",      # "681/712 đạt tỷ lệ 95,7 %": value, numerator, denominator
    "counts_without_rate",   # "681/712": numerator and denominator, no value
    "value_in_unit_column",  # a figure typed in "Đơn vị tính"
    "value_from_unit_column",  # ... and taken as the value (a rate, the value cell blank)
    "unit_rate_differs",     # the rate in the unit column differs from the value
    "unit_is_text",          # a sentence in the unit column: kept as a note, no unit
    "coded_word",            # "Có" under "Chưa = 0 Có = 1" read as its code
    "html_aside",            # <i>…</i> text moved from the label to the note
    "html_removed",          # other HTML tags removed from the label
    "label_addition",        # the agency's additions after " - " moved to the note
    "stt_not_code",          # an STT cell that is not a template number
    "orphan_sub_row",        # a sub-row before any coded row
    "unbulleted_sub_row",    # a row without STT and without "- "
    "implementer_is_text",   # a sentence in "Đơn vị thực hiện": kept as a note
    "ocr",                   # read by OCR from a scan (its confidence in ``ocr_confidence``)
    "ocr_low_confidence",    # ... a cell below the threshold: a figure kept raw (value NA), an STT noted
    "ocr_letter_for_digit",  # ... a figure with O/o/I/l among its digits: kept raw, not repaired
    "unit_in_value",         # "1.204 hồ sơ": a unit written after the count (the row's own, or
                             # lower-case Vietnamese words when the row has none); value read
    "footnote_marker",       # "15*", "15 (*)", "15¹": the footnote mark left out, value read
)
DOMAIN_IDS = (
    "chi_dao_dieu_hanh", "the_che", "thu_tuc_hanh_chinh", "to_chuc_bo_may", "che_do_cong_vu",
    "tai_chinh_cong", "chinh_quyen_so",
)
MATCH_KINDS = ("label", "alias", "folded", "code")
SEVERITIES = ("error", "warning", "info")


#: A finding's rule id: the store checks its form; which ids exist is the derive stage's registry
#: (derive/checks), which only findings made by a registered rule reach (tests/test_rules.py).
RULE_ID = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
#: Why an indicator is NA (``indicators.reason``).
REASONS = ("missing_row", "blank_input", "unreadable_input", "zero_denominator",
           "rate_without_counts")
#: What an input is to an indicator or a finding.
ROLES = ("numerator", "denominator", "stated", "total", "part", "left", "right", "row", "claim")
EVIDENCE_TABLES = ("observations", "claims")
#: What an observation is to a province's roll-up figure (``rollup_inputs.role``).
ROLLUP_ROLES = ("summed", "answer", "numerator", "denominator", "stated")
#: A roll-up row of the template, or a derived indicator recomputed for the province.
ROLLUP_LEVELS = ("template", "indicator")
KINDS = ("heading", "count", "rate", "code", "money", "text")
CLAIM_TOPICS = (
    "tasks", "dossiers", "procedures", "documents", "legal_documents", "staff", "articles",
    "equipment", "other",
)
#: What a province's roll-up did with an agency (``rollup_coverage.status``): its report of the
#: period summed; no report of any period overlapping it; only reports of other periods that
#: overlap it; a report whose own period statements disagree (finding ``period_conflict``), not
#: summed; a report naming no province.
COVERAGE_STATUSES = ("summed", "not_filed", "other_period", "period_conflict", "province_unknown")
#: Why a roll-up figure may not be the province's whole figure (``rollup.flags``): fewer agencies
#: summed than must report; a report in period conflict would have given the row; an input cell
#: of a summed agency was not read.
ROLLUP_FLAGS = ("partial", "period_conflict", "unread_input")


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


def _flags(tokens: Iterable[str] = FLAGS) -> pa.Column:
    """Space-separated tokens (of :data:`FLAGS` unless told), sorted; NA when none applies."""
    token = "|".join(tokens)
    return pa.Column(_STRING, pa.Check.str_matches(rf"^(?:{token})(?: (?:{token}))*$"), nullable=True)


def _identity() -> dict[str, pa.Column]:
    """Who reported, for which period: an agency is known by its province and its name (the
    province is NA when neither the user nor the report says it)."""
    return {"province": _text(), "agency": _text(False),
            "period": _text(False, pattern=PERIOD_PATTERN)}


def _schema(name: str, key: list[str], columns: Mapping[str, pa.Column]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(dict(columns), name=name, unique=key, strict=True, ordered=True,
                              coerce=False, metadata={"key": key})


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    # ---------------------------------------------------------------- written by ingest
    "sources": _schema("sources", ["source"], {
        "source": _text(False), **_identity(),
        "agency_from": _text(False, ORIGINS), "period_from": _text(False, ORIGINS),
        "province_from": _text(isin=ORIGINS),
        "reader": _text(False, READERS),
        "file_sha256": _text(False, pattern=SHA256_PATTERN), "bytes": _int(),
        "title": _text(), "appendix_heading": _text(),
        "source_url": _text(), "received": _text(),
        # paged files (PDF, scan): pages, pages read by OCR; a digital signature as it declares
        # itself (signer, ISO time) — recorded, never validated (``signature_validated`` False)
        "pages": _int(True), "ocr_pages": _int(True), "signed": _bool(),
        "signer": _text(), "signed_at": _text(), "signature_validated": _bool(),
        # the roster's evidence: how the agency matched (NA without a roster), the name as the
        # report wrote it where the roster's spelling replaced it, the closest lines (JSON) of none
        "roster_match": _text(isin=ROSTER_MATCHES), "agency_as_written": _text(),
        "roster_closest": _text(),
        # how the period was read; whether the report's statements of it disagree; every
        # statement as JSON [{where, locator, text, period, rule, chosen, agrees}]
        "period_rule": _text(False, PERIOD_RULES), "period_conflict": _bool(False),
        "period_statements": _text(False),
    }),
    "roster": _schema("roster", ["province", "agency"], {
        "agency": _text(False), "province": _text(), "source": _text(False),
        "line": _int(minimum=2),
    }),
    "observations": _schema("observations", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "code": _text(), "item": _int(), "label": _text(), "unit": _text(),
        "value": _float(), "decimals": _int(True), "raw_value": _text(), "numerator": _float(),
        "denominator": _float(),
        "raw_unit": _text(), "implementer": _text(), "codes": _text(), "flags": _flags(),
        "note": _text(), "ocr_confidence": pa.Column("Float64", pa.Check.in_range(0, 100), nullable=True),
        "locator": _text(False),
    }),
    "paragraphs": _schema("paragraphs", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "section_id": _text(False), "heading": _text(), "level": _int(),
        "is_heading": _bool(False), "forward": _bool(False), "text": _text(False),
        "locator": _text(False),
    }),
    "narrative": _schema("narrative", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "section_id": _text(False), "heading": _text(), "level": _int(), "text": _text(),
        "locator": _text(False),
    }),
    # ---------------------------------------------------------------- written by derive
    "matches": _schema("matches", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "indicator_id": _text(), "domain": _text(isin=DOMAIN_IDS), "match": _text(isin=MATCH_KINDS),
    }),
    "indicators": _schema("indicators", ["province", "agency", "period", "indicator_id"], {
        **_identity(), "source": _text(False), "indicator_id": _text(False),
        "name": _text(False), "domain": _text(False, DOMAIN_IDS), "formula": _text(False),
        "value": _float(), "numerator": _float(), "denominator": _float(), "unit": _text(),
        "reason": _text(isin=REASONS), "reason_indicator": _text(), "reason_seq": _int(True, 1),
    }),
    "indicator_inputs": _schema("indicator_inputs",
                                ["province", "agency", "period", "indicator_id", "role", "source", "seq"], {
        **_identity(), "indicator_id": _text(False), "role": _text(False, ROLES),
        "source": _text(False), "seq": _int(minimum=1),
    }),
    "comparisons": _schema("comparisons", ["province", "agency", "period", "indicator_id"], {
        **_identity(), "indicator_id": _text(False), "name": _text(False), "unit": _text(),
        "value": _float(),
        "previous_period": _text(False, pattern=PERIOD_PATTERN), "previous_in_store": _bool(False),
        "previous_value": _float(), "change": _float(),
        "year_before_period": _text(False, pattern=PERIOD_PATTERN),
        "year_before_in_store": _bool(False),
        "year_before_value": _float(), "change_year_before": _float(),
    }),
    "documents": _schema("documents", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "document": _text(False), "doc_type": _text(False), "number": _text(False),
        "symbol": _text(False), "issuer_code": _text(), "date": _text(pattern=r"^\d{4}-\d{2}-\d{2}$"),
        "section_id": _text(False), "paragraph": _int(minimum=1), "locator": _text(False),
        "citation": _text(False), "issued_by_agency": _bool(), "in_period": _bool(),
    }),
    "claims": _schema("claims", ["source", "seq"], {
        **_identity(), "source": _text(False), "seq": _int(minimum=1),
        "value": _float(), "percent": _bool(False), "noun": _text(False),
        "topic": _text(False, CLAIM_TOPICS), "indicator_id": _text(), "sentence": _text(False),
        "section_id": _text(False), "paragraph": _int(minimum=1), "reported": _bool(False),
        "locator": _text(False),
        # what the figure counts, read from its words (derive/subjects.py): NA when not said;
        # its qualifiers, one reading per coordinated verb, tokens sorted, readings " | "
        "subject": _text(), "qualifiers": _text(),
    }),
    "findings": _schema("findings", ["province", "agency", "period", "finding"], {
        **_identity(), "source": _text(False), "finding": _int(minimum=1),
        "severity": _text(False, SEVERITIES), "rule": _text(False, pattern=RULE_ID),
        "code": _text(), "indicator_id": _text(), "seq": _int(True, 1), "claim": _int(True, 1),
        "details": _text(False),
    }),
    "finding_inputs": _schema("finding_inputs",
                              ["province", "agency", "period", "finding", "table", "source", "seq", "role"], {
        **_identity(), "finding": _int(minimum=1), "table": _text(False, EVIDENCE_TABLES),
        "source": _text(False), "seq": _int(minimum=1), "role": _text(False, ROLES),
    }),
    # a province's roll-up of one period: every agency's figures of the period itself, by key
    "rollup": _schema("rollup", ["province", "period", "indicator_id"], {
        "province": _text(), "period": _text(False, pattern=PERIOD_PATTERN),
        "indicator_id": _text(False), "level": _text(False, ROLLUP_LEVELS), "code": _text(),
        "item": _int(True), "label": _text(False), "unit": _text(), "kind": _text(False, KINDS),
        "value": _float(), "numerator": _float(), "denominator": _float(), "top_code": _text(),
        "agencies": _int(), "filed": _int(), "reported": _int(True), "summed": _int(True),
        "flags": _flags(ROLLUP_FLAGS),
    }),
    "rollup_inputs": _schema("rollup_inputs",
                             ["province", "period", "indicator_id", "source", "seq", "role"], {
        "province": _text(), "period": _text(False, pattern=PERIOD_PATTERN),
        "indicator_id": _text(False), "agency": _text(False), "source": _text(False),
        "seq": _int(minimum=1), "role": _text(False, ROLLUP_ROLES), "value": _float(),
        "flag": _text(isin=("error", "warning")),
    }),
    # who a province's roll-up of one period summed and who it did not, with why: one row per
    # agency summed or not filed, and per report behind any other status (``source`` NA: none);
    # ``counted``: the agency is one of those that must report (the roster's, else the year's
    # filers), False for a report naming no province of an agency not among them
    "rollup_coverage": _schema("rollup_coverage", ["province", "period", "source", "agency"], {
        "province": _text(), "period": _text(False, pattern=PERIOD_PATTERN),
        "agency": _text(False), "status": _text(False, COVERAGE_STATUSES), "source": _text(),
        "other_period": _text(pattern=PERIOD_PATTERN), "finding": _int(True, 1),
        "counted": _bool(False),
    }),
}
INGEST_TABLES = ("sources", "roster", "observations", "paragraphs", "narrative")
DERIVED_TABLES = ("matches", "indicators", "indicator_inputs", "comparisons", "documents",
                  "claims", "findings", "finding_inputs", "rollup", "rollup_inputs",
                  "rollup_coverage")
TABLES = INGEST_TABLES + DERIVED_TABLES
assert set(TABLES) == set(SCHEMAS)


def key(name: str) -> list[str]:
    """The primary key columns of a table."""
    return list(SCHEMAS[name].metadata["key"])


def columns(name: str) -> list[str]:
    """The columns of a table, in stored order."""
    return list(SCHEMAS[name].columns)


def frame(name: str, records: Iterable[Mapping] | pd.DataFrame) -> pd.DataFrame:
    """Records (dicts or a frame with at least the table's columns) → the table's typed frame,
    columns in schema order, rows in key order; blanks stay NA."""
    data = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(
        list(records), columns=columns(name))
    typed = {}
    for column, kind in _astype_names(name).items():
        values = data[column].reset_index(drop=True) if column in data else pd.Series([None] * len(data))
        if kind == "Int64":
            values = pd.to_numeric(values, errors="raise")
        typed[column] = values.astype(kind)
    out = pd.DataFrame(typed, index=pd.RangeIndex(len(data)))
    return out.sort_values(key(name), kind="stable").reset_index(drop=True)


@functools.cache
def _astype_names(name: str) -> dict[str, str]:
    """Each column's type as ``astype`` takes it ("string[pyarrow]", "Int64", "boolean"…)."""
    return {column: str(spec.dtype) for column, spec in SCHEMAS[name].columns.items()}


class SchemaViolation(StoreError, ValueError):
    """A table that does not follow its schema; ``str()`` lists every violation by key."""


def has_shape(name: str, table: pd.DataFrame) -> bool:
    """Whether a table has its schema's columns, in order, with their types: the cheap part of
    :func:`validate`, for a table read back whose bytes its manifest's hash vouches for (they
    were validated whole when written)."""
    expected = _dtype_names(name)
    return list(table.columns) == list(expected) and all(
        table[column].dtype.name == kind for column, kind in expected.items())


@functools.cache
def _dtype_names(name: str) -> dict[str, str]:
    """Each column's pandas dtype name ("string" whatever its storage, "Int64", "boolean")."""
    return {column: pd.api.types.pandas_dtype(str(spec.dtype)).name
            for column, spec in SCHEMAS[name].columns.items()}


def validate(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its schema (all violations at once); raise :class:`SchemaViolation`."""
    schema = SCHEMAS[name]
    try:
        return schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise SchemaViolation(describe(name, table, exc.failure_cases)) from None


_CHECK_WORDS = {"str_matches": "not in the allowed form", "isin": "not an allowed value",
                "not_nullable": "missing (NA) but required", "greater_than_or_equal_to": "too small",
                "dtype": "wrong type", "column_in_dataframe": "column missing",
                "column_in_schema": "column not in the schema"}


def describe(name: str, table: pd.DataFrame, cases: pd.DataFrame, limit: int = 12) -> str:
    """One line naming the table, then each violation: column, check, value and the row's key."""
    columns = key(name)
    problems = []
    for case in cases.to_dict("records"):
        index = case.get("index")
        where = ""
        if index is not None and not pd.isna(index) and index in table.index:
            row = table.loc[index]
            where = " at " + ", ".join(f"{c}={row[c]!s}" for c in columns if c in table.columns)
        check = str(case.get("check"))
        if check == "multiple_fields_uniqueness":
            problems.append(f"key ({', '.join(columns)}) repeated{where}")
            continue
        check = _CHECK_WORDS.get(check.split("(", 1)[0], check)
        column = case.get("column") or "(table)"
        problems.append(f"column {column}: {check}: {case.get('failure_case')!s}{where}")
    problems = list(dict.fromkeys(problems))
    more = f"; … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"table {name} breaks its schema: " + "; ".join(problems[:limit]) + more
