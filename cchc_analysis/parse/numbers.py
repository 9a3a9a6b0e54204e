"""Vietnamese values as agencies write them: ``5,88`` · ``1.402`` · ``95,7 %`` · ``681/712 đạt tỷ lệ 95,7 %``
· ``1.548/1.562 (99,1%)`` · ``1.204 hồ sơ`` · ``15*`` — the forms by the grammar of :mod:`value_forms`.

Locale rules (decimal comma, thousands dot) come from Babel's ``vi`` locale in strict mode, so an
ambiguous ``1.5`` is refused rather than guessed. Every reading keeps a note of what was unusual;
what the grammar does not accept is no figure, flagged ``unreadable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from babel.numbers import NumberFormatError, parse_decimal

from cchc_analysis.parse.value_forms import (
    FOOTNOTE,
    FORMS,
    FULL_WIDTH,
    GENERIC_UNITS,
    MAX_CELL,
    fits_unit,
    is_unit_phrase,
)
from cchc_analysis.shared.cleaning import clean_text

LOCALE = "vi"
#: Cells that mean "nothing written" although they are not empty.
NULL_TOKENS = frozenset({"-", "–", "—", "x", "X", "...", "…", "."})

_SPACED_DECIMAL = re.compile(r"^(?P<int>-?[0-9]+),\s+(?P<frac>[0-9]+)$")
#: How a Vietnamese clerk writes a number: ASCII digits, thousands grouped by dots (or not at
#: all), a decimal comma, a leading minus. At most 15 digits, so that every figure is exact as a
#: float. Anything else (1e3, 1_000, NaN, inf, ٣, ,5, 5,) is not a figure: kept raw with a note.
_CLERK_NUMBER = re.compile(r"^-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?$")
MAX_DIGITS = 15
_CODE_HEAD = re.compile(r"^(?P<code>[0-9]{1,3})(?![0-9])\s*[,;]?\s*(?P<label>.*)$")
#: A unit or an implementer longer than this is a sentence someone typed there: a note.
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Reading:
    """What one cell says as a figure. ``value`` is None when the cell holds no figure."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    percent: bool = False
    note: str = ""
    #: machine tokens (see store/schemas.py FLAGS) for what was unusual, beside the note
    flags: frozenset[str] = field(default_factory=frozenset)
    #: decimals the value was written with ("96,0 %" → 1): its precision, which a float loses
    decimals: int | None = None

    @property
    def is_figure(self) -> bool:
        return self.value is not None or self.denominator is not None


@dataclass(frozen=True)
class UnitReading:
    """What the "Đơn vị tính" cell says: a unit, a coded scale, or (wrongly) a figure."""

    unit: str | None = None
    codes: dict[str, int] | None = None
    figure: Reading | None = None
    note: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)


def parse_number(text: str) -> Decimal:
    """A number as a Vietnamese clerk writes it (``1.402,5``, ``-3``) → Decimal; ``ValueError``
    for anything else, including a negative zero and more than :data:`MAX_DIGITS` digits."""
    if not _CLERK_NUMBER.match(text) or sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        raise ValueError(f"not a Vietnamese number: {text!r}")
    try:
        number = parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None
    if number.is_zero() and text.startswith("-"):
        raise ValueError(f"a negative zero is not a figure: {text!r}")
    return number


def _read_number(text: str) -> Reading:
    """A plain number, Vietnamese style; a spaced decimal comma is mended, noted."""
    note, flags = "", frozenset()
    spaced = _SPACED_DECIMAL.match(text)
    if spaced:
        text = f"{spaced.group('int')},{spaced.group('frac')}"
        note, flags = "bỏ khoảng trắng sau dấu phẩy thập phân", frozenset({"spaced_decimal"})
    value = parse_number(text)
    decimals = len(text.rsplit(",", 1)[1]) if "," in text else 0
    return Reading(value=float(value), note=note, flags=flags, decimals=decimals)


class _Refused(ValueError):
    """A cell the grammar does not accept; its message (maybe empty) says why, for the note."""


def read_value(raw: object, unit: str | None = None) -> Reading:
    """Read a "Số liệu" cell by the grammar of :mod:`value_forms`; ``unit`` is the row's unit, when
    known, which a unit written in the cell must be. Blank → no value (never 0); anything the
    grammar does not accept → no value, the flag ``unreadable`` and a note."""
    return _read_value(clean_text("" if raw is None else str(raw)), unit)


@lru_cache(maxsize=16384)
def _read_value(text: str, unit: str | None) -> Reading:
    """:func:`read_value` of a cleaned cell, memoised: readings are immutable and cells recur."""
    if not text:
        return Reading()
    if text in NULL_TOKENS:
        return Reading(note=f"“{text}” được coi là ô trống", flags=frozenset({"null_token"}))
    try:
        if len(text) > MAX_CELL:
            raise _Refused("")
        return _read_marked(text.translate(FULL_WIDTH), unit)
    except ValueError as exc:
        return _unreadable(text, str(exc) if isinstance(exc, _Refused) else "")


def _read_marked(text: str, unit: str | None) -> Reading:
    """A figure, with or without a footnote mark after it (``15*``: 15, the mark noted)."""
    mark = FOOTNOTE.search(text)
    if mark is None or not mark.start():
        return _read_figure(text, unit)
    reading = _read_figure(text[: mark.start()], unit)
    return _also(reading, f"bỏ dấu chú thích “{mark.group('mark')}”", {"footnote_marker"})


def _read_figure(text: str, unit: str | None) -> Reading:
    """The first form of :data:`FORMS` the whole text is, read part by part."""
    for name, form in FORMS:
        match = form.fullmatch(text)
        if match:
            return _READERS[name](match, unit)
    raise _Refused("")


def _rate(match: re.Match) -> Reading:
    """The rate of a match: "%" written, or said by "tỷ lệ" (a bare "đạt 98" is no rate)."""
    if not match.group("pct") and "lệ" not in match.group("lead").lower():
        raise _Refused("")
    return replace(_read_number(match.group("number")), percent=True)


def _counts(match: re.Match, unit: str | None) -> Reading:
    """The counts of a match (``a/b``, ``a trên b``), with the unit written after either."""
    numerator, denominator = (float(parse_number(match.group(g))) for g in ("num", "den"))
    words = dict.fromkeys(w for w in (match.group("num_unit"), match.group("den_unit")) if w)
    counted = None if unit is None or unit.strip() == "%" else unit  # a rate's counts: not in %
    reading = Reading(numerator=numerator, denominator=denominator)
    for word in words:
        reading = _also(reading, *_unit_written(word, counted))
    return reading


def _single(match: re.Match, unit: str | None) -> Reading:
    """One number: a rate (with "%" or a lead word), a count with its unit, or a plain number."""
    if match.group("lead") or match.group("pct"):
        return _rate(match)
    reading = _read_number(match.group("number"))
    if match.group("unit"):
        return _also(reading, *_unit_written(match.group("unit"), unit))
    return reading


def _counts_and_rate(match: re.Match, unit: str | None) -> Reading:
    """Counts and their stated rate as one reading: the rate is the value."""
    counts, rate = _counts(match, unit), _rate(match)
    return _also(
        replace(rate, numerator=counts.numerator, denominator=counts.denominator),
        counts.note,
        counts.flags | {"rate_with_counts"},
    )


_READERS = {
    "counts_rate": _counts_and_rate,
    "rate_counts": _counts_and_rate,
    "counts": lambda m, unit: _also(
        _counts(m, unit), "chỉ ghi số lượng, không ghi tỷ lệ", {"counts_without_rate"}
    ),
    "single": _single,
}


def _unit_written(words: str, unit: str | None) -> tuple[str, set[str]]:
    """The note and flag of a unit written after a count; refused when it is not the row's unit
    or, without a unit to compare with, does not look like one (lower-case Vietnamese words)."""
    if unit is not None and " ".join(unit.casefold().split()) not in GENERIC_UNITS:
        if not fits_unit(words, unit):
            raise _Refused(f"đơn vị “{words}” khác đơn vị tính “{unit}” của dòng")
    elif not is_unit_phrase(words):
        raise _Refused(f"“{words}” không phải đơn vị")
    return f"đơn vị “{words}” ghi trong ô số liệu", {"unit_in_value"}


def _also(reading: Reading, note: str, flags: set[str] | frozenset[str]) -> Reading:
    """The reading with one more note and more flags."""
    return replace(
        reading, note="; ".join(n for n in (reading.note, note) if n), flags=reading.flags | frozenset(flags)
    )


def _unreadable(text: str, why: str = "") -> Reading:
    """No value, the raw text kept by the caller, said in a note and a flag."""
    return Reading(note=unreadable(text) + (f": {why}" if why else ""), flags=frozenset({"unreadable"}))


def unreadable(text: str) -> str:
    """The note of a value that is not a figure."""
    return f"không đọc được số liệu “{text}”"


def read_codes(text: str) -> dict[str, int] | None:
    """``Chưa = 0 Có = 1`` → {"Chưa": 0, "Có": 1}; None when the text is not a coded scale.

    Split at each "=" (linear in the text): every piece after the first starts with its code and
    goes on with the next meaning; the last piece is a code alone."""
    if "=" not in text:
        return None
    pieces = [piece.strip() for piece in text.split("=")]
    label, codes = pieces[0], {}
    for piece in pieces[1:]:
        head = _CODE_HEAD.match(piece)
        if not label or head is None:
            return None
        codes[clean_text(label)] = int(head.group("code"))
        label = head.group("label").strip()
    return codes if not label else None


#: Words a clerk writes for "no" and "yes" in a coded cell, whatever the scale calls them.
_NEGATIVE = frozenset({"không", "chưa", "không có", "chưa có", "chưa thực hiện", "chưa hoàn thành"})
_POSITIVE = frozenset({"có", "đã", "rồi", "đã có", "đã thực hiện", "hoàn thành", "đã hoàn thành"})


def code_of(word: str, codes: dict[str, int]) -> int | None:
    """The code a word written in the value cell stands for on this row's scale, or None.

    Read by the scale itself: the meaning as written ("Hoàn thành", "2 cấp"), then a meaning the
    word begins or is the beginning of, when only one does ("Đã" → "Đã thực hiện"), then "no"
    words ("Không" → the one meaning that starts "Chưa"/"Không") and, on a yes/no scale only,
    "yes" words ("Có", "Đã", "Rồi" → the other meaning) — never a guess between two meanings."""
    key = " ".join(word.lower().split())
    meanings = {" ".join(name.lower().split()): code for name, code in codes.items()}
    if key in meanings:
        return meanings[key]
    found = {
        code for name, code in meanings.items() if name.startswith(key + " ") or key.startswith(name + " ")
    }
    if len(found) == 1:
        return found.pop()
    negative = {code for name, code in meanings.items() if name.startswith(("chưa", "không"))}
    if key in _NEGATIVE and len(negative) == 1:
        return negative.pop()
    others = set(meanings.values()) - negative
    if key in _POSITIVE and len(negative) == 1 and len(others) == 1:  # a yes/no scale only
        return others.pop()
    return None


def codes_text(codes: dict[str, int] | None) -> str | None:
    """A coded scale in the store's canonical form ``Chưa=0;Có=1`` (None when there is none)."""
    return ";".join(f"{name}={code}" for name, code in codes.items()) if codes else None


def codes_from_text(text: object) -> dict[str, int]:
    """The canonical form back to {meaning: code} ({} for NA or "")."""
    if not isinstance(text, str) or not text:
        return {}
    return {name: int(code) for name, _, code in (part.rpartition("=") for part in text.split(";"))}


def read_unit(raw: object) -> UnitReading:
    """Read a "Đơn vị tính" cell, recognising coded scales and figures typed in the wrong column."""
    return _read_unit(clean_text("" if raw is None else str(raw)))


@lru_cache(maxsize=16384)
def _read_unit(text: str) -> UnitReading:
    """:func:`read_unit` of a cleaned cell, memoised: readings are immutable and cells recur."""
    if not text:
        return UnitReading()
    codes = read_codes(text)
    if codes:
        return UnitReading(unit=text, codes=codes)
    if any(ch.isdigit() for ch in text):
        figure = read_value(text)
        if figure.is_figure and "unit_in_value" not in figure.flags:  # "1.000 đồng" is a unit
            return UnitReading(
                unit="%" if figure.percent else None,
                figure=figure,
                note=f"cột đơn vị tính ghi số liệu “{text}”",
                flags=frozenset({"value_in_unit_column"}),
            )
    if len(text.split()) > MAX_NAME_WORDS:
        return UnitReading(note=f"cột đơn vị tính ghi nội dung: {text}", flags=frozenset({"unit_is_text"}))
    return UnitReading(unit=text)
