"""Bounds on what one input file may cost, checked before the work: its kind, its size, and for
Office packages the entries and unpacked size they declare (a zip bomb is refused before it is
inflated), then the table rows. Defaults sit far above any real report; ``cchc ingest`` options
raise them."""
from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cchc_analysis.errors import SourceError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """The most one input file may hold."""

    max_bytes: int = 100 * MB  # a scanned report at 300 dpi is some 1 MB a page
    max_unpacked_bytes: int = 200 * MB
    max_entries: int = 10_000
    max_rows: int = 100_000
    #: pages of a PDF or scan (each page of a scan costs seconds of OCR)
    max_pages: int = 500
    #: pixels of one scanned page as OCR reads it (A3 at 300 dpi is 17 million; a blank
    #: 14 400 pt page of a 500-byte PDF would be 2 000 million and gigabytes of memory)
    max_page_pixels: int = 40_000_000


DEFAULT_LIMITS = Limits()
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_file(path: Path, limits: Limits) -> int:
    """A regular file within ``max_bytes``: its size; a SourceError saying what it is otherwise."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SourceError(path.name, "the file vanished before it could be read") from None
    except OSError as exc:
        raise SourceError(path.name, f"cannot be read ({exc.strerror or exc})") from None
    for test, what in _KINDS:
        if test(info.st_mode):
            raise SourceError(path.name, f"not a report file: it is {what}")
    if info.st_size > limits.max_bytes:
        raise SourceError(path.name, f"the file is {_megabytes(info.st_size)}, over the limit of "
                          f"{_megabytes(limits.max_bytes)} (raise it with --max-file-mb)")
    return info.st_size


def check_package(path: Path, limits: Limits) -> None:
    """A ZIP package (.docx, .xlsx) within the entry and unpacked-size limits, by its directory."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # the reader names a damaged package in its own words
    if len(entries) > limits.max_entries:
        raise SourceError(path.name, f"the package holds {len(entries)} entries, over the limit of "
                          f"{limits.max_entries} (raise it with --max-entries)")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise SourceError(path.name, f"the package unpacks to {_megabytes(unpacked)}, over the "
                          f"limit of {_megabytes(limits.max_unpacked_bytes)} "
                          "(raise it with --max-unpacked-mb)")


def check_rows(source: str, rows: int, limits: Limits) -> None:
    """A table within ``max_rows``."""
    if rows > limits.max_rows:
        raise SourceError(source, f"the appendix table has more than {limits.max_rows} rows, over "
                          "the limit (raise it with --max-rows)")


def check_page_pixels(source: str, page: int, width: float, height: float, limits: Limits) -> None:
    """One scanned page of ``width`` × ``height`` pixels within ``max_page_pixels``, checked
    before it is rendered or decoded."""
    if width * height > limits.max_page_pixels:
        raise SourceError(source, f"page {page} is {width:.0f} × {height:.0f} pixels to read, over "
                          f"the limit of {limits.max_page_pixels / 1e6:.0f} million (raise it "
                          "with --max-page-mp)")


def check_pages(source: str, pages: int, limits: Limits) -> None:
    """A PDF or scan within ``max_pages``."""
    if pages > limits.max_pages:
        raise SourceError(source, f"the document has {pages} pages, over the limit of "
                          f"{limits.max_pages} (raise it with --max-pages)")
