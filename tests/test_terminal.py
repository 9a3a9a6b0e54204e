"""What the program prints is its own: names and texts from files escaped, every line opening with
its status word, and a reader that goes away (`| head`, `| true`) ends a command quietly."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_store import VALID, tiny

from cchc_analysis.cli import main
from cchc_analysis.store import frame, write_store
from cchc_analysis.terminal import escape, line

HELDOUT = Path(__file__).parent / "heldout"
FORGED = "a\nok: forged.txt"
RLO = "r\u202etxt.h1.txt"  # shown raw, it would read "rtxt.1h.txt"-like, right to left
STATUSES = ("ok:", "error:", "warning:", "done:")


def test_escape_shows_controls_and_bidi_as_escapes():
    assert escape(FORGED) == "a\\nok: forged.txt"
    assert escape("x\r\ty\x1b[31mz\x7f\x85") == "x\\r\\ty\\x1b[31mz\\x7f\\x85"
    assert escape("\u202a\u202e\u2066\u2069\u200e\u200f\u061c") == (
        "\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c"
    )
    assert escape("l1\u2028l2\u2029") == "l1\\u2028l2\\u2029"
    assert escape("Sở Nội vụ – 95,7 % “đúng hạn”") == "Sở Nội vụ – 95,7 % “đúng hạn”"


@given(st.text())
def test_a_status_line_is_one_line_whatever_the_text(text):
    shown = line("ok", text)
    assert shown.startswith("ok: ") and shown.splitlines() == [shown]
    assert not any(c in shown for c in "\x1b\u202e\u2066\u200f\x85")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str, str]:
    """A store ingested from a good report named with a right-to-left override beside an empty
    file whose name holds a newline and a forged success; what the ingest printed."""
    raw = tmp_path_factory.mktemp("raw")
    (raw / RLO).write_bytes((HELDOUT / "p2_bql_van_phong_h1.txt").read_bytes())
    (raw / FORGED).write_bytes(b"")
    store = raw.parent / "store"
    out, err = StringIO(), StringIO()  # capsys serves one test, not a module's fixture
    with redirect_stdout(out), redirect_stderr(err):
        assert main(["ingest", str(raw), "--out", str(store)]) == 1
    return store, out.getvalue(), err.getvalue()


def test_ingest_prints_hostile_names_escaped_on_lines_of_their_own(hostile):
    _, out, err = hostile
    lines = out.splitlines() + err.splitlines()
    assert all(shown.startswith(STATUSES) for shown in lines), lines
    assert "error: a\\nok: forged.txt: the file is empty" in err.splitlines()[0]
    assert [shown for shown in lines if "forged" in shown and not shown.startswith("error:")] == []
    assert "ok: r\\u202etxt.h1.txt: " in out and "\u202e" not in out + err
    assert out.splitlines()[-1].startswith("done: 1 of 2 files ingested")


def test_check_prints_hostile_names_escaped(hostile, capsys):
    store = hostile[0]
    assert main(["check", "--data", str(store)]) == 0
    text = capsys.readouterr().out
    assert "r\\u202etxt.h1.txt" in text and "\u202e" not in text
    assert main(["check", "--data", str(store), "--format", "json"]) == 0
    shown = capsys.readouterr().out
    assert "\\u202e" in shown and "\u202e" not in shown
    assert {f["source"] for f in json.loads(shown)} == {RLO}  # the same data, escaped


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """A store whose `cchc check` prints more than a pipe buffer (64 KiB): 450 findings."""
    store = tmp_path_factory.mktemp("large") / "store"
    tables = tiny()
    tables["findings"] = frame("findings", [VALID["findings"] | {"finding": n} for n in range(1, 451)])
    write_store(store, tables, {"inputs": ["a.txt"]})
    out = StringIO()
    with redirect_stdout(out):
        assert main(["check", "--data", str(store), "--severity", "info"]) == 0
    assert len(out.getvalue().encode("utf-8")) > 65536
    return store


def test_a_reader_that_goes_away_ends_the_command_quietly(large, tmp_path):
    """`cchc check | true` and `| head -1`, run at once: exit status 0, nothing on stderr (no
    "Broken pipe", no "Exception ignored" from the interpreter's exit)."""
    runs = {}
    for n, reader in enumerate(("true", "head -1")):
        err = tmp_path / f"stderr{n}"
        command = (
            f"'{sys.executable}' -m cchc_analysis check --data '{large}' --severity info "
            f"2>'{err}' | {reader} >/dev/null; exit ${{PIPESTATUS[0]}}"
        )
        runs[reader] = (subprocess.Popen(["bash", "-c", command], cwd=Path(__file__).parents[1]), err)
    done = {reader: (run.wait(timeout=60), err.read_text()) for reader, (run, err) in runs.items()}
    assert done == {"true": (0, ""), "head -1": (0, "")}
