"""Agency names compared by evidence: is the name a report writes one line of the roster?

A name is read as words and separators (",", "-", "–", "&", "và"): separators part the name into
its fields ("Văn hóa, Thể thao và Du lịch" → văn hóa | thể thao | du lịch). Two names are the same
when, after folding (NFC, case, tone placement "hoà"/"hòa", the spellings of
``name_aliases.csv`` such as UBND, TP., TX., and a trailing province), they have the same words;
or when the written one abbreviates the other BY GRAMMAR: an abbreviation is the initials of
consecutive words, its groups ("KH&ĐT", "VH-TT&DL") starting on fields of the full name; or
through an alias of the same table. A name matches only when exactly one roster line fits it at
the strongest level any line fits; two lines → ambiguous, none → no match, with the closest
lines named.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from cchc_analysis.shared.cleaning import clean_text

ALIASES = Path(__file__).with_name("name_aliases.csv")
#: Evidence of a match, strongest first; "none" when no single roster line fits.
EVIDENCE = ("exact", "normalised", "abbreviation", "alias", "none")
#: Tone marks (moved to the end of their word: "hoà" and "hòa" are one word).
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_VOWELS = frozenset("aeiouy")
_TOKEN = re.compile(r"[^\W_]+\.?|[-–—‐&,;/+]")
_SEPARATORS = frozenset("-–—‐&,;/+") | {"và"}
#: How many closest roster names a non-match names.
CLOSEST = 3


@dataclass(frozen=True)
class Word:
    """One word of a name: its folded key (tone at the end), and its letters as initials when
    the written form can be an abbreviation (no vowel, or capitals among lower case)."""

    key: str
    initials: str | None
    field_start: bool


def _base(text: str) -> str:
    """Letters without any mark, đ as d: the stuff of initials."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return plain.replace("đ", "d")


def _key(word: str) -> str:
    """A word's fold: lower case, its tone mark moved to the end ("hoà", "hòa" → "hoa" + tone)."""
    marks = unicodedata.normalize("NFD", word.casefold())
    tone = "".join(_TONES[c] for c in marks if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES)) + tone


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(clean_text(name))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[tuple[str, ...], tuple[str, ...]]]:
    """The spellings (always applied) and aliases (evidence of their own) of ``name_aliases.csv``,
    as folded word tuples."""
    spellings, aliases = {}, {}
    with ALIASES.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            target = spellings if row["kind"] == "spelling" else aliases
            written = tuple(_key(t) for t in _tokens(row["written"]))
            target[written] = tuple(_key(t) for t in _tokens(row["means"]))
    return spellings, aliases


def _replace(words: Sequence[Word], table: dict[tuple[str, ...], tuple[str, ...]]) -> list[Word]:
    """Phrases of the table replaced by what they mean, longest first."""
    out, i, longest = [], 0, max((len(k) for k in table), default=0)
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            means = table.get(tuple(w.key for w in words[i : i + size]))
            if means is not None:
                out += [Word(m, None, words[i].field_start and n == 0) for n, m in enumerate(means)]
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=8192)
def _words(name: str) -> tuple[Word, ...]:
    """The words of a name, separators marking where a field starts; spellings expanded (a
    province's reports repeat their names: each folded once)."""
    tokens = _tokens(name)
    mixed = any(c.islower() for c in name)
    spellings = _table()[0]
    words, start = [], True
    for token in tokens:
        if token in _SEPARATORS or token.casefold() == "và":
            start = True
            continue
        if (_key(token),) not in spellings:
            token = token.rstrip(".")
        letters = _base(token)
        eligible = (
            len(letters) >= 2
            and letters.isalpha()
            and (not _VOWELS & set(letters) or (mixed and token.isupper()))
        )
        words.append(Word(_key(token), letters if eligible else None, start))
        start = False
    return tuple(_committee(_replace(words, spellings)))


def _keyed(*phrases: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_key(w) for w in phrase.split()) for phrase in phrases)


_PLACE_KINDS = _keyed("tỉnh", "thành phố")
#: Local governments: a name that is only the place ("TX. Ninh Hòa") is its people's committee.
_LOCAL = _keyed("huyện", "quận", "thị xã", "thành phố", "thị trấn", "xã", "phường")
_COMMITTEE = _keyed("ủy ban nhân dân")[0]


def _committee(words: list[Word]) -> list[Word]:
    """ "Thị xã Ninh Hòa" → "Ủy ban nhân dân thị xã Ninh Hòa": the place stands for its committee."""
    keys = tuple(w.key for w in words)
    if any(keys[: len(kind)] == kind and len(keys) > len(kind) for kind in _LOCAL):
        return [Word(k, None, n == 0) for n, k in enumerate(_COMMITTEE)] + list(words)
    return words


def _without_province(words: Sequence[Word], province: str | None) -> Sequence[Word]:
    """A trailing "tỉnh <province>"/"thành phố <province>"/"<province>", then a bare "tỉnh"."""
    if province:
        place = [w.key for w in _words(province)]
        if len(words) > len(place) and [w.key for w in words[-len(place) :]] == place:
            words = words[: -len(place)]
            for kind in _PLACE_KINDS:
                if len(words) > len(kind) and tuple(w.key for w in words[-len(kind) :]) == kind:
                    words = words[: -len(kind)]
                    break
    if len(words) > 1 and words[-1].key == _key("tỉnh"):
        words = words[:-1]
    return words


def _abbreviates(written: Sequence[Word], full: Sequence[Word]) -> bool:
    """Does ``written`` spell ``full`` with some of its words' initials? Each written word is a
    word of ``full`` or the initials of consecutive words of it; a group written after a
    separator inside an abbreviation ("KH&ĐT") starts on a field of ``full``."""
    initials = [_base(w.key)[:1] for w in full]

    @cache
    def fits(i: int, j: int) -> bool:
        if i == len(written):
            return j == len(full)
        word = written[i]
        if j < len(full) and word.key == full[j].key and fits(i + 1, j + 1):
            return True
        letters = word.initials
        if not letters or j + len(letters) > len(full):
            return False
        grouped = word.field_start and i > 0 and written[i - 1].initials is not None
        return (
            ("".join(initials[j : j + len(letters)]) == letters)
            and (not grouped or full[j].field_start)
            and fits(i + 1, j + len(letters))
        )

    return fits(0, 0)


@dataclass(frozen=True)
class Match:
    """The roster line a name is (None when none or two fit), the evidence, and for no match the
    closest roster names."""

    line: dict | None
    evidence: str
    closest: tuple[str, ...] = ()


def same_province(a: str | None, b: str | None) -> bool:
    """Two spellings of one province ("Khánh Hoà", "khánh hòa")?"""
    return bool(a and b) and [w.key for w in _words(a)] == [w.key for w in _words(b)]


class Roster:
    """The roster's lines (records with ``agency`` and ``province``) ready to match names."""

    def __init__(self, lines: list[dict]) -> None:
        self.lines = lines
        self._folded = [_without_province(_words(line["agency"]), line.get("province")) for line in lines]

    def match(self, name: str, province: str | None = None) -> Match:
        """The one roster line ``name`` is (of ``province`` or of no province when given)."""
        candidates = [
            n
            for n, line in enumerate(self.lines)
            if province is None or line.get("province") is None or same_province(line["province"], province)
        ]
        for evidence, fits in self._levels(name):
            found = [n for n in candidates if fits(n)]
            if len(found) == 1:
                return Match(self.lines[found[0]], evidence)
            if found:  # two lines fit as well: which one is not known
                return Match(None, "none", tuple(self.lines[n]["agency"] for n in found))
        return Match(None, "none", self._closest(name, candidates))

    def _levels(self, name: str) -> Iterator[tuple[str, Callable[[int], bool]]]:
        """(evidence, test of a roster line by its index), strongest first."""
        text = clean_text(name)
        yield "exact", lambda n: clean_text(self.lines[n]["agency"]) == text
        written, aliased = _words(name), _replace(_words(name), _table()[1])
        stripped: dict[tuple[bool, str | None], Sequence[Word]] = {}

        def words(n: int, alias: bool = False) -> Sequence[Word]:
            """The written name without the line's province (once a province)."""
            province = self.lines[n].get("province")
            if (alias, province) not in stripped:
                stripped[alias, province] = _without_province(aliased if alias else written, province)
            return stripped[alias, province]

        yield "normalised", lambda n: _keys(words(n)) == _keys(self._folded[n])
        if any(w.initials for w in written):  # without initials it is the level above
            yield "abbreviation", lambda n: _abbreviates(words(n), self._folded[n])
        if _keys(aliased) != _keys(written):
            yield "alias", lambda n: _abbreviates(words(n, True), self._folded[n])

    def _closest(self, name: str, candidates: list[int]) -> tuple[str, ...]:
        """The roster names most like ``name`` (at most :data:`CLOSEST`)."""
        folded = " ".join(w.key for w in _words(name))
        ranked = sorted(
            candidates,
            key=lambda n: -difflib.SequenceMatcher(None, folded, " ".join(_keys(self._folded[n]))).ratio(),
        )
        return tuple(self.lines[n]["agency"] for n in ranked[:CLOSEST])


def _keys(words: Sequence[Word]) -> list[str]:
    return [w.key for w in words]
