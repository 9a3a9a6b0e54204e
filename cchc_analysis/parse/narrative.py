"""The narrative: paragraphs mended across page breaks, grouped into sections I–V and their parts.

Headings follow the template's numbering: ``I.`` (level 1), ``1.`` (level 2), ``a)`` (level 3).
A numbered line that ends a sentence ("1. Tiếp tục tuyên truyền … ." in section IV) is a list
item, not a heading. Text before section I is the front matter (title, introduction); from
"Nơi nhận:" on, the closing block (recipients, signature).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc_analysis.sources.model import Paragraph

_ROMAN = re.compile(r"^(?P<num>[IVX]{1,4})\.\s+(?P<title>\S.*)$")
_ARABIC = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<title>\S.*)$")
_BULLET = re.compile(r"^[-+•–*]\s")
_CLOSING = re.compile(r"^nơi nhận\s*:?$", re.IGNORECASE)
_SENTENCE_ENDS = frozenset('.;:!?…)]"”*/')
_MAX_HEADING = 160
# Sections about the future or requests, not results: their figures are plans, not facts.
_FORWARD = re.compile(
    r"phương hướng|kiến nghị|đề xuất|đề nghị|nhiệm vụ trọng tâm|"
    r"nhiệm vụ\b.{0,40}\b(?:tới|tiếp theo|sắp tới)\b",
    re.IGNORECASE,
)

FRONT, CLOSING = "0", "Z"


@dataclass(frozen=True)
class Block:
    """A narrative paragraph (page-break pieces joined) with the section it belongs to."""

    section_id: str
    heading: str
    level: int
    text: str
    locator: str
    is_heading: bool = False
    seq: int = 0  # the block's key in the stored paragraphs table (0 before it is stored)


def _heading(text: str) -> tuple[int, str] | None:
    """(level, number) when the paragraph is a heading, else None."""
    for level, pattern in ((1, _ROMAN), (2, _ARABIC), (3, _LETTER)):
        match = pattern.match(text)
        if match and (level == 1 or (len(text) <= _MAX_HEADING and not _ends_sentence(text))):
            return level, match.group("num")
    return None


def _span(first: str, last: str) -> str:
    """ "line 19" (or "line 19–20") + "line 21" → "line 19–21"; same container kind assumed."""
    start = first.split("–", 1)[0]
    end = last.rsplit("–", 1)[-1].rsplit(" ", 1)[-1]
    return start if start == last else f"{start}–{end}"


def _ends_sentence(text: str) -> bool:
    """Does the text end like a sentence (or a list item, a quotation, a symbol)?"""
    return bool(text) and text[-1] in _SENTENCE_ENDS


def blocks(paragraphs: list[Paragraph]) -> list[Block]:
    """Walk the paragraphs once: track the current section, join sentences cut by page breaks.

    Pieces of one paragraph are collected and joined once at the end (linear in the text)."""
    out: list[Block] = []
    pieces: list[list[str]] = []  # the text pieces of each block in ``out``
    path: list[str] = []
    section_id, heading, level = FRONT, "", 0
    for para in paragraphs:
        text = para.text
        if section_id != CLOSING and _CLOSING.match(text):
            section_id, heading, level, path = CLOSING, text, 0, []
            out.append(Block(section_id, heading, level, text, para.locator, True))
            pieces.append([text])
            continue
        found = _heading(text) if section_id != CLOSING else None
        if found and (found[0] == 1 or path):
            level = found[0]
            path = path[: level - 1] + [found[1]]
            section_id, heading = ".".join(path), text
            out.append(Block(section_id, heading, level, text, para.locator, True))
            pieces.append([text])
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.is_heading
            and prev.section_id not in (FRONT, CLOSING)
            and prev.section_id == section_id
            and not _ends_sentence(pieces[-1][-1])
            and not _BULLET.match(text)
        ):
            out[-1] = Block(section_id, heading, level, "", _span(prev.locator, para.locator))
            pieces[-1].append(text)
            continue
        out.append(Block(section_id, heading, level, text, para.locator))
        pieces.append([text])
    return [
        Block(b.section_id, b.heading, b.level, " ".join(p), b.locator, b.is_heading)
        for b, p in zip(out, pieces)
    ]


def forward_sections(found: list[Block]) -> set[str]:
    """Ids of the sections (and their parts) that state plans or proposals ("IV. PHƯƠNG HƯỚNG…")."""
    tops = {b.section_id for b in found if b.is_heading and b.level == 1 and _FORWARD.search(b.text)}
    return {b.section_id for b in found if b.section_id.split(".")[0] in tops}


def front_matter(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs before section I: title and introduction."""
    out = []
    for para in paragraphs:
        if _ROMAN.match(para.text):
            break
        out.append(para)
    return out


def sections(paragraphs: list[Paragraph]) -> list[dict]:
    """One record per section: id ("II.2.a"), heading, level, body text and where it stands."""
    records: dict[str, dict] = {}
    for block in blocks(paragraphs):
        record = records.setdefault(
            block.section_id,
            {
                "section_id": block.section_id,
                "heading": block.heading,
                "level": block.level,
                "texts": [],
                "first": block.locator,
                "last": block.locator,
            },
        )
        record["last"] = block.locator
        if not block.is_heading:
            record["texts"].append(block.text)
    return [
        {
            "seq": i + 1,
            "section_id": r["section_id"],
            "heading": r["heading"],
            "level": r["level"],
            "text": "\n\n".join(r["texts"]).strip(),
            "locator": _span(r["first"], r["last"]),
        }
        for i, r in enumerate(records.values())
    ]


def paragraph_records(paragraphs: list[Paragraph]) -> list[dict]:
    """The narrative as stored: one record per block (page-break pieces joined), in reading
    order, with its section and whether that section states plans or proposals (``forward``)."""
    found = blocks(paragraphs)
    plans = forward_sections(found)
    return [
        {
            "seq": n,
            "section_id": b.section_id,
            "heading": b.heading or None,
            "level": b.level,
            "is_heading": b.is_heading,
            "forward": b.section_id in plans,
            "text": b.text,
            "locator": b.locator,
        }
        for n, b in enumerate(found, start=1)
    ]


def blocks_of(records: list[dict]) -> list[Block]:
    """Stored paragraph records back to blocks, for the derive stage (claims, documents)."""
    return [
        Block(
            r["section_id"],
            r["heading"] or "",
            int(r["level"]),
            r["text"],
            r["locator"],
            bool(r["is_heading"]),
            int(r["seq"]),
        )
        for r in records
    ]
