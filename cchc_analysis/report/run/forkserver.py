"""The fork server of ``cchc render``: one process that imports, once, everything a render needs
(IPython's kernel, pandas, matplotlib, papermill, nbconvert, this package), then forks the
render's worker processes (lanes, :mod:`lanes`) and, at their request, one fresh kernel per
report (:mod:`kernels`).

Why: a cold kernel — start Python, import pandas and matplotlib — costs about 2 s per report,
more than the report itself, and a cold worker as much again. A fork of a process that has only
imported them starts in milliseconds, and a report still never sees another report's state:
every kernel is forked from the same pristine process, which never runs a notebook, so the
variables, module globals and rcParams a report changes die with its kernel.

Protocol: the render process writes JSON lines on stdin — first ``{"sys_path": [...], "store":
version folder or null}`` (that store version is read once, here, for every kernel, while
the render plans or at the first kernel request), then
``{"lane": FD}`` for each lane, FD being the lane's end of a socket pair it passed in. Each lane
asks for kernels over a socket pair of its own: ``{"args": [...], "env": {...}, "cwd": ...}``
→ ``{"pid": N}``. The server stays single-threaded (it only reads, forks and answers), and when
stdin closes it ends, killing what it forked that still runs. When the render process is killed
instead, the system kills the server, and the server's death its lanes and kernels (Linux's
parent-death signal): a killed render leaves nothing running that could still publish.
"""
from __future__ import annotations

import ctypes
import functools
import json
import os
import select
import signal
import socket
import sys
from collections.abc import Callable

#: The inline backend, as ipykernel sets it for its kernels, before matplotlib is imported.
MPL_BACKEND = "module://matplotlib_inline.backend_inline"
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the system kill this process the moment its parent ``parent`` ends (Linux); end at
    once if it already has."""
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def preload() -> None:
    """Import what lanes and report notebooks import, so that their forks start warm."""
    os.environ.setdefault("MPLBACKEND", MPL_BACKEND)
    from cchc_analysis.report.run.slow_imports import skip_slow_optional_imports

    skip_slow_optional_imports()
    import matplotlib_inline.backend_inline  # noqa: F401
    import nbformat  # noqa: F401
    import pandas  # noqa: F401
    import papermill  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from cchc_analysis.report.content import model, overview, slices  # noqa: F401
    from cchc_analysis.report.page import convert, fonts, html  # noqa: F401
    from cchc_analysis.report.run import jobs, lanes  # noqa: F401
    from cchc_analysis.store import open_store  # noqa: F401

    fonts.font_face_css()  # the embedded font, built or read from its cache once for every fork


def preload_kernels(store: str | None) -> None:
    """What only kernels need — IPython's kernel and the store version the render reads —, done
    as soon as the server has nothing else to do (the render is still planning), or at the
    first kernel request: lanes asked for before are forked without waiting for it."""
    import ipykernel.debugger  # noqa: F401  (debugpy: 0,1 s of every kernel's start)
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import psutil  # noqa: F401

    if store:
        from pathlib import Path

        from cchc_analysis.store.snapshot import preload as read_store

        read_store(Path(store))


def _detach(*keep: int) -> None:
    """In a child: stdin and stdout on /dev/null, and every other descriptor the server holds
    (pipes, other lanes' sockets) closed but ``keep``, so that a lane's end closes when it ends."""
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)


def _kernel(request: dict, server: int) -> None:
    """In a forked child: become a kernel with the request's arguments, folder and environment."""
    code = 1
    try:
        _die_with(server)
        os.setsid()  # its own process group: a kill of the report's kernel reaches nothing else
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _detach()
        os.dup2(0, 2)  # the kernel speaks over its sockets only
        if request.get("cwd"):
            os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # without a terminal, argparse asks for its size once per option (0,2 s of a kernel's
        # start): a size in the environment answers at once
        os.environ.setdefault("COLUMNS", "100")
        os.environ.setdefault("LINES", "50")
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=list(request["args"]))
        code = 0
    finally:
        os._exit(code)


def _lane(fd: int, kernel_socket: socket.socket, pdf: bool, hold: str | None, server: int) -> None:
    """In a forked child: serve the render process's jobs over ``fd``."""
    code = 1
    try:
        _die_with(server)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _detach(fd, kernel_socket.fileno())
        from cchc_analysis.report.run import lanes

        lanes.serve(fd, kernel_socket, pdf, hold)
        code = 0
    finally:
        os._exit(code)


def _children_alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` that still run as this process's children (not a reused id)."""
    me, alive = str(os.getpid()), []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                if stat.read().rsplit(")", 1)[1].split()[1] == me:
                    alive.append(pid)
        except OSError:
            continue
    return alive


def _answer(sock: socket.socket, buffers: dict, pids: list[int], warm: Callable[[], None]) -> bool:
    """Read a lane's kernel requests and fork each (``warm`` first); False when the lane has
    closed its socket."""
    chunk = sock.recv(1 << 16)
    if not chunk:
        return False
    buffers[sock] += chunk
    while b"\n" in buffers[sock]:
        line, buffers[sock] = buffers[sock].split(b"\n", 1)
        request = json.loads(line)
        warm()
        server = os.getpid()
        pid = os.fork()
        if pid == 0:
            _kernel(request, server)
        pids.append(pid)
        sock.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    return True


def main() -> None:
    """Read the render's sys.path, preload, then fork lanes and kernels until stdin closes."""
    _die_with(os.getppid())
    pending = b""
    while b"\n" not in pending:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            return
        pending += chunk
    line, pending = pending.split(b"\n", 1)
    setup = json.loads(line)
    sys.path[:] = setup["sys_path"]
    preload()
    warm = functools.cache(lambda: preload_kernels(setup.get("store")))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system, no zombies
    pids: list[int] = []
    lanes: dict[socket.socket, bytes] = {}
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            _fork_lane(json.loads(line), setup.get("hold"), lanes, pids)
        ready, _, _ = select.select([0, *lanes], [], [], None if warm.cache_info().currsize else 0)
        if not ready:  # nothing asked yet (the render is still planning): warm up for kernels now
            warm()
            continue
        for sock in [s for s in ready if s != 0]:
            if not _answer(sock, lanes, pids, warm):
                del lanes[sock]
                sock.close()
        if 0 in ready:
            chunk = os.read(0, 1 << 16)
            if not chunk:
                break
            pending += chunk
    for pid in _children_alive(pids):
        os.kill(pid, signal.SIGKILL)


def _fork_lane(request: dict, hold: str | None, lanes: dict[socket.socket, bytes],
               pids: list[int]) -> None:
    """Fork a lane that serves jobs over the request's descriptor, asks for kernels over a new
    socket pair and holds the lock file ``hold`` while it lives."""
    fd = int(request["lane"])
    ours, theirs = socket.socketpair()
    server = os.getpid()
    pid = os.fork()
    if pid == 0:
        ours.close()
        _lane(fd, theirs, bool(request.get("pdf")), hold, server)
    theirs.close()
    os.close(fd)
    pids.append(pid)
    lanes[ours] = b""


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    # Nothing is left to tear down (its children are killed): skip the interpreter's finalisation
    # of everything preloaded, half a second that every render would wait for.
    os._exit(0)
