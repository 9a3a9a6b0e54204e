"""Bounds on what one input file may cost, checked before the work: its kind, its size, and for
Office packages the entries and unpacked size they declare (a zip bomb is refused before it is
inflated), a sheet's declared extent and the cells counted as they stream, then the table rows.
Defaults sit far above any real report; ``cchc ingest`` options raise them.

Every file the program reads from the user — reports, sidecars, the roster, a catalogue — is
opened through :func:`open_checked`: one check, one wording, and a named pipe never blocks."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cchc_analysis.errors import SourceError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """The most one input file may hold."""

    max_bytes: int = 100 * MB  # a scanned report at 300 dpi is some 1 MB a page
    max_unpacked_bytes: int = 200 * MB
    max_entries: int = 10_000
    max_rows: int = 100_000
    #: columns of one sheet row or Word table row (Excel 2003 had 256; a grid span counts whole)
    max_columns: int = 1_000
    #: cells of one workbook, its rows padded to their last cell as a reader walks them
    max_cells: int = 200_000
    #: pages of a PDF or scan (each page of a scan costs seconds of OCR)
    max_pages: int = 500
    #: pixels of one scanned page as OCR reads it (A3 at 300 dpi is 17 million; a blank
    #: 14 400 pt page of a 500-byte PDF would be 2 000 million and gigabytes of memory)
    max_page_pixels: int = 40_000_000


DEFAULT_LIMITS = Limits()
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _refuse(path: Path, name: str, exc: OSError) -> SourceError:
    """The one line for a path that cannot be opened, by what the system said."""
    if exc.errno == errno.ELOOP:
        return SourceError(name, "cannot be read (a symlink loop)")
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return SourceError(name, "a link to a file that does not exist")
        return SourceError(name, "the file vanished before it could be read")
    return SourceError(name, f"cannot be read ({exc.strerror or exc})")


def _check_kind(info: os.stat_result, name: str, limits: Limits) -> None:
    """A regular file (not a folder, pipe, socket or device) within the size limit."""
    for test, what in _KINDS:
        if test(info.st_mode):
            raise SourceError(name, f"not a regular file: it is {what}")
    _check_size(info.st_size, name, limits)


def _check_size(size: int, name: str, limits: Limits) -> None:
    """At most ``max_bytes``."""
    if size > limits.max_bytes:
        raise SourceError(
            name,
            f"the file is {_megabytes(size)}, over the limit of "
            f"{_megabytes(limits.max_bytes)} (raise it with --max-file-mb)",
        )


@contextmanager
def open_checked(path: Path, limits: Limits, source: str | None = None) -> Iterator[BinaryIO]:
    """``path`` opened for reading when it is (or links to) a regular, readable file within
    ``max_bytes``; else a SourceError naming it as ``source`` (default: its name). The kind is
    checked before opening (a pipe or device is never opened) and again on what was opened
    (nothing swapped in between); the open itself cannot block (O_NONBLOCK)."""
    name = source or path.name
    try:
        _check_kind(os.stat(path), name, limits)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _refuse(path, name, exc) from None
    try:
        _check_kind(os.fstat(fd), name, limits)
        os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


def check_file(path: Path, limits: Limits, source: str | None = None) -> int:
    """A regular, readable file within ``max_bytes`` (:func:`open_checked`): its size."""
    with open_checked(path, limits, source) as stream:
        return os.fstat(stream.fileno()).st_size


def read_checked(path: Path, limits: Limits, source: str | None = None) -> bytes:
    """The bytes of a small file (a sidecar, the roster, a catalogue), through :func:`open_checked`."""
    with open_checked(path, limits, source) as stream:
        try:
            data = stream.read(limits.max_bytes + 1)  # a file grown since it was checked
        except OSError as exc:
            raise _refuse(path, source or path.name, exc) from None
    _check_size(len(data), source or path.name, limits)
    return data


def check_package(path: Path, limits: Limits) -> None:
    """A ZIP package (.docx, .xlsx) within the entry and unpacked-size limits, by its directory."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # the reader names a damaged package in its own words
    if len(entries) > limits.max_entries:
        raise SourceError(
            path.name,
            f"the package holds {len(entries)} entries, over the limit of "
            f"{limits.max_entries} (raise it with --max-entries)",
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise SourceError(
            path.name,
            f"the package unpacks to {_megabytes(unpacked)}, over the "
            f"limit of {_megabytes(limits.max_unpacked_bytes)} "
            "(raise it with --max-unpacked-mb)",
        )


def check_rows(source: str, rows: int, limits: Limits) -> None:
    """A table within ``max_rows``."""
    if rows > limits.max_rows:
        raise SourceError(
            source,
            f"the appendix table has more than {limits.max_rows} rows, over the limit (raise it with --max-rows)",
        )


def check_page_pixels(source: str, page: int, width: float, height: float, limits: Limits) -> None:
    """One scanned page of ``width`` × ``height`` pixels within ``max_page_pixels``, checked
    before it is rendered or decoded."""
    if width * height > limits.max_page_pixels:
        raise SourceError(
            source,
            f"page {page} is {width:.0f} × {height:.0f} pixels to read, over "
            f"the limit of {limits.max_page_pixels / 1e6:.0f} million (raise it "
            "with --max-page-mp)",
        )


def check_pages(source: str, pages: int, limits: Limits) -> None:
    """A PDF or scan within ``max_pages``."""
    if pages > limits.max_pages:
        raise SourceError(
            source,
            f"the document has {pages} pages, over the limit of {limits.max_pages} (raise it with --max-pages)",
        )


def check_declared(source: str, sheet: str, extent: str, rows: int, columns: int, limits: Limits) -> None:
    """A sheet whose declared extent (``<dimension ref=…>``) is within the row, column and cell
    limits, checked before a cell is read."""
    for count, limit, what, option in (
        (rows, limits.max_rows, "rows", "--max-rows"),
        (columns, limits.max_columns, "columns", "--max-columns"),
    ):
        if count > limit:
            raise SourceError(
                source,
                f"sheet '{sheet}' declares {count} {what} ({extent}), over "
                f"the limit of {limit} (raise it with {option})",
            )
    if rows * columns > limits.max_cells:
        raise SourceError(
            source,
            f"sheet '{sheet}' declares {rows * columns} cells ({extent}), "
            f"over the limit of {limits.max_cells} (raise it with --max-cells)",
        )


def check_streamed(source: str, sheet: str, row: int, width: int, cells: int, limits: Limits) -> None:
    """A sheet row as it streams: its number, its width, the workbook's cells so far (``cells``,
    this row's included) within the limits; the first one over stops the reading."""
    if row > limits.max_rows:
        raise SourceError(
            source, f"sheet '{sheet}' runs past row {limits.max_rows}, the limit (raise it with --max-rows)"
        )
    if width > limits.max_columns:
        raise SourceError(
            source,
            f"sheet '{sheet}' row {row} has {width} columns, over the "
            f"limit of {limits.max_columns} (raise it with --max-columns)",
        )
    if cells > limits.max_cells:
        raise SourceError(
            source,
            f"the workbook holds more than {limits.max_cells} cells (by "
            f"sheet '{sheet}' row {row}), over the limit (raise it with --max-cells)",
        )


def check_table_width(source: str, where: str, width: int, limits: Limits) -> None:
    """A Word table row (its grid columns, spans included) within ``max_columns``."""
    if width > limits.max_columns:
        raise SourceError(
            source,
            f"{where} spans {width} columns, over the limit of {limits.max_columns} (raise it with --max-columns)",
        )
