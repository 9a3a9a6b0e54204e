"""Build Word and Excel fixtures at test time from the real seed report (no binary fixtures in git).

Either can carry another appendix (a list of documents) before the statistics one.

The seed is read with the text reader; its table is cut into page-break segments at each
repeated "STT" header, as the Word export repeats the header in every table.
"""

from __future__ import annotations

import re
import struct
import zlib
from decimal import Decimal
from pathlib import Path

import openpyxl
from docx import Document

from cchc_analysis.sources.common import clean_text, is_table_header
from cchc_analysis.sources.model import AppendixRow, Report
from cchc_analysis.sources.text import read_text

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "000_8a77118b8e337001.txt"
SHEET = "Phụ lục 2"
#: The value kept as text "02" in the workbook although it looks like a number (row 3.2.).
KEPT_AS_TEXT_STT = "3.2."

_INTEGER = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d+,(?P<frac>\d+)$")
_PERCENT = re.compile(r"^(?P<int>\d+)(?:,(?P<frac>\d+))?\s*%$")
_CODED_SCALE_BREAK = re.compile(r"(?<== \d) ")  # "Chưa = 0 Có = 1" → "Chưa = 0" | "Có = 1"
#: Another appendix: its title lines and its table (header row first).
Other = tuple[list[str], list[list[str]]]


def seed_report() -> Report:
    """The seed report as the text reader sees it."""
    return read_text(SEED)


def data_rows(report: Report) -> list[AppendixRow]:
    """The appendix rows that are not (repeated) header lines."""
    return [row for row in report.appendix if not is_table_header(row.cells)]


def segments(seed: Report) -> list[list[AppendixRow]]:
    """The seed's table cut at each repeated header: one list of rows per printed page."""
    parts: list[list[AppendixRow]] = []
    for row in seed.appendix:
        if clean_text(row.stt).upper() == "STT":
            parts.append([])
        parts[-1].append(row)
    return parts


def build_docx(seed: Report, path: Path, other: Other | None = None) -> Path:
    """Write the seed as a Word report: a letterhead table, the narrative with blank paragraphs
    between, the appendix heading, then one appendix table per page with a merged two-row header.
    ``other`` (title lines, rows with the header first) is another appendix written before it.

    Coded-scale cells ("Chưa = 0 Có = 1") are written as one paragraph per code, so that the
    reader's joining of cell paragraphs is exercised.
    """
    document = Document()
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.rows[0].cells[0].text = "BAN DÂN TỘC"
    letterhead.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for paragraph in seed.paragraphs:
        document.add_paragraph(paragraph.text)
        document.add_paragraph()
    if other is not None:
        titles, rows = other
        for line in titles:
            document.add_paragraph(line)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for word_row, cells in zip(table.rows, rows):
            for cell, text in zip(word_row.cells, cells):
                cell.text = text
        document.add_page_break()
    for line in seed.appendix_heading:
        document.add_paragraph(line)
    for number, segment in enumerate(segments(seed)):
        if number:
            document.add_page_break()
        _add_appendix_table(document, segment)
    document.save(str(path))
    return path


def _add_appendix_table(document, segment: list[AppendixRow]) -> None:
    """One Word table: the segment's two header lines as a merged header, then its rows."""
    top, bottom, *rows = segment
    table = document.add_table(rows=len(segment), cols=5)
    table.style = "Table Grid"
    for col in (0, 1, 4):
        table.cell(0, col).merge(table.cell(1, col)).text = top.cells[col]
    table.cell(0, 2).merge(table.cell(0, 3)).text = top.cells[2]
    table.cell(1, 2).text = bottom.cells[2]
    table.cell(1, 3).text = bottom.cells[3]
    for word_row, row in zip(table.rows[2:], rows):
        for cell, text in zip(word_row.cells, row.cells):
            first, *more = _CODED_SCALE_BREAK.split(text)
            cell.text = first
            for part in more:
                cell.add_paragraph(part)


def build_xlsx(
    seed: Report,
    path: Path,
    numbers_as_numbers: bool = True,
    first_column: int = 1,
    other: Other | None = None,
) -> list[int]:
    """Write the seed's table on sheet "Phụ lục 2" under a merged 3-row title block and a merged
    two-row header, starting at ``first_column``; return the sheet row of each data row.
    ``other`` (title lines, rows with the header first) is written on a first sheet "Phụ lục 1".

    With ``numbers_as_numbers`` numeric-looking cells are typed as Excel numbers ("5,88" → 5.88
    as "0.00", "95,7 %" → 0.957 as "0.0%", "02" → 2), except the value of row 3.2. kept as "02".
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if other is not None:
        sheet.title = "Phụ lục 1"
        titles, rows = other
        for line in titles:
            sheet.append([line])
        sheet.append([])
        for cells in rows:
            sheet.append(cells)
        sheet = workbook.create_sheet()
    sheet.title = SHEET
    last_column = first_column + 4
    heading = seed.appendix_heading
    titles = [heading[0], " ".join(heading[1:-1]), heading[-1]]
    for row_no, title in enumerate(titles, start=1):
        sheet.cell(row_no, first_column, title)
        sheet.merge_cells(start_row=row_no, start_column=first_column, end_row=row_no, end_column=last_column)

    top, bottom = seed.appendix[0], seed.appendix[1]
    for offset in (0, 1, 4):
        sheet.cell(5, first_column + offset, top.cells[offset])
        sheet.merge_cells(
            start_row=5, start_column=first_column + offset, end_row=6, end_column=first_column + offset
        )
    sheet.cell(5, first_column + 2, top.cells[2])
    sheet.merge_cells(start_row=5, start_column=first_column + 2, end_row=5, end_column=first_column + 3)
    sheet.cell(6, first_column + 2, bottom.cells[2])
    sheet.cell(6, first_column + 3, bottom.cells[3])

    written = []
    for row_no, row in enumerate(data_rows(seed), start=7):
        for offset, text in enumerate(row.cells):
            if not text:
                continue
            cell = sheet.cell(row_no, first_column + offset)
            keep = offset == 3 and row.stt == KEPT_AS_TEXT_STT
            cell.value, number_format = _typed(text) if numbers_as_numbers and not keep else (text, None)
            if number_format:
                cell.number_format = number_format
        written.append(row_no)
    workbook.save(str(path))
    return written


def _typed(text: str) -> tuple[object, str | None]:
    """A seed cell as an Excel user would type it: (value, number format or None)."""
    if _INTEGER.match(text):
        return int(text), None
    if match := _DECIMAL.match(text):
        return float(Decimal(text.replace(",", "."))), "0." + "0" * len(match["frac"])
    if match := _PERCENT.match(text):
        frac = match["frac"] or ""
        number = Decimal(f"{match['int']}.{frac or 0}") / 100
        return float(number), ("0." + "0" * len(frac) if frac else "0") + "%"
    return text, None


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels and whose image data is a few
    bytes: what a file of a few hundred bytes can ask a reader to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
