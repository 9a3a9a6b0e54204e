"""Vietnamese values: a unit table written by hand, one row per way agencies write figures."""

from __future__ import annotations

import math

import pytest

from cchc_analysis.parse.numbers import read_codes, read_unit, read_value
from cchc_analysis.shared.cleaning import clean_text

# raw cell → (value, numerator, denominator, percent, note contains)
VALUES = [
    ("5,88", 5.88, None, None, False, ""),
    ("1.402", 1402.0, None, None, False, ""),
    ("1.402,5", 1402.5, None, None, False, ""),
    ("01", 1.0, None, None, False, ""),
    ("0", 0.0, None, None, False, ""),
    ("95,7 %", 95.7, None, None, True, ""),
    ("95,7%", 95.7, None, None, True, ""),
    ("4, 3%", 4.3, None, None, True, "bỏ khoảng trắng sau dấu phẩy"),
    ("100", 100.0, None, None, False, ""),
    ("\u00a002\u00a0", 2.0, None, None, False, ""),
    ("681/712 đạt tỷ lệ 95,7 %", 95.7, 681.0, 712.0, True, ""),
    ("31/712 đạt tỷ lệ 4, 3%", 4.3, 31.0, 712.0, True, "bỏ khoảng trắng sau dấu phẩy"),
    ("3/3", None, 3.0, 3.0, False, "không ghi tỷ lệ"),
    ("", None, None, None, False, ""),
    ("   ", None, None, None, False, ""),
    ("-", None, None, None, False, "được coi là ô trống"),
    ("1.5", None, None, None, False, "không đọc được số liệu “1.5”"),
    ("khoảng 3", None, None, None, False, "không đọc được số liệu"),
]


@pytest.mark.parametrize("raw,value,num,den,percent,note", VALUES)
def test_read_value(raw, value, num, den, percent, note):
    reading = read_value(raw)
    if value is None:
        assert reading.value is None
    else:
        assert math.isclose(reading.value, value)
    assert reading.numerator == num
    assert reading.denominator == den
    assert reading.percent is percent
    assert note in reading.note
    if not note:
        assert reading.note == ""


@pytest.mark.parametrize(
    "raw,value",
    [
        ("5", 5.0),
        ("05", 5.0),
        ("1.402", 1402.0),
        ("1.402.000", 1402000.0),
        ("5,88", 5.88),
        ("95,7 %", 95.7),
        ("95,7%", 95.7),
        ("-3", -3.0),  # a negative figure is read; checks flag it
    ],
)
def test_what_a_clerk_writes_is_read(raw, value):
    reading = read_value(raw)
    assert reading.value == value and "unreadable" not in reading.flags


@pytest.mark.parametrize(
    "raw",
    [
        "1e3",
        "1E3",
        "1_000",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "-inf",
        "1e309",
        "٣",
        "３",
        "১২",  # digits of other scripts
        ",5",
        "5,",
        "-0",
        "-0,0",
        "+5",
        "9" * 400,
        "٣/٤",
        "1/0x1",
    ],
)
def test_what_a_clerk_does_not_write_is_kept_raw_with_a_note(raw):
    reading = read_value(raw)
    assert reading.value is None and reading.denominator is None
    assert reading.flags == {"unreadable"} and raw in reading.note


def test_a_long_unit_cell_is_read_in_linear_time():
    # 300 000 characters without "=" once took minutes (a backtracking pattern); now a split
    assert read_codes("Ban Dân tộc " * 25_000) is None
    assert len(read_unit("x" * 300_000 + " = 1").codes) == 1


def test_blank_is_never_zero():
    assert read_value("").value is None
    assert read_value(None).value is None


@pytest.mark.parametrize(
    "raw,codes",
    [
        ("Chưa = 0 Có = 1", {"Chưa": 0, "Có": 1}),
        ("Chưa có = 0 2 cấp = 1 3 cấp = 2", {"Chưa có": 0, "2 cấp": 1, "3 cấp": 2}),
        ("Đã thực hiện = 1 Chưa thực hiện = 0", {"Đã thực hiện": 1, "Chưa thực hiện": 0}),
        ("Chưa = 0 Đang làm = 1 Hoàn thành = 2", {"Chưa": 0, "Đang làm": 1, "Hoàn thành": 2}),
        ("Hồ sơ", None),
        ("1", None),
    ],
)
def test_read_codes(raw, codes):
    assert read_codes(raw) == codes


def test_read_unit_kinds():
    assert read_unit("Nhiệm vụ").unit == "Nhiệm vụ"
    assert read_unit("Chưa = 0 Có = 1").codes == {"Chưa": 0, "Có": 1}
    rate = read_unit("95,7 %")
    assert rate.unit == "%" and rate.figure.value == 95.7 and "ghi số liệu" in rate.note
    count = read_unit("1")
    assert count.unit is None and count.figure.value == 1.0
    sentence = read_unit("Ban Dân tộc không có Bộ phận một cửa, một cửa liên thông")
    assert sentence.unit is None and "ghi nội dung" in sentence.note
    assert read_unit("").unit is None


# --- any figure written the Vietnamese way reads back as itself ---------------------------------
import re  # noqa: E402
from decimal import Decimal  # noqa: E402

from babel.numbers import NumberFormatError, format_decimal, parse_decimal  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_vietnamese_grouping_and_decimal_comma_read_back(number):
    written = format_decimal(number, format="#,##0.##", locale="vi")  # 1.402,5
    reading = read_value(written)
    assert Decimal(str(reading.value)) == number.quantize(Decimal("0.01")).normalize()
    assert not reading.flags and not reading.note
    percent = read_value(f"{written} %")
    assert percent.value == reading.value and percent.percent


@pytest.mark.parametrize(
    "word,scale,code",
    [
        ("Có", "Chưa = 0 Có = 1", 1),
        ("Không", "Chưa = 0 Có = 1", 0),
        ("chưa", "Chưa = 0 Có = 1", 0),
        ("Rồi", "Chưa = 0 Hoàn thành = 1", 1),
        ("Hoàn thành", "Chưa = 0 Hoàn thành = 1", 1),
        ("Đã", "Đã thực hiện = 1 Chưa thực hiện = 0", 1),
        ("Chưa", "Đã thực hiện = 1 Chưa thực hiện = 0", 0),
        ("Đang làm", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", 1),
        ("Không", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", 0),
        ("Chưa", "Chưa có = 0 2 cấp = 1 3 cấp = 2", 0),
        ("3 cấp", "Chưa có = 0 2 cấp = 1 3 cấp = 2", 2),
        # "yes" on a scale of several levels, or a word of no meaning: never a guess
        ("Có", "Chưa có = 0 2 cấp = 1 3 cấp = 2", None),
        ("Có", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", None),
        ("Đã", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", None),
        ("x", "Chưa = 0 Có = 1", None),
    ],
)
def test_coded_words_are_read_by_the_rows_own_scale(word, scale, code):
    from cchc_analysis.parse.numbers import code_of

    assert code_of(word, read_codes(scale)) == code


@pytest.mark.parametrize(
    "raw,decimals",
    [
        ("96,0 %", 1),
        ("96 %", 0),
        ("5,88", 2),
        ("1.402", 0),
        ("681/712 đạt tỷ lệ 95,70 %", 2),
        ("4, 3%", 1),
        ("", None),
    ],
)
def test_the_written_precision_is_kept(raw, decimals):
    assert read_value(raw).decimals == decimals


# --- the combined forms clerks write: counts, rates, lead words, units, footnote marks -----------
RWC, CWR, UNIT, MARK = "rate_with_counts", "counts_without_rate", "unit_in_value", "footnote_marker"

# raw cell, the row's unit → value, numerator, denominator, percent, decimals, flags
FORMS = [
    # counts, then their rate: in brackets, after a connector word or sign, or after a space
    ("1.548/1.562 (99,1%)", "%", 99.1, 1548, 1562, True, 1, {RWC}),
    ("2.437/2.451 (99,4 %)", "%", 99.4, 2437, 2451, True, 1, {RWC}),
    ("4.036/4.118 đạt 98,0 %", "%", 98.0, 4036, 4118, True, 1, {RWC}),
    ("4.036/4.118, đạt 98,0%", None, 98.0, 4036, 4118, True, 1, {RWC}),
    ("681/712 đạt tỷ lệ 95,7 %", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712 đạt tỉ lệ 95,70%", "%", 95.7, 681, 712, True, 2, {RWC}),
    ("681/712 = 95,7%", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712=95,7 %", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712; tỷ lệ: 95,7 %", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712 - 95,7%", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712 – đạt 95,7%", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("681/712 95,7%", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("1.548/1.562(99,1%)", "%", 99.1, 1548, 1562, True, 1, {RWC}),
    ("1.548 / 1.562 ( 99,1 % )", "%", 99.1, 1548, 1562, True, 1, {RWC}),
    ("1.548/1.562（99,1％）", "%", 99.1, 1548, 1562, True, 1, {RWC}),  # full-width signs
    ("31/712 đạt tỷ lệ 4, 3%", "%", 4.3, 31, 712, True, 1, {RWC, "spaced_decimal"}),
    ("1.548/1.562 hồ sơ (99,1%)", "%", 99.1, 1548, 1562, True, 1, {RWC, UNIT}),
    ("681 trên 712 (95,7%)", "%", 95.7, 681, 712, True, 1, {RWC}),
    # the rate first, its counts in brackets
    ("95,7% (681/712)", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("95,7 % (681/712)", "%", 95.7, 681, 712, True, 1, {RWC}),
    ("đạt 95,7% (681/712 hồ sơ)", "%", 95.7, 681, 712, True, 1, {RWC, UNIT}),
    ("tỷ lệ 95,7 (681/712)", "%", 95.7, 681, 712, True, 1, {RWC}),
    # counts alone
    ("681/712", None, None, 681, 712, False, None, {CWR}),
    ("681 trên 712", None, None, 681, 712, False, None, {CWR}),
    ("681 trên tổng số 712", None, None, 681, 712, False, None, {CWR}),
    ("681 hồ sơ trên tổng số 712 hồ sơ", "Hồ sơ", None, 681, 712, False, None, {CWR, UNIT}),
    # a rate with its words
    ("đạt 100%", "%", 100.0, None, None, True, 0, set()),
    ("Đạt 100 %", "%", 100.0, None, None, True, 0, set()),
    ("đạt tỷ lệ 100%", "%", 100.0, None, None, True, 0, set()),
    ("tỷ lệ 95,7%", "%", 95.7, None, None, True, 1, set()),
    ("Tỉ lệ: 95,7 %", "%", 95.7, None, None, True, 1, set()),
    ("tỷ lệ đạt 95,7%", None, 95.7, None, None, True, 1, set()),
    ("tỷ lệ 95,7", "%", 95.7, None, None, True, 1, set()),  # "tỷ lệ" says it is a rate
    # a count with its unit: the row's own, or lower-case Vietnamese words when it has none
    ("1.204 hồ sơ", "Hồ sơ", 1204.0, None, None, False, 0, {UNIT}),
    ("1.204 hồ sơ", None, 1204.0, None, None, False, 0, {UNIT}),
    ("12 văn bản", "Văn bản", 12.0, None, None, False, 0, {UNIT}),
    ("3 cuộc", "Cuộc", 3.0, None, None, False, 0, {UNIT}),
    ("02 người", "Người", 2.0, None, None, False, 0, {UNIT}),
    ("5 đơn vị", "Cơ quan, đơn vị", 5.0, None, None, False, 0, {UNIT}),
    ("7 TTHC", "TTHC", 7.0, None, None, False, 0, {UNIT}),
    ("3 văn bản", "Số lượng", 3.0, None, None, False, 0, {UNIT}),
    ("3 văn bản", "Văn bản QPPL", 3.0, None, None, False, 0, {UNIT}),
    ("5,2 tỷ đồng", "Tỷ đồng", 5.2, None, None, False, 1, {UNIT}),
    ("1.500.000 đồng", None, 1500000.0, None, None, False, 0, {UNIT}),
    # a footnote mark after the figure
    ("15*", None, 15.0, None, None, False, 0, {MARK}),
    ("15 *", None, 15.0, None, None, False, 0, {MARK}),
    ("15**", None, 15.0, None, None, False, 0, {MARK}),
    ("15(*)", None, 15.0, None, None, False, 0, {MARK}),
    ("15 (*)", None, 15.0, None, None, False, 0, {MARK}),
    ("15¹", None, 15.0, None, None, False, 0, {MARK}),
    ("95,7 %*", "%", 95.7, None, None, True, 1, {MARK}),
    ("1.548/1.562 (99,1%) (*)", "%", 99.1, 1548, 1562, True, 1, {RWC, MARK}),
    ("1.204 hồ sơ*", "Hồ sơ", 1204.0, None, None, False, 0, {UNIT, MARK}),
]


@pytest.mark.parametrize("raw,unit,value,num,den,percent,decimals,flags", FORMS)
def test_every_accepted_form_is_read_whole(raw, unit, value, num, den, percent, decimals, flags):
    reading = read_value(raw, unit)
    assert (reading.value, reading.numerator, reading.denominator) == (value, num, den)
    assert (reading.percent, reading.decimals, reading.flags) == (percent, decimals, flags)


# raw cell, the row's unit: what the grammar does not accept
REFUSED = [
    ("1.5", None),
    ("1 548", None),
    ("−3", None),
    ("1,5/2", None),
    ("1.548/1.562 99,1", "%"),  # a bare number after counts: no "%", no "tỷ lệ"
    ("4.036/4.118 đạt 98,0", "%"),  # "đạt" alone does not make a rate
    ("đạt 98,0", "%"),
    ("đạt %", "%"),
    ("100 % %", "%"),
    ("đạt 12 hồ sơ", "Hồ sơ"),
    ("15 (1)", None),  # "(1)": a footnote or a count? kept raw
    ("15 (a)", None),
    ("15****", None),
    ("*", None),
    ("(*)", None),
    ("15 (*) hồ sơ", None),
    ("(99,1%)", "%"),
    ("1.548/1.562 (99,1%", "%"),
    ("1.548/1.562 99,1%)", "%"),
    ("99,1% 1.548/1.562", "%"),
    ("99,1 (1.548/1.562)", "%"),
    ("1.548/1.562 (99,1%) (98%)", "%"),
    ("-1.548/1.562 (99,1%)", "%"),
    ("1.548/1.562 (-99,1%)", "%"),
    ("1.548//1.562", None),
    ("1.548/", None),
    ("/1.562", None),
    ("1/2/3", None),
    ("1.548 trên", None),
    ("trên 1.204", None),
    ("1.548/1.562 đạt", None),
    ("1.548/1.562 =", None),
    ("khoảng 1.204", None),
    ("1.204hồ sơ", None),
    ("1.204 hồ sơ đã giải quyết xong", None),
    ("1.204 hồ sơ", "%"),  # a count in a rate's row
    ("12 thủ tục", "TTHC"),  # another unit than the row's
    ("12 TTHC", None),
    ("1.204 Hồ Sơ", None),
    ("1.204 email", None),  # no unit to compare with
    ("1" * 60 + "/" + "1" * 60 + " (99,1%)", "%"),  # longer than a figure is written: no figure
]


@pytest.mark.parametrize("raw,unit", REFUSED)
def test_what_the_grammar_does_not_accept_stays_raw_and_flagged(raw, unit):
    reading = read_value(raw, unit)
    assert (reading.value, reading.numerator, reading.denominator) == (None, None, None)
    assert reading.flags == {"unreadable"} and reading.note.startswith("không đọc được số liệu")


def test_a_refused_unit_says_why():
    assert read_value("12 thủ tục", "TTHC").note == (
        "không đọc được số liệu “12 thủ tục”: đơn vị “thủ tục” khác đơn vị tính “TTHC” của dòng"
    )
    assert read_value("15*").note == "bỏ dấu chú thích “*”"


def test_a_unit_column_that_counts_thousands_stays_a_unit():
    assert read_unit("1.000 đồng").unit == "1.000 đồng"
    assert read_unit("đạt 95,7 %").figure.value == 95.7


# --- properties: what a clerk writes reads back exactly; anything else never yields a number ----
SPACE = st.sampled_from(["", " ", "  ", "\u00a0"])
GAP = st.sampled_from([" ", "  ", "\u00a0"])
#: Every combined form, with {a} {b} counts, {r} a rate, {s} any space, {g} at least one.
COMBINED = [
    "{a}{s}/{s}{b}{s}({s}{r}{s}%{s})",
    "{a}/{b}{g}đạt{g}{r}{s}%",
    "{a}/{b},{g}đạt {r}%",
    "{a}/{b}{g}đạt tỷ lệ{g}{r}{s}%",
    "{a}/{b}{s}={s}{r}%",
    "{a}/{b}; tỉ lệ:{s}{r}%",
    "{r}{s}%{s}({a}/{b})",
    "{r}{s}%{g}({s}{a}{s}/{s}{b}{s})",
    "{a}{g}trên{g}{b} ({r}%)",
    "{a} trên tổng số {b}, đạt {r}%",
    "{a}/{b} hồ sơ ({r}%)",
    "{a}/{b}（{r}％）",
]


def vi(number: Decimal, places: int) -> str:
    """A number as a clerk types it: thousands grouped by dots, a decimal comma, ``places`` kept."""
    return format_decimal(number, format="#,##0" + ("." + "0" * places if places else ""), locale="vi")


@st.composite
def counts_and_rates(draw):
    denominator = draw(st.integers(1, 10**9))
    numerator = draw(st.integers(0, denominator))
    places = draw(st.integers(0, 3))
    rate = draw(st.decimals(0, 100, places=places, allow_nan=False, allow_infinity=False))
    form = draw(st.sampled_from(COMBINED))
    written = form.format(
        a=vi(Decimal(numerator), 0),
        b=vi(Decimal(denominator), 0),
        r=vi(rate, places),
        s=draw(SPACE),
        g=draw(GAP),
    )
    return written, numerator, denominator, rate, places


@settings(max_examples=150, deadline=None)
@given(counts_and_rates())
def test_counts_and_their_rate_read_back_as_written(case):
    written, numerator, denominator, rate, places = case
    reading = read_value(written, "%")
    assert (reading.numerator, reading.denominator) == (numerator, denominator)
    assert Decimal(str(reading.value)) == rate and reading.decimals == places and reading.percent
    assert "rate_with_counts" in reading.flags and "unreadable" not in reading.flags


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 10**12),
    st.sampled_from(["{n}", "{n}{g}hồ sơ", "{n}{g}văn bản", "{n}{s}*", "{n}{s}(*)", "{n}{g}người{s}*"]),
    SPACE,
    GAP,
)
def test_a_count_with_its_unit_or_mark_reads_back_as_written(number, form, s, g):
    reading = read_value(form.format(n=vi(Decimal(number), 0), s=s, g=g))
    assert reading.value == number and reading.decimals == 0 and "unreadable" not in reading.flags


#: Pieces of value cells, to put together at random: most strings they make are no figure.
PIECES = st.lists(
    st.sampled_from(
        [
            "1",
            "05",
            "1.548",
            "1.5",
            "99,1",
            "4, 3",
            "/",
            "%",
            "％",
            "(",
            ")",
            " ",
            "*",
            "(*)",
            "đạt",
            "tỷ lệ",
            "tỉ lệ",
            ":",
            "=",
            ",",
            "-",
            "trên",
            "tổng số",
            "hồ sơ",
            "Hồ sơ",
            "khoảng",
            "x",
            "e3",
        ]
    ),
    max_size=10,
).map("".join)
_NUMBERS = re.compile(r"-?[0-9][0-9.]*(?:,\s?[0-9]+)?")


def written_numbers(text: str) -> set[float]:
    """Every number the text writes the Vietnamese way (Babel, strict), spaced commas joined."""
    found = set()
    for match in _NUMBERS.finditer(text.replace("\u00a0", " ")):
        try:
            found.add(float(parse_decimal(re.sub(r",\s", ",", match.group()), locale="vi", strict=True)))
        except NumberFormatError:
            pass
    return found


@settings(max_examples=150, deadline=None)
@given(st.one_of(PIECES, st.text(max_size=40)), st.sampled_from([None, "%", "Hồ sơ"]))
def test_no_silent_number(text, unit):
    reading = read_value(text, unit)  # never raises
    figures = {f for f in (reading.value, reading.numerator, reading.denominator) if f is not None}
    assert figures <= written_numbers(text)  # every figure is one the cell writes
    if not figures and clean_text(text) and "null_token" not in reading.flags:
        assert reading.flags == {"unreadable"}  # never a silent blank
    if figures:
        assert "unreadable" not in reading.flags
