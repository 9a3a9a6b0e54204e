"""The processes that render reports: N lanes, each forked from the warm :mod:`forkserver`,
taking one report at a time; each asks the server for a fresh kernel per report and, for PDFs,
keeps one browser (:mod:`browser`).

Why processes, not threads: executing a notebook, exporting its HTML and writing its files is
Python work that holds the GIL, so two threads of one process share one core. Why forked from the
server, not started with ``multiprocessing``: a forked lane has papermill, nbconvert and pandas
imported already, where a spawned one imports them again (papermill also hangs in a pool forked
from a process that has run it). Jobs and outcomes travel pickled over a socket pair per lane.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from cchc_analysis.errors import RenderError
from cchc_analysis.report.page import browser
from cchc_analysis.report.run import kernels, system
from cchc_analysis.store.lock import share
from cchc_analysis.terminal import say


class LaneDied(RenderError, RuntimeError):
    """A lane ended while it rendered (killed, out of memory)."""


class Lanes:
    """The fork server and the lanes it forks; a context manager that stops them all at the end.

    The server starts at once, so that it imports and reads the store while the caller prepares;
    :meth:`open` then asks it for the lanes (at most ``most``). Each lane holds the lock file
    ``hold`` shared while it lives (:func:`~cchc_analysis.store.lock.share`). The server dies with
    this process, and the lanes with the server, even when this one is killed."""

    def __init__(self, most: int, store: str | None = None, hold: str | None = None) -> None:
        pairs = [socket.socketpair() for _ in range(most)]
        self.server = subprocess.Popen(
            [sys.executable, "-m", "cchc_analysis.report.run.forkserver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            pass_fds=[theirs.fileno() for _, theirs in pairs],
            start_new_session=True,
        )
        # the server holds each pair's other end under the same number (pass_fds keeps numbers)
        self._spare = [(Connection(ours.detach()), theirs.fileno()) for ours, theirs in pairs]
        for _, theirs in pairs:
            theirs.close()
        self.connections: list[Connection] = []
        self._tell({"sys_path": sys.path, "store": store, "hold": hold})

    def _tell(self, request: dict) -> None:
        self.server.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.server.stdin.flush()

    def open(self, count: int, pdf: bool = False) -> None:
        """Ask the server for ``count`` lanes (each with a browser when ``pdf``)."""
        for conn, fd in self._spare[:count]:
            self._tell({"lane": fd, "pdf": pdf})
            self.connections.append(conn)
        for conn, _ in self._spare[count:]:
            conn.close()
        self._spare = []

    def __enter__(self) -> Lanes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, function: Callable, tasks: Sequence[tuple]) -> Iterator[tuple[int, object]]:
        """``function(*task)`` for every task, each in a free lane; yields (task's index, its
        result) as they finish — the exception it raised, or a :class:`LaneDied` when its lane
        ended."""
        todo = list(enumerate(tasks))[::-1]
        busy: dict[Connection, int] = {}
        idle = list(self.connections)
        while todo or busy:
            while todo and idle:
                conn = idle.pop()
                index, task = todo.pop()
                try:
                    conn.send((function, task))
                    busy[conn] = index
                except OSError:  # this lane has ended before it took the task
                    todo.append((index, task))
            if not busy:  # every lane has ended: what is left cannot run
                for index, _ in reversed(todo):
                    yield index, LaneDied("no render process is left")
                return
            for conn in wait(list(busy)):
                index = busy.pop(conn)
                try:
                    yield index, conn.recv()
                    idle.append(conn)
                except (EOFError, OSError) as exc:
                    yield index, LaneDied(f"the render process ended ({type(exc).__name__})")

    def call(self, function: Callable, *args: object) -> object:
        """``function(*args)`` in a lane (one that has everything imported); its result, or the
        exception it raised, raised here."""
        for _, result in self.run(function, [args]):
            if isinstance(result, Exception):  # raised there, or the lane died
                raise result
            return result

    def close(self) -> None:
        """Send every lane home, then stop the server (which kills whatever it forked that runs)."""
        for conn in self.connections:
            try:
                conn.send(None)
                conn.close()
            except OSError:
                pass
        for conn, _ in self._spare:
            conn.close()
        if self.server.poll() is None:
            try:
                self.server.stdin.close()
                self.server.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.server.kill()
                self.server.wait()
        for line in self.server.stdout.read().decode("utf-8", "replace").splitlines():
            if line.startswith('{"warning"'):  # the server's own notes (nothing else writes there)
                say("warning", json.loads(line)["warning"])
        self.server.stdout.close()


class InProcessLanes:
    """Where no fork server can run (:func:`system.unavailable`): the jobs run one at a time
    in this process, each report in a kernel jupyter_client starts the usual way. The same
    methods as :class:`Lanes`; no lock file is held, this process holding the render's own."""

    def open(self, count: int, pdf: bool = False) -> None:
        if pdf:
            browser.warm_up()

    def __enter__(self) -> InProcessLanes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, function: Callable, tasks: Sequence[tuple]) -> Iterator[tuple[int, object]]:
        for index, task in enumerate(tasks):
            try:
                result = function(*task)
            except Exception as exc:  # as a lane sends it back: the caller's to raise
                result = exc
            yield index, result

    def call(self, function: Callable, *args: object) -> object:
        return function(*args)

    def close(self) -> None:
        browser.stop()


def start(most: int, store: str | None = None, hold: str | None = None) -> Lanes | InProcessLanes:
    """:class:`Lanes` for this render; where the fork server cannot run, :class:`InProcessLanes`,
    saying so in one line."""
    reason = system.unavailable()
    if reason is None:
        return Lanes(most, store=store, hold=hold)
    say(
        "note",
        f"no fork server on this system ({reason}): each report starts its own kernel, one at a time, slower",
    )
    return InProcessLanes()


def serve(fd: int, kernel_socket: socket.socket, pdf: bool, hold: str | None) -> None:
    """A lane's life (in a process forked by the server): run each ``(function, task)`` that
    arrives on ``fd`` and send back its result, until told to stop (None) or the line closes."""
    if hold:
        share(Path(hold))  # held until this process ends, however it ends
    kernels.use(kernel_socket)
    if pdf:
        browser.warm_up()
    conn = Connection(fd)
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            function, task = message
            try:
                result = function(*task)
            except Exception as exc:  # the caller's to raise (the index on a full disk, say)
                result = exc
            conn.send(result)
    finally:
        browser.stop()
