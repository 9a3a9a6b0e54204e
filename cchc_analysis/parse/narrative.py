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
_ENDS_SENTENCE = re.compile(r"[.;:!?…)\]\"”*/]$")
_MAX_HEADING = 160
# Sections about the future or requests, not results: their figures are plans, not facts.
_FORWARD = re.compile(r"phương hướng|kiến nghị|đề xuất|đề nghị", re.IGNORECASE)

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
        if match and (level == 1 or (len(text) <= _MAX_HEADING and not _ENDS_SENTENCE.search(text))):
            return level, match.group("num")
    return None


def _span(first: str, last: str) -> str:
    """"line 19" + "line 21" → "line 19–21"; same container kind assumed."""
    if first == last:
        return first
    return f"{first}–{last.rsplit(' ', 1)[-1]}"


def blocks(paragraphs: list[Paragraph]) -> list[Block]:
    """Walk the paragraphs once: track the current section, join sentences cut by page breaks."""
    out: list[Block] = []
    path: list[str] = []
    section_id, heading, level = FRONT, "", 0
    for para in paragraphs:
        text = para.text
        if section_id != CLOSING and _CLOSING.match(text):
            section_id, heading, level, path = CLOSING, text, 0, []
            out.append(Block(section_id, heading, level, text, para.locator, True))
            continue
        found = _heading(text) if section_id != CLOSING else None
        if found and (found[0] == 1 or path):
            level = found[0]
            path = path[: level - 1] + [found[1]]
            section_id, heading = ".".join(path), text
            out.append(Block(section_id, heading, level, text, para.locator, True))
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.is_heading
            and prev.section_id not in (FRONT, CLOSING)
            and prev.section_id == section_id
            and not _ENDS_SENTENCE.search(prev.text)
            and not _BULLET.match(text)
        ):
            out[-1] = Block(
                section_id, heading, level, f"{prev.text} {text}", _span(prev.locator, para.locator)
            )
            continue
        out.append(Block(section_id, heading, level, text, para.locator))
    return out


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
                "text": "",
                "first": block.locator,
                "last": block.locator,
            },
        )
        record["last"] = block.locator
        if not block.is_heading:
            record["text"] = f"{record['text']}\n\n{block.text}".strip()
    return [
        {
            "seq": i + 1,
            "section_id": r["section_id"],
            "heading": r["heading"],
            "level": r["level"],
            "text": r["text"],
            "locator": _span(r["first"].split("–")[0], r["last"].split("–")[-1]),
        }
        for i, r in enumerate(records.values())
    ]


def paragraph_records(paragraphs: list[Paragraph]) -> list[dict]:
    """The narrative as stored: one record per block (page-break pieces joined), in reading
    order, with its section and whether that section states plans or proposals (``forward``)."""
    found = blocks(paragraphs)
    plans = forward_sections(found)
    return [
        {"seq": n, "section_id": b.section_id, "heading": b.heading or None, "level": b.level,
         "is_heading": b.is_heading, "forward": b.section_id in plans, "text": b.text,
         "locator": b.locator}
        for n, b in enumerate(found, start=1)
    ]


def blocks_of(records: list[dict]) -> list[Block]:
    """Stored paragraph records back to blocks, for the derive stage (claims, documents)."""
    return [Block(r["section_id"], r["heading"] or "", int(r["level"]), r["text"], r["locator"],
                  bool(r["is_heading"]), int(r["seq"])) for r in records]
