"""Reporting periods: the canonical codes, ordering, nesting, the previous period (how reports
state periods is the grammar's: parse/period_grammar.py).

Canonical forms: ``2023-Q1``…``2023-Q4``, ``2023-H1``, ``2023-H2``, ``2023-9M``, ``2023`` (year).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cchc_analysis.errors import InputError

_KINDS = ("Q1", "Q2", "H1", "Q3", "9M", "Q4", "H2", "Y")
_LABELS = {
    "Q1": "Quý I/{y}",
    "Q2": "Quý II/{y}",
    "Q3": "Quý III/{y}",
    "Q4": "Quý IV/{y}",
    "H1": "6 tháng đầu năm {y}",
    "H2": "6 tháng cuối năm {y}",
    "9M": "9 tháng năm {y}",
    "Y": "Năm {y}",
}
# Month in which each period ends: orders periods by when they close.
_END_MONTH = {"Q1": 3, "Q2": 6, "H1": 6, "Q3": 9, "9M": 9, "Q4": 12, "H2": 12, "Y": 12}
_START_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "9M": 1, "Y": 1}
_CANONICAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>Q[1-4]|H[12]|9M))?$")


def kinds() -> tuple[str, ...]:
    """Every kind of period, in the order periods of one year close."""
    return _KINDS


@dataclass(frozen=True, order=False)
class Period:
    """A reporting period: a year and a kind (``Q1``…``Q4``, ``H1``, ``H2``, ``9M``, ``Y``)."""

    year: int
    kind: str

    def __str__(self) -> str:
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}"

    @property
    def label(self) -> str:
        """The Vietnamese name used in reports, e.g. "6 tháng đầu năm 2023"."""
        return _LABELS[self.kind].format(y=self.year)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, _END_MONTH[self.kind], _KINDS.index(self.kind))

    @property
    def start(self) -> date:
        return date(self.year, _START_MONTH[self.kind], 1)

    @property
    def end(self) -> date:
        month = _END_MONTH[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def contains(self, day: date) -> bool:
        """True when ``day`` falls within the period (both ends included)."""
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        """True when ``other`` lies within this period (2023-H2 covers 2023-Q3; a period covers
        itself): periods nest, quarters in halves and nine months, all in the year."""
        return self.start <= other.start and other.end <= self.end

    def previous(self) -> Period:
        """The previous period of the same kind (H1 → last year's H2, Q1 → last year's Q4)."""
        if self.kind in ("Y", "9M"):
            return Period(self.year - 1, self.kind)
        number = int(self.kind[1])
        if number == 1:
            return Period(self.year - 1, f"{self.kind[0]}{4 if self.kind[0] == 'Q' else 2}")
        return Period(self.year, f"{self.kind[0]}{number - 1}")

    def year_before(self) -> Period:
        """The same period one year earlier."""
        return Period(self.year - 1, self.kind)


def canonical(text: str) -> Period | None:
    """A canonical code (``2023-H1``, ``2023``) → Period; None when the text is no code."""
    match = _CANONICAL.match(text.strip())
    return Period(int(match.group("year")), match.group("kind") or "Y") if match else None


def parse_period(text: str) -> Period:
    """A canonical code (``2023-H1``) → Period; raises InputError (a ValueError) with the accepted forms.
    Phrases as reports and people write them are read by the grammar
    (:func:`cchc_analysis.parse.period_grammar.read_period`)."""
    period = canonical(text)
    if period is None:
        raise InputError(f"'{text}' is not a period; use 2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M or 2023")
    return period


def period_sort_key(period: str) -> tuple:
    """Periods in time order (unknown codes last, by name)."""
    try:
        return (0, *parse_period(period).sort_key)
    except ValueError:
        return (1, str(period))


def period_label(period: str) -> str:
    """``2023-H1`` → "6 tháng đầu năm 2023" (the code itself when it is not a period)."""
    try:
        return parse_period(period).label
    except ValueError:
        return str(period)
