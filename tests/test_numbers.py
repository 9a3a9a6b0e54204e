"""Vietnamese values: a unit table written by hand, one row per way agencies write figures."""
from __future__ import annotations

import math

import pytest

from cchc_analysis.parse.numbers import read_codes, read_unit, read_value

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


@pytest.mark.parametrize("raw,value", [
    ("5", 5.0), ("05", 5.0), ("1.402", 1402.0), ("1.402.000", 1402000.0), ("5,88", 5.88),
    ("95,7 %", 95.7), ("95,7%", 95.7), ("-3", -3.0),  # a negative figure is read; checks flag it
])
def test_what_a_clerk_writes_is_read(raw, value):
    reading = read_value(raw)
    assert reading.value == value and "unreadable" not in reading.flags


@pytest.mark.parametrize("raw", [
    "1e3", "1E3", "1_000", "NaN", "nan", "inf", "Infinity", "-inf", "1e309",
    "٣", "３", "১২",  # digits of other scripts
    ",5", "5,", "-0", "-0,0", "+5", "9" * 400, "٣/٤", "1/0x1",
])
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
from decimal import Decimal  # noqa: E402

from babel.numbers import format_decimal  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_vietnamese_grouping_and_decimal_comma_read_back(number):
    written = format_decimal(number, format="#,##0.##", locale="vi")  # 1.402,5
    reading = read_value(written)
    assert Decimal(str(reading.value)) == number.quantize(Decimal("0.01")).normalize()
    assert not reading.flags and not reading.note
    percent = read_value(f"{written} %")
    assert percent.value == reading.value and percent.percent


@pytest.mark.parametrize("word,scale,code", [
    ("Có", "Chưa = 0 Có = 1", 1), ("Không", "Chưa = 0 Có = 1", 0), ("chưa", "Chưa = 0 Có = 1", 0),
    ("Rồi", "Chưa = 0 Hoàn thành = 1", 1), ("Hoàn thành", "Chưa = 0 Hoàn thành = 1", 1),
    ("Đã", "Đã thực hiện = 1 Chưa thực hiện = 0", 1), ("Chưa", "Đã thực hiện = 1 Chưa thực hiện = 0", 0),
    ("Đang làm", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", 1),
    ("Không", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", 0),
    ("Chưa", "Chưa có = 0 2 cấp = 1 3 cấp = 2", 0), ("3 cấp", "Chưa có = 0 2 cấp = 1 3 cấp = 2", 2),
    # "yes" on a scale of several levels, or a word of no meaning: never a guess
    ("Có", "Chưa có = 0 2 cấp = 1 3 cấp = 2", None), ("Có", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", None),
    ("Đã", "Chưa = 0 Đang làm = 1 Hoàn thành = 2", None), ("x", "Chưa = 0 Có = 1", None),
])
def test_coded_words_are_read_by_the_rows_own_scale(word, scale, code):
    from cchc_analysis.parse.numbers import code_of

    assert code_of(word, read_codes(scale)) == code


@pytest.mark.parametrize("raw,decimals", [
    ("96,0 %", 1), ("96 %", 0), ("5,88", 2), ("1.402", 0), ("681/712 đạt tỷ lệ 95,70 %", 2),
    ("4, 3%", 1), ("", None),
])
def test_the_written_precision_is_kept(raw, decimals):
    assert read_value(raw).decimals == decimals
