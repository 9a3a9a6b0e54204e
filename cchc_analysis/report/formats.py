"""Vietnamese number formats for reports (Babel, locale ``vi``): 1.402 · 5,88 · 95,7 % · blank → "–".

Why one module: every figure a reader sees goes through here, so tables, chart ticks and prose
agree. Conventions:

- thousands are grouped with a dot and decimals follow a comma (``1.402``, ``5,88``), Babel's
  ``vi`` symbols;
- rounding is half-up on the number as written (``4,35`` → ``4,4``; ``4,25`` → ``4,3``), the way
  people round by hand, not Babel's default half-even; floats are first read back through their
  15-significant-digit decimal form, so that the binary ``4.35 = 4.3499…`` still rounds up and
  ``0.1 + 0.2`` is ``0,3``;
- ``decimals=None`` keeps the decimals the value has (``5.88`` → ``5,88``, ``96.0`` → ``96``),
  up to :data:`MAX_DECIMALS`;
- a percentage is written as the number, a NO-BREAK SPACE (U+00A0) and ``%``: ``95,7 %``. The
  space follows the Vietnamese standard style (TCVN, like French) and, being non-breaking, keeps
  the sign on the number's line. Values are percentages already (95.7, not 0.957);
- a missing value (None, NaN, pandas NA) is an en dash ``–``, never ``0``.
"""
from __future__ import annotations

import math
import re

from babel.numbers import format_decimal

from cchc_analysis.decimals import MAX_DECIMALS, decimals_of, round_half_up, to_decimal  # noqa: F401

LOCALE = "vi"
NA = "–"
NBSP = "\u00a0"


def is_na(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT and the empty string."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # numpy NaN and friends
    except (TypeError, ValueError):
        return False


def number(value: object, decimals: int | None = None) -> str:
    """``1402`` → ``1.402``; ``5.88`` → ``5,88``; ``(4.35, 1)`` → ``4,4``; NA → ``–``."""
    if is_na(value):
        return NA
    if decimals is None:
        decimals = decimals_of(value)
    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def percent(value: object, decimals: int | None = 1) -> str:
    """``95.7`` → ``95,7 %`` (no-break space); ``decimals=None`` keeps the value's own decimals."""
    if is_na(value):
        return NA
    return f"{number(value, decimals)}{NBSP}%"


def signed(value: object, decimals: int | None = None, suffix: str = "") -> str:
    """A change with its sign: ``+3``, ``-1,5``, ``0``; ``suffix`` (e.g. " điểm %") follows."""
    if is_na(value):
        return NA
    text = number(value, decimals)
    if round_half_up(value, decimals if decimals is not None else decimals_of(value)) > 0:
        text = "+" + text
    return text + suffix


def ratio(numerator: object, denominator: object) -> str:
    """``681/712`` with Vietnamese grouping (``1.402/1.500``); NA when either side is missing."""
    if is_na(numerator) or is_na(denominator):
        return NA
    return f"{number(numerator)}/{number(denominator)}"


_LOCATORS = [
    (re.compile(r"^line (?P<a>\d+)(?:–(?P<b>\d+))?$"), "dòng {a}{dash}{b}"),
    (re.compile(r"^paragraph (?P<a>\d+)(?:–(?P<b>\d+))?$"), "đoạn {a}{dash}{b}"),
    (re.compile(r"^table (?P<a>\d+) row (?P<b>\d+)$"), "bảng {a}, hàng {b}"),
    (re.compile(r"^(?P<a>.+)!row (?P<b>\d+)$"), "trang tính {a}, hàng {b}"),
    (re.compile(r"^(?P<a>.+)!(?P<b>[A-Z]+\d+)$"), "trang tính {a}, ô {b}"),
]


def locator(text: object) -> str:
    """A stored locator in Vietnamese: ``line 19–21`` → ``dòng 19–21``, ``table 2 row 4`` →
    ``bảng 2, hàng 4``, ``Phụ lục 2!D12`` → ``trang tính Phụ lục 2, ô D12``; others unchanged."""
    if is_na(text):
        return NA
    for pattern, template in _LOCATORS:
        match = pattern.match(str(text))
        if match:
            parts = {k: v or "" for k, v in match.groupdict().items()}
            return template.format(dash="–" if parts.get("b") and "{dash}" in template else "", **parts)
    return str(text)


def value(value: object, unit: object = None, decimals: int | None = None) -> str:
    """A figure in its unit's style: a percentage for ``%``, otherwise a plain number."""
    if isinstance(unit, str) and unit.strip() == "%":
        return percent(value, decimals)
    return number(value, decimals)
