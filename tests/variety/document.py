"""A generated report laid out as a file: the text export (tab-separated appendix, the header
repeated at each page break), Word (letterhead table, paragraphs, one appendix table per page)
or Excel (the appendix alone under its title block) — the last two by ``tests/heldout/office.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from heldout.office import write_docx, write_xlsx
from variety.appendix import Row

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
HEADER = ("STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tĐơn vị thực hiện", "\t\tĐơn vị tính\tSố liệu\t")


@dataclass
class Doc:
    """Everything a report says, in reading order: the letterhead's left block, whether the
    motto shares its lines (a Word table exported to text), the lines above the narrative
    ("Số: …", place and date, "BÁO CÁO", the title over one or two lines, a reporting window),
    the narrative paragraphs (headings among them), the closing block, the appendix heading and
    the appendix rows cut into pages."""

    letterhead: list[str]
    motto_inline: bool
    top: list[str]
    paragraphs: list[str]
    closing: list[str]
    heading: list[str]
    pages: list[list[Row]] = field(default_factory=list)


def _letterhead_lines(doc: Doc) -> list[str]:
    if not doc.motto_inline:
        return [*doc.letterhead, "", *MOTTO]
    lines = list(doc.letterhead) + [""] * max(0, 2 - len(doc.letterhead))
    return [
        f"{left}\t{right}" if right else left
        for left, right in zip(lines, (*MOTTO, *[""] * (len(lines) - 2)))
    ]


def text(doc: Doc) -> str:
    """The .txt export: paragraphs separated by blank lines, the appendix tab-separated."""
    lines = [*_letterhead_lines(doc), ""]
    for line in doc.top:
        lines += [line, ""] if line else []
    for paragraph in (*doc.paragraphs, *doc.closing):
        lines += [paragraph, ""]
    lines += doc.heading + [""]
    for number, page in enumerate(doc.pages):
        lines += ([""] if number else []) + list(HEADER)
        lines += ["\t".join(row.cells) for row in page]
    return "\n".join(lines) + "\n"


def write(doc: Doc, fmt: str, path: Path) -> None:
    """The report's file in ``fmt`` (txt, docx, xlsx) at ``path``."""
    if fmt == "txt":
        path.write_text(text(doc), encoding="utf-8")
    elif fmt == "docx":
        write_docx(
            path,
            "\n".join(doc.letterhead),
            [*doc.top, *doc.paragraphs, *doc.closing],
            doc.heading,
            [[row.cells for row in page] for page in doc.pages],
        )
    else:
        write_xlsx(path, doc.heading, [row.cells for page in doc.pages for row in page])
