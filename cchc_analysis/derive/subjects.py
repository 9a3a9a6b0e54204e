"""What a figure counts: its subject (the thing — dossiers, procedures, tasks …) and its
qualifiers (online, level 3, received, on time, at district level …), read by grammar from the
words around it, and what each template row counts — both as data.

``catalog/subjects.csv`` is the vocabulary: each term a subject head (with the claim topic it
belongs to), a counting word that names no thing of its own ("người": what the clause before
it names, staff when it names nothing) or a qualifier (with its dimension: channel, level, stage, timeliness, government …,
and the subjects it applies to: "được giao" is a quota of staff, not of tasks); a head's
``subjects`` are those it may shorten ("văn bản" after "văn bản quy phạm pháp luật"). ``catalog/
row_subjects.csv`` declares the subject and qualifiers of every row a narrative figure may be
held against (``received?``: may be said or not). A figure is linked to a row only when their
subjects are the same and the figure carries every qualifier the row requires and none it lacks;
a figure that fits no row, or several, is linked to none (listed, never compared).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cchc_analysis.derive.catalogue_files import read_rows
from cchc_analysis.derive.indicators import BY_ID as DERIVED
from cchc_analysis.derive.labels import normalise_label
from cchc_analysis.errors import InputError
from cchc_analysis.store.vocabulary import CLAIM_TOPICS

VOCABULARY_COLUMNS = ["token", "role", "group", "subjects", "pattern"]
ROW_SUBJECT_COLUMNS = ["indicator_id", "subject", "qualifiers", "comment"]
#: Qualifier dimensions whose words are verbs of handling: each one coordinated before a figure
#: ("tiếp nhận, xử lý đúng hạn 03 hồ sơ") is a reading of its own, with the timeliness after it.
STAGE, SCOPE = "stage", "scope"
#: Dimensions of what was done with the thing: a figure saying none shares its earlier figure's.
HANDLING = frozenset({STAGE, "timeliness", "status"})


@dataclass(frozen=True)
class Term:
    """One vocabulary row: a subject head or a qualifier, and the words that say it."""

    token: str
    role: str  # "subject" or "qualifier"
    group: str  # a subject's claim topic; a qualifier's dimension
    subjects: frozenset[str]  # the subjects a qualifier applies to (empty: every one)
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Said:
    """What the words around a figure say it counts: a subject (None: not said) and one set of
    qualifiers per reading (several when verbs are coordinated before it)."""

    subject: str | None
    readings: tuple[frozenset[str], ...]

    @property
    def text(self) -> str | None:
        """The readings as machine tokens: "level3 online received | level3 online resolved"."""
        return " | ".join(" ".join(sorted(r)) for r in self.readings) or None


@dataclass(frozen=True)
class RowSubject:
    """What one template row (or derived indicator) counts."""

    indicator_id: str
    subject: str
    required: frozenset[str]
    optional: frozenset[str]
    percent: bool

    def fits(self, subject: str | None, qualifiers: frozenset[str]) -> bool:
        return subject == self.subject and self.required <= qualifiers <= self.required | self.optional


def load_vocabulary(path: Path) -> tuple[Term, ...]:
    """The vocabulary (``subjects.csv``), patterns normalised as labels are (``xử lý`` matches
    ``xử lí``); a blank field, a repeated token, a bad role, topic or regex, or an unknown subject
    is refused naming the file and line."""
    rows = read_rows(path, VOCABULARY_COLUMNS, required=3, unique="token")
    terms, heads = [], {row["token"] for row in rows if row["role"] == "subject"}
    for row in rows:
        where = f"{path}: line {row['line']} ({row['token']})"
        if not row["pattern"]:
            raise InputError(f"{where}: pattern is empty")
        if row["role"] not in ("subject", "unit", "qualifier"):
            raise InputError(f"{where}: role must be subject, unit or qualifier, not {row['role']!r}")
        if row["role"] == "subject" and row["group"] not in CLAIM_TOPICS:
            raise InputError(f"{where}: unknown topic {row['group']!r}; use one of {CLAIM_TOPICS}")
        if row["role"] == "unit" and row["group"] not in heads:
            raise InputError(f"{where}: a unit's group is the subject it counts, not {row['group']!r}")
        applies = frozenset(row["subjects"].split())
        if applies - heads:
            raise InputError(f"{where}: unknown subject(s) {sorted(applies - heads)}")
        try:
            pattern = re.compile(rf"(?<!\w)(?:{normalise_label(row['pattern'])})(?!\w)")
        except re.error as exc:
            raise InputError(f"{where}: bad regex {row['pattern']!r}: {exc}") from None
        terms.append(Term(row["token"], row["role"], row["group"], applies, pattern))
    return tuple(terms)


def load_row_subjects(
    path: Path, terms: tuple[Term, ...], kinds: Mapping[str, str]
) -> tuple[RowSubject, ...]:
    """The declared subjects of rows (``row_subjects.csv``), against the vocabulary ``terms`` and
    the template's ``kinds``: a blank id or subject, an id that is no count or rate row of the
    template and no derived indicator, an unknown subject or qualifier, or a row declared twice
    with one subject is refused naming the file and line."""
    heads = {t.token for t in terms if t.role == "subject"}
    known = {t.token for t in terms if t.role == "qualifier"}
    found, seen = [], {}
    for row in read_rows(path, ROW_SUBJECT_COLUMNS, required=2):
        where, rid = f"{path}: line {row['line']}", row["indicator_id"]
        if kinds.get(rid) not in ("count", "rate") and rid not in DERIVED:
            raise InputError(
                f"{where}: {rid!r} is no count or rate row of the template and no derived indicator"
            )
        words = row["qualifiers"].split()
        tokens = {w.rstrip("?") for w in words}
        if row["subject"] not in heads or tokens - known:
            raise InputError(
                f"{where}: unknown subject or qualifier in {row['subject']!r}, {sorted(tokens - known)}"
            )
        if (first := seen.setdefault((rid, row["subject"]), row["line"])) != row["line"]:
            raise InputError(f"{where}: {rid!r} counts {row['subject']!r} already on line {first}")
        found.append(
            RowSubject(
                rid,
                row["subject"],
                frozenset(w for w in words if not w.endswith("?")),
                frozenset(w[:-1] for w in words if w.endswith("?")),
                kinds.get(rid) == "rate" or rid in DERIVED,
            )
        )
    return tuple(found)


def topic(subject: str | None, terms: tuple[Term, ...]) -> str:
    """The claim topic of a subject ("other" when none is said)."""
    return next((t.group for t in terms if t.token == subject and t.role == "subject"), "other")


def _hits(text: str, terms: list[Term]) -> list[tuple[int, Term]]:
    """(position, term) of the terms said in a text, in order; where they overlap the longest,
    then one meant for the subject ("đang thực hiện" of procedures: in force, not under way)."""
    found = sorted(
        ((m.start(), m.end(), term) for term in terms for m in term.pattern.finditer(text)),
        key=lambda hit: (hit[0] - hit[1], not hit[2].subjects, hit[0]),
    )
    taken: list[tuple[int, int, Term]] = []
    for start, end, term in found:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, term))
    return sorted((start, term) for start, _, term in taken)


def head(text: str, terms: tuple[Term, ...]) -> str | None:
    """The subject a phrase names first ("hồ sơ thủ tục hành chính" → dossiers), or the token of
    a counting word ("người") when it names no other."""
    hits = _hits(normalise_label(text), [t for t in terms if t.role != "qualifier"])
    heads = [t.token for _, t in hits if t.role == "subject"]
    return heads[0] if heads else hits[0][1].token if hits else None


def _short_for(token: str | None, terms: tuple[Term, ...]) -> frozenset[str]:
    """The subjects a general head may shorten once the sentence has named them ("văn bản" for
    "văn bản quy phạm pháp luật")."""
    return next((t.subjects for t in terms if t.token == token and t.role == "subject"), frozenset())


def _unit(token: str | None, terms: tuple[Term, ...]) -> str | None:
    """The subject a counting word stands for when nothing else names it."""
    return next((t.group for t in terms if t.token == token and t.role == "unit"), None)


def _qualifiers(text: str, subject: str | None, terms: tuple[Term, ...]) -> list[Term]:
    said = [t for t in terms if t.role == "qualifier" and (not t.subjects or subject in t.subjects)]
    return [term for _, term in _hits(normalise_label(text), said)]


def read(
    lead: str,
    noun: str,
    rest: str,
    terms: tuple[Term, ...],
    *,
    joined: str = "",
    context: str = "",
    earlier: Said | None = None,
) -> Said:
    """What a figure counts, read by the vocabulary ``terms`` from the clause words before it
    (``lead``), the noun right after it, the rest of its clause (``rest``, the noun included), a
    verb coordinated before the lead's comma (``joined``: "tiếp nhận" in "tiếp nhận, xử lý đúng
    hạn 03 hồ sơ"), the sentence before it (``context``: the scope a task figure inherits,
    "nhiệm vụ được UBND tỉnh giao … đã hoàn thành 12") and the sentence's previous figure
    (``earlier``), whose qualifiers a figure whose clause names no thing of its own shares
    ("mức độ 3 là 120 hồ sơ, mức độ 4 là 30 hồ sơ")."""
    own_head, named = head(lead, terms), head(noun, terms)
    if _unit(own_head, terms):
        own_head = None
    if _unit(named, terms):  # "… là 6 người", "có mặt 91 người": the thing said before, else staff
        named = own_head or (earlier.subject if earlier else None) or _unit(named, terms)
    elif earlier and own_head is None and earlier.subject in _short_for(named, terms):
        named = earlier.subject  # "rà soát 35 VBQPPL, kiến nghị xử lý 2 văn bản"
    subject = named or own_head or (earlier.subject if earlier else None)
    if subject is None:
        return Said(None, ())
    said = _qualifiers(lead, subject, terms)
    stages = [t for t in _qualifiers(joined, subject, terms) if t.group == STAGE][-1:] + said
    after = _qualifiers(rest, subject, terms)
    groups = {t.group for t in said + after}
    common = {t.token for t in said + after if t.group not in HANDLING}
    if SCOPE not in groups:
        common |= {t.token for t in _qualifiers(context, subject, terms) if t.group == SCOPE}
    if earlier and earlier.subject == subject and own_head is None and earlier.readings:
        first = earlier.readings[0]
        common |= {q for q in first if _group(q, terms) not in groups | HANDLING}
        if not any(t.group in HANDLING for t in stages + after):
            common |= {q for q in first if _group(q, terms) in HANDLING}
    tail = {t.token for t in after if t.group in HANDLING}
    return Said(subject, tuple(frozenset(common | tail | r) for r in _by_verb(stages, terms)))


def _group(token: str, terms: tuple[Term, ...]) -> str:
    return next(t.group for t in terms if t.token == token)


def _by_verb(said: list[Term], terms: tuple[Term, ...]) -> list[set[str]]:
    """One reading per verb of handling said before the figure, each with the timeliness words
    after it ("tiếp nhận và giải quyết đúng hạn" → {received}, {resolved, on_time}); one
    reading when at most one such verb is said."""
    readings: list[set[str]] = [set()]
    for term in said:
        if term.group == STAGE and any(_group(q, terms) == STAGE for q in readings[-1]):
            readings.append(set())
        if term.group in HANDLING:
            readings[-1].add(term.token)
    return readings


def link(said: Said, percent: bool, rows: tuple[RowSubject, ...]) -> str | None:
    """The one row (or derived indicator) whose subject a figure states in some reading; None
    when none or several fit."""
    fits = {
        r.indicator_id
        for r in rows
        if r.percent == percent and any(r.fits(said.subject, q) for q in said.readings)
    }
    return fits.pop() if len(fits) == 1 else None
