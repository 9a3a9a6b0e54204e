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
→ ``{"pid": N}``. When stdin closes the server ends, killing what it forked that still runs;
before, it writes ``{"warning": ...}`` lines on stdout for the render to show. When the render
process is killed instead, the system kills the server, and the server's death its lanes and
kernels (Linux's parent-death signal): a killed render leaves nothing running that could still
publish.

The server forks only while it is single-threaded: a fork copies one thread, and a lock another
thread held at that moment stays locked forever in the child (Python ≥ 3.12 warns about it).
The libraries it imports would start threads of their own — OpenBLAS a pool at import, Arrow's
jemalloc a background thread, Arrow's readers their pools —, so :data:`ONE_THREAD` turns those
off before anything is imported, and the store is read in a short-lived child that hands the
tables back pickled (:func:`_read_store`). Every fork checks it (:func:`threads`).

Linux only (fork, the parent-death signal); :func:`system.unavailable` says why not elsewhere, and the
render then starts a plain kernel per report instead (:mod:`lanes`).
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import select
import signal
import socket
import sys
from collections.abc import Callable

import psutil

from cchc_analysis.report.run import system

#: The inline backend, as ipykernel sets it for its kernels, before matplotlib is imported.
MPL_BACKEND = "module://matplotlib_inline.backend_inline"
#: Set before the preloading imports: no thread pool in OpenBLAS (numpy) or OpenMP, no
#: background thread in Arrow's jemalloc — the server must stay single-threaded to fork safely.
ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
}
_WARNED: list[str] = []


def _die_with(parent: int) -> None:
    """Have the system kill this process the moment its parent ``parent`` ends (Linux); end at
    once if it already has."""
    system.prctl()(system.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def threads() -> int:
    """The threads this process runs, the system's count (also those no Python code started)."""
    return psutil.Process().num_threads()


def _fork() -> int:
    """``os.fork()``, saying once (on stdout, for the render) when the server is not
    single-threaded at that moment, so that a library that starts a thread is noticed."""
    if not _WARNED and (count := threads()) > 1:
        _WARNED.append(
            f"the render's fork server runs {count} threads when it forks a process "
            f"(it should run one): a report may hang"
        )
        os.write(1, json.dumps({"warning": _WARNED[0]}).encode() + b"\n")
    return os.fork()


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

    if store:
        _read_store(store)


def _read_store(store: str) -> None:
    """Read the store version ``store`` for every kernel to come, in a child: Arrow's reader
    starts threads, which must not run in the server. The child sends the checked version
    pickled; a version that cannot be read is left to each kernel, which says what is wrong."""
    from pathlib import Path

    from cchc_analysis.store import snapshot

    ours, theirs = os.pipe()
    server = os.getpid()
    pid = _fork()
    if pid == 0:
        code = 1
        try:
            _die_with(server)
            _detach(theirs)
            snapshot.preload(Path(store))
            with os.fdopen(theirs, "wb") as out:
                pickle.dump(snapshot.open_store(Path(store)), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(theirs)
    with os.fdopen(ours, "rb") as answer:
        data = answer.read()
    if data:
        read = pickle.loads(data)
        snapshot.adopt(read)


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
        os.set_inheritable(fd, False)  # the render's line is this lane's alone (not its browser's)
        from cchc_analysis.report.run import lanes

        lanes.serve(fd, kernel_socket, pdf, hold)
        code = 0
    finally:
        os._exit(code)


def _children_alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` that still run as this process's children (not a reused id)."""
    me, alive = os.getpid(), []
    for pid in pids:
        try:
            if psutil.Process(pid).ppid() == me:
                alive.append(pid)
        except psutil.Error:
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
        pid = _fork()
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
    os.environ.update(ONE_THREAD)
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


def _fork_lane(request: dict, hold: str | None, lanes: dict[socket.socket, bytes], pids: list[int]) -> None:
    """Fork a lane that serves jobs over the request's descriptor, asks for kernels over a new
    socket pair and holds the lock file ``hold`` while it lives."""
    fd = int(request["lane"])
    ours, theirs = socket.socketpair()
    server = os.getpid()
    pid = _fork()
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
