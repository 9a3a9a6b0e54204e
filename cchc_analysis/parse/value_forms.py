"""The grammar of a "Số liệu" cell as clerks write it, built from small pieces.

    cell    := figure [footnote]            15*  ·  15 (*)  ·  15¹
    figure  := counts sep rate              1.548/1.562 (99,1%)  ·  4.036/4.118 đạt 98,0 %
             | rate "(" counts ")"          99,1 % (1.548/1.562)
             | counts                       681/712  ·  681 trên tổng số 712 hồ sơ
             | [lead] number ["%" | unit]   5,88  ·  đạt 100%  ·  tỷ lệ: 95,7  ·  1.204 hồ sơ
    counts  := count [unit] ("/" | "trên" ["tổng số"]) count [unit]
    rate    := [lead] number ["%"]
    lead    := "đạt" | ("tỷ lệ" | "tỉ lệ") [":"] | "đạt tỷ lệ" [":"] | "tỷ lệ đạt"
    sep     := "(" rate ")" | "," | ";" | ":" | "=" | "–" | "-" | a space
    unit    := one to three words of letters, none of them a connector word

The pieces only say where each part stands. What a part may not be is decided by the reader
(:mod:`numbers`): every number parsed strictly with Babel, a "%" required unless the lead says
"tỷ lệ", a unit checked against the row's unit. A cell longer than :data:`MAX_CELL` characters is
no figure (and keeps matching bounded).
"""

from __future__ import annotations

import re
import unicodedata

#: Longer than this, a value cell is a sentence, not a figure: kept raw, never matched.
MAX_CELL = 120
#: Full-width signs a Vietnamese input method or a CJK font may type, as their ASCII selves.
FULL_WIDTH = str.maketrans({"％": "%", "（": "(", "）": ")", "／": "/", "：": ":"})

_NUMBER = r"[0-9][0-9.]*(?:,\s?[0-9]+)?"  # strictness is Babel's (parse_number), not the pattern's
_COUNT = r"[0-9][0-9.]*"
_CONNECTOR = r"(?:đạt|tỷ\s+lệ|tỉ\s+lệ|lệ|trên|tổng\s+số)\b"  # "tỷ đồng" is a unit
_UNIT = rf"(?!{_CONNECTOR})[^\W\d_]+(?:\s+(?!{_CONNECTOR})[^\W\d_]+){{0,2}}"
_LEAD = r"(?:đạt\s*)?(?:(?:tỷ|tỉ)\s*lệ(?:\s*đạt)?\s*:?)?"
#: A rate: its lead words, its number, its "%".
_RATE = rf"(?P<lead>{_LEAD})\s*(?P<number>{_NUMBER})(?P<pct>\s*%)?"
#: Counts: a numerator and a denominator, each perhaps with its unit.
_COUNTS = (
    rf"(?P<num>{_COUNT})(?:\s+(?P<num_unit>{_UNIT}))?"
    rf"(?:\s*/\s*|\s+trên\s+(?:tổng\s+số\s+)?)"
    rf"(?P<den>{_COUNT})(?:\s+(?P<den_unit>{_UNIT}))?"
)

#: Each form of a figure, tried in this order; the first that matches the whole cell is it.
FORMS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "counts_rate",
            rf"{_COUNTS}(?:\s*(?P<open>\()\s*|\s*[,;:=–-]\s*|\s+){_RATE}"
            rf"(?(open)\s*\))",
        ),
        ("rate_counts", rf"{_RATE}\s*\(\s*{_COUNTS}\s*\)"),
        ("counts", _COUNTS),
        (
            "single",
            rf"(?P<lead>{_LEAD})\s*(?P<number>-?{_NUMBER})"
            rf"(?:(?P<pct>\s*%)|\s+(?P<unit>{_UNIT}))?",
        ),
    )
)

#: A footnote mark after a figure: stars, a starred bracket, superscript digits. "(1)" is not
#: one: after a number it may as well be a count ("15 (1)": 15, of which 1), so it stays raw.
FOOTNOTE = re.compile(r"\s*(?P<mark>\*{1,3}|\(\s*\*{1,3}\s*\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})$")

#: The vowel nuclei of Vietnamese syllables, tone marks left out ("ươ" of "người", "uyê" of "khuyến").
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê "
    "ui uô uơ uy ưa ưi ưu ươ iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yê yêu"
).split()
#: One Vietnamese syllable in lower case without its tone: an initial, a nucleus, a final.
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    rf"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:ch|ng|nh|[cmnpt])?"
)
#: The five tone marks (as combining characters); the hat, breve and horn are letters' own.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _syllable(word: str) -> bool:
    """A lower-case Vietnamese syllable with at most one tone ("người", "hồ", "bản")."""
    split = unicodedata.normalize("NFD", word)
    tones = sum(ch in _TONES for ch in split)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in split if ch not in _TONES))
    return tones <= 1 and bool(_SYLLABLE.fullmatch(bare))


def is_unit_phrase(words: str) -> bool:
    """Lower-case Vietnamese words ("hồ sơ", "văn bản", "người"): what a unit looks like when
    the row gives none to compare with."""
    return all(_syllable(word) for word in words.split())


#: Units that name no thing ("Số lượng"): a unit word in the cell cannot be checked against them.
GENERIC_UNITS = frozenset({"số lượng", "số"})
_ALTERNATIVES = re.compile(r"\s*(?:[,/;]|\bvà\b|\bhoặc\b)\s*")


def fits_unit(words: str, unit: str) -> bool:
    """Whether a unit written in the cell is the row's unit (or one of its alternatives, "Cơ
    quan, đơn vị"), ignoring case; one may say more than the other ("hồ sơ" / "Hồ sơ TTHC")."""
    said = " ".join(words.casefold().split())
    for alternative in _ALTERNATIVES.split(" ".join(unit.casefold().split())):
        if alternative and (
            said == alternative or said.startswith(alternative + " ") or alternative.startswith(said + " ")
        ):
            return True
    return False
