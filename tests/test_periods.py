"""Periods: the grammar of period statements (every form → period and rule), property tests that
write each period in each form and read it back, canonical codes, ordering, previous periods.

Expectations are typed by hand: each statement as a clerk writes it → the canonical period and
the grammar rule (parse/period_grammar.py) that must read it.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_analysis.parse.period_grammar import find_period, read, read_period, reported
from cchc_analysis.parse.periods import Period, parse_period
from cchc_analysis.store.schemas import PERIOD_RULES

#: (statement, period, rule) — period None: a reporting window that fits no period.
STATEMENTS = [
    # month counts in digits
    ("6 tháng đầu năm 2024", "2024-H1", "phrase"),
    ("06 tháng đầu năm 2024", "2024-H1", "phrase"),
    ("6 tháng năm 2022", "2022-H1", "phrase"),
    ("6 tháng cuối năm 2023", "2023-H2", "phrase"),
    ("06 tháng cuối năm 2023", "2023-H2", "phrase"),
    ("9 tháng năm 2024", "2024-9M", "phrase"),
    ("09 tháng năm 2024", "2024-9M", "phrase"),
    ("9 tháng đầu năm 2024", "2024-9M", "phrase"),
    ("09 tháng đầu năm 2024", "2024-9M", "phrase"),
    ("3 tháng đầu năm 2024", "2024-Q1", "phrase"),
    ("03 tháng năm 2024", "2024-Q1", "phrase"),
    ("3 tháng cuối năm 2024", "2024-Q4", "phrase"),
    ("12 tháng năm 2024", "2024", "phrase"),
    # month counts in words, halves, the whole year
    ("sáu tháng đầu năm 2024", "2024-H1", "phrase_words"),
    ("Sáu tháng cuối năm 2024", "2024-H2", "phrase_words"),
    ("chín tháng năm 2024", "2024-9M", "phrase_words"),
    ("chín tháng đầu năm 2024", "2024-9M", "phrase_words"),
    ("ba tháng đầu năm 2025", "2025-Q1", "phrase_words"),
    ("mười hai tháng năm 2024", "2024", "phrase_words"),
    ("nửa đầu năm 2024", "2024-H1", "phrase_words"),
    ("nửa cuối năm 2024", "2024-H2", "phrase_words"),
    ("cả năm 2024", "2024", "phrase_words"),
    # quarters
    ("Quý I/2024", "2024-Q1", "quarter_roman"),
    ("quý I năm 2024", "2024-Q1", "quarter_roman"),
    ("quý II - 2024", "2024-Q2", "quarter_roman"),
    ("Quý II-2024", "2024-Q2", "quarter_roman"),
    ("quý III năm 2023", "2023-Q3", "quarter_roman"),
    ("QUÝ III/2024", "2024-Q3", "quarter_roman"),
    ("Quý IV năm 2024", "2024-Q4", "quarter_roman"),
    ("QUÝ IV NĂM 2024", "2024-Q4", "quarter_roman"),
    ("quý IV, năm 2024", "2024-Q4", "quarter_roman"),
    ("quý 1 năm 2024", "2024-Q1", "quarter_arabic"),
    ("Quý 2/2024", "2024-Q2", "quarter_arabic"),
    ("quý 03 năm 2024", "2024-Q3", "quarter_arabic"),
    ("quý 4 - 2024", "2024-Q4", "quarter_arabic"),
    ("quý một năm 2024", "2024-Q1", "quarter_words"),
    ("quý bốn năm 2024", "2024-Q4", "quarter_words"),
    # the bare year
    ("năm 2024", "2024", "year"),
    ("NĂM 2023", "2023", "year"),
    # capitals, NFD, spaces, line breaks
    ("6 THÁNG ĐẦU NĂM 2024", "2024-H1", "phrase"),
    ("SÁU THÁNG ĐẦU NĂM 2024", "2024-H1", "phrase_words"),
    ("CHÍN THÁNG NĂM 2024", "2024-9M", "phrase_words"),
    (unicodedata.normalize("NFD", "sáu tháng đầu năm 2024"), "2024-H1", "phrase_words"),
    (unicodedata.normalize("NFD", "Quý IV năm 2024"), "2024-Q4", "quarter_roman"),
    ("6  tháng   đầu  năm  2024", "2024-H1", "phrase"),
    ("công tác cải cách hành chính 6 tháng\nđầu năm 2024", "2024-H1", "phrase"),
    ("chín\ntháng năm\n2024", "2024-9M", "phrase_words"),
    # calendar windows
    ("từ ngày 01/01/2024 đến ngày 31/3/2024", "2024-Q1", "window_calendar"),
    ("từ 01/4/2024 đến 30/6/2024", "2024-Q2", "window_calendar"),
    ("từ ngày 1/7/2024 đến ngày 30/9/2024", "2024-Q3", "window_calendar"),
    ("từ 01/10/2024 - 31/12/2024", "2024-Q4", "window_calendar"),
    ("từ ngày 01/01/2024 đến hết ngày 30/6/2024", "2024-H1", "window_calendar"),
    ("từ 01/7/2024 đến 31/12/2024", "2024-H2", "window_calendar"),
    ("từ ngày 01/01/2024 đến ngày 30/09/2024", "2024-9M", "window_calendar"),
    ("từ ngày 01/01/2024 đến ngày 31/12/2024", "2024", "window_calendar"),
    # the data cut-off windows of Decree 09/2019/NĐ-CP art. 12
    ("từ ngày 15/12/2023 đến ngày 14/3/2024", "2024-Q1", "window_nd09"),
    ("từ 15/3/2024 đến 14/6/2024", "2024-Q2", "window_nd09"),
    ("từ ngày 15/06/2024 đến ngày 14/09/2024", "2024-Q3", "window_nd09"),
    ("từ 15/9/2024 - 14/12/2024", "2024-Q4", "window_nd09"),
    ("kỳ báo cáo từ 15/12/2023 đến 14/6/2024", "2024-H1", "window_nd09"),
    ("từ ngày 15/6/2024 đến hết ngày 14/12/2024", "2024-H2", "window_nd09"),
    ("từ 15/12/2023 đến 14/9/2024", "2024-9M", "window_nd09"),
    ("từ ngày 15/12/2023 đến ngày 14/12/2024", "2024", "window_nd09"),
    ("từ ngày 15 tháng 12 năm 2023 đến ngày 14 tháng 6 năm 2024", "2024-H1", "window_nd09"),
    ("(15/12/2023 - 14/3/2024)", "2024-Q1", "window_nd09"),
    # windows that fit no period: kept, flagged, never guessed
    ("từ ngày 01/02/2024 đến ngày 31/5/2024", None, "window"),
    ("từ 16/12/2023 đến 14/6/2024", None, "window"),
    ("từ 01/01/2024 đến 29/6/2024", None, "window"),
    ("từ 15/12/2023 đến 31/02/2024", None, "window"),
]


@pytest.mark.parametrize("text,period,rule", STATEMENTS)
def test_every_form_of_statement(text, period, rule):
    (found,) = reported(text)
    assert (None if found.period is None else str(found.period), found.rule) == (period, rule)


@pytest.mark.parametrize(
    "text",
    [
        "Khánh Hòa, ngày 15 tháng 6 năm 2024",  # a date, not the year 2024
        "ngày 30/6/2024",
        "số liệu tháng 6/2024",
        "tháng 12 năm 2023",
        "giai đoạn 2021-2025",
        "năm 2021 - 2025",  # a span of years
        "giai đoạn từ 01/01/2021 đến 31/12/2025",  # a span of years is no reporting window
        "năm học 2023-2024",
        "9 tháng cuối năm 2024",  # no period of the template
        "Báo cáo công tác cải cách hành chính",
    ],
)
def test_what_is_no_statement(text):
    assert [f for f in read(text) if f.period is not None] == []


@pytest.mark.parametrize(
    "text,roles",
    [
        (
            "Tình hình thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023 và phương hướng, "
            "nhiệm vụ 6 tháng cuối năm 2023",
            [("2023-H1", "reported"), ("2023-H2", "plan")],
        ),
        (
            "Kết quả CCHC quý I năm 2023 và nhiệm vụ trọng tâm quý II năm 2023",
            [("2023-Q1", "reported"), ("2023-Q2", "plan")],
        ),
        (
            "Báo cáo CCHC 6 tháng đầu năm 2024, phương hướng nhiệm vụ 6 tháng cuối năm 2024",
            [("2024-H1", "reported"), ("2024-H2", "plan")],
        ),
        ("Báo cáo CCHC năm 2024 và kế hoạch năm 2025", [("2024", "reported"), ("2025", "plan")]),
        ("Báo cáo kết quả thực hiện nhiệm vụ CCHC quý I năm 2024", [("2024-Q1", "reported")]),
        (
            "Kết quả CCHC quý I năm 2024 so với cùng kỳ năm 2023",
            [("2024-Q1", "reported"), ("2023", "compared")],
        ),
    ],
)
def test_plan_and_comparison_are_told_by_grammar(text, roles):
    assert [(str(f.period), f.role) for f in read(text)] == roles


def test_running_text_states_a_period_with_its_reporting_verb():
    text = (
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 12/01/2023 của UBND huyện về cải cách hành chính "
        "năm 2023; Công văn số 9/SNV ngày 02/01/2023 về việc báo cáo CCHC năm 2022, UBND "
        "huyện báo cáo tình hình thực hiện công tác cải cách hành chính sáu tháng đầu năm "
        "2023 như sau:"
    )
    assert [str(f.period) for f in reported(text, verb=True)] == ["2023-H1"]
    assert [str(f.period) for f in reported("Kỳ báo cáo: Quý III/2024", verb=True)] == ["2024-Q3"]


def test_find_and_read_period():
    assert find_period("Báo cáo công tác cải cách hành chính") is None
    assert find_period("Báo cáo CCHC năm 2023 và phương hướng năm 2024") == Period(2023, "Y")
    assert read_period("2024-H1") == (Period(2024, "H1"), "canonical")
    assert read_period("sáu tháng đầu năm 2024") == (Period(2024, "H1"), "phrase_words")
    with pytest.raises(ValueError, match="is not a period"):
        read_period("H1 2024")


def test_rule_tokens_are_the_stores():
    rules = {rule for _, period, rule in STATEMENTS if period is not None} | {"canonical"}
    assert rules == set(PERIOD_RULES)


# ---------------------------------------------------------------- written, then read back
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn"}


def _forms(period: Period) -> list[tuple[str, str]]:
    """Every way the grammar promises to read ``period`` (text, rule), written from the period."""
    y, kind = period.year, period.kind
    forms: list[tuple[str, str]] = []
    if kind.startswith("Q"):
        n = int(kind[1])
        forms += [
            (f"Quý {_ROMAN[n]}/{y}", "quarter_roman"),
            (f"quý {_ROMAN[n]} năm {y}", "quarter_roman"),
            (f"quý {_ROMAN[n]} - {y}", "quarter_roman"),
            (f"Quý {n} năm {y}", "quarter_arabic"),
            (f"quý 0{n}/{y}", "quarter_arabic"),
            (f"quý {_WORDS[n]} năm {y}", "quarter_words"),
        ]
    months = {
        "Q1": ("3", "03", "ba", "đầu"),
        "Q4": ("3", "03", "ba", "cuối"),
        "H1": ("6", "06", "sáu", "đầu"),
        "H2": ("6", "06", "sáu", "cuối"),
        "9M": ("9", "09", "chín", "đầu"),
        "Y": ("12", "12", "mười hai", ""),
    }
    if kind in months:
        short, padded, word, half = months[kind]
        words = f"{half} năm" if half else "năm"
        forms += [
            (f"{short} tháng {words} {y}", "phrase"),
            (f"{padded} tháng {words} {y}", "phrase"),
            (f"{word} tháng {words} {y}", "phrase_words"),
        ]
        if half != "cuối":
            forms.append((f"{short} tháng năm {y}", "phrase"))
    if kind in ("H1", "H2"):
        forms.append((f"nửa {'đầu' if kind == 'H1' else 'cuối'} năm {y}", "phrase_words"))
    if kind == "Y":
        forms += [(f"năm {y}", "year"), (f"cả năm {y}", "phrase_words")]
    cut_start = (period.start - timedelta(days=1)).replace(day=15)
    for start, end, rule in (
        (period.start, period.end, "window_calendar"),
        (cut_start, period.end.replace(day=14), "window_nd09"),
    ):
        for form in ("từ ngày {a} đến ngày {b}", "từ {a} - {b}", "từ {a} đến hết ngày {b}"):
            for write in (_padded, _short):
                forms.append((form.format(a=write(start), b=write(end)), rule))
    return forms


def _padded(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _short(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


_PERIODS = st.builds(
    Period, st.integers(1990, 2099), st.sampled_from(["Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y"])
)


@given(_PERIODS, st.data())
def test_every_period_written_in_every_form_reads_back(period, data):
    text, rule = data.draw(st.sampled_from(_forms(period)))
    if data.draw(st.booleans()):
        text = text.upper()
    if data.draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    spaces = data.draw(st.lists(st.sampled_from([" ", "  ", "\n", " \n "]), min_size=40, max_size=40))
    text = "".join(
        part + (spaces[i % 40] if i < len(text.split(" ")) - 1 else "")
        for i, part in enumerate(text.split(" "))
    )
    title = f"Báo cáo kết quả công tác cải cách hành chính {text}"
    if data.draw(st.booleans()):  # the plan half never changes the period reported
        title += f" và phương hướng, nhiệm vụ {period.previous().year_before().label}"
    found = reported(title)[0]
    assert (found.period, found.rule) == (period, rule)


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


@pytest.mark.parametrize(
    "outer,inner,covers",
    [
        ("2023-H2", "2023-Q3", True),
        ("2023-H2", "2023-Q4", True),
        ("2023-H2", "2023-Q2", False),
        ("2023", "2023-9M", True),
        ("2023-9M", "2023-H1", True),
        ("2023-9M", "2023-Q4", False),
        ("2023-H1", "2023-H1", True),
        ("2023-Q3", "2023-H2", False),
        ("2023", "2022-Q4", False),
    ],
)
def test_periods_nest(outer, inner, covers):
    assert parse_period(outer).covers(parse_period(inner)) is covers
