"""Figures the narrative states about things the appendix counts: "03 hồ sơ trực tuyến cấp độ 3".

A claim is a Vietnamese number ("03", "100%", "95,7 %") followed by the thing it counts (the
noun), or "không có … trễ hạn/quá hạn" (a zero). Numbers that only name something are skipped:
symbols and dates (they touch "/" or ":"), years, ranges, durations ("6 tháng"), and numbers
after a label word ("Dự án 10", "lần thứ 6", "Điều 6", "cấp độ 3", "ISO 9001"). A figure that
leaves its noun to the figure before it in the sentence ("biên chế được giao 30, có mặt 28",
"80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4") shares that figure's noun.
What a figure counts — its subject and qualifiers — and the row it may be held against are read
by :mod:`cchc_analysis.derive.subjects` from the words around it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cchc_analysis.derive import subjects
from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.documents import sentences
from cchc_analysis.parse.narrative import CLOSING, Block
from cchc_analysis.parse.numbers import parse_number

MAX_NOUN_WORDS = 14
#: How far around a figure its label, noun and context are looked for (characters).
_LOOK_BEHIND, _LOOK_AHEAD = 80, 400
#: A sentence longer than this is not one a person wrote: only a window around each figure counts.
MAX_SENTENCE = 2000

_NUMBER = re.compile(r"(?<![\w/.,:-])(?P<num>\d+(?:[.,]\d+)*)(?P<pct>\s*%)?")
# Words after which a number is a name, not a count ("Dự án 10", "lần thứ 6", "năm 2023").
_LABEL = re.compile(
    r"(?:^|[\s(])(?:năm|quý|tháng|ngày|tiểu dự án|dự án|thứ|điều|khoản|điểm|chương|mục|"
    r"phụ lục|khóa|khoá|cấp độ|mức độ|phiên bản|chỉ số|trung ương|(?<!tổng )số|đợt|"
    r"giai đoạn|iso|tcvn|nội dung|tiêu chí|bước)\s*$",
    re.IGNORECASE,
)
# After the number: part of a symbol, date, ratio or standard ("12-CTr", "11/01", "9001:2015"),
# a range ("2021 - 2025"), glued to a word ("5G") or a duration ("6 tháng").
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:[/:]|-[A-ZĐ]|\s*[-–]\s*\d|\w|\s*(?:tháng|năm|ngày|giờ|phút|tuần|quý)\b)", re.IGNORECASE
)
_RANGE_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_YEAR = re.compile(r"^(?:19[4-9]\d|20\d\d|2100)$")
# The noun ends at punctuation (a comma inside "cán bộ, công chức" or "mức độ 3, 4" excepted) …
_CLAUSE_END = re.compile(r"[;:.!?()\"“”…]|,(?!\s*(?:công chức|viên chức|người lao động))(?<!độ \d,)")
# … or before a preposition, conjunction or verb that starts what is said about it.
_STOPS = (
    "và",
    "hoặc",
    "nhưng",
    "trên",
    "tại",
    "của",
    "trong",
    "cho",
    "theo",
    "với",
    "đến",
    "từ",
    "để",
    "nhằm",
    "phục vụ",
    "đăng tải",
    "đăng ký",
    "tham gia",
    "chấp hành",
    "thực hiện",
    "đối với",
    "gồm",
    "bao gồm",
    "là",
    "đạt",
    "so với",
    "qua",
    "thuộc",
    "về",
)
_STOP = re.compile(rf"\s(?:{'|'.join(_STOPS)})(?!\w)", re.IGNORECASE)
_SPELLED = re.compile(r"^\s*\([^()]{1,20}\)")  # "03 (ba) hồ sơ"
# When nothing follows the number: "tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%".
_NOUN_BEFORE = re.compile(
    r"(?:tỷ lệ|tỉ lệ|tổng số|số lượng)\s+(?P<noun>[^,;:.()]+?)\s*(?:đạt|là|bằng)?\s*:?\s*$", re.IGNORECASE
)
# A level or tier written without its thing ("… 80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4").
_QUALIFIER = re.compile(r"\s(?:mức độ|cấp độ|cấp)\s", re.IGNORECASE)
_BARE_QUALIFIER = re.compile(r"^(?:mức độ|cấp độ|cấp)\s", re.IGNORECASE)
#: Words of an earlier figure's noun a figure written without one shares ("biên chế", "thủ tục").
HEAD_WORDS = 2
_NONE_LATE = re.compile(r"\bkhông có\s+(?P<noun>(?:[^\s,;:.()]+\s+){1,8}?(?:trễ|quá)\s+hạn)", re.IGNORECASE)


def _noun_after(rest: str) -> str:
    """The counted thing written right after the number, up to where the clause moves on."""
    rest = _SPELLED.sub("", rest)
    clause = _CLAUSE_END.split(rest, maxsplit=1)[0]
    stop = _STOP.search(clause, 1) if clause.strip() else None
    words = (clause[: stop.start()] if stop else clause).split()
    return " ".join(words[:MAX_NOUN_WORDS]).rstrip(",")


def _is_count(sentence: str, match: re.Match[str]) -> bool:
    """False for numbers that name something (symbol, date, year, range, label) or are durations."""
    before = sentence[max(0, match.start() - _LOOK_BEHIND) : match.start()]
    after = sentence[match.end() : match.end() + _LOOK_AHEAD]
    if match.group("pct"):
        return True
    return not (
        _NOT_A_COUNT_AFTER.match(after)
        or _LABEL.search(before)
        or _RANGE_BEFORE.search(before)
        or _YEAR.match(match.group("num"))
    )


def context(sentence: str, start: int, end: int) -> str:
    """The sentence a figure stands in, or — in a sentence longer than any a person writes —
    the stretch around the figure, so that the work per figure stays bounded."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    return sentence[max(0, start - MAX_SENTENCE // 2) : end + MAX_SENTENCE // 2]


class Figure(NamedTuple):
    """One figure of a sentence: where, its value, whether a percentage, its noun, the sentence
    (or the stretch around it) and what it counts."""

    offset: int
    value: float
    percent: bool
    noun: str
    sentence: str
    said: subjects.Said


# The rest of a figure's clause stops at a conjunction that starts another statement (not at
# "mức độ 3 và 4", "trước và đúng hạn", "tiếp nhận và trả kết quả") or at the next count.
_NEXT = re.compile(
    r"\s(?:và|hoặc|nhưng|đồng thời)\s(?!(?:(?:mức|cấp) độ\s*)?\d|(?:đúng|trước|quá|trễ) hạn|trả kết quả)"
    r"|(?<!độ)(?<!mức)(?<!cấp)(?<!độ \d,)\s+\d",
    re.IGNORECASE,
)
# Where the clause of the words before a figure starts: punctuation, or a preposition whose
# object the figure is ("phân cấp … về UBND cấp huyện đối với 02 thủ tục": not district ones).
_PUNCTUATION = ",;:(."
_OBJECT = re.compile(r"(?<!\w)(?:đối với|với|cho)$", re.IGNORECASE)


def _figures(sentence: str, shown: str, terms: tuple[subjects.Term, ...]) -> list[Figure]:
    """Every count and every "không có … trễ hạn" zero of a sentence, with what each counts;
    each looks only at a bounded window around it (linear in the sentence). ``shown`` is the
    sentence as written, ``sentence`` the same with the reporting agency's name blanked;
    ``terms``: the vocabulary what a figure counts is read by."""
    found = []
    for match in _NUMBER.finditer(sentence):
        if not _is_count(sentence, match):
            continue
        try:
            value = float(parse_number(match.group("num")))
        except ValueError:
            continue
        found.append((match.start(), match.end(), value, bool(match.group("pct"))))
    for match in _NONE_LATE.finditer(sentence):
        found.append((match.start(), match.start() + len("không có"), 0.0, None))
    figures: list[Figure] = []
    floor, earlier, noun_before = 0, None, ""
    for start, end, value, percent in sorted(found, key=lambda f: f[0]):
        after = _SPELLED.sub("", sentence[end : end + _LOOK_AHEAD])
        noun = _noun_after(after)
        # "không có … trễ hạn" says all it counts itself
        lead, joined = _lead(sentence, start, floor) if percent is not None else ("", "")
        percent = bool(percent)
        if not noun:
            before = _NOUN_BEFORE.search(sentence[max(0, start - _LOOK_AHEAD) : start])
            noun = before.group("noun") if before else ""
        noun = _shared(noun, noun_before, lead, percent)
        if not noun:
            continue
        rest = _NEXT.split(_CLAUSE_END.split(after, maxsplit=1)[0], maxsplit=1)[0]
        said = subjects.read(
            lead,
            noun,
            rest,
            terms,
            joined=joined,
            earlier=earlier,
            context=sentence[max(0, start - _LOOK_AHEAD) : start],
        )
        figures.append(Figure(start, value, percent, noun, context(shown, start, end), said))
        floor, noun_before = end + len(rest), noun
        earlier = said if said.subject else earlier
    return figures


def _shared(noun: str, earlier: str, lead: str, percent: bool) -> str:
    """The noun of a figure that leaves out what it counts because the sentence's previous figure
    said it: a bare count after its own words ("… 30, có mặt 28, tinh giản 2", "25 thủ tục (cấp
    tỉnh 20, …)") counts the earlier figure's thing; a level alone ("… và 40 mức độ 4") is the
    earlier thing at that level. Otherwise the noun as found."""
    if not earlier or percent:
        return noun
    if not noun and any(ch.isalpha() for ch in lead):
        return " ".join(earlier.split()[:HEAD_WORDS])
    if _BARE_QUALIFIER.match(noun):
        return f"{_QUALIFIER.split(f' {earlier} ', maxsplit=1)[0].strip()} {noun}"
    return noun


def _lead(sentence: str, start: int, floor: int) -> tuple[str, str]:
    """The words of the clause right before a figure, from the last comma, colon, semicolon,
    bracket or the end of the previous figure's clause (at most 80 characters): what the figure
    is said of ("có mặt 16", "cấp tỉnh 20", "Số hồ sơ trực tuyến mức độ 3 là"). After a colon
    with nothing between, the label before the colon ("Tổng số hồ sơ tiếp nhận: 1.204"). Also
    the words before the lead's comma, where a verb coordinated with the lead's may end."""
    window = sentence[max(floor, start - _LOOK_BEHIND) : start]
    cut = max(window.rfind(mark) for mark in _PUNCTUATION)
    lead = window[cut + 1 :].strip()
    before = window[:cut] if cut >= 0 else ""
    if not lead and cut >= 0 and window[cut] == ":":
        lead = before[max(before.rfind(mark) for mark in _PUNCTUATION) + 1 :].strip()
        before = ""
    joined = (
        before[max(before.rfind(mark) for mark in _PUNCTUATION) + 1 :]
        if (cut >= 0 and window[cut] == ",")
        else ""
    )
    return ("" if _OBJECT.search(lead) else lead), joined


def _blanked(names: tuple[str | None, ...]):
    """A function that blanks the reporting agency's own names in a sentence, keeping every
    position: "Thanh tra tỉnh đã tiếp nhận 20 hồ sơ" counts dossiers received, not inspected ones
    — an agency's name is who speaks, never what a figure counts."""
    found = sorted({n for n in names if n}, key=len, reverse=True)
    if not found:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(n) for n in found), re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: " " * len(m.group()), text)


def claims(blocks: list[Block], catalog: Catalog, names: tuple[str | None, ...] = ()) -> list[dict]:
    """One record per figure stated in the narrative (headings and the closing block skipped);
    ``names``: the reporting agency's names (as stored and as written), which qualify nothing;
    what each figure counts is read by ``catalog``'s vocabulary and linked to its rows."""
    records, blank = [], _blanked(names)
    for block in blocks:
        if block.is_heading or block.section_id == CLOSING:
            continue
        for whole in sentences(block.text):
            for figure in _figures(blank(whole), whole, catalog.subjects):
                records.append(
                    {
                        "value": figure.value,
                        "percent": figure.percent,
                        "noun": figure.noun,
                        "topic": subjects.topic(figure.said.subject, catalog.subjects),
                        "indicator_id": subjects.link(figure.said, figure.percent, catalog.row_subjects),
                        "sentence": figure.sentence,
                        "section_id": block.section_id,
                        "paragraph": block.seq,
                        "locator": block.locator,
                        "subject": figure.said.subject,
                        "qualifiers": figure.said.text,
                    }
                )
    return records
