"""A small on-disk cache of bytes that are slow to make and a pure function of their inputs
(the embedded font's subset, a chart's SVG), shared by every process of every render.

Entries are named by the SHA-256 of everything that shapes them (the caller lists it: inputs,
library versions, the code's own version), so a stale entry is never found, only left unused.
The folder is ``$CCHC_CACHE_DIR``, else ``$XDG_CACHE_HOME/cchc-analysis``, else
``~/.cache/cchc-analysis``; writes are atomic (a temporary file renamed), and where the folder
cannot be written the bytes are simply made each time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def folder() -> Path:
    """Where the cache lives (not created here)."""
    if os.environ.get("CCHC_CACHE_DIR"):
        return Path(os.environ["CCHC_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cchc-analysis"


def key(*parts: object) -> str:
    """The SHA-256 naming an entry made from ``parts`` (JSON-able values or bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode()
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def cached(kind: str, name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes of entry ``kind/name``, made by ``make()`` and stored when absent."""
    path = folder() / kind / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name[:16]}.", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only home: no cache, the same bytes
    return data
