"""`cchc render`: every agency × period of the store → report.{ipynb,json,html,pdf}, overviews, an index.

Why this shape:
- one papermill run per report, each in a fresh kernel forked from a warm process
  (:mod:`kernels`, :mod:`forkserver`): no state leaks from one report into the next, and no
  report pays for starting Python and importing pandas; N reports at a time, one per worker
  process (:mod:`lanes`), so that the batch scales with the cores;
- a failing report does not stop the batch: papermill keeps the executed notebook with the
  failing cell marked, the failure is listed at the end and the exit status is 1;
- incremental: a report is rendered again only when its inputs change — the rows of every store
  table for its agency × period, the notebook file, the package's code and version, the library
  versions that shape the output, its parameters. ``render.json`` beside each report records that
  key, the render time and the outcome; the time never goes into the report itself;
- the model the notebook displays (``application/vnd.cchc.report+json``) is written as
  ``report.json`` beside the HTML: ``cchc verify`` and the index read it;
- a report folder is one render's whole output: it is written in a staging folder that replaces
  it in one step (:mod:`publish`), under a lock on the output folder; paths come from ASCII slugs
  and canonical period codes, checked to stay inside the output folder.
"""
from __future__ import annotations

import errno
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime, UTC
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_analysis import terminal
from cchc_analysis.errors import CchcError, InputError, os_error_line
from cchc_analysis.report.page.index import MANIFEST_NAME, read_json, write_index
from cchc_analysis.report.run import plan_cache
from cchc_analysis.report.run.jobs import (
    OVERVIEW_NOTEBOOK, PROJECT_ROOT, REPORT_NOTEBOOK, Failure, Job, Outcome, RenderResult,
    plan, summary,
)
from cchc_analysis.report.run.publish import (
    clean_stale, fail, failure_record, publish, staging_folder,
)
from cchc_analysis.store.files import (
    StoreError, atomic_write, intact_version, resolve_data_dir, sha256_file, write_json,
)
from cchc_analysis.store.lock import outlive, store_lock

if TYPE_CHECKING:  # the heavy modules (pandas, matplotlib, nbconvert) load only when rendering
    import nbformat

log = logging.getLogger(__name__)
FORMATS = ("html", "pdf")
#: Held (shared) by every lane of a render while it lives: the next render waits for them.
LANES_LOCK = ".cchc.lanes.lock"
#: Everything a successful render leaves: the executed notebook, the model, the formats asked.
ALWAYS = ("ipynb", "json")
#: The errors of a file that cannot be written: the render's failure, its staging folder removed.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
                          errno.EIO, errno.EFBIG})
#: No kernel log noise on the terminal; no IPython history database written by every kernel.
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]


# --------------------------------------------------------------------------- running one job


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
    return [name for name, digest in (manifest.get("sha256") or {}).items()
            if not (folder / name).is_file() or sha256_file(folder / name) != digest]


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
        raise ValueError(f"the notebook displayed no report model ({MIME}): its last cell should "
                         f"be display(page.bundle(), raw=True)")
    return found[-1]


def _failure(exc: BaseException, job: Job, staging: Path | None) -> Failure:
    """What went wrong: the notebook's failing cell, an OS error (``ENOSPC``, …) naming the file as
    published, a CchcError, or a bug with its traceback (logged by the render's process)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return Failure("notebook", f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}")
    if _write_error(exc):
        where = Path(exc.filename) if exc.filename else job.folder
        if staging is not None and where.is_relative_to(staging):  # the staging folder goes
            name = where.relative_to(staging).as_posix()
            where = job.folder if name.startswith(".") else job.folder / name
        return Failure(errno.errorcode[exc.errno], os_error_line(exc, where))
    if isinstance(exc, CchcError):
        return Failure(type(exc).__name__, f"{type(exc).__name__}: {exc}")
    return Failure(type(exc).__name__, f"a bug in cchc ({type(exc).__name__}: {exc})",
                   "".join(traceback.format_exception(exc)))


def _write_error(exc: BaseException) -> bool:
    """Whether a file could not be written (full disk, quota, read-only, no access, disk fault)."""
    return isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS


def _kernel_environment() -> None:
    """Let lanes and kernels import this very package (a checkout that is not pip-installed)."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep) if os.environ.get("PYTHONPATH") else []
    root = str(PROJECT_ROOT)
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])


def execute_notebook(job: Job, output: Path) -> None:
    """Run the job's notebook with papermill in a kernel forked from the lane's fork server; the
    executed notebook (also a failed one, its failing cell marked) is written to ``output``."""
    import papermill as pm

    from cchc_analysis.report.run.kernels import ForkKernelManager

    pm.execute_notebook(
        str(job.notebook), str(output), parameters=job.parameters,
        progress_bar=False, log_output=False, request_save_on_cell_execute=False,
        extra_arguments=_KERNEL_ARGS, kernel_manager_class=ForkKernelManager,
        shutdown_kernel="immediate",  # the report is done: nothing in the kernel to wait for
    )


#: How a lane runs a job's notebook: sent with each job, so it must be picklable (the tests put a
#: replay of published notebooks here).
EXECUTE: Callable[[Job, Path], None] = execute_notebook


def run_job(job: Job, formats: Sequence[str],
            execute: Callable[[Job, Path], None] = execute_notebook) -> Outcome:
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
    return (failure[0] == "PdfUnavailable" and not job.folder.exists()
            and job.path("html", staging).is_file())


def _write_outputs(job: Job, formats: Sequence[str], execute: Callable[[Job, Path], None],
                   staging: Path, started: float, stages: dict) -> Failure | None:
    """Run the job into ``staging``: the executed notebook, model, HTML, PDF and render.json;
    the failure of the notebook or of its export (None when all went well). A failed write
    raises: what it left is not read back (a cut-off notebook is a full disk, not bad JSON)."""
    import nbformat

    from cchc_analysis.report.page import convert
    from cchc_analysis.report.content.model import model_json
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
        if _write_error(exc):
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
        if _write_error(exc):
            raise
        failure = failure or _failure(exc, job, staging)
    write_json({
        "kind": job.kind, "province": job.province, "agency": job.agency, "slug": job.slug,
        "period": job.period,
        "title": job.title, "parameters": job.parameters, "notebook": str(job.notebook),
        "key": job.key, "inputs": job.inputs, "status": "failed" if failure else "ok",
        "error": failure[1] if failure else "", "formats": list(formats),
        "outputs": [job.path(f).name for f in written],
        "sha256": {job.path(f).name: sha256_file(job.path(f, staging)) for f in written},
        "render_seconds": round(time.perf_counter() - started, 2), "stage_seconds": stages,
        "rendered_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }, staging / MANIFEST_NAME)
    return failure


# --------------------------------------------------------------------------- the batch


def render(
    data_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    periods: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    formats: Sequence[str] = FORMATS,
    jobs: int | None = None,
    force: bool = False,
    report_notebook: Path | None = None,
    overview_notebook: Path | None = None,
    progress: bool = True,
    index: bool = True,
    log: Callable[[str], None] | None = print,
    lock_timeout: float = 600.0,
    on_wait: Callable[[str], None] | None = None,
    provinces: Sequence[str] | None = None,
) -> RenderResult:
    """Render what changed (everything with ``force``), ``jobs`` at a time; write the index.

    One render at a time per output folder: a second one waits for the lock, saying for whom."""
    formats = tuple(dict.fromkeys(formats))
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise InputError(f"unknown format(s) {', '.join(sorted(unknown)) or '(none)'}; use html and/or pdf")
    data = resolve_data_dir(data_dir)
    if intact_version(data) is None:
        from cchc_analysis.store import open_store

        open_store(data)  # says what is wrong with the store, before anything is written
    out = Path(out_dir).resolve()  # fixed once: nothing below may depend on the working folder
    selection = {"periods": list(periods or []), "agencies": list(agencies or []),
                 "provinces": list(provinces or []),
                 "report_notebook": str(Path(report_notebook or REPORT_NOTEBOOK).resolve()),
                 "overview_notebook": str(Path(overview_notebook or OVERVIEW_NOTEBOOK).resolve())}
    try:
        out.mkdir(parents=True, exist_ok=True)
        with store_lock(out, "cchc render", lock_timeout, on_wait):
            outlive(out / LANES_LOCK, on_wait=on_wait)  # a killed render's lanes write no more
            clean_stale(out)
            return _render_locked(data, out, selection, formats, jobs, force, progress, index,
                                  log)
    except OSError as exc:  # the output folder, its lock, its plan or its index
        if not _write_error(exc):
            raise
        raise StoreError(f"cannot write the reports: {os_error_line(exc, exc.filename or out)}") from None


def _render_locked(data: Path, out: Path, selection: dict, formats: Sequence[str],
                   jobs: int | None, force: bool, progress: bool, index: bool,
                   log: Callable[[str], None] | None) -> RenderResult:
    """The batch, while this process holds the output folder's lock."""
    _kernel_environment()
    most = max(1, jobs or os.cpu_count() or 1)
    planned = plan_cache.load(out, data, selection)
    if planned is None:
        from cchc_analysis.store import open_store

        store = open_store(data)
        planned = plan(store, out, selection["periods"], selection["agencies"],
                       Path(selection["report_notebook"]), Path(selection["overview_notebook"]),
                       selection["provinces"])
        plan_cache.save(out, store.version_dir, store.manifest, selection, planned)
    result = RenderResult()
    todo = []
    for job in planned:
        if not force and is_current(job, formats):
            result.outcomes.append(Outcome(job, "reused"))
        else:
            todo.append(job)
    if todo:  # the fork server only when there is work: its start costs two seconds of CPU
        with _lanes(most, todo[0].parameters["data_dir"], out) as lanes:
            _run(lanes, todo, formats, min(most, len(todo)), progress, result)
            if index:  # in a lane, which has nbconvert imported already
                _index(result, out, lanes.call)
    order = {id(job): n for n, job in enumerate(planned)}
    result.outcomes.sort(key=lambda o: order[id(o.job)])
    if index and result.index is None and not result.index_error:  # nothing rendered: usually
        _index(result, out)                                          # as it was, else written here
    if log:
        for line in summary(result, out):
            log(terminal.escape(line))  # a label or a kernel's error may hold any character
    return result


def _index(result: RenderResult, out: Path, call: Callable = lambda f, *a: f(*a)) -> None:
    """Write the index (by ``call``); a write that fails is the run's failure, said in one line."""
    try:
        result.index = call(write_index, out)
    except OSError as exc:
        result.index_error = os_error_line(exc)


def _outcome(outcome: Outcome | Exception, job: Job) -> Outcome:
    """A lane's outcome; a lane that died (killed, out of memory) fails its report alone."""
    if isinstance(outcome, Exception):
        return Outcome(job, "failed", 0.0, str(outcome))
    outcome.job = job  # the planned job itself, not the copy the lane sent back
    return outcome


def _lanes(most: int, store: str | None, out: Path):
    """The fork server started for at most ``most`` lanes (imported only when there is work),
    each lane holding ``out``'s lanes lock while it lives."""
    from cchc_analysis.report.run.lanes import start

    return start(most, store=store, hold=str(out / LANES_LOCK))


def _run(lanes, todo: list[Job], formats: Sequence[str], workers: int, progress: bool,
         result: RenderResult) -> None:
    """Render ``todo`` in ``workers`` lanes, a progress bar on stderr; outcomes into ``result``."""
    from tqdm import tqdm

    lanes.open(workers, pdf="pdf" in formats)
    with tqdm(total=len(todo), desc="cchc render", unit="report", file=sys.stderr,
              disable=not progress) as bar:
        for n, outcome in lanes.run(run_job, [(job, formats, EXECUTE) for job in todo]):
            outcome = _outcome(outcome, todo[n])
            if outcome.trace:  # a bug in the lane: its traceback, logged here
                log.error("bug while rendering %s:\n%s", outcome.job.label, outcome.trace.rstrip())
            result.outcomes.append(outcome)
            bar.set_postfix_str(outcome.job.label[:40])
            bar.update()
