"""Text from files made safe for a terminal or a log: control and bidi characters shown as escapes.

A report's name or text is printed inside a line the program writes; raw, a newline in it would
start a line of its own (``ok: …`` forged after an error), an ESC would drive the terminal, and a
right-to-left override would reorder what is shown. Every status line is ``status: text`` with the
text escaped (:func:`line`), so its first word is always the program's own.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

#: The bidi controls: marks (LRM, RLM, ALM), embeddings and overrides, isolates.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters never printed raw: C0 and C1 controls, DEL, the Unicode line and paragraph
#: separators (line breaks to some terminals and log viewers), the bidi controls.
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Statuses whose lines go to stderr (:func:`say`); the others (ok, done, …) to stdout.
TO_STDERR = frozenset({"error", "warning", "stopped"})


def _visible(char: str) -> str:
    """One unsafe character as a Python-style escape: ``\\n``, ``\\x1b``, ``\\u202e``."""
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape(text: object) -> str:
    """``text`` with every unsafe character shown as its escape; the rest as it is."""
    return UNSAFE.sub(lambda match: _visible(match.group()), str(text))


def line(status: str, text: object) -> str:
    """One status line: ``status: text``, the text escaped."""
    return f"{status}: {escape(text)}"


def say(status: str, text: object, stream: TextIO | None = None) -> None:
    """Print one status line; to stderr for errors, warnings and interruptions, else stdout."""
    print(line(status, text), file=stream or (sys.stderr if status in TO_STDERR else sys.stdout))


#: The unsafe characters that ``json.dumps(…, ensure_ascii=False)`` leaves raw (it escapes C0).
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI}]")


def json_escape(text: str) -> str:
    """JSON text with those characters written as ``\\uXXXX`` escapes: the very same data, shown
    safely."""
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
