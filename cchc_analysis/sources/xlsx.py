"""Reader for Excel workbooks holding the appendix alone: a title block, the header, the table.

Cells typed as numbers are turned into the text a Vietnamese reader sees in Excel (``5,88``,
``95,7%``), so that the parser reads them exactly as it reads the text and Word exports.
"""
from __future__ import annotations

import re
import zipfile
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
from babel.numbers import format_decimal
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.model import AppendixRow, Paragraph, Report
from cchc_analysis.sources.common import clean_text, is_table_header, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_package, check_rows
from cchc_analysis.sources.office import EXCEL, check_signature, unreadable

#: Quoted text and backslash-escaped characters of a number format: shown, never applied.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')
#: Position of "Số liệu" from the "STT" column.
_VALUE_OFFSET = 3


def read_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read an Excel .xlsx/.xlsm appendix into a :class:`Report` (first sheet with a header row)."""
    source = path.name
    check_signature(path, EXCEL)
    check_package(path, limits)
    check_rows(source, _sheet_rows(path), limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # whatever fails while unpacking the package, the file is unreadable
        raise unreadable(path, EXCEL, exc) from exc

    for sheet in workbook.worksheets:
        header = _find_header(sheet)
        if header:
            break
    else:
        names = ", ".join(f"'{ws.title}'" for ws in workbook.worksheets)
        raise SourceError(
            source,
            "no appendix table found: no sheet has a header row 'STT | Chỉ tiêu thống kê | "
            f"Kết quả thống kê | Đơn vị thực hiện' (sheets: {names})",
        )
    header_row, first_col = header
    name = sheet.title

    report = Report(path=path, reader="xlsx")
    for row_no in range(1, header_row):  # title block: "Phụ lục 2", "THỐNG KÊ …", the period
        filled = [(cell, clean_text(cell_text(cell))) for cell in sheet[row_no]]
        filled = [(cell, text) for cell, text in filled if text]
        if filled:
            text = " ".join(text for _, text in filled)
            report.appendix_heading.append(text)
            report.paragraphs.append(Paragraph(text, f"{name}!{filled[0][0].coordinate}"))

    value_col = get_column_letter(first_col + _VALUE_OFFSET)
    for row in sheet.iter_rows(min_row=header_row, min_col=first_col):
        cells = [cell_text(cell) for cell in row]
        if not any(cell.strip() for cell in cells):
            continue
        row_no = row[0].row
        locator = f"{name}!row {row_no}"
        cells = normalise_row(cells, source, locator)
        report.appendix.append(AppendixRow(cells, locator, f"{name}!{value_col}{row_no}"))
    return report


def cell_text(cell: Cell | MergedCell) -> str:
    """A cell as Excel shows it to a Vietnamese reader; text cells exactly as written."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number_format = cell.number_format or ""
        if "%" in _FORMAT_LITERALS.sub("", number_format):
            return to_text(round(value * 100, 10)) + "%"  # a percent format holds the fraction
        if "%" in number_format:
            return to_text(value) + "%"  # a quoted "%" is only shown after the number
        return to_text(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y" if value.time() == time() else "%d/%m/%Y %H:%M")
    return str(value)


def _sheet_rows(path: Path) -> int:
    """Rows of the workbook's largest sheet, counted in its XML before openpyxl builds any cell
    (streamed, so a sheet of a million rows costs a scan, not the memory of its cells)."""
    most = 0
    try:
        with zipfile.ZipFile(path) as package:
            for entry in package.infolist():
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    count, tail = 0, b""
                    with package.open(entry) as stream:
                        while chunk := stream.read(1 << 20):
                            count += (tail + chunk).count(b"<row") - tail.count(b"<row")
                            tail = chunk[-4:]
                    most = max(most, count)
    except (zipfile.BadZipFile, OSError, EOFError):
        return 0  # openpyxl names a damaged package in the reader's own words
    return most


def to_text(number: float | int) -> str:
    """A number as a Vietnamese cell would show it, without grouping (``5.88`` → ``5,88``)."""
    return format_decimal(Decimal(str(number)), format="0.##########", locale="vi")


def _find_header(sheet: Worksheet) -> tuple[int, int] | None:
    """(row, column) of the header's "STT" cell: the first row that reads as a header from its
    first filled cell on; None when the sheet has none."""
    for row in sheet.iter_rows():
        texts = [cell_text(cell) for cell in row]
        first = next((i for i, text in enumerate(texts) if text.strip()), None)
        if first is not None and is_table_header(texts[first:]):
            return row[0].row, first + 1
    return None
