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
  up to :data:`MAX_DECIMALS`; a figure of the appendix is shown at the decimals it was written
  with instead (``observations.decimals``: ``96,0 %`` stays ``96,0 %``, ``5,80`` stays ``5,80``),
  a derived figure by the rules of :func:`indicator`;
- a percentage is written as the number, a NO-BREAK SPACE (U+00A0) and ``%``: ``95,7 %``. The
  space follows the Vietnamese standard style (TCVN, like French) and, being non-breaking, keeps
  the sign on the number's line. Values are percentages already (95.7, not 0.957);
- a missing value (None, NaN, pandas NA) is an en dash ``–``, never ``0``.
"""

from __future__ import annotations

import math
import re

from babel.numbers import format_decimal

from cchc_analysis.shared.decimals import decimals_of, round_half_up

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
    (re.compile(r"^page (?P<a>\d+) row (?P<b>\d+)$"), "trang {a}, hàng {b}"),
    (re.compile(r"^page (?P<a>\d+) line (?P<b>\d+)$"), "trang {a}, dòng {b}"),
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


def value(value: object, unit: object = None, decimals: object = None) -> str:
    """A figure in its unit's style: a percentage for ``%``, otherwise a plain number; at
    ``decimals`` places when given, else as many as the value has."""
    if isinstance(unit, str) and unit.strip() == "%":
        return percent(value, written(decimals))
    return number(value, written(decimals))


#: Decimals of a computed percentage: the arithmetic's digits are not the source's precision.
INDICATOR_DECIMALS = 1
#: After a change of a rate: percentage points, kept on the number's line.
POINTS = f"{NBSP}điểm{NBSP}%"


def indicator(value: object, unit: object) -> str:
    """A derived indicator: a percentage with one decimal (``66,7 %``), a count as it is."""
    if is_na(value):
        return NA
    if unit == "%":
        return percent(value, INDICATOR_DECIMALS)
    return number(value, min(decimals_of(value), 2))


def change(value: object, unit: object) -> str:
    """A change of an indicator with its sign: ``+3,5 điểm %`` for a rate, ``-2`` for a count."""
    if is_na(value):
        return NA
    if unit == "%":
        return signed(value, INDICATOR_DECIMALS, POINTS)
    return signed(value, min(decimals_of(value), 2))


def coded(value: object, codes: object) -> str:
    """A value on a coded scale with its meaning: ``1`` under ``Chưa=0;Có=1`` → ``1 (Có)``."""
    if is_na(value):
        return NA
    meaning = {}
    for pair in ("" if is_na(codes) else str(codes)).split(";"):
        name, _, code = pair.rpartition("=")
        if name and code.strip().isdigit():
            meaning[int(code)] = name.strip()
    name = meaning.get(int(value)) if float(value).is_integer() else None
    return number(value) + (f" ({name})" if name else "")


def written(decimals: object) -> int | None:
    """The decimals a figure was written with (``observations.decimals``) as an int, None when
    not stored: then the figure shows the decimals its value has."""
    return None if is_na(decimals) else int(decimals)


def cell(
    value: object,
    unit: object = None,
    numerator: object = None,
    denominator: object = None,
    codes: object = None,
    decimals: object = None,
) -> str:
    """An appendix figure as a reader writes it, at the ``decimals`` it was written with:
    ``1.402`` · ``5,80`` · ``96,0 %`` · ``95,7 % (681/712)`` · ``1 (Có)`` on a coded scale ·
    ``–`` when blank."""
    if is_na(value):
        return NA
    if not is_na(codes):
        return coded(value, codes)
    if isinstance(unit, str) and unit.strip() == "%":
        counts = ratio(numerator, denominator)
        return percent(value, written(decimals)) + ("" if counts == NA else f" ({counts})")
    return number(value, written(decimals))


def day(text: object) -> str:
    """An ISO date as ``dd/mm/yyyy``; ``–`` when missing; any other text unchanged."""
    if is_na(text):
        return NA
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", str(text))
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else str(text)


def yes_no(flag: object) -> str:
    """``True`` → ``Có``, ``False`` → ``Không``, NA → ``–``."""
    return NA if is_na(flag) else ("Có" if flag else "Không")


#: The template filters (name → function in this module), looked up when called so that a test
#: may replace one.
FILTERS = (
    "number",
    "percent",
    "ratio",
    "locator",
    "day",
    "signed",
    "indicator",
    "change",
    "coded",
    "cell",
    "yes_no",
    "value",
)


def register(env) -> None:
    """Add every format of :data:`FILTERS` to a Jinja environment as a filter of that name."""
    import sys

    module = sys.modules[__name__]
    for name in FILTERS:
        env.filters[name] = (lambda fn_name: lambda *a, **k: getattr(module, fn_name)(*a, **k))(name)
