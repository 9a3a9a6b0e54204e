"""Figures the narrative states about things the appendix counts: "03 hồ sơ trực tuyến cấp độ 3".

A claim is a Vietnamese number ("03", "100%", "95,7 %") followed by the thing it counts (the
noun), or "không có … trễ hạn/quá hạn" (a zero). Numbers that only name something are skipped:
symbols and dates (they touch "/" or ":"), years, ranges, durations ("6 tháng"), and numbers
after a label word ("Dự án 10", "lần thứ 6", "Điều 6", "cấp độ 3", "ISO 9001"). A figure that
leaves its noun to the figure before it in the sentence ("biên chế được giao 30, có mặt 28",
"80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4") shares that figure's noun.
Which indicator a claim is about is data: ``catalog/claims.csv`` (see :func:`load_claim_rules`).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cchc_analysis.derive.documents import sentences
from cchc_analysis.parse.narrative import CLOSING, Block
from cchc_analysis.parse.numbers import parse_number

RULES_PATH = Path(__file__).parent / "catalog" / "claims.csv"
TOPICS = (
    "tasks", "dossiers", "procedures", "documents", "legal_documents", "staff", "articles",
    "equipment", "other",
)
#: Joins noun and sentence in the text a rule's pattern is searched in.
JOIN = " ¦ "
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
# The noun ends at punctuation (a comma inside "cán bộ, công chức" excepted) …
_CLAUSE_END = re.compile(r"[;:.!?()\"“”…]|,(?!\s*(?:công chức|viên chức|người lao động))")
# … or before a preposition, conjunction or verb that starts what is said about it.
_STOPS = (
    "và", "hoặc", "nhưng", "trên", "tại", "của", "trong", "cho", "theo", "với", "đến", "từ",
    "để", "nhằm", "phục vụ", "đăng tải", "đăng ký", "tham gia", "chấp hành", "thực hiện",
    "đối với", "gồm", "bao gồm", "là", "đạt", "so với", "qua", "thuộc", "về",
)
_STOP = re.compile(rf"\s(?:{'|'.join(_STOPS)})(?!\w)", re.IGNORECASE)
_SPELLED = re.compile(r"^\s*\([^()]{1,20}\)")  # "03 (ba) hồ sơ"
# When nothing follows the number: "tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%".
_NOUN_BEFORE = re.compile(
    r"(?:tỷ lệ|tỉ lệ|tổng số|số lượng)\s+(?P<noun>[^,;:.()]+?)\s*(?:đạt|là|bằng)?\s*:?\s*$",
    re.IGNORECASE,
)
# A level or tier written without its thing ("… 80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4").
_QUALIFIER = re.compile(r"\s(?:mức độ|cấp độ|cấp)\s", re.IGNORECASE)
_BARE_QUALIFIER = re.compile(r"^(?:mức độ|cấp độ|cấp)\s", re.IGNORECASE)
#: Words of an earlier figure's noun a figure written without one shares ("biên chế", "thủ tục").
HEAD_WORDS = 2
_NONE_LATE = re.compile(
    r"\bkhông có\s+(?P<noun>(?:[^\s,;:.()]+\s+){1,8}?(?:trễ|quá)\s+hạn)", re.IGNORECASE
)


@dataclass(frozen=True)
class ClaimRule:
    """One row of ``claims.csv``: claims matching ``pattern`` get ``topic`` and ``indicator_id``."""

    indicator_id: str | None
    topic: str
    percent: bool | None  # None: either
    pattern: re.Pattern[str]


@cache
def _shipped_rules() -> list[ClaimRule]:
    """The shipped claim rules, read once per process."""
    return load_claim_rules()


def load_claim_rules(path: Path = RULES_PATH) -> list[ClaimRule]:
    """Read the claim rules, in file order (the first matching rule wins).

    ``pattern`` is searched (case-insensitively) in ``noun ¦ sentence ¦ lead``: anchor it with
    ``^`` to test the noun only, reach past the first ``¦`` into the sentence for context, or
    past the second (``¦[^¦]*¦``) into the words of the clause right before the figure. A bad regex, topic
    or percent flag raises ValueError naming the file and the row.
    """
    rules = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"indicator_id", "topic", "percent", "pattern"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=1):
            where = f"{path}: row {row_number} (line {reader.line_num})"
            try:
                pattern = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{where}: bad regex {row['pattern']!r}: {exc}") from None
            if row["topic"] not in TOPICS:
                raise ValueError(f"{where}: unknown topic {row['topic']!r}; use one of {TOPICS}")
            flag = row["percent"].strip().lower()
            if flag not in ("true", "false", ""):
                raise ValueError(f"{where}: percent must be true, false or empty, not {flag!r}")
            rules.append(
                ClaimRule(
                    row["indicator_id"].strip() or None,
                    row["topic"],
                    None if not flag else flag == "true",
                    pattern,
                )
            )
    return rules


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def classify(
    noun: str, sentence: str, percent: bool, rules: list[ClaimRule], lead: str = ""
) -> tuple[str, str | None]:
    """(topic, indicator_id) from the first rule that matches; ("other", None) when none does.
    ``lead`` is what the clause says right before the figure ("có mặt", "cấp tỉnh", "tinh giản")."""
    target = f"{_normal(noun)}{JOIN}{_normal(sentence)}{JOIN}{_normal(lead)}"
    for rule in rules:
        if rule.percent in (None, percent) and rule.pattern.search(target):
            return rule.topic, rule.indicator_id
    return "other", None


def _noun_after(rest: str) -> str:
    """The counted thing written right after the number, up to where the clause moves on."""
    rest = _SPELLED.sub("", rest)
    clause = _CLAUSE_END.split(rest, maxsplit=1)[0]
    stop = _STOP.search(clause, 1) if clause.strip() else None
    words = (clause[: stop.start()] if stop else clause).split()
    return " ".join(words[:MAX_NOUN_WORDS]).rstrip(",")


def _is_count(sentence: str, match: re.Match[str]) -> bool:
    """False for numbers that name something (symbol, date, year, range, label) or are durations."""
    before = sentence[max(0, match.start() - _LOOK_BEHIND): match.start()]
    after = sentence[match.end(): match.end() + _LOOK_AHEAD]
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
    return sentence[max(0, start - MAX_SENTENCE // 2): end + MAX_SENTENCE // 2]


def _figures(sentence: str) -> list[tuple[int, float, bool, str, str, str]]:
    """(offset, value, percent, noun, context, lead) for every count and every "không có … trễ
    hạn" zero; each looks only at a bounded window around it (linear in the sentence)."""
    found = []
    earlier = ""  # the noun of the sentence's previous figure: what a bare figure shares
    for match in _NUMBER.finditer(sentence):
        if not _is_count(sentence, match):
            continue
        try:
            value = float(parse_number(match.group("num")))
        except ValueError:
            continue
        lead = _lead(sentence, match.start())
        noun = _noun_after(sentence[match.end(): match.end() + _LOOK_AHEAD])
        if not noun:
            before = _NOUN_BEFORE.search(sentence[max(0, match.start() - _LOOK_AHEAD): match.start()])
            noun = before.group("noun") if before else ""
        noun = _shared(noun, earlier, lead, bool(match.group("pct")))
        if noun:
            earlier = noun
            found.append((match.start(), value, bool(match.group("pct")), noun,
                          context(sentence, match.start(), match.end()), lead))
    for match in _NONE_LATE.finditer(sentence):
        found.append((match.start(), 0.0, False, " ".join(match.group("noun").split()),
                      context(sentence, match.start(), match.end()), _lead(sentence, match.start())))
    return sorted(found)


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


def _lead(sentence: str, start: int) -> str:
    """The words of the clause right before a figure, from the last comma, colon, semicolon or
    bracket (at most 60 characters): what the figure is said of ("có mặt 16", "cấp tỉnh 20")."""
    before = sentence[max(0, start - 60):start]
    cut = max(before.rfind(mark) for mark in ",;:(")
    return before[cut + 1:].strip()


def claims(blocks: list[Block], rules: list[ClaimRule] | None = None) -> list[dict]:
    """One record per figure stated in the narrative (headings and the closing block skipped)."""
    rules = _shipped_rules() if rules is None else rules
    records = []
    for block in blocks:
        if block.is_heading or block.section_id == CLOSING:
            continue
        for whole in sentences(block.text):
            for _, value, percent, noun, sentence, lead in _figures(whole):
                topic, indicator_id = classify(noun, sentence, percent, rules, lead)
                records.append(
                    {
                        "value": value,
                        "percent": percent,
                        "noun": noun,
                        "topic": topic,
                        "indicator_id": indicator_id,
                        "sentence": sentence,
                        "section_id": block.section_id,
                        "paragraph": block.seq,
                        "locator": block.locator,
                    }
                )
    return records
