"""The files under an input folder, every folder listed or named as a failure: a folder that
cannot be listed (permission denied, an I/O error) or a link that leads back to a folder above it
(a loop a walk would never leave) is never skipped in silence. Linked folders are followed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from cchc_analysis.errors import SourceError

_LOOP = "a symlink loop: it leads back to a folder above it"


def walk(top: Path, name: str) -> tuple[list[tuple[Path, str]], list[SourceError]]:
    """Every non-folder entry under ``top`` with its path relative to it, sorted by path; and a
    SourceError for each folder that could not be listed, named relative to ``top`` (``top``
    itself as ``name``) with a trailing "/"."""
    found: list[tuple[Path, str]] = []
    failures: list[SourceError] = []
    stack: list[tuple[Path, str, frozenset]] = [(top, "", frozenset())]
    while stack:
        folder, relative, above = stack.pop()
        shown = relative or name.rstrip("/") + "/"
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in above:
                raise OSError(errno.ELOOP, _LOOP)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            reason = _LOOP if exc.strerror == _LOOP else _reason(exc)
            failures.append(SourceError(shown, f"the folder cannot be listed ({reason})"))
            continue
        above |= {(info.st_dev, info.st_ino)}
        for entry in reversed(entries):  # popped in name order
            path = folder / entry.name
            try:
                is_folder = entry.is_dir()  # through a link: a linked folder is read
            except OSError as exc:  # a link to itself (ELOOP): neither file nor folder
                failures.append(SourceError(relative + entry.name, f"cannot be read ({_reason(exc)})"))
                continue
            if is_folder:
                stack.append((path, f"{relative}{entry.name}/", above))
            else:
                found.append((path, relative + entry.name))
    failures.sort(key=lambda error: error.source.split("/"))
    return sorted(found, key=lambda pair: pair[1].split("/")), failures


def _reason(exc: OSError) -> str:
    return "a symlink loop" if exc.errno == errno.ELOOP else exc.strerror or type(exc).__name__
