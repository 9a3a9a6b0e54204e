"""Hostile inputs built at test time, small on disk and costly to a naive reader, and a guard
that turns a hang into a failure."""

from __future__ import annotations

import signal
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>",
}


def raw_xlsx(
    path: Path, rows: Iterable[str], dimension: str | None = None, merged: Iterable[str] = ()
) -> Path:
    """A one-sheet workbook written part by part: ``rows`` are the sheet's ``<row>`` elements as
    XML, ``dimension`` its declared extent (any text, true or not), ``merged`` merged ranges."""
    head = f'<worksheet xmlns="{_MAIN}">'
    if dimension is not None:
        head += f'<dimension ref="{dimension}"/>'
    merges = list(merged)
    tail = (
        "</sheetData>"
        + (
            f'<mergeCells count="{len(merges)}">'
            + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
            + "</mergeCells>"
            if merges
            else ""
        )
        + "</worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in _PARTS.items():
            package.writestr(name, text)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((head + "<sheetData>").encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(tail.encode())
    return path


def wide_rows(columns: int, rows: int) -> Iterator[str]:
    """``rows`` rows of ``columns`` numeric cells each (positions implied, as writers may)."""
    cells = "<c><v>1</v></c>" * columns
    for n in range(1, rows + 1):
        yield f'<row r="{n}">{cells}</row>'


def corner_rows() -> list[str]:
    """A1 and the last cell of a sheet, XFD1048576: two cells spanning the sheet's whole extent."""
    return [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>',
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    ]


_WORD_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_WORD_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def raw_docx(path: Path, body: str) -> Path:
    """A Word package whose document body is ``body`` (``w:`` elements as XML, well-formed or
    not), written part by part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _WORD_TYPES)
        package.writestr("_rels/.rels", _WORD_RELS)
        package.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
        )
    return path


class Hang(BaseException):  # not an Exception: no reader's "except Exception" swallows it
    """A reader ran past the time it was given."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with :class:`Hang` when the block runs longer than ``seconds`` (main thread only)."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
