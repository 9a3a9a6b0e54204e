"""Running ``cchc ingest`` from a test: one helper for every file (instead of one per file), and
a way to take a private copy of a shared store before changing it."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple

from cchc_analysis.cli import main


class Ingested(NamedTuple):
    """What ``cchc ingest`` returned and printed (unpacks as ``code, out, err``)."""

    code: int
    out: str
    err: str


def ingest(*args: str | Path) -> Ingested:
    """Run ``cchc ingest ARGS…`` (inputs, ``--out STORE``, options) in this process, as the
    command line does; its exit status and what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["ingest", *map(str, args)])
    return Ingested(code, out.getvalue(), err.getvalue())


def copy_store(store: Path, to: Path) -> Path:
    """A private copy of ``store`` (its version links kept as links) at ``to``, for a test that
    changes a store it was handed shared (such as the session's ``seed_store``)."""
    shutil.copytree(store, to, symlinks=True)
    return to


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time: changes when anything
    in it is written, added or removed."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }
