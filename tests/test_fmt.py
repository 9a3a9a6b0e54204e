"""Vietnamese number formats: dot thousands, decimal comma, half-up rounding, "95,7 %", NA → "–"."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.report.content import formats as fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1402, None, "1.402"),
        (1234567.891, None, "1.234.567,891"),
        (5.88, None, "5,88"),  # the source's decimals are kept
        (96.0, None, "96"),
        (0.1 + 0.2, None, "0,3"),  # no binary noise
        (4.35, 1, "4,4"),  # half-up, although the float is 4.3499…
        (4.25, 1, "4,3"),  # half-up, where half-even would give 4,2
        (4.45, 1, "4,5"),
        (-0.04, 1, "0,0"),  # no "-0,0"
        (-1234.5, 0, "-1.235"),
        (Decimal("2.50"), None, "2,5"),
        (np.float64(5.88), None, "5,88"),
        (pd.array([95.7], dtype="Float64")[0], None, "95,7"),
        (12, 2, "12,00"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, ""])
def test_missing_is_a_dash_never_zero(missing):
    assert fmt.number(missing) == "–"
    assert fmt.percent(missing) == "–"
    assert fmt.signed(missing) == "–"
    assert fmt.value(missing, "%") == "–"


def test_percent_uses_a_no_break_space_before_the_sign():
    assert fmt.percent(95.7) == f"95,7{NBSP}%"
    assert fmt.percent(95.65) == f"95,7{NBSP}%"  # default: one decimal, half-up
    assert fmt.percent(4.35) == f"4,4{NBSP}%"
    assert fmt.percent(5.88, None) == f"5,88{NBSP}%"  # decimals=None keeps the source's
    assert fmt.percent(100, None) == f"100{NBSP}%"
    assert fmt.percent(100, 1) == f"100,0{NBSP}%"


def test_signed_change_ratio_and_unit_aware_value():
    assert fmt.signed(3) == "+3"
    assert fmt.signed(-1.25, 1) == "-1,3"
    assert fmt.signed(0.0) == "0"
    assert fmt.signed(2.5, 1, " điểm %") == "+2,5 điểm %"
    assert fmt.ratio(681, 712) == "681/712"
    assert fmt.ratio(1402, 1500) == "1.402/1.500"
    assert fmt.ratio(681, None) == "–"
    assert fmt.value(95.7, "%") == f"95,7{NBSP}%"
    assert fmt.value(1402, "Văn bản") == "1.402"


def test_decimals_of_and_half_up_rounding():
    assert fmt.decimals_of(5.88) == 2
    assert fmt.decimals_of(96.0) == 0
    assert fmt.decimals_of(1 / 3) == 6  # at most six decimals are kept
    assert fmt.round_half_up(2.675, 2) == Decimal("2.68")  # binary 2.67499… still rounds up
    with pytest.raises(ValueError):
        fmt.number("abc")


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (96.0, "%", 1, f"96,0{NBSP}%"),  # "96,0 %" as written, not "96 %"
        (5.8, "Đồng", 2, "5,80"),
        (1402.0, "Văn bản", 0, "1.402"),
        (0.5, "%", 2, f"0,50{NBSP}%"),
        (100.0, "Nhiệm vụ", pd.NA, "100"),  # not stored: the value's own decimals
        (5.8, None, np.int64(2), "5,80"),  # as the store's Int64 column gives it
    ],
)
def test_an_appendix_figure_keeps_the_decimals_it_was_written_with(value, unit, decimals, expected):
    assert fmt.cell(value, unit, decimals=decimals) == expected
    assert fmt.value(value, unit, decimals) == expected


def test_a_rate_written_with_its_counts_keeps_its_decimals_and_a_code_its_meaning():
    assert fmt.cell(95.7, "%", 681, 712, decimals=1) == f"95,7{NBSP}% (681/712)"
    assert fmt.cell(98.0, "%", 1470, 1500, decimals=2) == f"98,00{NBSP}% (1.470/1.500)"
    assert fmt.cell(1.0, None, codes="Chưa=0;Có=1", decimals=0) == "1 (Có)"
    assert fmt.cell(None, "%", decimals=1) == "–"  # a blank stays a dash
