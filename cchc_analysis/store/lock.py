"""One writer at a time: an OS file lock on ``<store>/.cchc.lock``, and who holds it beside it.

The lock is ``filelock.FileLock`` (flock): the OS drops it when its process dies, so a killed run
never blocks the next one. ``.cchc.lock.json`` only tells a waiting user who they are waiting for.
"""
from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from cchc_analysis.store.files import StoreError, write_json
from cchc_analysis.terminal import say

LOCK = ".cchc.lock"
HOLDER = ".cchc.lock.json"


def _alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(data_dir: Path) -> str:
    """Who holds the lock, per the holder file; one left by a dead process is called stale."""
    path = data_dir / HOLDER
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        who = f"'{info['label']}' (pid {int(info['pid'])}, since {info['started']})"
        here = info.get("host") == socket.gethostname()
    except (OSError, ValueError, KeyError, TypeError):
        return "another process (it has not said which yet)"
    if here and not _alive(int(info["pid"])):
        return f"another process ({path} was left by a run that no longer exists: {who})"
    return who if here else f"{who} on host {info.get('host')}"


def _print(line: str) -> None:
    """The default ``on_wait``: a warning line on stderr, escaped like every line of output."""
    say("warning", line)


@contextmanager
def store_lock(data_dir: Path, label: str, timeout: float = 600.0,
               on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's lock for the block; say once whom we wait for; give up after ``timeout``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        who = holder(data_dir)
        (on_wait or _print)(f"waiting for the lock on {data_dir} held by {who}…")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StoreError(
                f"{data_dir} is locked by {who}; gave up after {timeout:g} s. If no cchc command "
                f"is running, delete {data_dir / LOCK}") from None
    try:
        started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_json({"pid": os.getpid(), "label": label, "started": started,
                    "host": socket.gethostname()}, data_dir / HOLDER)
        yield
    finally:
        (data_dir / HOLDER).unlink(missing_ok=True)
        lock.release()
