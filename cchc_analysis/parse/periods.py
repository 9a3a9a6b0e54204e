"""Reporting periods: "6 tháng đầu năm 2023" → ``2023-H1``; ordering; the previous period.

Canonical forms: ``2023-Q1``…``2023-Q4``, ``2023-H1``, ``2023-H2``, ``2023-9M``, ``2023`` (year).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

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
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_CANONICAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>Q[1-4]|H[12]|9M))?$")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# Vietnamese phrases, most specific first; each names its kind (or how to derive it).
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b6\s*tháng\s*(?:đầu\s*)?năm\s*{_YEAR}", re.I), "H1"),
    (re.compile(rf"\b6\s*tháng\s*cuối\s*năm\s*{_YEAR}", re.I), "H2"),
    (re.compile(rf"\b9\s*tháng\s*(?:đầu\s*)?năm\s*{_YEAR}", re.I), "9M"),
    (re.compile(rf"\bquý\s*(?P<q>iv|i{{1,3}}|[1-4])\s*(?:/|năm|-)\s*{_YEAR}", re.I), "Q"),
    (re.compile(rf"\bnăm\s*{_YEAR}", re.I), "Y"),
]


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


def parse_period(text: str) -> Period:
    """A canonical code (``2023-H1``) → Period; raises ValueError with the accepted forms."""
    match = _CANONICAL.match(text.strip())
    if not match:
        found = find_period(text)
        if found is None:
            raise ValueError(
                f"'{text}' is not a period; use 2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M "
                "or 2023 (or a phrase such as '6 tháng đầu năm 2023')"
            )
        return found
    return Period(int(match.group("year")), match.group("kind") or "Y")


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


def find_period(text: str) -> Period | None:
    """The period a title names: the earliest Vietnamese period phrase in it, or None.

    Titles such as "… 6 tháng đầu năm 2023 và phương hướng, nhiệm vụ 6 tháng cuối năm 2023"
    name the reported period first and the planned one after, so the earliest phrase wins;
    "năm 2023" inside a more specific phrase does not count on its own.
    """
    best: tuple[int, Period] | None = None
    taken: list[tuple[int, int]] = []
    for pattern, kind in _PHRASES:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            year = int(match.group("year"))
            period_kind = f"Q{_ROMAN[match.group('q').lower()]}" if kind == "Q" else kind
            if best is None or match.start() < best[0]:
                best = (match.start(), Period(year, period_kind))
    return best[1] if best else None
