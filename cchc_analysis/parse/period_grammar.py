"""The grammar of period statements: every way a Vietnamese clerk names a reporting period, read
into a :class:`~cchc_analysis.parse.periods.Period` and the rule that read it.

Text is read as NFC, case-blind, with runs of spaces and line breaks as one space (so a phrase
broken across lines reads whole). Forms, with their rule token (``sources.period_rule``):

- ``phrase``: a month count in digits, then "đầu năm" / "cuối năm" / "năm" and a 4-digit year —
  "3|03 tháng [đầu] năm" = Q1, "3 tháng cuối năm" = Q4, "6|06 tháng [đầu] năm" = H1, "6 tháng
  cuối năm" = H2, "9|09 tháng [đầu] năm" = 9M, "12 tháng năm" = the year;
- ``phrase_words``: the same counts in words ("ba", "sáu", "chín", "mười hai tháng"), "nửa đầu
  năm" = H1, "nửa cuối năm" = H2 (unambiguous, so read), "cả năm" = the year;
- ``quarter_roman`` / ``quarter_arabic`` / ``quarter_words``: "Quý I/2024", "quý II - 2024",
  "QUÝ IV NĂM 2024", "quý 1 năm 2024", "quý một năm 2024";
- ``year``: a bare "năm 2024" (never a range "năm 2021-2025", never the year of a date);
- ``window_calendar`` / ``window_nd09``: a reporting window "từ [ngày] d/m/yyyy đến [hết] [ngày]
  d/m/yyyy" (also "d/m/yyyy - d/m/yyyy", "ngày d tháng m năm yyyy") that is a calendar period
  (01/01→30/06 = H1) or a data cut-off window of Decree 09/2019/NĐ-CP art. 12 (the 15th of the
  month before the period → the 14th of its last month: Quý I = 15/12 of the year before → 14/3,
  H1 = 15/12 → 14/6, H2 = 15/6 → 14/12, 9M = 15/12 → 14/9, the year = 15/12 → 14/12);
  ``window``: a window of at most 400 days that fits no period (period None: flagged, never
  guessed; a longer span — "giai đoạn từ 01/01/2021 đến 31/12/2025" — is no reporting window);
- ``canonical``: a code "2024-H1" (the command line, a sidecar).

Dates ("ngày 15 tháng 6 năm 2024", "tháng 6/2024") are read as dates, never as the year
"năm 2024". What a phrase is to its report is told by the words since the previous phrase (its
lead-in): after "và/,/;" + "phương hướng", "nhiệm vụ", "kế hoạch", "triển khai", "dự kiến",
"định hướng", "mục tiêu" it names the plan (the next period); after "so với"/"cùng kỳ" a period
compared with; otherwise the period reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from cchc_analysis.parse.periods import Period, canonical, kinds

_YEAR = r"(?P<year>(?:19|20)\d{2})(?![\d/])"
_COUNTS = {
    "3": 3,
    "03": 3,
    "6": 6,
    "06": 6,
    "9": 9,
    "09": 9,
    "12": 12,
    "ba": 3,
    "sáu": 6,
    "chín": 9,
    "mười hai": 12,
}
#: (months, "đầu"/"cuối"/"") → kind: the first N months of the year, or the last.
_MONTHS = {
    (3, ""): "Q1",
    (3, "đầu"): "Q1",
    (3, "cuối"): "Q4",
    (6, ""): "H1",
    (6, "đầu"): "H1",
    (6, "cuối"): "H2",
    (9, ""): "9M",
    (9, "đầu"): "9M",
    (12, ""): "Y",
}
_QUARTERS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "01": 1,
    "02": 2,
    "03": 3,
    "04": 4,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
}
_F = re.IGNORECASE
_COUNT = re.compile(
    rf"(?<![\w/.,])(?P<count>mười hai|sáu|chín|ba|0?[369]|12) tháng (?:(?P<half>đầu|cuối) )?"
    rf"năm,? {_YEAR}",
    _F,
)
_HALF = re.compile(rf"(?<!\w)(?:nửa (?P<half>đầu|cuối)|(?P<whole>cả)) năm,? {_YEAR}", _F)
_QUARTER = re.compile(
    rf"(?<!\w)quý (?P<q>iv|iii|ii|i|0?[1-4]|một|hai|ba|bốn|tư)(?![\w])"
    rf"(?: ?[/\-–—.] ?| năm |,? năm |, | )\(?{_YEAR}",
    _F,
)
_BARE_YEAR = re.compile(rf"(?<!\w)năm {_YEAR}(?! ?[-–—] ?\d{{2,4}})", _F)
_DAY = r"(?:(?P<{n}d>\d{{1,2}})[/.\-](?P<{n}m>\d{{1,2}})[/.\-](?P<{n}y>\d{{4}})|(?P<{n}wd>\d{{1,2}}) tháng (?P<{n}wm>\d{{1,2}}) năm (?P<{n}wy>\d{{4}}))"
_WINDOW = re.compile(
    r"(?:(?<!\w)từ (?:ngày )?)?(?<![\w/])"
    + _DAY.format(n="a")
    + r" ?(?:đến|tới|[-–—]) ?(?:hết )?(?:ngày )?"
    + _DAY.format(n="b")
    + r"(?![\d/])",
    _F,
)
_DATE = re.compile(
    r"(?:ngày )?\d{1,2} tháng \d{1,2} năm \d{4}|tháng \d{1,2} ?(?:năm|/) ?\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4}",
    _F,
)
_PLAN = re.compile(
    r"(?:^|\bvà\b|[,;:(])\s*(?:các |đề ra )?(?:phương hướng|nhiệm vụ|kế hoạch|"
    r"triển khai|dự kiến|định hướng|mục tiêu)",
    _F,
)
_COMPARED = re.compile(r"\bso với\b|\bcùng kỳ\b", _F)
#: "báo cáo" as the report's verb ("Sở … báo cáo …", "Kỳ báo cáo:"), not a cited document's
#: subject ("về việc báo cáo", "chế độ báo cáo") nor a document ("Báo cáo số 12/BC-…").
_VERB = re.compile(r"(?<!việc )(?<!độ )(?<!\w)báo cáo(?! số)(?!\w)", _F)
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)")
#: The longest span a reporting window may have (a year and a little).
MAX_WINDOW_DAYS = 400
#: How far a period may stand from its reporting verb (characters).
VERB_REACH = 200


@dataclass(frozen=True)
class Found:
    """A period statement in a text: where (``start``, ``end`` in the normalised text), its words,
    the period it names (None: a window that fits none), the rule and what it is to the report
    (``role``: "reported", "plan", "compared")."""

    start: int
    end: int
    text: str
    period: Period | None
    rule: str
    role: str = "reported"


def normalise(text: str) -> str:
    """NFC, spaces and line breaks as single spaces: the text the grammar reads."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _day(match: re.Match, n: str) -> date | None:
    parts = [match.group(f"{n}{k}") or match.group(f"{n}w{k}") for k in "dmy"]
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None


def window_period(start: date, end: date) -> tuple[Period, str] | None:
    """The period a reporting window is, by the calendar or by Decree 09/2019/NĐ-CP art. 12."""
    year = end.year
    for kind in kinds():
        period = Period(year, kind)
        if (start, end) == (period.start, period.end):
            return period, "window_calendar"
        before = period.start - timedelta(days=1)  # the last day of the month before
        if (start, end) == (before.replace(day=15), period.end.replace(day=14)):
            return period, "window_nd09"
    return None


def _windows(text: str) -> list[Found]:
    out = []
    for match in _WINDOW.finditer(text):
        start, end = _day(match, "a"), _day(match, "b")
        if start is not None and end is not None and not 0 < (end - start).days <= MAX_WINDOW_DAYS:
            continue  # a span of years or backwards: no reporting window
        found = window_period(start, end) if start and end else None
        out.append(
            Found(
                match.start(),
                match.end(),
                match.group(0),
                found[0] if found else None,
                found[1] if found else "window",
            )
        )
    return out


def _phrase(match: re.Match, pattern: re.Pattern) -> tuple[Period, str] | None:
    year = int(match.group("year"))
    if pattern is _COUNT:
        count = match.group("count").lower()
        kind = _MONTHS.get((_COUNTS[count], (match.group("half") or "").lower()))
        return (Period(year, kind), "phrase" if count[0].isdigit() else "phrase_words") if kind else None
    if pattern is _HALF:
        half = (match.group("half") or "").lower()
        return Period(year, {"đầu": "H1", "cuối": "H2"}.get(half, "Y")), "phrase_words"
    if pattern is _QUARTER:
        q = match.group("q").lower()
        rule = (
            "quarter_arabic"
            if q[0].isdigit()
            else "quarter_roman"
            if set(q) <= set("iv")
            else "quarter_words"
        )
        return Period(year, f"Q{_QUARTERS[q]}"), rule
    return Period(year, "Y"), "year"


def _role(lead_in: str) -> str:
    if _COMPARED.search(lead_in):
        return "compared"
    return "plan" if _PLAN.search(lead_in) else "reported"


def read(text: str) -> list[Found]:
    """Every period statement of a text, in reading order, each with its role (dates skipped)."""
    text = normalise(text)
    found: list[Found] = _windows(text)
    taken = [(f.start, f.end) for f in found]
    taken += [m.span() for m in _DATE.finditer(text) if not any(s <= m.start() < e for s, e in taken)]
    for pattern in (_COUNT, _HALF, _QUARTER, _BARE_YEAR):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            read_as = _phrase(match, pattern)
            if read_as is not None:
                found.append(Found(match.start(), match.end(), match.group(0), *read_as))
    found.sort(key=lambda f: f.start)
    out, after = [], 0
    for item in found:
        out.append(
            Found(item.start, item.end, item.text, item.period, item.rule, _role(text[after : item.start]))
        )
        after = item.end
    return out


def reported(text: str, verb: bool = False) -> list[Found]:
    """The statements of the period a text reports. ``verb``: only those the report makes with
    its reporting verb ("… báo cáo kết quả … quý I năm 2024", "Kỳ báo cáo: …") or a window, as
    in running text, where other years are plans, citations and dates."""
    text = normalise(text)
    out = []
    for item in read(text):
        if item.role != "reported":
            continue
        if verb and not item.rule.startswith("window") and not _after_verb(text[: item.start]):
            continue
        out.append(item)
    return out


def _after_verb(before: str) -> bool:
    """Does the text before a phrase end in its reporting verb's clause (within reach)?"""
    verbs = list(_VERB.finditer(before))
    if not verbs:
        return False
    between = before[verbs[-1].end() :]
    return len(between) <= VERB_REACH and not _CLAUSE_END.search(between)


def first_reported(text: str) -> tuple[Period, str] | None:
    """The period a title-like text names first and the rule that read it, or None."""
    return next(((f.period, f.rule) for f in reported(text) if f.period is not None), None)


def find_period(text: str) -> Period | None:
    """The period a title names: its earliest statement of the reported period, or None."""
    found = first_reported(text)
    return found[0] if found else None


def read_period(text: str) -> tuple[Period, str]:
    """A period as a person gives it (``--period``, a sidecar): a canonical code or a phrase, and
    the rule that read it; ValueError naming the accepted forms otherwise."""
    code = canonical(text)
    if code is not None:
        return code, "canonical"
    found = first_reported(text)
    if found is None:
        raise ValueError(
            f"'{text}' is not a period; use 2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M "
            "or 2023 (or a phrase such as '6 tháng đầu năm 2023')"
        )
    return found
