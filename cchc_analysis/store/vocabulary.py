"""The allowed values of the store's columns: readers, origins, period rules, flags, domains,
severities, roles, kinds… — one place each, read by the table schemas (:mod:`table_schemas`)
and by every stage that writes those values."""

from __future__ import annotations

from cchc_analysis.parse.names import EVIDENCE

SCHEMA_VERSION = 9

PERIOD_PATTERN = r"^\d{4}(?:-(?:Q[1-4]|H[12]|9M))?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
READERS = ("text", "docx", "xlsx", "pdf", "image")
#: Where an agency or period came from, strongest first (see parse/metadata.py); "text": a
#: province only the running text names (the roster outranks it).
ORIGINS = ("option", "sidecar", "report", "letterhead", "roster", "text")
#: How a report's agency matched the roster: ``EVIDENCE`` of parse/names.py; NA without a roster.
ROSTER_MATCHES = EVIDENCE
#: The grammar rule that read the stored period (``sources.period_rule``; parse/period_grammar.py).
PERIOD_RULES = (
    "canonical",
    "phrase",
    "phrase_words",
    "quarter_roman",
    "quarter_arabic",
    "quarter_words",
    "year",
    "window_calendar",
    "window_nd09",
)
#: Machine tokens for what the parser concluded about an appendix row (``observations.flags``).
FLAGS = (
    "null_token",  # "-", "x", "…": written but meaning blank
    "unreadable",  # a value that is not a Vietnamese number: kept raw, value NA
    "spaced_decimal",  # "4, 3": the space after the decimal comma removed
    "rate_with_counts",  # "681/712 đạt tỷ lệ 95,7 %": value, numerator, denominator
    "counts_without_rate",  # "681/712": numerator and denominator, no value
    "value_in_unit_column",  # a figure typed in "Đơn vị tính"
    "value_from_unit_column",  # ... and taken as the value (a rate, the value cell blank)
    "unit_rate_differs",  # the rate in the unit column differs from the value
    "unit_is_text",  # a sentence in the unit column: kept as a note, no unit
    "coded_word",  # "Có" under "Chưa = 0 Có = 1" read as its code
    "html_aside",  # <i>…</i> text moved from the label to the note
    "html_removed",  # other HTML tags removed from the label
    "label_addition",  # the agency's additions after " - " moved to the note
    "stt_not_code",  # an STT cell that is not a template number
    "orphan_sub_row",  # a sub-row before any coded row
    "unbulleted_sub_row",  # a row without STT and without "- "
    "implementer_is_text",  # a sentence in "Đơn vị thực hiện": kept as a note
    "ocr",  # read by OCR from a scan (its confidence in ``ocr_confidence``)
    "ocr_low_confidence",  # ... a cell below the threshold: a figure kept raw (value NA), an STT noted
    "ocr_letter_for_digit",  # ... a figure with O/o/I/l among its digits: kept raw, not repaired
    "ocr_code",  # ... an STT that is no template code fitting the order (or lost): the row placed by
    # its label, or kept as read; the code as read in ``code_read`` (derive/ocr_codes.py)
    "unit_in_value",  # "1.204 hồ sơ": a unit written after the count (the row's own, or
    # lower-case Vietnamese words when the row has none); value read
    "footnote_marker",  # "15*", "15 (*)", "15¹": the footnote mark left out, value read
)
DOMAIN_IDS = (
    "chi_dao_dieu_hanh",
    "the_che",
    "thu_tuc_hanh_chinh",
    "to_chuc_bo_may",
    "che_do_cong_vu",
    "tai_chinh_cong",
    "chinh_quyen_so",
)
MATCH_KINDS = ("label", "alias", "folded", "code")
SEVERITIES = ("error", "warning", "info")


#: A finding's rule id: the store checks its form; which ids exist is the derive stage's registry
#: (derive/checks), which only findings made by a registered rule reach (tests/test_rules.py).
RULE_ID = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
#: Why an indicator is NA (``indicators.reason``).
REASONS = ("missing_row", "blank_input", "unreadable_input", "zero_denominator", "rate_without_counts")
#: What an input is to an indicator or a finding.
ROLES = ("numerator", "denominator", "stated", "total", "part", "left", "right", "row", "claim")
EVIDENCE_TABLES = ("observations", "claims")
#: What an observation is to a province's roll-up figure (``rollup_inputs.role``).
ROLLUP_ROLES = ("summed", "answer", "numerator", "denominator", "stated")
#: Why an observation of a roll-up figure was left out of its sum (``rollup_inputs.excluded``):
#: the template row is one an agency fills with its own internals (catalog/scope.csv); the
#: observation is written in another unit than its template row (finding ``unit_mismatch``).
ROLLUP_EXCLUSIONS = ("agency_internal", "unit_mismatch")
#: A roll-up row of the template, or a derived indicator recomputed for the province.
ROLLUP_LEVELS = ("template", "indicator")
KINDS = ("heading", "count", "rate", "code", "money", "text")
CLAIM_TOPICS = (
    "tasks",
    "dossiers",
    "procedures",
    "documents",
    "legal_documents",
    "staff",
    "articles",
    "equipment",
    "other",
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
