"""Reader for Word reports: narrative paragraphs, "Phụ lục …", then the appendix as Word tables.

The appendix header spans two rows with merged cells and is usually repeated in every table when
the appendix is split at page breaks; a five-column table right after it without the header is
read as its continuation, not dropped. Cells are read from the XML grid (``w:tc`` with gridSpan and
vMerge), because python-docx hands back the same merged cell once per grid column it covers.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.simpletypes import ST_Merge
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.common import clean_text, is_appendix_title, is_table_header, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_package, check_rows
from cchc_analysis.sources.office import WORD, check_signature, unreadable


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read a Word .docx report into a :class:`Report`."""
    source = path.name
    check_signature(path, WORD)
    check_package(path, limits)
    try:
        document = Document(str(path))
    except Exception as exc:  # whatever fails while unpacking the package, the file is unreadable
        raise unreadable(path, WORD, exc) from exc

    report = Report(path=path, reader="docx")
    narrative: list[Paragraph] = []
    title_at: int | None = None  # index in narrative of the last "Phụ lục …" before the table
    paragraph_no = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, WordParagraph):
            paragraph_no += 1
            text = clean_text(block.text)
            if text and not report.appendix:
                if is_appendix_title(text):
                    title_at = len(narrative)
                narrative.append(Paragraph(text, f"paragraph {paragraph_no}"))
            continue
        table_no += 1
        rows = _grid_rows(block)
        continued = bool(report.appendix) and len(rows[0] if rows else ()) == len(APPENDIX_COLUMNS)
        if not rows or not (is_table_header(rows[0]) or continued):
            continue  # a layout table (letterhead, signatures), not the appendix
        for row_no, cells in enumerate(rows, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            check_rows(source, len(report.appendix) + 1, limits)
            locator = f"table {table_no} row {row_no}"
            report.appendix.append(AppendixRow(normalise_row(cells, source, locator), locator))

    if not report.appendix:
        raise SourceError(
            source,
            "no appendix table found: expected a Word table whose first row is the header "
            "'STT | Chỉ tiêu thống kê | Kết quả thống kê | Đơn vị thực hiện'",
        )
    split = len(narrative) if title_at is None else title_at
    report.paragraphs = narrative[:split]
    report.appendix_heading = [p.text for p in narrative[split:]]
    return report


def _grid_rows(table: Table) -> list[list[str]]:
    """One text per grid column for each row; spanned and vertically continued cells read ""."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == ST_Merge.CONTINUE:
                text = ""
            else:
                text = " ".join(p.text for p in _Cell(tc, table).paragraphs).strip()
            cells += [text] + [""] * (tc.grid_span - 1)
        rows.append(cells + [""] * tr.grid_after)
    return rows
