"""How a clerk writes a figure in the "Số liệu" cell, and what a careful reader reads from it.

Each writer returns the cell text and the :class:`Read` expected of it; ``form`` names the
variant so that the scoreboard can say which forms are misread. Numbers are written with
Babel's ``vi`` locale (thousands dot, decimal comma)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal


@dataclass(frozen=True)
class Read:
    """What the cell says: value, the counts written with a rate, the decimals of the value as
    written (None where no value is written), and the variant's name."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    decimals: int | None = None
    form: str = "plain"


BLANK = Read(None, form="blank")


def number(n: int | Decimal, decimals: int = 0) -> str:
    """``1204`` → ``1.204``; ``Decimal("95.70")``, 2 → ``95,70``."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(Decimal(n), format=pattern, locale="vi")


def rate(numerator: int, denominator: int, decimals: int) -> Decimal:
    """The rate a clerk writes for the counts, rounded half up at the precision written."""
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def spoken(n: int, rng: random.Random) -> str:
    """A count in running text: ``1.204``, or ``03`` for a small one now and then."""
    return f"{n:02d}" if n < 10 and rng.random() < 0.4 else number(n)


# --------------------------------------------------------------------------- counts


def count(n: int, unit_word: str, rng: random.Random, plain_only: bool = False) -> tuple[str, Read]:
    """A count: ``1.204``, ``01``, ``1.204 hồ sơ`` (the unit written in the cell), ``15*``."""
    choices = ["plain", "plain", "plain"]
    if not plain_only:
        choices += ["leading_zero"] * (n < 10) + ["unit_in_cell"] * bool(unit_word) + ["footnote"]
    form = rng.choice(choices)
    text = {
        "plain": number(n),
        "leading_zero": f"{n:02d}",
        "unit_in_cell": f"{number(n)} {unit_word}",
        "footnote": f"{number(n)}*",
    }[form]
    return text, Read(float(n), decimals=0, form=form)


def nothing(rng: random.Random) -> tuple[str, Read]:
    """A cell left without a figure: blank, or a null token ("-", "x")."""
    text = rng.choice(("", "", "-", "x"))
    return text, Read(None, form="blank" if not text else "null_token")


# --------------------------------------------------------------------------- rates


def percent(value: Decimal, decimals: int, rng: random.Random) -> tuple[str, Read]:
    """A rate without counts: ``95,7 %``, ``96,0%``, ``95,7`` (unit column "%"), ``đạt 100%``."""
    written = number(value, decimals)
    form = rng.choice(("percent_spaced", "percent_tight", "bare", "dat_percent"))
    text = {
        "percent_spaced": f"{written} %",
        "percent_tight": f"{written}%",
        "bare": written,
        "dat_percent": f"đạt {written}%",
    }[form]
    return text, Read(float(value), decimals=decimals, form=form)


RATE_FORMS = ("paren", "paren_spaced", "dat", "comma_dat", "dat_ty_le", "rate_first", "equals")


def with_counts(
    numerator: int,
    denominator: int,
    rng: random.Random,
    decimals: int | None = None,
    form: str | None = None,
    stated: Decimal | None = None,
) -> tuple[str, Read]:
    """Counts with their rate: ``a/b (r%)``, ``a/b (r %)``, ``a/b đạt r %``, ``a/b, đạt r%``,
    ``a/b đạt tỷ lệ r %``, ``r% (a/b)``, ``a/b = r%``; or ``a trên b`` (counts alone: no value).
    ``stated`` overrides the rate written (a planted contradiction)."""
    decimals = rng.choice((0, 1, 1, 2)) if decimals is None else decimals
    form = form or rng.choice((*RATE_FORMS, "tren"))
    a, b = number(numerator), number(denominator)
    if form == "tren":
        return f"{a} trên {b}", Read(None, float(numerator), float(denominator), None, "tren")
    value = rate(numerator, denominator, decimals) if stated is None else stated
    r = number(value, decimals)
    text = {
        "paren": f"{a}/{b} ({r}%)",
        "paren_spaced": f"{a}/{b} ({r} %)",
        "dat": f"{a}/{b} đạt {r} %",
        "comma_dat": f"{a}/{b}, đạt {r}%",
        "dat_ty_le": f"{a}/{b} đạt tỷ lệ {r} %",
        "rate_first": f"{r}% ({a}/{b})",
        "equals": f"{a}/{b} = {r}%",
    }[form]
    return text, Read(float(value), float(numerator), float(denominator), decimals, form)
