"""Pages → the document model: narrative paragraphs from the text lines, the statistics appendix
from the ruled tables, for PDFs and scans alike.

Paragraphs are rebuilt from printed lines: a wider gap than the text's own line spacing, a line
that stops short of the right margin, or a heading's number starts a new one. A page number alone
at the top or bottom of a page is not text. Lines split into columns (a letterhead) are read
column by column. The appendix is read as the Word reader reads its tables: the first statistics
table after "Phụ lục …" (or by its header words), without its two-row header and the repeats of
it on later pages (recognised even as OCR misread them), a five-column table on the next page is
its continuation, and a row the page break cut in two (its second part at the top of the next
page, without STT, its label empty, going on in lower case, or closing a parenthesis) is joined
again. Locators: ``page 12 row 7`` (row of the page's ruled tables, header included) and
``page 3 line 5`` (printed line of the page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from cchc_analysis.sources.common import clean_text, is_appendix_title, is_table_header, normalise_row
from cchc_analysis.sources.limits import Limits, check_rows
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.pages import Line, Page, Table, join_lines, layout
from cchc_analysis.sources.recognise import describe, is_statistics_table

#: A line that opens a paragraph whatever the spacing: "I.", "1.2.", "a)", "- ", "+ ".
_OPENS = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•–]\s)")
#: Part of the page, at its top or bottom, where a number alone is the page's number.
_MARGIN = 0.08
#: A gap above a line, in the text's line spacing, that separates paragraphs.
_GAP = 1.5
_BULLET = re.compile(r"^[-+•–]")
#: How alike (difflib ratio) a later page's first rows must be to the header to be its repeat.
_HEADER_LIKE = 0.75


def _text_lines(page: Page, lines: list[Line]) -> list[Line]:
    """The page's lines in reading order without its page number; a run of lines split into
    columns (a letterhead) column by column."""
    kept = [
        line
        for line in lines
        if not (
            clean_text(line.text).isdigit()
            and (line.bottom < page.height * _MARGIN or line.top > page.height * (1 - _MARGIN))
        )
    ]
    out, k = [], 0
    while k < len(kept):
        if not any(line.column for line in kept[k : k + 2]):
            out.append(kept[k])
            k += 1
            continue
        end = k
        while end < len(kept) and (kept[end].column or (end + 1 < len(kept) and kept[end + 1].column)):
            end += 1
        block = kept[k:end]
        out += sorted(block, key=lambda line: (line.column, line.top))
        k = end
    return out


class _Paragraphs:
    """Printed lines joined into paragraphs, across pages."""

    def __init__(self) -> None:
        self.done: list[Paragraph] = []
        self._text: list[str] = []
        self._locator = ""
        self._last: Line | None = None
        self._spacing: float | None = None

    def add(self, line: Line, locator: str, left: float, right: float, page_changed: bool) -> None:
        text = clean_text(line.text)
        last = self._last
        new = last is None or bool(_OPENS.match(text)) or line.column != last.column
        if last is not None and not new:
            first_word = text.split(" ", 1)[0]
            room = (line.x1 - line.x0) * len(first_word) / max(len(text), 1)
            short = right - last.x1 > 2 * room  # room for the next word twice over: it ended
            height = line.bottom - line.top
            gap = line.top - last.top
            spacing = self._spacing or height * 1.2
            new = short or (not page_changed and gap > _GAP * spacing) or line.x0 > left + height
            if not page_changed and not short and gap <= _GAP * spacing:
                self._spacing = min(self._spacing or gap, gap)
        if new:
            self.flush()
            self._locator = locator
        self._text.append(text)
        self._last = line

    def flush(self) -> None:
        if self._text:
            self.done.append(Paragraph(clean_text(join_lines(self._text)), self._locator))
        self._text, self._last = [], None


Margins = tuple[float, float]


def blocks(pages: list[Page]) -> Iterator[tuple[Page, str, Line | Table, int, Margins]]:
    """Every line and table of every page in reading order, with its locator, for a table the
    number of the page row its first row is, and the page's text margins (left, right)."""
    for page in pages:
        tables, lines = layout(page)
        text = _text_lines(page, lines)
        margins = (min((ln.x0 for ln in text), default=0.0), max((ln.x1 for ln in text), default=0.0))
        row_no, line_no = 0, 0
        for item in sorted([*tables, *text], key=lambda b: b.top):
            if isinstance(item, Table):
                yield page, f"page {page.number}", item, row_no, margins
                row_no += len(item.rows)
            else:
                line_no += 1
                yield page, f"page {page.number} line {line_no}", item, 0, margins


class _Appendix:
    """The statistics table as it is found across pages (see the module's docstring)."""

    def __init__(self, report: Report, limits: Limits) -> None:
        self.report, self.limits = report, limits
        self.heading: list[str] | None = None
        self.heading_at = ""
        self.header: list[str] | None = None  # the statistics table's header rows, as text
        self.tables = 0
        self.last_page = 0

    def title(self, text: str, locator: str) -> None:
        self.close()
        self.heading, self.heading_at, self.tables, self.header = [text], locator, 0, None

    def table(self, page: Page, table: Table, row_no: int) -> None:
        rows = [[clean_text(cell.text) for cell in row] for row in table.rows]
        if not rows:
            return
        place = f"page {page.number}"
        if self.header is not None and len(rows[0]) == len(APPENDIX_COLUMNS):
            self._append(page, table, row_no, fresh_page=page.number != self.last_page)
        elif is_table_header(rows[0]) or is_statistics_table(self.heading or [], rows[:2]):
            heading = self.heading or []
            self.tables += 1
            if not self.report.appendix and is_statistics_table(heading, rows[:2]):
                # the second header row has neither STT nor label ("Đơn vị tính | Số liệu")
                size = 2 if len(rows) > 1 and (is_table_header(rows[1]) or not any(rows[1][:2])) else 1
                self.header = [clean_text(" ".join(row)) for row in rows[:size]]
                self.report.appendix_heading = list(heading)
                self._append(page, table, row_no, fresh_page=True)
            elif self.heading is None or self.tables == 1 or self.header is not None:
                self.report.skipped.append(describe(heading[:3], rows[0], place))
                self.header = None
        self.last_page = page.number

    def _append(self, page: Page, table: Table, row_no: int, fresh_page: bool) -> None:
        appendix, header = self.report.appendix, self.header or []
        first = not appendix  # the table's first page: its first rows are the header
        for n, row in enumerate(table.rows, start=row_no + 1):
            cells = [cell.text for cell in row]
            at = n - row_no - 1
            if not any(clean_text(c) for c in cells) or (first and at < len(header)):
                continue
            if at < len(header) and _like(cells, header[at]):
                continue  # the header a later page repeats (as OCR read it: "SIT" for "STT")
            locator = f"page {page.number} row {n}"
            confs = tuple(cell.conf for cell in row)
            last = next(
                (k for k in range(len(appendix) - 1, -1, -1) if not is_table_header(appendix[k].cells)), None
            )
            if (
                fresh_page
                and last is not None
                and not is_table_header(cells)
                and _cut_by_page(appendix[last].cells, cells)
            ):
                previous = appendix[last]
                joined = [f"{a} {b}".strip() for a, b in zip(previous.cells, cells)]
                confs = tuple(
                    _lowest(a, b) for a, b in zip(previous.confidence or (None,) * len(confs), confs)
                )
                appendix[last] = self._row(joined, previous.locator, confs, page.ocr)
                fresh_page = False
                continue
            fresh_page = fresh_page and is_table_header(cells)
            check_rows(self.report.source, len(appendix) + 1, self.limits)
            appendix.append(self._row(cells, locator, confs, page.ocr))

    def _row(self, cells: list[str], locator: str, confs: tuple, ocr: bool) -> AppendixRow:
        return AppendixRow(
            normalise_row(cells, self.report.source, locator), locator, confidence=confs if ocr else ()
        )

    def close(self) -> None:
        if self.heading is not None and not self.tables:
            self.report.skipped.append(describe(self.heading[:2], [], f"{self.heading_at}, no table"))


def _like(cells: list[str], header: str) -> bool:
    """A row that reads as the table's header row, give or take what OCR misread."""
    return SequenceMatcher(None, clean_text(" ".join(cells)), header).ratio() >= _HEADER_LIKE


def _lowest(a: float | None, b: float | None) -> float | None:
    known = [c for c in (a, b) if c is not None]
    return min(known) if known else None


def _cut_by_page(before: tuple[str, ...], cells: list[str]) -> bool:
    """The rest of a row cut by a page break: no STT, and a label that is empty or goes on in
    lower case or figures (a new row's label starts with "- " or a capital), or that closes a
    parenthesis the row before the break left open."""
    label = clean_text(cells[1])
    if clean_text(cells[0]) or _BULLET.match(label):
        return False
    return not label or not label[0].isupper() or before[1].count("(") > before[1].count(")")


def read_pages(report: Report, pages: list[Page], limits: Limits) -> Report:
    """Fill ``report`` from its pages: the narrative up to the first "Phụ lục …", the appendix."""
    paragraphs = _Paragraphs()
    appendix = _Appendix(report, limits)
    previous_page = 0
    for page, locator, item, row_no, (left, right) in blocks(pages):
        if isinstance(item, Table):
            appendix.table(page, item, row_no)
            continue
        text = clean_text(item.text)
        if not text:
            continue
        if is_appendix_title(text) and item.column == 0:
            paragraphs.flush()
            appendix.title(text, locator)
        elif appendix.heading is None and not report.appendix:
            paragraphs.add(item, locator, left, right, page.number != previous_page)
            previous_page = page.number
        elif appendix.heading is not None and not appendix.tables:
            appendix.heading.append(text)
    paragraphs.flush()
    appendix.close()
    report.paragraphs = paragraphs.done
    return report
