"""One value per indicator (report/content/indicator_value.py): the value every page and chart
shows, its provenance and the one ⚠ rule, on the seed report (Ban Dân tộc, 2023-H1) whose row
7.6.3[1] writes "681/712 đạt tỷ lệ 95,7 %" (681/712 = 95,6460…%, typed by hand) and whose
errors and warnings rest on that row. Expected values are typed by hand."""

from __future__ import annotations

import re

import pytest

from cchc_analysis.report.content import indicator_value, model, overview, province, slices
from cchc_analysis.report.page import html as page
from cchc_analysis.store import open_store

AGENCY, PERIOD, PROVINCE = "Ban Dân tộc", "2023-H1", "Khánh Hòa"
NBSP = "\u00a0"
SHARE = "docs_electronic_share"
#: 681/712 worked by hand: 681 × 100 / 712 = 95,646067…
BY_HAND = 95.646067


@pytest.fixture(scope="module")
def seed(seed_store):
    store = open_store(seed_store)
    return store, model.build(store, AGENCY, PERIOD)


def test_counts_and_a_stated_rate_that_disagree_show_the_counts_and_note_the_rate():
    shown = indicator_value.decide(95.7, 681, 712, 1)
    assert shown["value"] == pytest.approx(BY_HAND, abs=1e-6)
    assert (shown["provenance"], shown["stated"], shown["warn"]) == ("differs", 95.7, False)
    assert indicator_value.note(shown) == f"cơ quan ghi 95,7{NBSP}%"
    assert indicator_value.label(shown["value"], "%") == f"95,6{NBSP}%"


def test_provenance_when_they_agree_or_one_is_missing():
    assert indicator_value.decide(98.75, 790, 800, 2)["provenance"] == "both"  # 790/800 = 98,75
    assert indicator_value.decide(97.6, None, None, 1)["value"] == 97.6
    assert indicator_value.decide(97.6, None, None, 1)["provenance"] == "stated"
    alone = indicator_value.decide(None, 20, 30)
    assert (alone["provenance"], round(alone["value"], 4)) == ("recomputed", 66.6667)
    nothing = indicator_value.decide(None, 5, 0)  # a zero denominator is no value, not 0
    assert (nothing["value"], nothing["provenance"]) == (None, None)
    assert indicator_value.note(indicator_value.decide(98.75, 790, 800, 2)) is None


def test_the_warn_rule_is_a_caution_with_findings_or_a_contradiction():
    assert indicator_value.warns({"findings": [61], "narrative": [], "errors": 1})
    assert indicator_value.warns({"findings": [], "narrative": [64], "errors": 0})
    assert not indicator_value.warns(None)
    assert not indicator_value.warns({"findings": [], "narrative": [], "errors": 0})
    assert indicator_value.label(95.646, "%", warn=True) == f"95,6{NBSP}% ⚠"


def test_the_seed_shows_one_value_for_the_electronic_share_on_its_page(seed):
    _, built = seed
    sections = built.model["sections"]
    row = next(r for r in sections["key_indicators"]["rows"] if r["indicator_id"] == SHARE)
    assert row["shown"]["value"] == pytest.approx(BY_HAND, abs=1e-6)
    assert (row["shown"]["provenance"], row["shown"]["stated"], row["shown"]["warn"]) == (
        "differs",
        95.7,
        True,
    )
    chart = next(c for c in sections["key_indicators"]["charts"] if row["name"] in c["labels"])
    at = chart["labels"].index(row["name"])
    assert chart["values"][at] == pytest.approx(BY_HAND, abs=1e-6) and chart["marks"][at] is True
    # the section chart no longer draws the stated 95,7 % beside it
    drawn = [v for c in model.charts_of(sections["domains"]) for v in c["values"]]
    assert 95.7 not in drawn
    html = str(page.Page(built).section("key_indicators"))
    assert f"95,6{NBSP}%" in html and f"cơ quan ghi 95,7{NBSP}%" in html
    assert f">95,6{NBSP}% ⚠</text>" in built.svgs[chart["id"]].decode()


def test_the_warn_mark_is_the_same_on_the_agency_page_the_overview_and_the_province_page(seed):
    store, built = seed
    agency_rows = {r["indicator_id"]: r for r in built.model["sections"]["key_indicators"]["rows"]}
    marked = {i for i, r in agency_rows.items() if r["shown"]["warn"]}
    # 681/712 (errors on row 7.6.3[1]), 73/96 (the narrative says 100 %), 1/16 (a stale year)
    assert marked == {SHARE, "province_on_time_rate", "staff_reduction_rate"}
    seen = overview.build(store, PERIOD).model["sections"]["indicators"]["rows"]
    assert {r["indicator_id"] for r in seen if indicator_value.warns(r["cautions"][AGENCY])} == marked
    shown = province.build(slices.ProvinceStore(store, PROVINCE), PERIOD)
    rows = shown.model["sections"]["key_indicators"]["rows"]
    assert {r["indicator_id"] for r in rows if indicator_value.warns(r["cautions"][AGENCY])} == marked
    html = str(page.Page(shown).section("key_indicators"))
    agency_row = next(line for line in html.splitlines() if line.startswith(f"<tr><td>{AGENCY}</td>"))
    assert re.search(rf"95,6{NBSP}%<span class=\"flag\"[^>]*>&#x26A0;</span>", agency_row)
    assert agency_row.count('class="flag"') == len(marked & {r["indicator_id"] for r in rows})
