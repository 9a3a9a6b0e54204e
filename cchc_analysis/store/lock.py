"""One writer at a time: an OS file lock on ``<store>/.cchc.lock``, and who holds it beside it.

The lock is ``filelock.FileLock`` (flock): the OS drops it when its process dies, so a killed run
never blocks the next one. ``.cchc.lock.json`` only tells a waiting user who they are waiting for.

A run that works in other processes (the render's lanes) also needs its successor to wait for
those: each worker holds a shared lock on a second file for its whole life (:func:`share`), and
the next run, under the main lock, waits until nobody holds it (:func:`outlive`) before it
cleans up what the killed run left.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from cchc_analysis.store.files import StoreError, write_json
from cchc_analysis.terminal import say

LOCK = ".cchc.lock"
HOLDER = ".cchc.lock.json"
#: Seconds :func:`outlive` waits before it says so (usually it waits a few milliseconds).
QUIET_WAIT = 1.0


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
def store_lock(
    data_dir: Path, label: str, timeout: float = 600.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
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
                f"is running, delete {data_dir / LOCK}"
            ) from None
    try:
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_json(
            {"pid": os.getpid(), "label": label, "started": started, "host": socket.gethostname()},
            data_dir / HOLDER,
        )
        yield
    finally:
        (data_dir / HOLDER).unlink(missing_ok=True)
        lock.release()


def share(path: Path) -> int:
    """Hold a shared lock on ``path`` until this process ends (the descriptor is returned and
    must stay open): the mark of a worker whose run may still write."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def outlive(path: Path, timeout: float = 60.0, on_wait: Callable[[str], None] | None = None) -> None:
    """Return once no process holds ``path``'s shared lock: the workers of a run that was
    stopped have ended (they end with it, in a moment); give up after ``timeout``."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        start, said = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited > timeout:
                    raise StoreError(
                        f"the processes of a stopped run still hold {path} after "
                        f"{timeout:g} s; end them, then run again"
                    ) from None
                if waited > QUIET_WAIT and not said:
                    (on_wait or _print)(f"waiting for the processes of a stopped run to end ({path})…")
                    said = True
                time.sleep(0.02)
    finally:
        os.close(fd)  # closing drops the exclusive lock taken for the check
