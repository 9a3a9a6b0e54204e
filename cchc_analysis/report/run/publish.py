"""A report folder is one render's whole output: everything is written into a staging folder
beside it, which then takes the folder's place in one step, so a reader (or a run killed at any
moment) never finds the HTML of one render beside the PDF or render.json of another.

A failed render never takes the place of the published folder: its staging folder is kept
beside it as ``<folder>.failed`` (the executed notebook, its failing cell marked) or removed (a
write that failed, a full disk), and ``<folder>.failed.json`` records the failure in one line;
both go at the next success.

The step is Linux's ``renameat2(RENAME_EXCHANGE)``, which swaps two folders atomically; where the
file system lacks it, the old folder is renamed aside first (a window of a few microseconds in
which the folder is absent, never mixed). Leftovers of killed runs are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import uuid
from pathlib import Path

from cchc_analysis.store.files import atomic_write

STAGING = ".staging-"
FAILED = ".failed"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _libc() -> ctypes.CDLL | None:
    """The C library, when it has ``renameat2`` (glibc ≥ 2.28)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "renameat2") else None


_LIBC = _libc()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False when the system cannot."""
    if _LIBC is None:
        return False
    done = _LIBC.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def staging_folder(final: Path) -> Path:
    """A new, empty staging folder beside ``final`` (same file system, so renames are atomic)."""
    folder = final.parent / f".{final.name}{STAGING}{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    return folder


def publish(staging: Path, final: Path) -> None:
    """Make the staging folder's content the content of ``final`` in one step; the old content
    and the record of an earlier failure are removed afterwards."""
    if not final.exists():
        os.rename(staging, final)
    elif _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old content
    else:
        aside = final.parent / f".{final.name}{STAGING}{uuid.uuid4().hex}"
        os.rename(final, aside)
        os.rename(staging, final)
        shutil.rmtree(aside, ignore_errors=True)
    clear_failure(final)


def failure_record(final: Path) -> Path:
    """The one-line record of the last failed render of ``final`` (beside it)."""
    return final.parent / f"{final.name}{FAILED}.json"


def failed_folder(final: Path) -> Path:
    """Where the last failed render of ``final`` is kept (beside it)."""
    return final.parent / f"{final.name}{FAILED}"


def clear_failure(final: Path) -> None:
    """Forget the last failed render of ``final`` (it has been rendered since)."""
    failure_record(final).unlink(missing_ok=True)
    shutil.rmtree(failed_folder(final), ignore_errors=True)


def fail(staging: Path | None, final: Path, record: dict, keep: bool) -> None:
    """Record a failed render beside ``final``, which is left as it is: the staging folder is
    kept as the failed folder when ``keep`` (else removed), ``record`` written as one line.
    Never raises: on a full disk the record may not fit, and the run's summary still says."""
    shutil.rmtree(failed_folder(final), ignore_errors=True)
    try:
        if staging is not None and keep:
            os.rename(staging, failed_folder(final))
        text = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        atomic_write(failure_record(final), text.encode("utf-8"))
    except OSError:
        pass
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def clean_stale(out: Path) -> None:
    """Remove the staging folders killed runs left in the output tree (call under the lock)."""
    for pattern in (f".*{STAGING}*", f"*/.*{STAGING}*", f"*/*/.*{STAGING}*"):
        for folder in out.glob(pattern):
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
