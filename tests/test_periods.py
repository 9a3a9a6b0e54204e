"""Periods: Vietnamese phrases → canonical codes, ordering, previous and year-before periods."""
from __future__ import annotations

import pytest

from cchc_analysis.parse.periods import Period, find_period, parse_period

PHRASES = [
    ("Tình hình thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023 và phương hướng, "
     "nhiệm vụ 6 tháng cuối năm 2023", "2023-H1"),
    ("Báo cáo công tác CCHC 6 tháng cuối năm 2023", "2023-H2"),
    ("Báo cáo CCHC Quý I/2023", "2023-Q1"),
    ("BÁO CÁO CCHC QUÝ III NĂM 2024", "2024-Q3"),
    ("Kết quả CCHC quý 2 năm 2023", "2023-Q2"),
    ("Báo cáo kết quả CCHC 9 tháng năm 2023", "2023-9M"),
    ("Báo cáo kết quả CCHC 9 tháng đầu năm 2023", "2023-9M"),
    ("Báo cáo công tác CCHC năm 2023 và phương hướng năm 2024", "2023"),
    ("6 tháng năm 2022", "2022-H1"),
]


@pytest.mark.parametrize("text,code", PHRASES)
def test_find_period(text, code):
    assert str(find_period(text)) == code


def test_no_period():
    assert find_period("Báo cáo công tác cải cách hành chính") is None


@pytest.mark.parametrize("code", ["2023-Q1", "2023-Q4", "2023-H1", "2023-H2", "2023-9M", "2023"])
def test_canonical_roundtrip(code):
    assert str(parse_period(code)) == code


def test_parse_rejects_nonsense_with_the_accepted_forms():
    with pytest.raises(ValueError, match="2023-H1"):
        parse_period("H1 2023")


@pytest.mark.parametrize(
    "code,previous,year_before",
    [
        ("2023-H1", "2022-H2", "2022-H1"),
        ("2023-H2", "2023-H1", "2022-H2"),
        ("2023-Q1", "2022-Q4", "2022-Q1"),
        ("2023-Q3", "2023-Q2", "2022-Q3"),
        ("2023-9M", "2022-9M", "2022-9M"),
        ("2023", "2022", "2022"),
    ],
)
def test_previous_and_year_before(code, previous, year_before):
    period = parse_period(code)
    assert str(period.previous()) == previous
    assert str(period.year_before()) == year_before


def test_ordering_and_labels():
    codes = ["2023", "2023-H2", "2023-Q1", "2022-H2", "2023-H1", "2023-9M"]
    ordered = sorted((parse_period(c) for c in codes), key=lambda p: p.sort_key)
    assert [str(p) for p in ordered] == ["2022-H2", "2023-Q1", "2023-H1", "2023-9M", "2023-H2", "2023"]
    assert Period(2023, "H1").label == "6 tháng đầu năm 2023"
    assert Period(2023, "Q3").label == "Quý III/2023"


@pytest.mark.parametrize("outer,inner,covers", [
    ("2023-H2", "2023-Q3", True), ("2023-H2", "2023-Q4", True), ("2023-H2", "2023-Q2", False),
    ("2023", "2023-9M", True), ("2023-9M", "2023-H1", True), ("2023-9M", "2023-Q4", False),
    ("2023-H1", "2023-H1", True), ("2023-Q3", "2023-H2", False), ("2023", "2022-Q4", False),
])
def test_periods_nest(outer, inner, covers):
    assert parse_period(outer).covers(parse_period(inner)) is covers
