"""Checks shared by the Word and Excel readers, so that a bad file yields one clear SourceError.

.docx and .xlsx files are ZIP packages. A file without the ZIP signature is named for what it
looks like (a renamed text export, an old binary .doc/.xls, a PDF) before any library sees it.
"""

from __future__ import annotations

import codecs
import zipfile
import zlib
from pathlib import Path

from cchc_analysis.errors import SourceError

WORD = "Word .docx"
EXCEL = "Excel .xlsx"

_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "it is an old binary .doc/.xls file; save it as {kind}"),
    (b"%PDF", "it is a PDF document; name it .pdf to read it as one"),
)
_HEAD_BYTES = 4096


def check_signature(path: Path, kind: str) -> None:
    """Refuse a file that is not a ZIP package, saying what it seems to be instead."""
    with path.open("rb") as stream:
        head = stream.read(_HEAD_BYTES)
    if head.startswith(b"PK"):
        return
    if not head:
        reason = "the file is empty"
    elif known := next((what for sig, what in _SIGNATURES if head.startswith(sig)), None):
        reason = known.format(kind=kind)
    elif _looks_like_text(head):
        reason = (
            f"it holds plain text, not {kind} content "
            f"(a text export renamed {path.suffix}? name it .txt to read it as text)"
        )
    else:
        reason = "it does not start with the ZIP signature 'PK' every Office file has"
    raise SourceError(path.name, f"not a readable {kind} file: {reason}")


def unreadable(path: Path, kind: str, exc: Exception) -> SourceError:
    """The SourceError for a package the library could not open, without the full path in it."""
    if not zipfile.is_zipfile(path):
        reason = "the ZIP package is damaged or cut off (its table of contents is missing)"
    elif isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        reason = f"the ZIP package is damaged ({exc})"
    else:
        reason = _first_line(exc) or type(exc).__name__
        cause = exc.__cause__ or exc.__context__  # openpyxl wraps what it met in a general line
        if cause is not None and _first_line(cause):
            reason += f" ({_first_line(cause)})"
        reason = reason.replace(str(path), path.name)
    return SourceError(path.name, f"not a readable {kind} file: {reason}")


def _first_line(exc: BaseException) -> str:
    """An exception's message up to its first line break: a SourceError is one line."""
    return str(exc).strip().split("\n", 1)[0].strip()


def _looks_like_text(head: bytes) -> bool:
    """True when the first bytes read as UTF-16 (BOM) or printable UTF-8 text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        chars = codecs.getincrementaldecoder("utf-8")().decode(head)  # tolerates a cut last char
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\t\r\n\f\ufeff" for ch in chars)
