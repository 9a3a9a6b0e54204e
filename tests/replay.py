"""A stand-in for papermill in render tests about bookkeeping: each "run" copies the executed
notebook the module's real batch published (no kernel), and a report of ``fail_agency`` fails in
its second cell as papermill would say, and a report of ``disk_full`` meets a full disk while
papermill writes its executed notebook (a cut-off file, then papermill's OSError, as on a real
full disk); ``replace`` rewrites text in the copy (a render whose figures differ). It runs in the render's worker processes, so the runs are logged to a file, one
JSON line each."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import nbformat
import papermill as pm

from cchc_analysis.report.page import browser
from cchc_analysis.report.run import lanes


class Replay:
    """Picklable notebook executor for :data:`cchc_analysis.report.run.render.EXECUTE`."""

    def __init__(
        self,
        published: Path,
        log: Path,
        province: str,
        period: str,
        fail_agency: str = "",
        replace: dict[str, str] | None = None,
        disk_full: str = "",
    ):
        self.published, self.log, self.disk_full = published, log, disk_full
        self.province, self.period, self.fail_agency = province, period, fail_agency
        self.replace = replace or {}

    def __call__(self, job, output: Path) -> None:
        parameters = job.parameters
        with self.log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(parameters, ensure_ascii=False) + "\n")
        kind = job.kind
        folder = {
            "report": f"ban-dan-toc/{self.period}",
            "overview": self.period,
            "province": f"toan-tinh/{self.period}",
        }[kind]
        text = (self.published / self.province / folder / f"{kind}.ipynb").read_text(encoding="utf-8")
        for old, new in self.replace.items():
            text = text.replace(old, new)
        if parameters.get("agency") == self.disk_full:
            output.write_text(text[: len(text) // 2], encoding="utf-8")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # file.write names no file
        nb = nbformat.reads(text, as_version=4)
        if parameters.get("agency") == self.fail_agency:
            nb.cells[2].outputs = [
                nbformat.v4.new_output("error", ename="RuntimeError", evalue="hỏng có chủ đích", traceback=[])
            ]
            nbformat.write(nb, output)
            raise pm.PapermillExecutionError(2, 2, "", "RuntimeError", "hỏng có chủ đích", [])
        nbformat.write(nb, output)

    def runs(self) -> list[dict]:
        """The parameters of every run so far, in order."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]


def in_process_lanes(*_) -> lanes.InProcessLanes:
    """The render's lanes as :class:`~cchc_analysis.report.run.lanes.InProcessLanes` (the
    fallback where no fork server runs), started without a browser: for the tests about
    bookkeeping, whose notebooks are replayed. What lanes are for — processes, their kernels, a
    render killed or interrupted — is tested with the real ones (the module's batch, the kill
    tests, ``cchc verify``)."""
    browser.stop()  # another test of this process may have left one
    return lanes.InProcessLanes()


def render_b(published: Path, data: Path, out: Path) -> int:
    """`cchc render --format html --force` of ``data`` into ``out`` with the notebooks of
    ``published`` replayed, 7.6.3's 95,7 % written 96,7 % (render B of the kill tests); its exit
    code. It sets the render module's executor: run it in a process of its own, or restore it."""
    from cchc_analysis.cli import main
    from cchc_analysis.report.run import render

    render.EXECUTE = Replay(
        published, out.parent / "runs.jsonl", "khanh-hoa", "2023-H1", replace={"95.7": "96.7", "95,7": "96,7"}
    )
    return main(["render", "--data", str(data), "--out", str(out), "--format", "html", "--force"])
