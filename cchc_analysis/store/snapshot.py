"""Reading the store: one version, resolved once through ``current``, checked before it is used.

A reader never mixes tables of two runs: :func:`open_store` reads ``current`` once and every table
comes from that version folder, whose files are checked against the manifest's hashes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from cchc_analysis.store.files import MANIFEST, StoreError, resolve_data_dir, sha256_file
from cchc_analysis.store.schemas import SCHEMA_VERSION, TABLES, SchemaViolation, has_shape, validate

CURRENT = "current"
VERSIONS = "versions"
AGAIN = "run `cchc ingest` again"
#: What to do about a file changed after it was written (an edit, or damage): the plain ingest
#: refuses to discard it.
REBUILD = "copy it elsewhere to keep your edit, then run `cchc ingest --force` to rebuild the store"


def _one_line(text: object) -> str:
    """Any message on one line (library errors may span several)."""
    return " ".join(str(text).split())


def _unreadable(path: Path, exc: Exception) -> StoreError:
    """The error for a table file that Parquet cannot read."""
    return StoreError(f"{path} cannot be read as Parquet ({_one_line(exc)}): {AGAIN}")


def read_manifest(version_dir: Path) -> dict:
    """A version's manifest, with the schema version this package reads; StoreError otherwise."""
    path = version_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path} is missing: {AGAIN}") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg}): {AGAIN}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path} cannot be read ({_one_line(exc)}): {AGAIN}") from None
    if not isinstance(manifest, dict):
        raise StoreError(f"{path} is not a store manifest (not a JSON object): {AGAIN}")
    found = manifest.get("schema_version", 1)
    if found != SCHEMA_VERSION:
        raise StoreError(
            f"{version_dir} was written by schema version {found}; this "
            f"cchc-analysis reads version {SCHEMA_VERSION}: {AGAIN}"
        )
    if not isinstance(manifest.get("tables"), dict):
        raise StoreError(f"{path} is not a store manifest (no tables): {AGAIN}")
    return manifest


def verify(version_dir: Path, manifest: dict) -> None:
    """Every table is listed, present, unchanged since written (sha256) and readable as Parquet."""
    for name in TABLES:
        entry = manifest["tables"].get(name)
        path = version_dir / f"{name}.parquet"
        if not isinstance(entry, dict) or "parquet_sha256" not in entry:
            raise StoreError(f"{version_dir / MANIFEST} lists no {name} table: {AGAIN}")
        for file, digest in (
            (path, entry["parquet_sha256"]),
            (version_dir / f"{name}.csv", entry.get("csv_sha256")),
        ):
            if not file.is_file():
                raise StoreError(f"{file} is missing: {AGAIN}")
            if sha256_file(file) != digest:
                raise StoreError(f"{file} was changed or damaged after it was written: {REBUILD}")
        try:
            rows = pq.read_metadata(path).num_rows
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise _unreadable(path, exc) from None
        if entry.get("rows") != rows:
            raise StoreError(
                f"{version_dir / MANIFEST} says {name} has {entry.get('rows')} rows but "
                f"{path} has {rows}: the manifest was changed after it was written: "
                f"{AGAIN}"
            )


class Snapshot:
    """One version of the store: its manifest and its tables, each read once and validated."""

    def __init__(self, data_dir: Path, version_dir: Path, manifest: dict) -> None:
        """A checked version (use :func:`open_store`)."""
        self.data_dir = data_dir
        self.version_dir = version_dir
        self.manifest = manifest
        self._cache: dict[str, pd.DataFrame] = {}

    def has(self, name: str) -> bool:
        """Whether the version holds this table."""
        return name in self.manifest["tables"]

    def table(self, name: str) -> pd.DataFrame:
        """One table, typed as its schema says; StoreError when the file breaks the schema."""
        if name not in self._cache:
            if not self.has(name):
                raise KeyError(f"{name!r} is not a store table ({', '.join(TABLES)})")
            path = self.version_dir / f"{name}.parquet"
            try:
                frame = pd.read_parquet(path, engine="pyarrow")
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise _unreadable(path, exc) from None
            try:  # hash-checked bytes of a validated write: its shape is enough, else say why
                self._cache[name] = frame if has_shape(name, frame) else validate(name, frame)
            except SchemaViolation as exc:
                raise StoreError(f"{path} does not follow its schema ({_one_line(exc)}): {AGAIN}") from None
        return self._cache[name]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the version, by name, in store order."""
        return {name: self.table(name) for name in TABLES}


#: Versions read in full ahead of time by this process (:func:`preload`), by folder.
_PRELOADED: dict[Path, Snapshot] = {}


def preload(version_dir: Path) -> None:
    """Read and check every table of one version now, so that every later :func:`open_store` of
    that folder in this process — and in the processes it forks: the report kernels — gets it
    without reading again. A version folder never changes once written."""
    snapshot = open_store(version_dir)
    snapshot.tables()
    adopt(snapshot)


def adopt(snapshot: Snapshot) -> None:
    """Take a version read and checked elsewhere (by another process, which sent it here) as
    :func:`preload` would have left it."""
    _PRELOADED[snapshot.version_dir] = snapshot


def open_store(data_dir: str | Path | None = None) -> Snapshot:
    """The store's current version, checked; StoreError (one line) when none or damaged.

    ``data_dir`` may also name one version folder (``…/versions/<run>``): a render pins the
    version it planned from, so that an ingest landing meanwhile cannot change its figures."""
    data_dir = resolve_data_dir(data_dir)
    if data_dir in _PRELOADED:
        return _PRELOADED[data_dir]
    if data_dir.parent.name == VERSIONS and (data_dir / MANIFEST).is_file():
        manifest = read_manifest(data_dir)
        verify(data_dir, manifest)
        return Snapshot(data_dir.parent.parent, data_dir, manifest)
    current = data_dir / CURRENT
    try:
        version_dir = data_dir / os.readlink(current)
    except FileNotFoundError:
        flat = [data_dir / MANIFEST, *data_dir.glob("*.parquet")]
        if any(path.is_file() and not path.is_symlink() for path in flat):
            raise StoreError(
                f"{data_dir} was written by schema version 1 (a flat folder without "
                f"{CURRENT}); this cchc-analysis reads version {SCHEMA_VERSION}: "
                f"{AGAIN}"
            ) from None
        raise StoreError(f"no store in {data_dir}: run `cchc ingest` first") from None
    except OSError as exc:
        raise StoreError(f"{current} is not a link to a version ({_one_line(exc)}): {AGAIN}") from None
    if not version_dir.is_dir():
        raise StoreError(f"{current} points to {version_dir}, which does not exist: {AGAIN}")
    manifest = read_manifest(version_dir)
    verify(version_dir, manifest)
    return Snapshot(data_dir, version_dir, manifest)


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One table of the store's current version."""
    return open_store(data_dir).table(name)


def load_manifest(data_dir: str | Path | None = None) -> dict:
    """The manifest of the store's current version."""
    return open_store(data_dir).manifest
