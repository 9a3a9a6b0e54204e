"""Reader for the tab-separated text export: narrative lines, then "Phụ lục …", then the table.

Other appendices and tables (before or after the statistics one) are recognised and skipped.

Text comes as UTF-8 (with or without BOM) or UTF-16 (Word's "Unicode text" export); any other
encoding is refused with the line of the first byte that does not decode.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.common import clean_text, is_appendix_title, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_rows
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.recognise import describe, is_statistics_table, require_report

_TAB_HEADER = re.compile(r"^\s*STT\s*\t", re.IGNORECASE)
#: A line whose cleaned text may start "Phụ lục" (spaces as :func:`clean_text` removes them).
_MAY_BE_TITLE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]*p", re.IGNORECASE)
_STARTS_ROW = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[-+•–]|STT)(?:\s|$)", re.IGNORECASE)


def decode(data: bytes, source: str) -> str:
    """Bytes → text: UTF-8 (BOM optional) or UTF-16 (BOM, or NUL-interleaved without one)."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1:8:2] == b"\0\0\0\0"[: len(data[1:8:2])]:
        encoding = "utf-16-le"
    else:
        encoding = "utf-8"
    try:
        return unicodedata.normalize("NFC", data.decode(encoding))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            source,
            f"not UTF-8 or UTF-16 text (byte 0x{data[exc.start]:02X} does not decode as "
            f"{encoding}); save the file as UTF-8 and ingest it again",
            f"line {line}",
        ) from None


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read a tab-separated text export into a :class:`Report`.

    The narrative runs up to the first "Phụ lục …" line; each appendix runs to the next one. Of
    the tables (a line "STT<TAB>…" and what follows), the first statistics one is the appendix;
    the others, and appendices without a table, are listed in ``Report.skipped``."""
    source = path.name
    data = path.read_bytes()
    text = decode(data, source)
    if not text.strip():
        raise SourceError(source, "the file is empty")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    report = Report(path=path, reader="text")
    titles = [
        i
        for i, line in enumerate(lines)  # cleaning only the lines that may be one
        if _MAY_BE_TITLE.match(line) and "\t" not in line.strip() and is_appendix_title(clean_text(line))
    ]
    narrative_end = titles[0] if titles else len(lines)
    table: tuple[int, int] | None = None  # (header line, end) of the statistics table
    dropped: set[int] = set()  # lines of a table inside the narrative that is not the appendix
    i = 0
    while i < narrative_end:  # a table without an appendix title of its own
        if not _TAB_HEADER.match(lines[i]):
            i += 1
        elif is_statistics_table([], _header(lines, i)):
            table, narrative_end = (i, narrative_end), i
        else:
            end = _table_end(lines, i, narrative_end)
            report.skipped.append(describe([], lines[i].split("\t"), _span(lines, i, end)))
            dropped.update(range(i, end))
            i = end
    for start, end in zip(titles, [*titles[1:], len(lines)]):
        header_at = next((k for k in range(start, end) if _TAB_HEADER.match(lines[k])), None)
        stop = end if header_at is None else header_at
        heading = [clean_text(line) for line in lines[start:stop] if clean_text(line)]
        if header_at is None:
            report.skipped.append(describe(heading[:2], [], f"{_span(lines, start, end)}, no table"))
        elif table is None and is_statistics_table(heading, _header(lines, header_at)):
            table, report.appendix_heading = (header_at, end), heading
        else:
            report.skipped.append(describe(heading[:3], [], _span(lines, start, end)))

    report.paragraphs = [
        Paragraph(text, f"line {i + 1}")
        for i, line in enumerate(lines[:narrative_end])
        if i not in dropped and (text := clean_text(line))
    ]
    if table is not None:
        header_at, end = table
        check_rows(source, sum(1 for line in lines[header_at:end] if line.strip()), limits)
        report.appendix = list(table_rows(lines[:end], header_at, source))
    return require_report(report)


def _header(lines: list[str], at: int) -> list[list[str]]:
    """The two header lines of the table whose "STT" line is ``at``, as cells."""
    return [line.split("\t") for line in lines[at : at + 2]]


def _table_end(lines: list[str], start: int, stop: int) -> int:
    """End (exclusive) of a table inside the narrative: its lines hold tabs; blank lines between
    pages belong to it, a line of plain text ends it."""
    end = start + 1
    while end < stop and ("\t" in lines[end] or not lines[end].strip()):
        end += 1
    return end


def _span(lines: list[str], start: int, end: int) -> str:
    """ "line 172–180": from ``start`` to the last non-blank line before ``end``."""
    last = max((k for k in range(start, end) if lines[k].strip()), default=start)
    return f"line {start + 1}" if last == start else f"line {start + 1}–{last + 1}"


def _continues(cells: list[str], following: str) -> bool:
    """Is ``following`` the rest of a row broken inside a cell? It does not start like a row (a
    code, an empty STT cell, "- "), and together they have no more than the template's cells."""
    head = following.split("\t", 1)[0].strip()
    starts_row = not head or _STARTS_ROW.match(head) is not None
    return not starts_row and len(cells) + following.count("\t") <= len(APPENDIX_COLUMNS)


def table_rows(lines: list[str], header_at: int, source: str) -> Iterator[AppendixRow]:
    """The table's rows from ``header_at`` on; blank lines (page breaks) are skipped.

    A line break typed inside a cell splits a row over two lines: a short line followed by one
    that does not start like a row is joined with it (locator "line 193–194"). A
    short row elsewhere had its trailing empty cells trimmed and is padded. A short last row
    means the file was cut off mid-table — unless short rows elsewhere show that the whole file
    had its trailing blanks trimmed.
    """
    width = len(APPENDIX_COLUMNS)
    filled = [(i, line) for i, line in enumerate(lines) if i >= header_at and line.strip()]
    rows = []
    k = 0
    while k < len(filled):
        first, raw = filled[k]
        cells, last = raw.split("\t"), first
        while len(cells) < width and k + 1 < len(filled) and _continues(cells, filled[k + 1][1]):
            k += 1
            last, following = filled[k]
            rest = following.split("\t")
            cells = [*cells[:-1], f"{cells[-1].rstrip()} {rest[0].lstrip()}", *rest[1:]]
        rows.append((cells, f"line {first + 1}" if last == first else f"line {first + 1}–{last + 1}"))
        k += 1
    trimmed = any(len(cells) < width for cells, _ in rows[:-1])
    for n, (cells, locator) in enumerate(rows, start=1):
        yield AppendixRow(normalise_row(cells, source, locator, pad=trimmed or n < len(rows)), locator)
