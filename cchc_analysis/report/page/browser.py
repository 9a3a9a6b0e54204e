"""PDFs printed by one long-lived headless Chromium, driven over its DevTools pipe.

Why Chromium: it lays out a 22-page report in about half a second once started, where
WeasyPrint took about 4 s; page numbers come from the stylesheet's ``@page`` margin boxes
("Trang n/N"), which Chromium prints. Why one browser per render process: starting Chromium
costs more than printing a report, so :func:`shared` starts it once (in the background, while
the first notebook runs) and every report of the batch is printed by it, one tab at a time.

The page is opened from its file with scripts disabled (the PDF shows the static tables) and
every host unresolvable (nothing may be fetched but the page's own ``data:`` URLs); the print
waits until the embedded fonts are loaded. The protocol is Chromium's ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so nothing else is needed.
"""

from __future__ import annotations

import atexit
import base64
import fcntl
import json
import os
import re
import select
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from cchc_analysis.errors import RenderError

#: Executables tried in turn; ``CCHC_CHROMIUM`` names another.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "no Chromium to print the PDF: install it (Debian/Ubuntu: `apt-get install "
    "chromium`) or set CCHC_CHROMIUM to its path, or render HTML only with "
    "`cchc render --format html`"
)
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)
TIMEOUT = 120.0  # seconds for one protocol answer (a long report prints in a few)
#: The clock in Chromium's document information (Skia writes it in the first object).
_DATES = re.compile(rb"/(?:CreationDate|ModDate) \(D:[0-9+\-Z']{0,32}\)")
_INFO_BYTES = 4096

_SHARED: Browser | None = None
_SHARED_LOCK = threading.Lock()


class PdfUnavailable(RenderError, RuntimeError):
    """No PDF can be made here (no Chromium, or it does not start); the message says what to do."""


def executable() -> str:
    """The Chromium to run; :class:`PdfUnavailable` when there is none."""
    named = os.environ.get("CCHC_CHROMIUM")
    found = shutil.which(named) if named else next(filter(None, map(shutil.which, CANDIDATES)), None)
    if not found:
        raise PdfUnavailable(INSTALL_HINT)
    return found


class Spawned:
    """A program started with ``os.posix_spawn``, ``ends`` becoming its fds 3 and 4 and its
    stdin, stdout and stderr /dev/null; the part of :class:`subprocess.Popen` :class:`Browser`
    uses. Why not Popen: renumbering descriptors needs Python code run between fork and exec
    (``preexec_fn``), unsafe in a process with threads (a lock one of them held stays locked in
    the child); ``posix_spawn`` does it in the C library."""

    def __init__(self, argv: list[str], ends: list[int]) -> None:
        actions = [
            (os.POSIX_SPAWN_DUP2, ends[0], 3),
            (os.POSIX_SPAWN_DUP2, ends[1], 4),
            *((os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)),
        ]
        self.pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        self.returncode: int | None = None

    def _reap(self, flags: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, flags)
            except ChildProcessError:  # reaped already (children ignored)
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        return self._reap(os.WNOHANG)

    def wait(self) -> int:
        return self._reap(0)

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)


class Browser:
    """A headless Chromium and one tab in it, printing pages to PDF (one at a time)."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="cchc-chromium-")
        their_in, self._to_browser = os.pipe()  # the browser reads fd 3
        self._from_browser, their_out = os.pipe()  # and writes fd 4
        flags = [*FLAGS, f"--user-data-dir={self.profile}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses root without it (CI containers)

        # Numbered from 5 up, neither end is overwritten when the other becomes fd 3 or 4.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5) for fd in (their_in, their_out)]
        os.close(their_in), os.close(their_out)
        try:
            self.process = Spawned([executable(), *flags, "about:blank"], ends)
        finally:
            os.close(ends[0]), os.close(ends[1])
        self._buffer = b""
        self._next_id = 0
        self._lock = threading.Lock()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method, params in (
            ("Page.enable", {}),
            ("Emulation.setScriptExecutionDisabled", {"value": True}),
        ):
            self.call(method, params, self.session)

    # ------------------------------------------------------------------ the protocol

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise PdfUnavailable(f"Chromium did not answer within {TIMEOUT:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise PdfUnavailable(f"Chromium ended (exit code {self.process.poll()}): {INSTALL_HINT}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        until_event: str | None = None,
    ) -> dict:
        """Send one command and return its result (after ``until_event`` when one is named)."""
        with self._lock:
            self._next_id += 1
            message = {"id": self._next_id, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
            deadline = time.monotonic() + TIMEOUT
            result, seen = None, until_event is None
            while result is None or not seen:
                answer = self._read_message(deadline)
                if answer.get("id") == self._next_id:
                    if "error" in answer:
                        raise RuntimeError(f"Chromium {method}: {answer['error'].get('message')}")
                    result = answer["result"]
                elif until_event and answer.get("method") == until_event:
                    seen = True
            return result

    # ------------------------------------------------------------------ printing

    def print_pdf(self, html_file: Path) -> bytes:
        """The page as an A4 PDF (size, margins and footer from its ``@page`` rules)."""
        self.call(
            "Page.navigate",
            {"url": Path(html_file).resolve().as_uri()},
            self.session,
            until_event="Page.loadEventFired",
        )
        result = self.call(
            "Page.printToPDF",
            {
                "printBackground": True,
                "preferCSSPageSize": True,
                "displayHeaderFooter": False,
                "generateDocumentOutline": True,
                "generateTaggedPDF": True,
            },
            self.session,
        )
        return without_dates(base64.b64decode(result["data"]))

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def without_dates(pdf: bytes) -> bytes:
    """The PDF without its creation and modification dates, so that the same page gives the same
    bytes: the two entries are overwritten with spaces (whitespace between a dictionary's tokens
    is allowed), so every offset in the file stays right."""
    head = _DATES.sub(lambda m: b" " * len(m.group()), pdf[:_INFO_BYTES])
    return head + pdf[_INFO_BYTES:]


def shared() -> Browser:
    """This process's browser, started on first use and stopped at exit."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED.process.poll() is not None:
            try:
                _SHARED = Browser()
            except OSError as exc:
                raise PdfUnavailable(f"Chromium does not start ({exc}): {INSTALL_HINT}") from exc
            atexit.register(_SHARED.close)
        return _SHARED


def stop() -> None:
    """Stop this process's browser, if it runs."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is not None:
            _SHARED.close()
            _SHARED = None


def warm_up() -> None:
    """Start the shared browser in the background (its start overlaps the first notebook)."""

    def start() -> None:
        try:
            shared()
        except Exception:  # noqa: BLE001 — said again, with its reason, when a PDF is printed
            pass

    threading.Thread(target=start, name="chromium-start", daemon=True).start()
