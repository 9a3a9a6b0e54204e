"""Readers, one per container (text, Word, Excel, PDF, scanned images), all producing a :class:`Report`.

``read_report`` picks the reader from the file's suffix; each reader checks the content itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.docx import read_docx
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_file
from cchc_analysis.sources.model import Report
from cchc_analysis.sources.text import read_text
from cchc_analysis.sources.xlsx import read_xlsx


def read_pdf(path: Path, limits: Limits) -> Report:
    """:func:`cchc_analysis.sources.pdf.read_pdf`, imported when a PDF comes (pdfplumber, Pillow
    and NumPy cost a text-only run 0,4 s and tens of MB)."""
    from cchc_analysis.sources.pdf import read_pdf as read

    return read(path, limits)


def read_image(path: Path, limits: Limits) -> Report:
    """:func:`cchc_analysis.sources.ocr.read_image`, imported when an image comes."""
    from cchc_analysis.sources.ocr import read_image as read

    return read(path, limits)


_READERS: dict[str, Callable[[Path, Limits], Report]] = {
    ".txt": read_text,
    ".tsv": read_text,
    ".docx": read_docx,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".pdf": read_pdf,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}
#: File suffixes ``read_report`` accepts (lower case).
SUPPORTED_SUFFIXES = frozenset(_READERS)


def read_report(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read any supported report file within ``limits``; an unknown suffix, a file that is not a
    regular file or one over a limit is a :class:`SourceError`."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(
            path.name,
            f"unsupported file type '{path.suffix}'; expected .txt, .docx, .xlsx, .pdf or a scan (.png, .jpg, .tif)",
        )
    check_file(path, limits)
    return reader(path, limits)


__all__ = ["SUPPORTED_SUFFIXES", "Limits", "read_report"]
