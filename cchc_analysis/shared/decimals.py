"""Exact decimal arithmetic on report figures: how many decimals a figure was written with and
half-up rounding as people round by hand. Shared by the checks (does 681/712 round to the stated
95,7?) and the report formats, so that both round the same way."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_DECIMALS = 6


def to_decimal(value: object) -> Decimal:
    """The value as a Decimal; floats through 15 significant digits (no binary noise)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    number = float(value)  # numpy scalars, pandas Float64 elements
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return Decimal(format(number, ".15g"))


def decimals_of(value: object) -> int:
    """How many decimals the value carries (``5.88`` → 2, ``96.0`` → 0), at most MAX_DECIMALS."""
    exponent = to_decimal(value).normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    return min(-exponent, MAX_DECIMALS)


def round_half_up(value: object, decimals: int) -> Decimal:
    """The value rounded half-up to ``decimals`` places (``4.35`` → ``4.4``); ``-0`` becomes ``0``."""
    rounded = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded.is_zero() else rounded


def rounds_to(exact: float, stated: float, places: int | None = None) -> bool:
    """Does ``exact`` round (half up) to ``stated`` at the precision ``stated`` was written with
    (``places`` when known: "96,0" has one decimal though the float 96.0 shows none)?"""
    places = decimals_of(stated) if places is None else places
    return round_half_up(exact, places) == round_half_up(stated, places)


def may_be_equal(stated: float, written: float, places: int | None = None) -> bool:
    """Could two figures, each rounded where it was written, be one quantity? True when the
    ranges they round from overlap: "96,5" (96,45…96,55) and "96" (95,5…96,5) may both be
    2.040/2.114 = 96,499 %; two whole counts only when they are equal. ``places``: the decimals
    ``written`` was written with, when known (its float may show fewer)."""
    places = decimals_of(written) if places is None else places
    half = Decimal(5).scaleb(-decimals_of(stated) - 1) + Decimal(5).scaleb(-places - 1)
    return abs(to_decimal(stated) - to_decimal(written)) < half
