"""Reader for Excel workbooks holding the appendix alone: a title block, the header, the table.

The statistics table is found on whichever sheet holds it; other tables (another appendix on the
first sheet, a second table under a "Phụ lục …" row) are listed as skipped. A workbook has no
narrative, so one without the statistics table is refused, saying whether it looked like a report.

Cells typed as numbers are turned into the text a Vietnamese reader sees in Excel (``5,88``,
``95,7%``), so that the parser reads them exactly as it reads the text and Word exports.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
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
from cchc_analysis.sources.common import (clean_text, is_appendix_title, is_table_header,
                                          normalise_row)
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_package, check_rows
from cchc_analysis.sources.office import EXCEL, check_signature, unreadable
from cchc_analysis.sources.recognise import (describe, is_statistics_table, looks_like_report,
                                             not_a_report)

#: Quoted text and backslash-escaped characters of a number format: shown, never applied.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')
#: Position of "Số liệu" from the "STT" column.
_VALUE_OFFSET = 3


def read_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read an Excel .xlsx/.xlsm appendix into a :class:`Report` (the first statistics table)."""
    source = path.name
    check_signature(path, EXCEL)
    check_package(path, limits)
    check_rows(source, _sheet_rows(path), limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # whatever fails while unpacking the package, the file is unreadable
        raise unreadable(path, EXCEL, exc) from exc

    report = Report(path=path, reader="xlsx")
    found: tuple[Worksheet, _Block] | None = None
    loose: list[str] = []  # text outside any table, to tell a report from another workbook
    for sheet in workbook.worksheets:
        for block in _blocks(sheet):
            heading = [text for _, text in block.heading]
            if block.header_row is None:
                loose += heading
                if heading and is_appendix_title(heading[0]):
                    report.skipped.append(describe(
                        heading[:2], [], f"{sheet.title}!{block.heading[0][0]}, no table"))
            elif found is None and is_statistics_table(heading, block.header):
                found = sheet, block
            else:
                loose += heading
                report.skipped.append(describe(heading[:3], block.header[0],
                                               f"{sheet.title}!{block.corner}"))
    if found is None:
        if not looks_like_report(loose, titled=False):
            raise not_a_report(source, report.skipped)
        names = ", ".join(f"'{ws.title}'" for ws in workbook.worksheets)
        raise SourceError(
            source,
            "no appendix table found: no sheet has a header row 'STT | Chỉ tiêu thống kê | "
            f"Kết quả thống kê | Đơn vị thực hiện' (sheets: {names})"
            + (f"; skipped: {'; '.join(report.skipped)}" if report.skipped else ""),
        )
    sheet, block = found
    name = sheet.title
    for coordinate, text in block.heading:  # title block: "Phụ lục 2", "THỐNG KÊ …", the period
        report.appendix_heading.append(text)
        report.paragraphs.append(Paragraph(text, f"{name}!{coordinate}"))

    value_col = get_column_letter(block.first_col + _VALUE_OFFSET)
    for row in sheet.iter_rows(min_row=block.header_row, max_row=block.end_row - 1,
                               min_col=block.first_col):
        cells = [cell_text(cell) for cell in row]
        if not any(cell.strip() for cell in cells):
            continue
        row_no = row[0].row
        locator = f"{name}!row {row_no}"
        cells = normalise_row(cells, source, locator)
        report.appendix.append(AppendixRow(cells, locator, f"{name}!{value_col}{row_no}"))
    return report


@dataclass
class _Block:
    """A sheet's title rows (coordinate of the first filled cell, joined text) and the table
    under them: its header's row and column, its two header rows, the row after its last."""

    heading: list[tuple[str, str]] = field(default_factory=list)
    header_row: int | None = None
    first_col: int = 1
    header: list[list[str]] = field(default_factory=list)
    end_row: int = 0

    @property
    def corner(self) -> str:
        return f"{get_column_letter(self.first_col)}{self.header_row}"


def _blocks(sheet: Worksheet) -> Iterator[_Block]:
    """The sheet cut into title block + table pairs. A table runs from its header row ("STT …"
    from its first filled cell on) to the next "Phụ lục …" row (a row holding only that) or the
    sheet's end; a title block without a table ends at the next "Phụ lục …" row (no header)."""
    block = _Block()
    for row in sheet.iter_rows():
        texts = [cell_text(cell) for cell in row]
        first = next((i for i, text in enumerate(texts) if text.strip()), None)
        if first is None:
            continue
        text = clean_text(" ".join(t for t in texts if t.strip()))
        row_no = row[0].row
        title = is_appendix_title(text) and sum(bool(t.strip()) for t in texts) == 1
        if title and (block.header_row is not None
                      or any(is_appendix_title(t) for _, t in block.heading)):
            block.end_row = row_no
            yield block
            block = _Block()
        if block.header_row is None and is_table_header(texts[first:]):
            block.header_row, block.first_col, block.header = row_no, first + 1, [texts[first:]]
        elif block.header_row is None:
            block.heading.append((row[first].coordinate, text))
        elif len(block.header) == 1:
            block.header.append(texts[block.first_col - 1:])
    block.end_row = sheet.max_row + 1
    if block.heading or block.header_row is not None:
        yield block


def cell_text(cell: Cell | MergedCell) -> str:
    """A cell as Excel shows it to a Vietnamese reader; text cells exactly as written."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number_format = cell.number_format or ""
        fixed = _fixed_decimals(number_format)
        if "%" in _FORMAT_LITERALS.sub("", number_format):  # a percent format holds the fraction
            return to_text(round(value * 100, 10), fixed) + "%"
        if "%" in number_format:
            return to_text(value, fixed) + "%"  # a quoted "%" is only shown after the number
        return to_text(value, fixed)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y" if value.time() == time() else "%d/%m/%Y %H:%M")
    return str(value)


#: A worksheet row element, with or without a namespace prefix (<row …>, <x:row …>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _sheet_rows(path: Path) -> int:
    """Rows of the package's largest XML part, counted before openpyxl builds any cell (streamed,
    so a sheet of a million rows costs a scan, not the memory of its cells). Every part is read,
    wherever the workbook says its sheets are, and row tags with any namespace prefix count."""
    most = 0
    try:
        with zipfile.ZipFile(path) as package:
            for entry in package.infolist():
                if not entry.filename.endswith(".xml"):
                    continue
                count, tail = 0, b""
                with package.open(entry) as stream:
                    while chunk := stream.read(1 << 20):
                        count += len(_ROW_TAG.findall(tail + chunk)) - len(_ROW_TAG.findall(tail))
                        tail = chunk[-64:]
                most = max(most, count)
    except (zipfile.BadZipFile, OSError, EOFError):
        return 0  # openpyxl names a damaged package in the reader's own words
    return most


#: The decimals a number format always shows ("0.0" → 1, "0.00%" → 2, "#,##0" → 0).
_FIXED = re.compile(r"\.(0+)")


def _fixed_decimals(number_format: str) -> int:
    """How many decimals the format's positive section fixes: 92 shown "92,0" was written with
    one decimal, its precision, which the stored float does not keep."""
    found = _FIXED.search(_FORMAT_LITERALS.sub("", number_format).split(";")[0])
    return len(found.group(1)) if found else 0


def to_text(number: float | int, decimals: int = 0) -> str:
    """A number as a Vietnamese cell would show it, without grouping (``5.88`` → ``5,88``), with
    at least ``decimals`` decimals (the format's) and never fewer than the number has."""
    pattern = "0." + "0" * decimals + "#" * (10 - decimals) if decimals < 10 else "0." + "0" * decimals
    return format_decimal(Decimal(str(number)), format=pattern, locale="vi")
