"""Errors: what the user can fix is one line and exit status 2; a bug in cchc is one line naming
the log that holds its traceback (exit status 3, the traceback shown with --debug); a bug in one
file's reader costs that file alone; a reader that goes away ends a command quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_store import tiny

from cchc_analysis import errors
from cchc_analysis.cli import main
from cchc_analysis.report.content import check_listing as findings_text
from cchc_analysis.report.page.browser import PdfUnavailable
from cchc_analysis.report.run.lanes import LaneDied
from cchc_analysis.store import SchemaViolation, StoreError, ingest, write_store

from builders import SEED


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """The user's cache folder, where a log goes when the command's folder cannot take it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def tiny_store(tmp_path) -> Path:
    """A hand-built store of one row per table (as tests/test_store.py's)."""
    store = tmp_path / "store"
    write_store(store, tiny(), {"inputs": ["a.txt"]})
    return store


def the_log(folder: Path) -> Path:
    """The one bug log in ``folder``."""
    logs = list(folder.iterdir())
    assert len(logs) == 1, logs
    return logs[0]


def test_every_expected_error_is_one_family():
    for kind, member in (
        (errors.SourceError, errors.InputError),
        (StoreError, errors.StoreError),
        (SchemaViolation, errors.StoreError),
        (PdfUnavailable, errors.RenderError),
        (LaneDied, errors.RenderError),
    ):
        assert issubclass(kind, member) and issubclass(member, errors.CchcError), kind
    assert issubclass(errors.InputError, ValueError)  # callers that caught ValueError still do


def test_a_reader_bug_costs_its_file_alone_and_its_traceback_is_logged(tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    (raw / "b.txt").write_text("its reader fails on a bug before reading it", encoding="utf-8")
    real = ingest.read_report

    def reader_with_a_bug(path, limits):
        if path.name == "b.txt":
            return {}["cột"]
        return real(path, limits)

    monkeypatch.setattr(ingest, "read_report", reader_with_a_bug)
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 1
    out, err = capsys.readouterr()
    log = the_log(tmp_path / "s" / ".cchc-logs")
    assert log.name.endswith(f"-ingest-{os.getpid()}.log")
    assert err == (
        "error: b.txt: could not be read: a bug in cchc (KeyError: 'cột')\n"
        f"error: 1 failure is a bug in cchc (above); its traceback is in {log}; "
        "please report it\n"
    )
    assert out.startswith("ok: a.txt: Ban Dân tộc, 2023-H1 (")
    assert "done: 1 of 2 files ingested into" in out
    text = log.read_text(encoding="utf-8")
    assert "bug while reading b.txt" in text and "Traceback (most recent call last)" in text
    assert ", in reader_with_a_bug\n" in text and "KeyError: 'cột'" in text


def findings_with_a_bug(*args):
    return {}["severity"]


def test_a_bug_in_a_command_is_one_line_naming_its_log_exit_3(tiny_store, capsys, monkeypatch):
    monkeypatch.setattr(findings_text, "print_findings", findings_with_a_bug)
    assert main(["check", "--data", str(tiny_store)]) == 3
    out, err = capsys.readouterr()
    log = the_log(tiny_store / ".cchc-logs")
    assert out == ""
    assert err == (
        f"error: a bug in cchc (KeyError: 'severity'); its traceback is in {log}; please report it\n"
    )
    text = log.read_text(encoding="utf-8")
    assert "bug in `cchc check`" in text and ", in findings_with_a_bug\n" in text


def test_debug_shows_the_traceback_too(tiny_store, capsys, monkeypatch):
    monkeypatch.setattr(findings_text, "print_findings", findings_with_a_bug)
    assert main(["check", "--data", str(tiny_store), "--debug"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "debug: cchc_analysis.cli: bug in `cchc check`"
    assert err[1] == "Traceback (most recent call last):"
    assert "  File " in err[2] and any(", in findings_with_a_bug" in e for e in err)
    assert err[-2] == "KeyError: 'severity'"
    assert err[-1].startswith("error: a bug in cchc (KeyError: 'severity'); its traceback is in ")
    assert main(["--debug", "check", "--data", str(tiny_store)]) == 3  # before the command as well
    assert "Traceback (most recent call last):" in capsys.readouterr().err


def test_a_bug_where_the_folder_cannot_take_the_log_goes_to_the_cache(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.setattr(findings_text, "print_findings", findings_with_a_bug)
    (tmp_path / "file").write_text("")  # a file where the folder of the log would be
    assert main(["check", "--data", str(tmp_path / "file")]) == 3
    log = the_log(cache / "cchc" / "logs")
    assert capsys.readouterr().err == (
        f"error: a bug in cchc (KeyError: 'severity'); its traceback is in {log}; please report it\n"
    )


def test_an_error_the_user_can_fix_is_one_line_exit_2_and_no_log(tmp_path, tiny_store, cache, capsys):
    assert main(["check", "--data", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err == (
        f"error: no store in {tmp_path / 'nothing'}: run `cchc ingest` first\n"
    )
    assert main(["render", "--data", str(tiny_store), "--out", str(tmp_path / "r"), "--format", "docx"]) == 2
    assert capsys.readouterr().err == "error: unknown format(s) docx; use html and/or pdf\n"
    assert main(["export", "--data", str(tiny_store), "--beside-reports", "r", "--period", "2023-Q1"]) == 2
    assert capsys.readouterr().err == (
        "error: --beside-reports writes every province's whole workbook; it takes no other option but --data\n"
    )
    assert not (tiny_store / ".cchc-logs").exists() and not cache.exists()
    assert not (tmp_path / "nothing").exists()


@pytest.mark.slow  # a Python started in a shell: 2-3 s
def test_a_reader_gone_before_the_first_write_ends_check_quietly(tiny_store, tmp_path):
    """`cchc check | true` where `true` is gone before cchc writes: exit 0, stderr empty."""
    err = tmp_path / "stderr"
    command = (
        f"{{ sleep 0.5; '{sys.executable}' -m cchc_analysis check --data '{tiny_store}' "
        f"--severity info 2>'{err}'; }} | true; exit ${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(["bash", "-c", command], cwd=Path(__file__).parents[1], timeout=60)
    assert (done.returncode, err.read_text()) == (0, "")
