"""Is the store what its last transaction wrote? Its documented files, each compared with it.

The documented paths (``data/processed/observations.csv`` …) are links through ``current`` into
the version folder, whose files the manifest hashes. An editor or ``sed -i`` replaces such a link
with a plain file; an editor that writes through the link changes the version's file. Either
holds the user's edit, which the next write must not discard in silence: :func:`altered` finds
them, ``cchc check`` reports them, :func:`refuse_altered` stops a write unless forced.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cchc_analysis.store.files import MANIFEST, StoreError, sha256_file
from cchc_analysis.store.snapshot import CURRENT, REBUILD


def hashes(manifest: dict) -> dict[str, str | None]:
    """Each file a version's manifest hashes (a table's Parquet and CSV, a workbook when it lists
    one), by its name in the version folder → its SHA-256."""
    workbook = manifest.get("workbook")
    found = {str(workbook.get("file")): workbook.get("sha256")} if isinstance(workbook, dict) else {}
    for name, entry in manifest["tables"].items():
        entry = entry if isinstance(entry, dict) else {}
        found |= {f"{name}.parquet": entry.get("parquet_sha256"), f"{name}.csv": entry.get("csv_sha256")}
    return found


@dataclass(frozen=True)
class Altered:
    """One file not as the last transaction wrote it: where, what is wrong, and whether it holds
    bytes of someone else's (an edit a write would discard) or is only missing or re-pointed."""

    path: Path
    problem: str
    edited: bool
    #: in the version folder itself (the store cannot be read as written), not a top-level link
    in_version: bool = False

    @property
    def status(self) -> str:
        """``error`` for an edit or a version that cannot be read as written, else ``warning``
        (a missing or re-pointed link, which the next write restores)."""
        return "error" if self.edited or self.in_version else "warning"

    def advice(self, command: str = "cchc ingest") -> str:
        """How to restore the file, or keep the edit, with ``command`` (the one that would write)."""
        if not self.edited:
            return "run `cchc ingest` again to restore it"
        if self.in_version:
            return REBUILD
        return (
            f"move it elsewhere to keep your edit (then `{command}` restores the link), or "
            f"run `{command} --force` to discard it"
        )

    def line(self, command: str = "cchc ingest") -> str:
        """The path, what is wrong, how to restore it: one line."""
        return f"{self.path} {self.problem}: {self.advice(command)}"


def _links(data_dir: Path, manifest: dict) -> list[Altered]:
    """The documented names (the manifest and the files it hashes) that are not links to
    ``current/<name>``."""
    found = []
    for name in [MANIFEST, *hashes(manifest)]:
        link, wanted = data_dir / name, os.path.join(CURRENT, name)
        if link.is_symlink():
            target = os.readlink(link)
            if target != wanted:
                found.append(Altered(link, f"is a link to {target}, not to {wanted}", False))
        elif os.path.lexists(link):
            found.append(
                Altered(
                    link,
                    f"is a plain file, not the link to {wanted} the last transaction wrote (edited in place?)",
                    True,
                )
            )
        else:
            found.append(Altered(link, "is missing", False))
    return found


def _version_files(version_dir: Path, manifest: dict) -> list[Altered]:
    """The current version's files that are missing or whose SHA-256 is not the manifest's."""
    found = []
    for name, digest in hashes(manifest).items():
        path = version_dir / name
        if not path.is_file():
            found.append(Altered(path, "is missing", False, in_version=True))
        elif sha256_file(path) != digest:
            found.append(
                Altered(
                    path,
                    "was changed after the last transaction wrote it (its SHA-256 is not the manifest's)",
                    True,
                    in_version=True,
                )
            )
    return found


def altered(data_dir: Path) -> list[Altered]:
    """Every documented file of the store not as its last transaction wrote it, links first.

    Empty when there is no transaction to compare with (no ``current``, no readable manifest):
    opening the store says what is wrong then."""
    try:
        version_dir = data_dir / os.readlink(data_dir / CURRENT)
        manifest = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(manifest.get("tables"), dict):
            return []
    except (OSError, ValueError, AttributeError):
        return []
    return _links(data_dir, manifest) + _version_files(version_dir, manifest)


def refuse_altered(data_dir: Path, command: str) -> None:
    """StoreError (one line: the first edited file, how to keep or discard it) when a file of the
    store holds an edit that a write by ``command`` would discard."""
    edited = [a for a in altered(data_dir) if a.edited]
    if edited:
        more = f" (and {len(edited) - 1} more edited files: see `cchc check`)" if len(edited) > 1 else ""
        raise StoreError(f"`{command}` wrote nothing: {edited[0].line(command)}{more}")
