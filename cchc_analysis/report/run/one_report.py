"""Rendering one report (a :class:`~cchc_analysis.report.run.jobs.Job`): its notebook executed,
its outputs — executed notebook, model, HTML, PDF, ``render.json`` — written into a staging folder
that then replaces the report's folder in one step (:mod:`publish`); a failure recorded beside it.
Runs in a render's lane (:mod:`lanes`); :mod:`render` runs the batch."""

from __future__ import annotations

import errno
import logging
import os
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_analysis.errors import CchcError, os_error_line
from cchc_analysis.report.page.index import MANIFEST_NAME, read_json
from cchc_analysis.report.run.jobs import PROJECT_ROOT, Failure, Job, Outcome
from cchc_analysis.report.run.publish import fail, failure_record, publish, staging_folder
from cchc_analysis.store.files import atomic_write, sha256_file, write_json

if TYPE_CHECKING:  # the heavy modules (pandas, matplotlib, nbconvert) load only when rendering
    import nbformat

log = logging.getLogger(__name__)
#: Everything a successful render leaves: the executed notebook, the model, the formats asked.
ALWAYS = ("ipynb", "json")
#: The errors of a file that cannot be written: the render's failure, its staging folder removed.
WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG}
)
#: No kernel log noise on the terminal; no IPython history database written by every kernel.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


def read_manifest(folder: Path) -> dict | None:
    """The ``render.json`` of a job's folder; None when there is none (or it is unreadable)."""
    return read_json(folder / MANIFEST_NAME)


def is_current(job: Job, formats: Sequence[str]) -> bool:
    """True when the last render of this job succeeded with the same inputs and left every file
    as it wrote it (a file changed or damaged since, or a later render that failed, is rendered
    again)."""
    previous = read_manifest(job.folder)
    return bool(
        previous
        and not failure_record(job.folder).exists()
        and previous.get("status") == "ok"
        and previous.get("key") == job.key
        and all(job.path(fmt).exists() for fmt in (*ALWAYS, *formats))
        and not changed_outputs(job.folder, previous)
    )


def changed_outputs(folder: Path, manifest: dict) -> list[str]:
    """The files a render wrote (its render.json's ``sha256``) that are missing or changed since."""
    return [
        name
        for name, digest in (manifest.get("sha256") or {}).items()
        if not (folder / name).is_file() or sha256_file(folder / name) != digest
    ]


def tidy_notebook(nb: nbformat.NotebookNode, job: Job) -> nbformat.NotebookNode:
    """Drop run times, temporary paths and random ids from the executed notebook (byte-stable)."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        meta.pop(key, None)
    meta["input_path"] = job.notebook.name
    meta["output_path"] = job.path("ipynb").name
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("execution", None)
        cell_meta = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration"):
            cell_meta.pop(key, None)
    return nb


def model_of(nb: nbformat.NotebookNode) -> dict:
    """The report's model the notebook displayed (its last ``application/vnd.cchc.report+json``
    output); ValueError when it shows none."""
    from cchc_analysis.report.content.model import MIME

    found = [o["data"][MIME] for c in nb.cells for o in c.get("outputs", []) if MIME in o.get("data", {})]
    if not found:
        raise ValueError(
            f"the notebook displayed no report model ({MIME}): its last cell should be display(page.bundle(), raw=True)"
        )
    return found[-1]


def _failure(exc: BaseException, job: Job, staging: Path | None) -> Failure:
    """What went wrong: the notebook's failing cell, an OS error (``ENOSPC``, …) naming the file as
    published, a CchcError, or a bug with its traceback (logged by the render's process)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return Failure("notebook", f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}")
    if is_write_error(exc):
        where = Path(exc.filename) if exc.filename else job.folder
        if staging is not None and where.is_relative_to(staging):  # the staging folder goes
            name = where.relative_to(staging).as_posix()
            where = job.folder if name.startswith(".") else job.folder / name
        return Failure(errno.errorcode[exc.errno], os_error_line(exc, where))
    if isinstance(exc, CchcError):
        return Failure(type(exc).__name__, f"{type(exc).__name__}: {exc}")
    return Failure(
        type(exc).__name__,
        f"a bug in cchc ({type(exc).__name__}: {exc})",
        "".join(traceback.format_exception(exc)),
    )


def is_write_error(exc: BaseException) -> bool:
    """Whether a file could not be written (full disk, quota, read-only, no access, disk fault)."""
    return isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS


def set_kernel_environment() -> None:
    """Let lanes and kernels import this very package (a checkout that is not pip-installed)."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep) if os.environ.get("PYTHONPATH") else []
    root = str(PROJECT_ROOT)
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])


def execute_notebook(job: Job, output: Path) -> None:
    """Run the job's notebook with papermill in a kernel forked from the lane's fork server; the
    executed notebook (also a failed one, its failing cell marked) is written to ``output``. The
    kernel works in ``output``'s folder, a sibling of the job's: the store path it is given is
    relative to the job's folder (:func:`~cchc_analysis.report.run.jobs.store_from`)."""
    import papermill as pm

    from cchc_analysis.report.run.kernels import ForkKernelManager

    pm.execute_notebook(
        str(job.notebook),
        str(output),
        parameters=job.parameters,
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        extra_arguments=_KERNEL_ARGS,
        kernel_manager_class=ForkKernelManager,
        shutdown_kernel="immediate",  # the report is done: nothing in the kernel to wait for
        resources={"metadata": {"path": str(output.parent)}},  # the kernel's folder; no chdir here
    )


#: How a lane runs a job's notebook: sent with each job, so it must be picklable (the tests put a
#: replay of published notebooks here).


def run_job(
    job: Job, formats: Sequence[str], execute: Callable[[Job, Path], None] = execute_notebook
) -> Outcome:
    """Execute the notebook in a fresh kernel, then write the model, HTML (and PDF), all into a
    staging folder that then replaces the job's folder in one step; never raises. A failure
    leaves the published folder as it was and is recorded beside it (:func:`publish.fail`).
    Runs in a lane (:mod:`lanes`)."""
    started = time.perf_counter()
    staging, stages, failure = None, {}, None
    try:
        staging = staging_folder(job.folder)
        failure, keep = _write_outputs(job, formats, execute, staging, started, stages), True
        if failure is None or _html_first(failure, job, staging):
            publish(staging, job.folder)
            staging = None
    except Exception as exc:  # a write that failed (a full disk): what it left is not kept
        failure, keep = _failure(exc, job, staging), False
    seconds = round(time.perf_counter() - started, 2)
    if failure is None:
        return Outcome(job, "rendered", seconds)
    kind, error, trace = failure
    record = {"job": job.label, "kind": kind, "error": error, "folder": str(job.folder)}
    fail(staging, job.folder, record | ({"traceback": trace} if trace else {}), keep)
    return Outcome(job, "failed", seconds, error, trace)


def _html_first(failure: Failure, job: Job, staging: Path) -> bool:
    """Whether a report whose PDF cannot be made here (no Chromium) is published without it: only
    where none is published yet, so that a machine without Chromium still gets its HTML while a
    published report (with its PDF) is never replaced by less."""
    return failure[0] == "PdfUnavailable" and not job.folder.exists() and job.path("html", staging).is_file()


def _write_outputs(
    job: Job,
    formats: Sequence[str],
    execute: Callable[[Job, Path], None],
    staging: Path,
    started: float,
    stages: dict,
) -> Failure | None:
    """Run the job into ``staging``: the executed notebook, model, HTML, PDF and render.json;
    the failure of the notebook or of its export (None when all went well). A failed write
    raises: what it left is not read back (a cut-off notebook is a full disk, not bad JSON)."""
    import nbformat

    from cchc_analysis.report.content.model import model_json
    from cchc_analysis.report.page import convert
    from cchc_analysis.report.page.province_workbook import attachments

    tmp = staging / f".{job.name}.tmp.ipynb"
    failure, written, last = None, [], [started]

    def lap(stage: str) -> None:
        """Seconds of a stage (since the last one ended), for render.json and the benchmarks."""
        now = time.perf_counter()
        stages[stage], last[0] = round(now - last[0], 3), now

    try:
        execute(job, tmp)
    except Exception as exc:  # a failing report must not stop the others
        if is_write_error(exc):
            raise
        failure = _failure(exc, job, staging)
    lap("execute")
    try:
        if tmp.exists():
            nb = tidy_notebook(nbformat.read(tmp, as_version=4), job)
            atomic_write(job.path("ipynb", staging), nbformat.writes(nb).encode("utf-8"))
            tmp.unlink()
            written.append("ipynb")
            if failure is None:
                shown = model_of(nb)
                atomic_write(job.path("json", staging), model_json(shown).encode("utf-8"))
                written.append("json")
                for fmt, data in attachments(shown).items():  # the province report's workbook
                    atomic_write(job.path(fmt, staging), data)
                    written.append(fmt)
                html = convert.notebook_to_html(nb, job.title)
                atomic_write(job.path("html", staging), html.encode("utf-8"))
                written.append("html")
                lap("html")
                if "pdf" in formats:
                    atomic_write(job.path("pdf", staging), convert.html_to_pdf(job.path("html", staging)))
                    written.append("pdf")
                    lap("pdf")
    except Exception as exc:
        if is_write_error(exc):
            raise
        failure = failure or _failure(exc, job, staging)
    write_json(
        {
            "kind": job.kind,
            "province": job.province,
            "agency": job.agency,
            "slug": job.slug,
            "period": job.period,
            "title": job.title,
            "parameters": job.parameters,
            "notebook": str(job.notebook),
            "key": job.key,
            "inputs": job.inputs,
            "status": "failed" if failure else "ok",
            "error": failure[1] if failure else "",
            "formats": list(formats),
            "outputs": [job.path(f).name for f in written],
            "sha256": {job.path(f).name: sha256_file(job.path(f, staging)) for f in written},
            "render_seconds": round(time.perf_counter() - started, 2),
            "stage_seconds": stages,
            "rendered_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        },
        staging / MANIFEST_NAME,
    )
    return failure
