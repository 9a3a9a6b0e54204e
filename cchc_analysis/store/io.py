"""The processed store: tables as Parquet + CSV and a manifest, written atomically; load() for notebooks.

Files are byte-identical for identical inputs: rows are ordered, no timestamps are written, and
every write goes to a temporary file in the same folder that is then renamed over the target.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

DEFAULT_DIR = Path("data") / "processed"
MANIFEST = "manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The store folder: absolute as given; a relative one (default ``data/processed``) is
    looked for from the working folder upwards, so notebooks in ``notebooks/`` find it too."""
    path = Path(data_dir if data_dir is not None else DEFAULT_DIR).expanduser()
    if path.is_absolute():
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / path).is_dir():
            return folder / path
    return here / path


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` via a temporary sibling and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's 0600 would hide shared reports
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(frame: pd.DataFrame, out_dir: Path, name: str) -> str:
    """Write ``name.parquet`` and ``name.csv`` (UTF-8, blank for NA) with the same rows; return
    the CSV's sha256, which the manifest records so that past figures can be checked later."""
    frame = frame.reset_index(drop=True)
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    atomic_write(out_dir / f"{name}.parquet", buffer.getvalue())
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    atomic_write(out_dir / f"{name}.csv", data)
    return hashlib.sha256(data).hexdigest()


def write_json(obj: object, path: Path) -> None:
    """Pretty, key-sorted JSON (stable across runs), written atomically."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(path, text.encode("utf-8"))


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One table of the store; a missing store says which command makes it."""
    path = resolve_data_dir(data_dir) / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `cchc ingest` first")
    return pd.read_parquet(path)


def load_observations(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy appendix observations, one row per appendix row."""
    return load_table("observations", data_dir)


def load_narrative(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The narrative sections of every report (heading, level, text, locator)."""
    return load_table("narrative", data_dir)


def load_indicators(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Derived indicators per agency × period, with formula, inputs and NA reasons."""
    return load_table("indicators", data_dir)


def load_comparisons(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Each indicator against the previous period and the same period a year earlier."""
    return load_table("comparisons", data_dir)


def load_findings(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The consistency findings (severity, rule, message, evidence, source, locator)."""
    return load_table("findings", data_dir)


def load_documents(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The register of documents the narratives cite."""
    return load_table("documents", data_dir)


def load_claims(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The figures the narratives state, linked to indicators where they count the same thing."""
    return load_table("claims", data_dir)


def load_manifest(data_dir: str | Path | None = None) -> dict:
    """The manifest: inputs with their hashes, readers, row counts and errors."""
    path = resolve_data_dir(data_dir) / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `cchc ingest` first")
    return json.loads(path.read_text(encoding="utf-8"))
