"""The register of cited documents, checked against counts made by hand from the seed narrative."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_analysis.derive.documents import agency_code_from, register, unique_documents
from cchc_analysis.parse.narrative import blocks
from cchc_analysis.parse.periods import Period
from cchc_analysis.sources.model import Paragraph

H1_2023 = Period(2023, "H1")


@pytest.fixture(scope="module")
def records(seed_report):
    return register(blocks(seed_report.paragraphs), "BDT", H1_2023)


def _find(records, symbol):
    return [r for r in records if r["symbol"] == symbol]


def _para(*texts):
    return blocks([Paragraph(text, f"line {i + 1}") for i, text in enumerate(texts)])


# Hand count, reading narrative lines 1–170 and listing every "type (số) symbol" citation:
# line 7: 1 · 13: 2 · 15: 6 · 19–21: 7 (12-CTr/TU twice, once without a date) · 23: 4 ·
# 29: 5 · 41: 4 · 43: 1 · 51: 1 · 59: 3 (the two Luật cited by name only do not count) ·
# 61: 1 · 65, 67, 69, 71–73, 75, 77, 79: 1 each = 7 · 87: 2 · 93 (heading b): 1 · 95: 4 ·
# 97: 1 · 99: 2 · 109: 1 · 117: 2 · 121: 1 · 125: 1 · 135: 2 · 137: 2 · 143: 1 · 151: 2
# = 64 citations.
HAND_CITATIONS = 64
# Repeats among them: 03/KH-BDT (15, 125), 07/QĐ-BDT (15, 87), 24/QĐ-BDT (15, 43),
# 12-CTr/TU (19 twice), 10316/KH-UBND (19, 29, 137 spelt "KHUBND"), 26/CT-TTg (19, 29),
# 06/CT-UBND (29, 137), 10583/KH-UBND (93, 95 twice, 135), 12/2018/QĐ-TTg (99 twice, 151):
# 1+1+1+1+2+1+1+3+2 = 13 repeats, so 64 - 13 = 51 distinct documents.
HAND_UNIQUE = 51
# Issued by BDT (symbol "…/QĐ-BDT", "…/KH-BDT", "…/BC-BDT" or a letter "…/BDT-…"), all dated
# between 04/01/2023 and 06/6/2023: Quyết định 02, 35, 06, 07, 16, 24, 12, 28, 30, 31 (10);
# Kế hoạch 01, 03, 04, 02, 11, 17 (6); Báo cáo 02 (1); Công văn 489, 46, 418 (3) = 20.
HAND_BDT_IN_H1 = 20


def test_counts_made_by_hand(records):
    unique = unique_documents(records)
    assert len(records) == HAND_CITATIONS
    assert len(unique) == HAND_UNIQUE
    assert sum(1 for r in unique if r["issued_by_agency"] and r["in_period"]) == HAND_BDT_IN_H1


def test_plan_decision_is_the_agencys_own_and_in_period(records):
    (record,) = _find(records, "02/QĐ-BDT")
    assert record["doc_type"] == "Quyết định"
    assert record["number"] == "02"
    assert record["issuer_code"] == "BDT"
    assert record["date"] == "2023-01-11"
    assert record["section_id"] == "I.1"
    assert record["locator"] == "line 13"
    assert record["issued_by_agency"] is True
    assert record["in_period"] is True


def test_provincial_programme_is_neither_own_nor_in_period(records):
    (record,) = _find(records, "4831/QĐ-UBND")
    assert record["issuer_code"] == "UBND"
    assert record["date"] == "2021-12-24"
    assert record["section_id"] == "I.2"
    assert record["issued_by_agency"] is False
    assert record["in_period"] is False


def test_spaces_in_a_symbol_are_normalised_and_the_raw_text_kept(records):
    (record,) = _find(records, "530/UBND-TH")
    assert record["doc_type"] == "Công văn"
    assert record["issuer_code"] == "UBND"
    assert record["citation"] == "Công văn số 530/UBND - TH ngày 16/01/2023"


def test_citation_without_so_and_without_date(records):
    (record,) = _find(records, "1085/QĐ-TTg")
    assert record["citation"] == "Quyết định 1085/QĐ-TTg"
    assert record["issuer_code"] == "TTg"
    assert record["date"] is None
    assert record["in_period"] is None
    (first, *_rest) = _find(records, "10316/KH-UBND")
    assert first["citation"] == "Kế hoạch 10316/KH-UBND ngày 22/12/2016"


def test_drafting_office_is_not_the_issuer(records):
    (record,) = _find(records, "1958/UBND-KSTT")
    assert (record["issuer_code"], record["section_id"]) == ("UBND", "0")
    assert record["date"] == "2022-03-09"


def test_symbols_with_year_and_party_symbols(records):
    (resolution,) = _find(records, "03/2023/NQ-HĐND")
    assert (resolution["doc_type"], resolution["number"], resolution["issuer_code"]) == (
        "Nghị quyết",
        "03/2023",
        "HĐND",
    )
    assert _find(records, "42/2022/NĐ-CP")[0]["issuer_code"] == "CP"
    assert _find(records, "4116/BC-ĐKT")[0]["issuer_code"] == "ĐKT"
    assert _find(records, "1039/VPUBND-KSTT")[0]["issuer_code"] == "VPUBND"
    programme = _find(records, "12-CTr/TU")
    assert [r["doc_type"] for r in programme] == ["Chương trình hành động"] * 2
    assert [r["issuer_code"] for r in programme] == ["TU", "TU"]
    assert [r["date"] for r in programme] == ["2017-03-31", None]


def test_type_code_glued_to_the_issuer_is_recognised(records):
    typo = [r for r in _find(records, "10316/KH-UBND") if "KHUBND" in r["citation"]]
    assert [(r["issuer_code"], r["section_id"], r["locator"]) for r in typo] == [("UBND", "IV", "line 137")]


def test_decision_cited_twice_is_one_document(records):
    cited = _find(records, "24/QĐ-BDT")
    assert [r["section_id"] for r in cited] == ["I.1", "I.3"]
    (row,) = _find(unique_documents(records), "24/QĐ-BDT")
    assert row["citations"] == 2
    assert row["section_id"] == "I.1"


def test_unique_row_takes_the_date_from_a_dated_citation(records):
    (row,) = _find(unique_documents(records), "12-CTr/TU")
    assert (row["citations"], row["date"], row["in_period"]) == (2, "2017-03-31", False)


def test_laws_named_without_a_number_are_not_registered(records):
    assert not [r for r in records if r["doc_type"] == "Luật"]


def test_law_with_a_number_is_registered():
    (record,) = register(
        _para("Căn cứ Luật số 80/2015/QH13 ngày 22 tháng 6 năm 2015; Luật ngân sách."), None, None
    )
    assert (record["doc_type"], record["number"]) == ("Luật", "80/2015")
    assert record["issuer_code"] == "QH13"
    assert record["date"] == "2015-06-22"
    assert record["issued_by_agency"] is None and record["in_period"] is None


def test_agency_code_from_the_appendix_heading(seed_report):
    assert agency_code_from(seed_report.appendix_heading, []) == "BDT"


def test_agency_code_fallback_counts_what_the_agency_says_it_issued(seed_report):
    cited = register(blocks(seed_report.paragraphs), None, H1_2023)
    assert agency_code_from([], cited) == "BDT"
    assert agency_code_from([], []) is None


def test_period_bounds():
    assert (H1_2023.start, H1_2023.end) == (date(2023, 1, 1), date(2023, 6, 30))
    q1 = Period(2024, "Q1")
    assert (q1.start, q1.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert q1.contains(date(2024, 2, 29)) and not q1.contains(date(2024, 4, 1))
    assert Period(2023, "9M").end == date(2023, 9, 30) and Period(2023, "Y").end == date(2023, 12, 31)
