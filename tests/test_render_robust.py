"""Killed, concurrent and refused renders: a report folder is always one render's whole output,
one render at a time per output folder, a folder that cannot be written is one line, and a
kernel's stderr never reaches a published page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.page import convert as export
from cchc_analysis.report.run.publish import publish, staging_folder

from builders import SEED


def test_publishing_replaces_a_folder_whole(tmp_path):
    final = tmp_path / "ban-dan-toc" / "2023-H1"
    final.mkdir(parents=True)
    for name in ("report.html", "report.pdf", "render.json"):
        (final / name).write_text(f"old {name}")
    staging = staging_folder(final)
    for name in ("report.html", "render.json"):  # a render that failed before its PDF
        (staging / name).write_text(f"new {name}")
    (final.parent / "2023-H1.failed").mkdir()  # an earlier render that failed, and its record
    (final.parent / "2023-H1.failed" / "report.ipynb").write_text("{}")
    (final.parent / "2023-H1.failed.json").write_text('{"job": "Ban Dân tộc 2023-H1"}\n')
    publish(staging, final)
    assert sorted(p.name for p in final.iterdir()) == ["render.json", "report.html"]
    assert (final / "report.html").read_text() == "new report.html"
    assert [p.name for p in final.parent.iterdir()] == ["2023-H1"]  # nothing left aside


def test_a_kernels_stderr_never_reaches_the_published_page():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            source="",
            outputs=[
                nbformat.v4.new_output(
                    "stream",
                    name="stderr",
                    text=(
                        "/usr/lib/python3/site-packages/matplotlib/backends/backend_svg.py:1: UserWarning: "
                        "Glyph 128512 missing from current font.\n"
                    ),
                ),
                nbformat.v4.new_output("display_data", data={"text/html": "<p>Nội dung</p>"}),
            ],
        )
    )
    html = export.notebook_to_html(nb, "Báo cáo")
    assert "<p>Nội dung</p>" in html
    assert "Glyph" not in html and "site-packages" not in html


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch):
    assert main(["ingest", str(SEED), "--out", str(tmp_path / "s")]) == 0
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):  # root writes anywhere: refuse as a read-only disk would
        if "published" in self.parts:
            raise PermissionError(13, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    capsys.readouterr()
    assert (
        main(
            [
                "render",
                "--data",
                str(tmp_path / "s"),
                "--out",
                str(tmp_path / "published"),
                "--format",
                "html",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot write the reports: " in err and "Permission denied" in err
    monkeypatch.setattr(Path, "mkdir", real_mkdir)

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "s2" / "versions"))

    monkeypatch.setattr("cchc_analysis.store.transaction._stage", no_space)
    assert main(["ingest", str(SEED), "--out", str(tmp_path / "s2")]) == 2
    err = capsys.readouterr().err
    assert "error: " in err and "No space left on device" in err and "Traceback" not in err


def test_a_second_render_on_the_same_folder_waits_for_the_lock(tmp_path):
    out = tmp_path / "reports"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from cchc_analysis.store.lock import store_lock\n"
                f"with store_lock(Path({str(out)!r}), 'cchc render'):\n"
                "    print('held', flush=True); time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["ingest", str(SEED), "--out", str(tmp_path / "s")]) == 0
        from cchc_analysis.report.run.render import render
        from cchc_analysis.store import StoreError

        waits = []
        with pytest.raises(StoreError, match="is locked by 'cchc render'"):
            render(
                tmp_path / "s",
                out,
                formats=("html",),
                progress=False,
                log=None,
                lock_timeout=0.5,
                on_wait=waits.append,
            )
        assert len(waits) == 1 and f"pid {holder.pid}" in waits[0]
    finally:
        holder.kill()
        holder.wait()
