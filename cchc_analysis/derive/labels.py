"""Labels and units as comparison keys: the normalisation that lets a reworded, abbreviated or
renumbered label of an agency meet the template's own wording (and a unit written another way
meet the template's unit)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from cchc_analysis.sources.common import clean_text

#: Bullets and numbering before a label: "- ", "1.3.2. ", "3.4.7.4 ", "2) ", "IV. ", "a) ".
_LEADING = re.compile(r"^(?:[-+•*·]\s*|\d+(?:\.\d+)+\.?\s+|\d+[.)]\s+|[ivx]+\.\s+|[a-zđ]\)\s+)")
#: Standard abbreviations → their words; "bưu chính công ích" is folded the other way, to BCCI.
_ABBREVIATIONS = [
    ("tthc", "thủ tục hành chính"),
    ("vbqppl", "văn bản quy phạm pháp luật"),
    ("qppl", "quy phạm pháp luật"),
    ("đvsnncl", "đơn vị sự nghiệp công lập"),
    ("đvsncl", "đơn vị sự nghiệp công lập"),
    ("sncl", "sự nghiệp công lập"),
    ("dvcqg", "dịch vụ công quốc gia"),
    ("dvc", "dịch vụ công"),
    ("cchc", "cải cách hành chính"),
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("nsnn", "ngân sách nhà nước"),
    ("cntt", "công nghệ thông tin"),
    ("bưu chính công ích", "bcci"),
]
_ABBREVIATION_RES = [(re.compile(rf"(?<!\w){re.escape(a)}(?!\w)"), b) for a, b in _ABBREVIATIONS]
_TONES = "\u0300\u0301\u0303\u0309\u0323"
#: Old-style tone placement (hòa, khỏe, thủy) in NFD: tone on the first vowel of a final oa/oe/uy.
_OLD_TONE = re.compile(rf"([ou])([{_TONES}])([aey])(?![\w\u0300-\u036f])")
_TONE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
#: "tỷ"/"tỉ", "kỹ"/"kĩ", "lý"/"lí", "mỹ"/"mĩ", "hy"/"hi": a whole syllable of h/k/l/m/t + y.
_Y_SYLLABLE = re.compile(r"(?<!\w)([hklmt])([yýỳỷỹỵ])(?!\w)")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")
_YEAR = re.compile(r"(?<![\w/.\-])(?:19|20)\d\d(?![\w/]|[.\-]\d)")
_TRAILING = re.compile(r"(?:[\s.,;:\-]+trong đó)?[\s.,;:\-]*$")


def cell_text(value: object) -> str:
    """A cell as clean text; None and NA become ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return clean_text(str(value))


def _modern_tone(match: re.Match) -> str:
    """hòa → hoà, thủy → thuỷ: move the tone onto the second vowel (the newer convention)."""
    first, tone, second = match.groups()
    return first + second + tone if (first, second) in _TONE_PAIRS else match.group(0)


def normalise_label(text: object) -> str:
    """A label as a comparison key: lower-case NFC, spelling variants unified, abbreviations
    expanded, numbering, years and trailing "Trong đó:" dropped. Diacritics are kept."""
    return _normalise(text if isinstance(text, str) else cell_text(text))


@lru_cache(maxsize=16384)
def _normalise(text: str) -> str:
    """:func:`normalise_label` of a text, memoised: a province's reports repeat the same
    labels thousands of times."""
    text = cell_text(text).lower().replace("–", "-").replace("—", "-")
    while (leading := _LEADING.match(text)) and leading.end():
        text = text[leading.end() :]
    for pattern, words in _ABBREVIATION_RES:
        text = pattern.sub(words, text)
    text = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", _OLD_TONE.sub(_modern_tone, text))
    text = _Y_SYLLABLE.sub(lambda m: m.group(1) + m.group(2).translate(_Y_TO_I), text)
    text = _YEAR.sub("", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    text = re.sub(r"\s+", " ", text).strip()
    return _TRAILING.sub("", text).strip()


def fold_diacritics(text: str) -> str:
    """Strip Vietnamese diacritics (đ → d): a looser key, trusted only when it is unambiguous."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_unit(unit: object) -> str:
    """A unit with case and spacing ignored ("Chưa = 0 Có = 1" == "chưa=0 có=1")."""
    return re.sub(r"\s*([=/,])\s*", r"\1", cell_text(unit).lower())
