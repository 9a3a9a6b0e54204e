"""Headless Chromium driven through its DevTools protocol (websocket-client), for what a reader
does with a shared page: open it, type in a table's search box, see the rows filter — while
every request, console message and uncaught exception of the page is recorded."""

from __future__ import annotations

import html.parser
import itertools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
#: Headless Chromium that asks no other host for anything (the machine's network is closed).
HEADLESS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def print_to_pdf(url: str, out: Path, profile: Path, timeout: float = 120) -> Path:
    """``url`` printed to ``out`` by headless Chromium with no header or footer, as a reader's
    "Save as PDF" does (its own throwaway ``profile``)."""
    subprocess.run(
        [
            CHROMIUM or "chromium",
            *HEADLESS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            url,
        ],
        capture_output=True,
        timeout=timeout,
        check=True,
        env={**os.environ, "HOME": str(profile.parent)},
    )
    return out


@dataclass
class Page:
    """One page open in a headless Chromium: evaluate JavaScript, type, read what happened."""

    ws: object
    process: subprocess.Popen
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def call(self, method: str, **params) -> dict:
        """Send one command and wait for its answer, recording the events that come meanwhile."""
        number = next(self._ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            self.console.append(f"{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            self.console.append(f"exception: {params['exceptionDetails']}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            self.console.append(f"log: {params['entry'].get('text')}")

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression in the page."""
        found = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return found.get("result", {}).get("value")

    def settle(self, seconds: float = 0.3) -> None:
        """Let the page run for a moment, recording its events."""
        self.ws.settimeout(seconds)
        try:
            while True:
                self._event(json.loads(self.ws.recv()))
        except Exception:  # the timeout: nothing more to read
            pass
        finally:
            self.ws.settimeout(30)

    def type_into(self, selector: str, text: str) -> None:
        """Focus an input and type text into it as a keyboard would (input events fire)."""
        assert self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            f" if (!e) return false; e.focus(); return true; }})()"
        ), selector
        self.call("Input.insertText", text=text)
        self.settle()

    def close(self) -> None:
        self.ws.close()
        self.process.kill()
        self.process.wait()


def open_page(url: str, profile: Path) -> Page:
    """Start Chromium on a blank page, enable the domains that report what the page does, then
    load ``url`` and wait for it."""
    import websocket

    process = subprocess.Popen(
        [CHROMIUM, *HEADLESS, "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.is_file() or not port_file.read_text().strip():
        assert time.monotonic() < deadline and process.poll() is None, "Chromium did not start"
        time.sleep(0.05)
    port = port_file.read_text().split()[0]
    targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list").read())
    target = next(t for t in targets if t["type"] == "page")
    page = Page(websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30), process)
    for domain in ("Page", "Runtime", "Network", "Log"):
        page.call(f"{domain}.enable")
    page.call("Page.navigate", url=url)
    while page.evaluate("document.readyState") != "complete":
        page.settle(0.1)
    page.settle()
    return page


class Scripts(html.parser.HTMLParser):
    """The ``<script>`` elements of a page (their text) and every ``on…=`` attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def scripts_of(text: str) -> Scripts:
    parser = Scripts()
    parser.feed(text)
    return parser
