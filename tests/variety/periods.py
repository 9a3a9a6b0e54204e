"""When: the periods of the reporting regime and every way a clerk states one — numbers and
words ("6 tháng", "sáu tháng", "06 tháng"), "đầu năm"/"cuối năm", Roman and Arabic quarters,
"9 tháng"/"chín tháng"/"09 tháng", "năm", capitals, and reporting windows "từ ngày dd/mm/yyyy đến
ngày dd/mm/yyyy" on the calendar or on the data cut-off of Decree 09/2019/NĐ-CP, art. 12 (a
quarter runs from the 15th of the month before it to the 14th of its last month)."""

from __future__ import annotations

import random

KINDS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
#: The period that follows (for "phương hướng, nhiệm vụ …"): kind, and whether it is next year.
NEXT = {
    "Q1": ("Q2", 0),
    "Q2": ("Q3", 0),
    "Q3": ("Q4", 0),
    "Q4": ("Q1", 1),
    "H1": ("H2", 0),
    "H2": ("Y", 1),
    "9M": ("Q4", 0),
    "Y": ("Y", 1),
}
#: Calendar window (first day, last day) as (day, month); the year is the report's.
CALENDAR = {
    "Q1": ((1, 1), (31, 3)),
    "Q2": ((1, 4), (30, 6)),
    "Q3": ((1, 7), (30, 9)),
    "Q4": ((1, 10), (31, 12)),
    "H1": ((1, 1), (30, 6)),
    "H2": ((1, 7), (31, 12)),
    "9M": ((1, 1), (30, 9)),
    "Y": ((1, 1), (31, 12)),
}
#: Cut-off window of Decree 09/2019/NĐ-CP art. 12: (day, month, years back) → (day, month).
CUTOFF = {
    "Q1": ((15, 12, 1), (14, 3)),
    "Q2": ((15, 3, 0), (14, 6)),
    "Q3": ((15, 6, 0), (14, 9)),
    "Q4": ((15, 9, 0), (14, 12)),
    "H1": ((15, 12, 1), (14, 6)),
    "H2": ((15, 6, 0), (14, 12)),
    "9M": ((15, 12, 1), (14, 9)),
    "Y": ((15, 12, 1), (14, 12)),
}


def canonical(kind: str, year: int) -> str:
    """The store's spelling: ``2024-H1``, ``2024-Q3``, ``2024-9M``, ``2024``."""
    return str(year) if kind == "Y" else f"{year}-{kind}"


def phrase(kind: str, year: int, rng: random.Random) -> tuple[str, str]:
    """The period in words as a title or a sentence states it, and the variant's name."""
    if kind.startswith("Q"):
        digit = kind[1]
        number, form = rng.choice(((ROMAN[digit], "roman"), (digit, "arabic")))
        text, shape = rng.choice(((f"quý {number} năm {year}", "nam"), (f"quý {number}/{year}", "slash")))
        return text, f"quarter_{form}_{shape}"
    if kind in ("H1", "H2"):
        six, form = rng.choice((("6", "digits"), ("sáu", "words"), ("06", "zero")))
        half = "đầu" if kind == "H1" else "cuối"
        return f"{six} tháng {half} năm {year}", f"half_{form}"
    if kind == "9M":
        nine, form = rng.choice((("9", "digits"), ("chín", "words"), ("09", "zero")))
        head = rng.choice(("đầu năm", "năm"))
        return f"{nine} tháng {head} {year}", f"nine_{form}"
    return f"năm {year}", "year"


def _date(day: int, month: int, year: int, rng: random.Random) -> str:
    return f"{day:02d}/{month:02d}/{year}" if rng.random() < 0.5 else f"{day:02d}/{month}/{year}"


def window(kind: str, year: int, rng: random.Random) -> tuple[str, str]:
    """A reporting window sentence for the period, on the calendar or the cut-off regime."""
    if rng.random() < 0.5:
        (d1, m1), (d2, m2) = CALENDAR[kind]
        first, last, regime = _date(d1, m1, year, rng), _date(d2, m2, year, rng), "calendar"
    else:
        (d1, m1, back), (d2, m2) = CUTOFF[kind]
        first, last, regime = _date(d1, m1, year - back, rng), _date(d2, m2, year, rng), "cutoff"
    text = rng.choice(
        (
            f"Kỳ báo cáo: từ ngày {first} đến ngày {last}.",
            f"(Số liệu báo cáo tính từ ngày {first} đến ngày {last})",
            f"Thời gian lấy số liệu: từ ngày {first} đến ngày {last}.",
        )
    )
    return text, f"window_{regime}"


def next_phrase(kind: str, year: int, rng: random.Random) -> str:
    """The period the plans of section IV are for."""
    after, later = NEXT[kind]
    if kind == "H1":
        return f"6 tháng cuối năm {year}"
    return phrase(after, year + later, rng)[0]
