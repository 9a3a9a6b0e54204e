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

import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_analysis import terminal
from cchc_analysis.errors import InputError, os_error_line
from cchc_analysis.report.page.index import write_index
from cchc_analysis.report.run import plan_cache
from cchc_analysis.report.run.jobs import (
    OVERVIEW_NOTEBOOK,
    REPORT_NOTEBOOK,
    Job,
    Outcome,
    RenderResult,
    plan,
    summary,
)
from cchc_analysis.report.run.one_report import (
    execute_notebook,
    is_current,
    is_write_error,
    run_job,
    set_kernel_environment,
)
from cchc_analysis.report.run.publish import clean_stale
from cchc_analysis.store.files import StoreError, intact_version, resolve_data_dir
from cchc_analysis.store.lock import outlive, store_lock

if TYPE_CHECKING:  # the heavy modules (pandas, matplotlib, nbconvert) load only when rendering
    pass

log = logging.getLogger(__name__)
FORMATS = ("html", "pdf")
#: Held (shared) by every lane of a render while it lives: the next render waits for them.
LANES_LOCK = ".cchc.lanes.lock"


EXECUTE: Callable[[Job, Path], None] = execute_notebook


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
    selection = {
        "periods": list(periods or []),
        "agencies": list(agencies or []),
        "provinces": list(provinces or []),
        "report_notebook": str(Path(report_notebook or REPORT_NOTEBOOK).resolve()),
        "overview_notebook": str(Path(overview_notebook or OVERVIEW_NOTEBOOK).resolve()),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        with store_lock(out, "cchc render", lock_timeout, on_wait):
            outlive(out / LANES_LOCK, on_wait=on_wait)  # a killed render's lanes write no more
            clean_stale(out)
            return _render_locked(data, out, selection, formats, jobs, force, progress, index, log)
    except OSError as exc:  # the output folder, its lock, its plan or its index
        if not is_write_error(exc):
            raise
        raise StoreError(f"cannot write the reports: {os_error_line(exc, exc.filename or out)}") from None


def _render_locked(
    data: Path,
    out: Path,
    selection: dict,
    formats: Sequence[str],
    jobs: int | None,
    force: bool,
    progress: bool,
    index: bool,
    log: Callable[[str], None] | None,
) -> RenderResult:
    """The batch, while this process holds the output folder's lock."""
    set_kernel_environment()
    most = max(1, jobs or os.cpu_count() or 1)
    planned = plan_cache.load(out, data, selection)
    if planned is None:
        from cchc_analysis.store import open_store

        store = open_store(data)
        planned = plan(
            store,
            out,
            selection["periods"],
            selection["agencies"],
            Path(selection["report_notebook"]),
            Path(selection["overview_notebook"]),
            selection["provinces"],
        )
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
        _index(result, out)  # as it was, else written here
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


def _run(
    lanes, todo: list[Job], formats: Sequence[str], workers: int, progress: bool, result: RenderResult
) -> None:
    """Render ``todo`` in ``workers`` lanes, a progress bar on stderr; outcomes into ``result``."""
    from tqdm import tqdm

    lanes.open(workers, pdf="pdf" in formats)
    with tqdm(
        total=len(todo), desc="cchc render", unit="report", file=sys.stderr, disable=not progress
    ) as bar:
        for n, outcome in lanes.run(run_job, [(job, formats, EXECUTE) for job in todo]):
            outcome = _outcome(outcome, todo[n])
            if outcome.trace:  # a bug in the lane: its traceback, logged here
                log.error("bug while rendering %s:\n%s", outcome.job.label, outcome.trace.rstrip())
            result.outcomes.append(outcome)
            bar.set_postfix_str(outcome.job.label[:40])
            bar.update()
