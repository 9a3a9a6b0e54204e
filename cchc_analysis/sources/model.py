"""The document model every reader produces: one report = metadata + narrative + appendix rows.

Readers (``cchc_analysis.sources``) know containers (text, Word, Excel); everything after them
works on this model only, so a new container never touches the parser or the indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The five columns of the province-wide appendix template, in order.
APPENDIX_COLUMNS = ("stt", "label", "unit", "value", "implementer")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the narrative, as the reader found it."""

    text: str
    locator: str  # "line 13", "paragraph 7", ...


@dataclass(frozen=True)
class AppendixRow:
    """One row of the appendix table: the five template cells as written, and where it stands.

    ``value_cell`` is the locator of the "Số liệu" cell itself where the container has cells
    (Excel ``D12``), so that a figure can be traced to the exact cell.
    """

    cells: tuple[str, str, str, str, str]
    locator: str
    value_cell: str = ""
    #: read by OCR: the engine's confidence (0–100) in each of the five cells (None: empty cell);
    #: empty when the row was read from text
    confidence: tuple[float | None, ...] = ()

    @property
    def stt(self) -> str:
        return self.cells[0]

    @property
    def label(self) -> str:
        return self.cells[1]


@dataclass(frozen=True)
class Signature:
    """A PDF's digital signature as it declares itself: who and when, where it says so. It is
    recorded, not validated (no certificate chain, revocation or digest is checked)."""

    signer: str | None
    signed_at: str | None  # ISO 8601, with the offset when the PDF gives one


@dataclass
class Report:
    """A report as read from one file: where it came from, its narrative and its statistics
    appendix (empty when the report has none), and the other tables it skipped."""

    path: Path
    reader: str  # "text", "docx", "xlsx", "pdf", "image"
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: lines between "Phụ lục …" and the table (appendix title, "Kèm theo Báo cáo số …")
    appendix_heading: list[str] = field(default_factory=list)
    appendix: list[AppendixRow] = field(default_factory=list)
    #: other appendices and tables, not read: "title (place)", e.g. "Phụ lục 1 DANH MỤC … (table 2)"
    skipped: list[str] = field(default_factory=list)
    #: a paged file (PDF, scan): its pages, those read by OCR, its digital signature (if any)
    pages: int | None = None
    ocr_pages: int | None = None
    signature: Signature | None = None

    @property
    def source(self) -> str:
        return self.path.name

    @property
    def title(self) -> str:
        """The report's title: the first paragraph after the "BÁO CÁO" line, else the first one."""
        texts = [p.text.strip() for p in self.paragraphs if p.text.strip()]
        for i, text in enumerate(texts[:-1]):
            if text.upper() == "BÁO CÁO":
                return texts[i + 1]
        return texts[0] if texts else ""
