"""Word and Excel reports written at test time from a report's text: a letterhead, the
narrative paragraphs, the appendix heading and the appendix cut into pages, each page a table
under the template's two-row header (Word) or one sheet under a title block (Excel)."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from cchc_analysis.sources.model import AppendixRow, Report

from builders import _add_appendix_table, build_xlsx

HEADER = (
    ("STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Đơn vị thực hiện"),
    ("", "", "Đơn vị tính", "Số liệu", ""),
)
#: One appendix row as the clerk typed it: STT, label, unit, value, implementer.
Cells = tuple[str, str, str, str, str]


def table(block: str) -> list[Cells]:
    """Rows typed one a line with the five cells separated by "|" (as they would be read)."""
    return [tuple(cell.strip() for cell in line.split("|")) for line in block.strip("\n").splitlines()]


def _rows(cells: list[Cells]) -> list[AppendixRow]:
    return [AppendixRow(tuple(c), "") for c in (*HEADER, *cells)]


def write_docx(
    path: Path, letterhead: str, paragraphs: list[str], heading: list[str], pages: list[list[Cells]]
) -> None:
    """A Word report: narrative paragraph N is "paragraph N"; table 1 is the letterhead, the
    appendix pages are tables 2, 3, … with their data from row 3 (under the two header rows)."""
    document = Document()
    top = document.add_table(rows=1, cols=2)
    top.rows[0].cells[0].text = letterhead
    top.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for text in paragraphs:
        document.add_paragraph(text)
    for line in heading:
        document.add_paragraph(line)
    for number, page in enumerate(pages):
        if number:
            document.add_page_break()
        _add_appendix_table(document, _rows(page))
    document.save(str(path))


def write_xlsx(path: Path, heading: list[str], cells: list[Cells]) -> None:
    """An Excel appendix alone on sheet "Phụ lục 2": three title rows, the header on rows 5–6,
    data from row 7; whole numbers, decimals and percents typed as Excel numbers ("45" → 45, "95,5 %" → 0.955
    shown as a percent), anything else (counts with a rate, "1.234") as text."""
    build_xlsx(Report(path, "xlsx", [], heading, _rows(cells)), path)
