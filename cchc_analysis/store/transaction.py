"""Writing the store as one transaction: a whole new version folder, then one atomic switch.

Tables and manifest go into ``versions/.staging-<uuid>/``, which is renamed to ``versions/<run>``;
then the ``current`` symlink is replaced in one rename. A run killed at any moment leaves the
store wholly as it was or wholly new; its leftovers are removed by the next write.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from cchc_analysis.errors import os_error_line
from cchc_analysis.shared.spreadsheets import csv_frame
from cchc_analysis.store import files
from cchc_analysis.store.batches import in_slices, write_batches
from cchc_analysis.store.files import MANIFEST, StoreError, fsync_dir, sha256_file
from cchc_analysis.store.integrity import refuse_altered
from cchc_analysis.store.lock import store_lock
from cchc_analysis.store.schemas import SCHEMA_VERSION, TABLES, validate
from cchc_analysis.store.snapshot import CURRENT, VERSIONS, open_store, read_manifest, verify

#: Complete versions kept after a write (the current one among them).
KEEP_VERSIONS = 3
STAGING = ".staging-"
#: The workbook every ingest wrote before `cchc export`: its link is removed on the next write.
OLD_WORKBOOK = "store.xlsx"


def _check_names(tables: Mapping[str, pd.DataFrame], keep: Sequence[str]) -> None:
    """Given plus kept tables must be every table of the store, once (a programming error else)."""
    given, kept = set(tables), set(keep)
    problems = [
        f"{what}: {', '.join(sorted(names))}"
        for what, names in (
            ("missing", set(TABLES) - given - kept),
            ("unknown", (given | kept) - set(TABLES)),
            ("both given and kept", given & kept),
        )
        if names
    ]
    if problems:
        raise ValueError("write_store needs every store table exactly once; " + "; ".join(problems))


def _write_table(folder: Path, name: str, frame: pd.DataFrame) -> dict:
    """``name.parquet`` and ``name.csv`` (UTF-8 with a byte-order mark, so that Excel shows
    Vietnamese right; blank for NA; no text a spreadsheet would evaluate); their row count and
    hashes."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    parquet = buffer.getvalue()
    csv = csv_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    files.atomic_write(folder / f"{name}.parquet", parquet)
    files.atomic_write(folder / f"{name}.csv", csv)
    return {
        "rows": len(frame),
        "parquet_sha256": hashlib.sha256(parquet).hexdigest(),
        "csv_sha256": hashlib.sha256(csv).hexdigest(),
    }


def _keep_table(source: Path, folder: Path, name: str) -> dict:
    """Take a table's files unchanged from another version (hard link, else copy)."""
    for suffix in (".parquet", ".csv"):
        src, dst = source / f"{name}{suffix}", folder / f"{name}{suffix}"
        if not src.is_file():
            raise StoreError(f"{src} is missing, so {name} cannot be kept: run `cchc ingest` again")
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
    parquet = folder / f"{name}.parquet"
    return {
        "rows": pq.read_metadata(parquet).num_rows,
        "parquet_sha256": sha256_file(parquet),
        "csv_sha256": sha256_file(folder / f"{name}.csv"),
    }


def _run_id(body: dict) -> str:
    """16 hex digits of the sha256 of the manifest without the run id: same content, same id."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _intact(version_dir: Path, manifest_bytes: bytes) -> bool:
    """Whether an existing version has this very manifest and undamaged tables."""
    try:
        if (version_dir / MANIFEST).read_bytes() != manifest_bytes:
            return False
        verify(version_dir, read_manifest(version_dir))
    except (OSError, StoreError):
        return False
    return True


@dataclass
class Stream:
    """Tables written batch by batch (``batches``: mappings of table name → typed frame, in key
    order), then ``finish(staging, whole)`` gives the other tables and the manifest (known only
    once every batch was made: derive failures, say; tables made from the written ones, which it
    may read from the staging folder — ``whole`` holds those written in one piece, as frames)."""

    names: tuple[str, ...]
    batches: Iterable[Mapping[str, pd.DataFrame]]
    finish: Callable[[Path, Mapping[str, pd.DataFrame]], tuple[Mapping[str, pd.DataFrame], dict]]


class Staged(Mapping):
    """Every table of a version being written, by name: the frames given, else read back from
    the staging folder when asked (one at a time: memory stays that of the largest table;
    ``columns`` names the only columns to read of some tables)."""

    def __init__(
        self,
        staging: Path,
        given: Mapping[str, pd.DataFrame],
        columns: Mapping[str, Sequence[str] | None] | None = None,
    ) -> None:
        self.staging, self.given, self.columns = staging, given, columns or {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        columns = self.columns.get(name)
        if name in self.given:
            return self.given[name][list(columns)] if columns else self.given[name]
        return pd.read_parquet(self.staging / f"{name}.parquet", columns=list(columns) if columns else None)

    def __iter__(self):
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


def _stage(
    data_dir: Path,
    versions: Path,
    tables: Mapping[str, pd.DataFrame],
    manifest: dict,
    keep: Sequence[str],
    keep_from: Path | None,
    stream: Stream | None = None,
) -> Path:
    """Write a complete version into a staging folder and move it to ``versions/<run>``."""
    source = open_store(data_dir).version_dir if keep else None
    if source is not None and keep_from is not None and source.resolve() != keep_from.resolve():
        raise StoreError(
            f"{data_dir} was rewritten by another run while this one was deriving "
            "from it; nothing was written: run `cchc derive` again"
        )
    staging = versions / f"{STAGING}{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        entries = {}
        if stream is not None:
            whole: dict[str, pd.DataFrame] = {}
            entries = write_batches(staging, stream.names, stream.batches, whole=whole)
            tables, manifest = stream.finish(staging, whole)
            _check_names({**tables, **dict.fromkeys(stream.names)}, keep)
            for name, frame in tables.items():
                validate(name, frame)
            rest = {name: tables[name] for name in TABLES if name in tables and name not in keep}
            entries |= write_batches(staging, rest, in_slices(rest), check=False)
        entries |= {
            name: _keep_table(source, staging, name)
            if name in keep
            else _write_table(staging, name, tables[name])
            for name in TABLES
            if name not in entries
        }
        entries = {name: entries[name] for name in TABLES}
        body = dict(manifest) | {"schema_version": SCHEMA_VERSION, "tables": entries}
        run = _run_id(body)
        files.write_json(body | {"run": run}, staging / MANIFEST)
        fsync_dir(staging)
        target = versions / run
        if _intact(target, (staging / MANIFEST).read_bytes()):
            shutil.rmtree(staging)
        else:
            if target.exists():  # a damaged copy of this very run: set it aside for removal
                os.rename(target, versions / f"{STAGING}{uuid.uuid4().hex}")
            os.rename(staging, target)
        fsync_dir(versions)
        return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _symlink(target: str, link: Path) -> None:
    """Point ``link`` at ``target`` in one step (a temporary symlink renamed over it)."""
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex}.tmp")
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _publish(data_dir: Path, target: Path) -> None:
    """Make ``target`` the current version; keep the documented top-level paths as links."""
    _symlink(os.path.join(VERSIONS, target.name), data_dir / CURRENT)
    names = [MANIFEST] + [f"{name}{suffix}" for name in TABLES for suffix in (".parquet", ".csv")]
    for name in names:  # replaces the real files of an older flat store
        link, wanted = data_dir / name, os.path.join(CURRENT, name)
        if not (link.is_symlink() and os.readlink(link) == wanted):
            _symlink(wanted, link)
    if (data_dir / OLD_WORKBOOK).is_symlink():  # a store of earlier versions wrote one
        (data_dir / OLD_WORKBOOK).unlink()
    fsync_dir(data_dir)


def _mark_newest(versions: Path, target: Path) -> None:
    """Give the version just written a modification time later than every other version's."""
    newest = max((d.stat().st_mtime_ns for d in versions.iterdir() if d != target), default=0)
    stamp = max(time.time_ns(), newest + 1)
    os.utime(target, ns=(stamp, stamp))


def _prune(data_dir: Path, versions: Path, target: Path) -> None:
    """Keep the newest complete versions; drop older ones, staging folders and temp files."""
    complete = sorted(
        (d for d in versions.iterdir() if not d.name.startswith(".") and (d / MANIFEST).is_file()),
        key=lambda d: d.stat().st_mtime_ns,
        reverse=True,
    )
    kept = {target.name} | {d.name for d in complete[:KEEP_VERSIONS]}
    for entry in versions.iterdir():
        if entry.name in kept:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    for leftover in data_dir.glob(".*.tmp"):  # a temporary link or file of a killed run
        leftover.unlink(missing_ok=True)


def write_store(
    data_dir: str | Path,
    tables: Mapping[str, pd.DataFrame],
    manifest: dict,
    *,
    keep: Sequence[str] = (),
    keep_from: Path | None = None,
    label: str = "cchc ingest",
    lock_timeout: float = 600.0,
    on_wait: Callable[[str], None] | None = None,
    stream: Stream | None = None,
    force: bool = False,
) -> Path:
    """Validate and write every table as a new version, switch ``current`` to it; its folder.

    ``keep`` tables are taken unchanged from the current version, which must still be
    ``keep_from`` (the version the caller derived from) when that is given. With a ``stream``,
    its tables are written (and validated) batch by batch, and ``tables`` and ``manifest`` are
    what its ``finish`` gives. A store file holding an edit (not what the last transaction
    wrote) stops the write with a StoreError, unless ``force`` discards it."""
    if stream is None:
        _check_names(tables, keep)
    data_dir = Path(data_dir)
    with store_lock(data_dir, label, lock_timeout, on_wait):
        if not force:
            refuse_altered(data_dir, label)
        if stream is None:
            for name, frame in tables.items():
                validate(name, frame)
        versions = data_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        try:
            target = _stage(data_dir, versions, tables, manifest, keep, keep_from, stream)
        except OSError as exc:  # a full disk, say: the new version's leftovers are removed
            raise StoreError(f"{os_error_line(exc, data_dir)} (the store is left as it was)") from exc
        _mark_newest(versions, target)
        _publish(data_dir, target)
        _prune(data_dir, versions, target)
    return target
