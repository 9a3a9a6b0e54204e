"""Reader for Word reports: narrative paragraphs, "Phụ lục …", then the appendix as Word tables.

The appendix header spans two rows with merged cells and is usually repeated in every table when
the appendix is split at page breaks; a five-column table right after it without the header is
read as its continuation, not dropped. Other numbered tables (another appendix, a table in the
narrative) are recognised and listed as skipped; a table without a header is layout (letterhead,
signatures) and ignored. Cells are read from the XML grid (``w:tc`` with gridSpan and
vMerge), because python-docx hands back the same merged cell once per grid column it covers.
A row's grid width (its spans included) is checked against the column limit before it is laid
out, so that a cell declaring a span of millions costs nothing.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.simpletypes import ST_Merge
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.common import clean_text, is_appendix_title, is_table_header, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_package, check_rows, check_table_width
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.office import WORD, check_signature, unreadable
from cchc_analysis.sources.recognise import describe, is_statistics_table, require_report


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read a Word .docx report into a :class:`Report`."""
    check_signature(path, WORD)
    check_package(path, limits)
    try:
        report = _read(Document(str(path)), Report(path=path, reader="docx"), limits)
    except SourceError:
        raise
    except Exception as exc:  # whatever fails while unpacking or walking it: unreadable
        raise unreadable(path, WORD, exc) from exc
    return require_report(report)


def _read(document: DocxDocument, report: Report, limits: Limits) -> Report:
    """The document's narrative, appendix and skipped tables, block by block, into ``report``."""
    source = report.source
    region = _Region()  # the narrative until the first "Phụ lục …" paragraph
    paragraph_no = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, WordParagraph):
            paragraph_no += 1
            text = clean_text(block.text)
            if text and is_appendix_title(text):
                region.close(report)
                region = _Region([text], f"paragraph {paragraph_no}")
            elif text and region.heading is None and not report.appendix:
                report.paragraphs.append(Paragraph(text, f"paragraph {paragraph_no}"))
            elif text and region.heading is not None and not region.tables:
                region.heading.append(text)
            continue
        table_no += 1
        rows = _grid_rows(block, f"table {table_no}", source, limits)
        if rows and region.continues(rows):
            _append(report, rows, table_no, source, limits)
        elif rows and is_table_header(rows[0]):
            region.table(report, rows, table_no, source, limits)
        elif region.heading is None and not _titled(report):  # the letterhead, laid out in a table
            report.paragraphs += [Paragraph(line, f"table {table_no}") for line in _column_lines(block)]
        # any other table is layout (signatures): not the report's content
    region.close(report)
    return report


def _titled(report: Report) -> bool:
    """Has the report's title ("BÁO CÁO") been read yet?"""
    return any(p.text.upper() == "BÁO CÁO" for p in report.paragraphs)


def _column_lines(table: Table) -> list[str]:
    """A layout table's text, column by column and paragraph by paragraph, so that a letterhead
    ("UBND TỈNH PHÚ YÊN" over "SỞ TƯ PHÁP" on the left) reads as the lines it shows. Each cell
    counts once, at its first grid column and row, read from the XML grid as the rows are."""
    placed = []
    for row_no, tr in enumerate(table._tbl.tr_lst):
        column = tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge != ST_Merge.CONTINUE:
                placed.append((column, row_no, tc))
            column += tc.grid_span
    lines = []
    for _, _, tc in sorted(placed, key=lambda cell: cell[:2]):
        lines += [text for p in _Cell(tc, table).paragraphs if (text := clean_text(p.text))]
    return lines


class _Region:
    """The narrative (``heading`` None) or one appendix: its title paragraphs before its first
    table, its numbered tables so far, and the first row of the statistics table when it is one
    (a later table opening with the same row, or five columns without a header, continues it)."""

    def __init__(self, heading: list[str] | None = None, locator: str = "") -> None:
        self.heading, self.locator = heading, locator
        self.tables = 0
        self.header: list[str] | None = None

    def continues(self, rows: list[list[str]]) -> bool:
        if self.header is None:
            return False
        if is_table_header(rows[0]):
            return [clean_text(c) for c in rows[0]] == self.header
        return len(rows[0]) == len(APPENDIX_COLUMNS)

    def table(
        self, report: Report, rows: list[list[str]], table_no: int, source: str, limits: Limits
    ) -> None:
        """A numbered table: the appendix when it is the first statistics one, else skipped (the
        later tables of a skipped appendix are its continuation pages, not listed again)."""
        self.tables += 1
        heading = self.heading or []
        if not report.appendix and is_statistics_table(heading, rows[:2]):
            self.header = [clean_text(c) for c in rows[0]]
            report.appendix_heading = list(heading)
            _append(report, rows, table_no, source, limits)
        elif self.heading is None or self.tables == 1 or self.header is not None:
            report.skipped.append(describe(heading[:3], rows[0], f"table {table_no}"))

    def close(self, report: Report) -> None:
        """An appendix that ended without any table is listed as skipped."""
        if self.heading is not None and not self.tables:
            report.skipped.append(describe(self.heading[:2], [], f"{self.locator}, no table"))


def _append(report: Report, rows: list[list[str]], table_no: int, source: str, limits: Limits) -> None:
    """The table's non-empty rows, added to the appendix."""
    for row_no, cells in enumerate(rows, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        check_rows(source, len(report.appendix) + 1, limits)
        locator = f"table {table_no} row {row_no}"
        report.appendix.append(AppendixRow(normalise_row(cells, source, locator), locator))


def _grid_rows(table: Table, where: str, source: str, limits: Limits) -> list[list[str]]:
    """One text per grid column for each row; spanned and vertically continued cells read "".
    A row wider than ``max_columns`` (its declared spans summed) is refused before it is built."""
    rows = []
    for row_no, tr in enumerate(table._tbl.tr_lst, start=1):
        width = tr.grid_before + tr.grid_after + sum(tc.grid_span for tc in tr.tc_lst)
        check_table_width(source, f"{where} row {row_no}", width, limits)
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == ST_Merge.CONTINUE:
                text = ""
            else:
                text = " ".join(p.text for p in _Cell(tc, table).paragraphs).strip()
            cells += [text] + [""] * (tc.grid_span - 1)
        rows.append(cells + [""] * tr.grid_after)
    return rows
