"""Reader for the tab-separated text export: narrative lines, then "Phụ lục …", then the table.

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
from cchc_analysis.sources.model import APPENDIX_COLUMNS, AppendixRow, Paragraph, Report
from cchc_analysis.sources.common import clean_text, is_appendix_title, normalise_row
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_rows

_TAB_HEADER = re.compile(r"^\s*STT\s*\t", re.IGNORECASE)
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
    """Read a tab-separated text export into a :class:`Report`."""
    source = path.name
    data = path.read_bytes()
    text = decode(data, source)
    if not text.strip():
        raise SourceError(source, "the file is empty")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    header_at = next((i for i, line in enumerate(lines) if _TAB_HEADER.match(line)), None)
    if header_at is None:
        raise SourceError(
            source,
            "no appendix table found: expected a tab-separated header row "
            "'STT<TAB>Chỉ tiêu thống kê<TAB>…' after the 'Phụ lục … THỐNG KÊ SỐ LIỆU' heading",
        )
    titles = [i for i in range(header_at) if is_appendix_title(clean_text(lines[i]))]
    title_at = titles[-1] if titles else header_at

    report = Report(path=path, reader="text")
    report.paragraphs = [
        Paragraph(clean_text(line), f"line {i + 1}")
        for i, line in enumerate(lines[:title_at])
        if clean_text(line)
    ]
    report.appendix_heading = [
        clean_text(line) for line in lines[title_at:header_at] if clean_text(line)
    ]
    check_rows(source, sum(1 for line in lines[header_at:] if line.strip()), limits)
    report.appendix = list(table_rows(lines, header_at, source))
    return report


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
