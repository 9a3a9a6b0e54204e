"""Reader for Excel workbooks holding the appendix alone: a title block, the header, the table.

The statistics table is found on whichever sheet holds it; other tables (another appendix on the
first sheet, a second table under a "Phụ lục …" row) are listed as skipped. A workbook has no
narrative, so one without the statistics table is refused, saying whether it looked like a report.

Cells typed as numbers are turned into the text a Vietnamese reader sees in Excel (``5,88``,
``95,7%``), so that the parser reads them exactly as it reads the text and Word exports.

Sheets are streamed (openpyxl's read-only mode), each once: a sheet's declared extent is checked
before any cell is read, then its rows, columns and the workbook's cells are counted as they come
and the reading stops at the first limit passed. The declared extent never bounds the reading (a
writer may declare less than the sheet holds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import openpyxl
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.reader import excel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.common import clean_text, is_appendix_title, is_table_header, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_declared, check_package, check_streamed
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.office import EXCEL, check_signature, unreadable
from cchc_analysis.sources.recognise import describe, is_statistics_table, looks_like_report, not_a_report

#: Quoted text and backslash-escaped characters of a number format: shown, never applied.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')
#: Position of "Số liệu" from the "STT" column.
_VALUE_OFFSET = 3


def read_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read an Excel .xlsx/.xlsm appendix into a :class:`Report` (the first statistics table)."""
    source = path.name
    check_signature(path, EXCEL)
    check_package(path, limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # whatever fails while unpacking the package, the file is unreadable
        raise unreadable(path, EXCEL, exc) from exc
    try:
        sheets = _stream(workbook.worksheets, source, limits)
    except SourceError:
        raise
    except Exception as exc:  # a damaged sheet inside an openable package
        raise unreadable(path, EXCEL, exc) from exc
    finally:
        workbook.close()

    report = Report(path=path, reader="xlsx")
    found: tuple[str, list[_Row], _Block] | None = None
    loose: list[str] = []  # text outside any table, to tell a report from another workbook
    for name, rows in sheets:
        for block in _blocks(rows):
            heading = [text for _, text in block.heading]
            if block.header_row is None:
                loose += heading
                if heading and is_appendix_title(heading[0]):
                    report.skipped.append(
                        describe(heading[:2], [], f"{name}!{block.heading[0][0]}, no table")
                    )
            elif found is None and is_statistics_table(heading, block.header):
                found = name, rows, block
            else:
                loose += heading
                report.skipped.append(describe(heading[:3], block.header[0], f"{name}!{block.corner}"))
    if found is None:
        if not looks_like_report(loose, titled=False):
            raise not_a_report(source, report.skipped)
        names = ", ".join(f"'{name}'" for name, _ in sheets)
        raise SourceError(
            source,
            "no appendix table found: no sheet has a header row 'STT | Chỉ tiêu thống kê | "
            f"Kết quả thống kê | Đơn vị thực hiện' (sheets: {names})"
            + (f"; skipped: {'; '.join(report.skipped)}" if report.skipped else ""),
        )
    name, rows, block = found
    for coordinate, text in block.heading:  # title block: "Phụ lục 2", "THỐNG KÊ …", the period
        report.appendix_heading.append(text)
        report.paragraphs.append(Paragraph(text, f"{name}!{coordinate}"))

    value_col = get_column_letter(block.first_col + _VALUE_OFFSET)
    width = block.first_col - 1 + len(APPENDIX_COLUMNS)  # the table's, its trailing blanks cut
    for row in rows:
        if not block.header_row <= row.number < block.end_row:
            continue
        cells = row.texts[block.first_col - 1 :] + [""] * (width - len(row.texts))
        if not any(cell.strip() for cell in cells):
            continue
        locator = f"{name}!row {row.number}"
        cells = normalise_row(cells, source, locator)
        report.appendix.append(AppendixRow(cells, locator, f"{name}!{value_col}{row.number}"))
    return report


@dataclass
class _Row:
    """A sheet row holding text: its number and each cell as shown, to its last cell."""

    number: int
    texts: list[str]


def _stream(sheets: list[ReadOnlyWorksheet], source: str, limits: Limits) -> list[tuple[str, list[_Row]]]:
    """Each sheet's name and rows holding text, read once within the limits: the declared
    extent first, then each row as it streams (its number, its width, the workbook's cells)."""
    read, cells = [], 0
    for sheet in sheets:
        if sheet.max_row and sheet.max_column:  # declared; rows and columns count from 1
            check_declared(
                source, sheet.title, sheet.calculate_dimension(), sheet.max_row, sheet.max_column, limits
            )
        sheet.reset_dimensions()  # rows padded to their own last cell, not to a declared extent
        rows = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells += len(row)
            check_streamed(source, sheet.title, number, len(row), cells, limits)
            texts = [cell_text(cell) for cell in row]
            if any(text.strip() for text in texts):
                rows.append(_Row(number, texts))
        read.append((sheet.title, rows))
    return read


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


def _blocks(rows: list[_Row]) -> Iterator[_Block]:
    """The sheet cut into title block + table pairs. A table runs from its header row ("STT …"
    from its first filled cell on) to the next "Phụ lục …" row (a row holding only that) or the
    sheet's end; a title block without a table ends at the next "Phụ lục …" row (no header)."""
    block = _Block()
    for row in rows:
        texts = row.texts
        first = next(i for i, text in enumerate(texts) if text.strip())
        text = clean_text(" ".join(t for t in texts if t.strip()))
        title = is_appendix_title(text) and sum(bool(t.strip()) for t in texts) == 1
        if title and (block.header_row is not None or any(is_appendix_title(t) for _, t in block.heading)):
            block.end_row = row.number
            yield block
            block = _Block()
        if block.header_row is None and is_table_header(texts[first:]):
            block.header_row, block.first_col, block.header = row.number, first + 1, [texts[first:]]
        elif block.header_row is None:
            block.heading.append((f"{get_column_letter(first + 1)}{row.number}", text))
        elif len(block.header) == 1:
            block.header.append(texts[block.first_col - 1 :])
    block.end_row = rows[-1].number + 1 if rows else 1
    if block.heading or block.header_row is not None:
        yield block


def cell_text(cell: ReadOnlyCell | EmptyCell) -> str:
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


#: The decimals a number format always shows ("0.0" → 1, "0.00%" → 2, "#,##0" → 0).
_FIXED = re.compile(r"\.(0+)")


def _fixed_decimals(number_format: str) -> int:
    """How many decimals the format's positive section fixes: 92 shown "92,0" was written with
    one decimal, its precision, which the stored float does not keep."""
    found = _FIXED.search(_FORMAT_LITERALS.sub("", number_format).split(";")[0])
    return len(found.group(1)) if found else 0


_VIETNAMESE = Locale.parse("vi")


@cache
def _number_pattern(decimals: int) -> NumberPattern:
    """Babel's pattern for ``decimals`` fixed decimals and up to 10 in all, parsed once."""
    return parse_pattern("0." + "0" * decimals + "#" * max(10 - decimals, 0))


@lru_cache(maxsize=4096)  # a sheet repeats its figures (0, 1, 100 %): each is formatted once
def to_text(number: float | int, decimals: int = 0) -> str:
    """A number as a Vietnamese cell would show it, without grouping (``5.88`` → ``5,88``), with
    at least ``decimals`` decimals (the format's) and never fewer than the number has."""
    return _number_pattern(decimals).apply(Decimal(str(number)), _VIETNAMESE)


class _HeadSizedSheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, its declared extent looked for only before its cells, where the
    format puts it: openpyxl's own search reads a sheet without one to its end (seconds for a big
    one, before any limit could be checked)."""

    def _get_size(self) -> None:
        with self._get_source() as source:
            for _, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    self._min_column, self._min_row, self._max_column, self._max_row = bounds
                    return
                if element.tag == DATA_TAG:
                    return


excel.ReadOnlyWorksheet = _HeadSizedSheet  # what load_workbook(read_only=True) builds
