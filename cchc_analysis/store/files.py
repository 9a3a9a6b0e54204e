"""Files of the store: where it is, atomic writes, hashes, and the one error it raises.

Every write goes to a temporary sibling that is fsynced and renamed over the target, so neither a
reader nor a killed run ever meets a half-written file under its final name.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from cchc_analysis.errors import StoreError as StoreError  # the store's error, where it was

DEFAULT_DIR = Path("data") / "processed"
MANIFEST = "manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The store folder: absolute as given; relative ones are looked for from the cwd upwards."""
    path = Path(data_dir if data_dir is not None else DEFAULT_DIR).expanduser()
    if path.is_absolute():
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / path).is_dir():
            return folder / path
    return here / path


def atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to ``path`` via a temporary sibling and a rename: never a half-written file.
    A failed write (a full disk says so at write, flush or fsync, without a file name) is an
    OSError naming ``path``, so that no caller reads back a truncated file to find out."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's 0600 would hide shared reports
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def write_json(obj: object, path: Path) -> None:
    """Pretty, key-sorted JSON (stable across runs), written atomically."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write(path, text.encode("utf-8"))


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def intact_version(data_dir: Path) -> tuple[Path, dict] | None:
    """The store's current version folder and manifest when every table file is unchanged since
    written (its SHA-256 as the manifest says), read without pandas; None on anything else — the
    caller then opens the store with :func:`cchc_analysis.store.open_store`, which says what is
    wrong. For a quick "nothing changed" (a render with nothing to do)."""
    try:
        if data_dir.parent.name == "versions" and (data_dir / MANIFEST).is_file():
            version_dir = data_dir
        else:
            version_dir = data_dir / os.readlink(data_dir / "current")
        manifest = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
        for name, entry in manifest["tables"].items():
            for suffix in ("parquet", "csv"):
                if sha256_file(version_dir / f"{name}.{suffix}") != entry[f"{suffix}_sha256"]:
                    return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return version_dir, manifest
