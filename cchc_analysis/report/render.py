"""`cchc render`: every agency × period of the store → report.{ipynb,html,pdf}, overviews, an index.

Why this shape:
- one papermill run per report, each in a fresh kernel (its own process and ports), N at a time
  from a thread pool — papermill inside ``multiprocessing.Pool`` hangs on kernel start, threads
  do not, and a fresh kernel means no state leaks from one report into the next;
- a failing report does not stop the batch: papermill keeps the executed notebook with the
  failing cell marked, the failure is listed at the end and the exit status is 1;
- incremental: a report is rendered again only when its inputs change — the rows of every store
  table for its agency × period, the notebook file, the package's code and version, the library
  versions that shape the output, its parameters. ``render.json`` beside each report records that
  key, the render time and the outcome; the time never goes into the report itself;
- every file is written atomically (:func:`store.atomic_write`); paths come from ASCII slugs and
  canonical period codes, checked to stay inside the output folder.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import sys
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_analysis import __version__
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.store.io import atomic_write, write_json

if TYPE_CHECKING:  # the heavy modules (pandas, matplotlib, nbconvert) load only when rendering
    import nbformat

    from cchc_analysis.report import htmlparts as hp
    from cchc_analysis.report.reporting import Store

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = PACKAGE_DIR.parent
REPORT_NOTEBOOK = PROJECT_ROOT / "notebooks" / "period_report.ipynb"
OVERVIEW_NOTEBOOK = PROJECT_ROOT / "notebooks" / "period_overview.ipynb"
FORMATS = ("html", "pdf")
MANIFEST_NAME = "render.json"
INDEX_NAME = "index.html"
#: Libraries whose version changes the bytes of a report.
_LIBRARIES = ("pandas", "matplotlib", "nbconvert", "babel", "fonttools", "weasyprint", "papermill")
_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]  # no kernel log noise on the terminal
_ENV_LOCK = threading.Lock()


# --------------------------------------------------------------------------- names and paths


def slugify(text: str) -> str:
    """"Sở Tư pháp" → "so-tu-phap": ASCII, lowercase, hyphenated; đ → d; never "", "." or "..".

    Every character that is not a letter or digit (``/``, ``\\``, ``.``, spaces) becomes a hyphen,
    so a slug can never name a parent folder or a path.
    """
    text = str(text).replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "khong-ten"


def period_folder(period: str) -> str:
    """The canonical period code used as a folder name ("2023-H1"); ValueError if not a period."""
    return str(parse_period(str(period)))


def inside(base: Path, *parts: str) -> Path:
    """``base/parts…``, refusing anything that would land outside ``base``."""
    root = base.resolve()
    path = root.joinpath(*parts).resolve()
    if path != root and root not in path.parents:
        raise ValueError(f"refusing to write outside {root}: {path}")
    return path


def agency_slugs(agencies: Iterable[str]) -> dict[str, str]:
    """A slug per agency; agencies whose slugs collide get a short hash of their name appended."""
    names = sorted(set(agencies))
    slugs = {name: slugify(name) for name in names}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    return {
        name: slug if counts[slug] == 1 else f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
        for name, slug in slugs.items()
    }


# --------------------------------------------------------------------------- what to render


@dataclass
class Job:
    """One notebook to run: a report (agency × period) or a period's overview."""

    kind: str  # "report" | "overview"
    period: str
    agency: str | None
    slug: str | None
    folder: Path
    notebook: Path
    parameters: dict
    inputs: dict
    title: str

    @property
    def name(self) -> str:
        return "report" if self.kind == "report" else "overview"

    @property
    def key(self) -> str:
        text = json.dumps(self.inputs, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.agency} {self.period}" if self.kind == "report" else f"overview {self.period}"

    def path(self, fmt: str) -> Path:
        return self.folder / f"{self.name}.{fmt}"


@dataclass
class Outcome:
    """What became of a job: rendered, reused (inputs unchanged) or failed (and why)."""

    job: Job
    status: str
    seconds: float = 0.0
    error: str = ""


@dataclass
class RenderResult:
    """Every job's outcome and the index written."""

    outcomes: list[Outcome] = field(default_factory=list)
    index: Path | None = None

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        return 1 if self.with_status("failed") else 0


def _library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def code_digest() -> str:
    """SHA-256 of the package's code, catalogue and templates (a code change re-renders)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".j2", ".css") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def plan(
    store: Store,
    out_dir: Path,
    periods: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    report_notebook: Path | None = None,
    overview_notebook: Path | None = None,
) -> list[Job]:
    """The jobs for the named periods/agencies (all when None): reports, then overviews.

    Agencies may be named as in the store or by their slug; an unknown name or period is a
    ValueError that lists what the store has.
    """
    from cchc_analysis.report import reporting

    report_notebook = Path(report_notebook or REPORT_NOTEBOOK).resolve()
    overview_notebook = Path(overview_notebook or OVERVIEW_NOTEBOOK).resolve()
    pairs = store.pairs()
    slugs = agency_slugs(a for a, _ in pairs)
    wanted_periods = None
    if periods:
        wanted_periods = {period_folder(p) for p in periods}
        unknown = wanted_periods - {p for _, p in pairs}
        if unknown:
            raise ValueError(f"no data for period(s) {', '.join(sorted(unknown))} in {store.data_dir}; "
                             f"the store has: {', '.join(store.periods()) or 'nothing'}")
    wanted_agencies = None
    if agencies:
        by_slug = {slug: name for name, slug in slugs.items()}
        wanted_agencies = set()
        for name in agencies:
            if name in slugs:
                wanted_agencies.add(name)
            elif name in by_slug:
                wanted_agencies.add(by_slug[name])
            else:
                raise ValueError(f"no agency '{name}' in {store.data_dir}; the store has: "
                                 f"{', '.join(store.agencies()) or 'nothing'}")
    selected = [(a, p) for a, p in pairs
                if (wanted_periods is None or p in wanted_periods)
                and (wanted_agencies is None or a in wanted_agencies)]
    common = {
        "code": code_digest(),
        "package_version": __version__,
        "libraries": _library_versions(),
    }
    report_sha = reporting.file_sha256(report_notebook)
    overview_sha = reporting.file_sha256(overview_notebook)
    jobs = []
    for agency, period in selected:
        params = {"agency": agency, "period": period, "data_dir": str(store.data_dir),
                  "notebook_sha256": report_sha}
        jobs.append(Job(
            kind="report", period=period, agency=agency, slug=slugs[agency],
            folder=inside(out_dir, slugs[agency], period_folder(period)),
            notebook=report_notebook, parameters=params,
            inputs={**common, "notebook": report_sha, "parameters": {"agency": agency, "period": period},
                    "data": reporting.slice_digests(store, agency, period)},
            title=f"{agency} — {reporting.period_label(period)}",
        ))
    for period in sorted({p for _, p in selected}, key=reporting.period_sort_key):
        params = {"period": period, "data_dir": str(store.data_dir), "notebook_sha256": overview_sha}
        data = reporting.slice_digests(store, None, period)
        data["agencies"] = hashlib.sha256("\n".join(store.agencies()).encode()).hexdigest()
        jobs.append(Job(
            kind="overview", period=period, agency=None, slug=None,
            folder=inside(out_dir, period_folder(period)),
            notebook=overview_notebook, parameters=params,
            inputs={**common, "notebook": overview_sha, "parameters": {"period": period}, "data": data},
            title=f"Tổng hợp {reporting.period_label(period)}",
        ))
    return jobs


# --------------------------------------------------------------------------- running one job


def read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(job: Job, formats: Sequence[str]) -> bool:
    """True when the last render of this job succeeded with the same inputs and left every file."""
    previous = read_manifest(job.folder)
    return bool(
        previous
        and previous.get("status") == "ok"
        and previous.get("key") == job.key
        and job.path("ipynb").exists()
        and all(job.path(fmt).exists() for fmt in formats)
    )


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


def _failure(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def _kernel_environment() -> None:
    """Let kernels import this very package (a checkout that is not pip-installed)."""
    with _ENV_LOCK:
        paths = os.environ.get("PYTHONPATH", "").split(os.pathsep) if os.environ.get("PYTHONPATH") else []
        root = str(PROJECT_ROOT)
        if root not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])


def _reset_papermill_cwd() -> None:
    """papermill's local file handler keeps a process-wide folder that each run sets and restores
    around its reads and writes; runs in parallel threads can leave a stale one behind (another
    render's folder). Cleared before a batch, every chdir it makes is a no-op or to ".", and only
    paths made absolute beforehand are used."""
    from papermill.iorw import papermill_io

    papermill_io.get_handler("local").cwd(None)


def run_job(job: Job, formats: Sequence[str]) -> Outcome:
    """Execute the notebook in a fresh kernel, then write HTML (and PDF); never raises."""
    import nbformat
    import papermill as pm

    from cchc_analysis.report import export

    started = time.perf_counter()
    job.folder.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(job.folder) or {}
    tmp = job.folder / f".{job.name}.{uuid.uuid4().hex}.tmp.ipynb"
    error = ""
    nb = None
    try:
        pm.execute_notebook(
            # no cwd=: papermill would chdir the whole process, and the jobs run in threads
            str(job.notebook), str(tmp), parameters=job.parameters,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            extra_arguments=_KERNEL_ARGS,
        )
    except Exception as exc:  # a failing report must not stop the others
        error = _failure(exc)
    if tmp.exists():
        nb = tidy_notebook(nbformat.read(tmp, as_version=4), job)
        atomic_write(job.path("ipynb"), nbformat.writes(nb).encode("utf-8"))
        tmp.unlink(missing_ok=True)
    written = ["ipynb"] if nb is not None else []
    if not error and nb is not None:
        try:
            html = export.notebook_to_html(nb, job.title)
            atomic_write(job.path("html"), html.encode("utf-8"))
            written.append("html")
            if "pdf" in formats:
                atomic_write(job.path("pdf"), export.html_to_pdf(html))
                written.append("pdf")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    if error or previous.get("key") != job.key:
        # outputs of an older render describe other data: they must not stay beside this one
        for fmt in FORMATS:
            if fmt not in written:
                job.path(fmt).unlink(missing_ok=True)
    seconds = round(time.perf_counter() - started, 2)
    write_json({
        "kind": job.kind, "agency": job.agency, "slug": job.slug, "period": job.period,
        "title": job.title, "parameters": job.parameters, "notebook": str(job.notebook),
        "key": job.key, "inputs": job.inputs, "status": "failed" if error else "ok", "error": error,
        "formats": list(formats), "outputs": [job.path(f).name for f in written],
        "render_seconds": seconds,
        "rendered_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }, job.folder / MANIFEST_NAME)
    return Outcome(job, "failed" if error else "rendered", seconds, error)


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
) -> RenderResult:
    """Render what changed (everything with ``force``), ``jobs`` at a time; write the index."""
    from cchc_analysis.report import reporting

    formats = tuple(dict.fromkeys(formats))
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {', '.join(sorted(unknown)) or '(none)'}; use html and/or pdf")
    store = reporting.load(data_dir)
    out = Path(out_dir).resolve()  # fixed once: nothing below may depend on the working folder
    out.mkdir(parents=True, exist_ok=True)
    planned = plan(store, out, periods, agencies, report_notebook, overview_notebook)
    result = RenderResult()
    todo = []
    for job in planned:
        if not force and is_current(job, formats):
            result.outcomes.append(Outcome(job, "reused"))
        else:
            todo.append(job)
    if todo:
        _kernel_environment()
        _reset_papermill_cwd()
        from tqdm import tqdm

        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        with tqdm(total=len(todo), desc="cchc render", unit="report", file=sys.stderr,
                  disable=not progress) as bar, ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_job, job, formats) for job in todo]
            for future in as_completed(futures):
                outcome = future.result()
                result.outcomes.append(outcome)
                bar.set_postfix_str(outcome.job.label[:40])
                bar.update()
    order = {id(job): n for n, job in enumerate(planned)}
    result.outcomes.sort(key=lambda o: order[id(o.job)])
    if index:
        result.index = write_index(store, out)
    if log:
        for line in summary(result, out):
            log(line)
    return result


def summary(result: RenderResult, out: Path) -> list[str]:
    """What was reused, rendered and failed, one line each, failures last."""
    lines = []
    for status in ("reused", "rendered"):
        for o in result.with_status(status):
            extra = f" ({o.seconds:.1f} s)" if status == "rendered" else " (inputs unchanged)"
            lines.append(f"{status}: {o.job.label} → {_shown(o.job.folder, out)}{extra}")
    failed = result.with_status("failed")
    for o in failed:
        lines.append(f"FAILED: {o.job.label}: {o.error} (executed notebook: "
                     f"{_shown(o.job.path('ipynb'), out)})")
    lines.append(f"{len(result.with_status('rendered'))} rendered, {len(result.with_status('reused'))} "
                 f"reused, {len(failed)} failed" + (f"; index: {_shown(result.index, out)}" if result.index else ""))
    return lines


def _shown(path: Path | None, out: Path) -> str:
    if path is None:
        return ""
    try:
        return str(out / Path(path).resolve().relative_to(out.resolve()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- the index


def _manifests(out: Path) -> list[dict]:
    found = []
    for path in sorted(out.glob(f"*/{MANIFEST_NAME}")) + sorted(out.glob(f"*/*/{MANIFEST_NAME}")):
        manifest = read_manifest(path.parent)
        if manifest and manifest.get("kind") in ("report", "overview"):
            manifest["_folder"] = path.parent.relative_to(out).as_posix()
            found.append(manifest)
    return found


def _links(manifest: dict) -> hp.Fragment:
    from cchc_analysis.report import htmlparts as hp

    name = "report" if manifest["kind"] == "report" else "overview"
    labels = {"html": "HTML", "pdf": "PDF", "ipynb": "Notebook"}
    links = [hp.link(labels[fmt], f"{manifest['_folder']}/{name}.{fmt}")
             for fmt in ("html", "pdf", "ipynb") if f"{name}.{fmt}" in manifest.get("outputs", [])]
    return hp.join(links, " · ")


def index_fragment(store: Store, out: Path) -> hp.Fragment:
    """The index body: per period, its overview and every agency's report with key figures."""
    import pandas as pd

    from cchc_analysis.report import formats as fmt
    from cchc_analysis.report import reporting
    from cchc_analysis.report import htmlparts as hp

    manifests = _manifests(out)
    periods = sorted({m["period"] for m in manifests}, key=reporting.period_sort_key, reverse=True)
    body: list[object] = [
        hp.paragraph("Danh mục báo cáo cải cách hành chính", "kicker"),
        hp.heading("Báo cáo CCHC theo kỳ", 1),
        hp.paragraph("Mỗi báo cáo có bản HTML, PDF và sổ tay đã chạy (ipynb). Số liệu chính: tối đa ba chỉ "
                     "số tiêu biểu tính được; phát hiện: lỗi / cảnh báo / lưu ý.", "lead"),
    ]
    if not manifests:
        body.append(hp.note("Chưa có báo cáo nào; chạy cchc render.", "info"))
    for period in periods:
        mine = [m for m in manifests if m["period"] == period]
        overview = next((m for m in mine if m["kind"] == "overview"), None)
        reports = sorted((m for m in mine if m["kind"] == "report"), key=lambda m: str(m.get("agency")))
        section: list[object] = []
        if overview is not None:
            section.append(hp.paragraph(hp.join(["Tổng hợp kỳ: ", _links(overview)], ""), "overview-link"))
        rows, classes = [], []
        for m in reports:
            agency = str(m.get("agency"))
            figures = reporting.key_figures(store, agency, period)
            counts = reporting.finding_counts(store, agency, period)
            rows.append({
                "Cơ quan": agency,
                "Số liệu chính": hp.bullet_list([f"{n}: {v}" for n, v in figures], "figures") if figures else "–",
                "Phát hiện": "–" if counts is None else
                " / ".join(fmt.number(counts[s]) for s in reporting.SEVERITIES),
                "Báo cáo": _links(m),
                "Trạng thái": "đã tạo" if m.get("status") == "ok" else "lỗi khi tạo báo cáo",
            })
            classes.append("status-ok" if m.get("status") == "ok" else "status-failed")
        if rows:
            # object dtype keeps the link Fragments as markup (a string column would escape them)
            frame = pd.DataFrame(rows, columns=["Cơ quan", "Số liệu chính", "Phát hiện", "Báo cáo", "Trạng thái"],
                                 dtype=object)
            section.append(hp.table(frame, f"tbl-index-{hp.safe_id(period)}", f"Báo cáo {reporting.period_label(period)}",
                                    numeric=["Phát hiện"], row_classes=classes, class_="data index",
                                    column_classes={"Cơ quan": "agency"}))
        body.append(hp.section(f"{reporting.period_label(period)} ({period})", section, id=f"ky-{hp.safe_id(period)}"))
    return hp.join(body)


def write_index(store: Store, out: Path) -> Path:
    """``index.html``: every report under ``out`` with its key figures, links relative."""
    from cchc_analysis.report import export

    path = inside(out, INDEX_NAME)
    html = export.html_page(index_fragment(store, out), "Báo cáo CCHC theo kỳ")
    atomic_write(path, html.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- command line


def _split(values: Sequence[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()] or None


def _render_command(args) -> int:
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    try:
        result = render(args.data, args.out, _split(args.period), args.agency, formats,
                        args.jobs, args.force)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return result.exit_code


def _verify_command(args) -> int:
    from cchc_analysis.report.verify import verify

    try:
        checks = verify(args.data, args.out, _split(args.period), args.agency, jobs=args.jobs)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for check in checks:
        print(check.line())
    bad = [c for c in checks if not c.identical]
    print(f"{len(checks) - len(bad)} of {len(checks)} published reports identical")
    return 1 if bad else 0


def positive_int(text: str) -> int:
    """An argparse type: a whole number ≥ 1."""
    import argparse

    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number ≥ 1")
    return number


def add_render_commands(subparsers) -> None:
    """Add ``render`` and ``verify`` to the ``cchc`` command line."""
    from cchc_analysis.store.io import DEFAULT_DIR

    def common(parser) -> None:
        parser.add_argument("--data", default=str(DEFAULT_DIR), metavar="DIR",
                            help="folder of the processed store (default: data/processed)")
        parser.add_argument("--period", action="extend", nargs="+", metavar="P",
                            help="only these periods (2023-H1 …); repeatable")
        parser.add_argument("--agency", action="extend", nargs="+", metavar="A",
                            help="only these agencies (name as in the store, or its slug); repeatable")
        parser.add_argument("--out", default="reports", metavar="DIR",
                            help="folder of the published reports (default: reports)")
        parser.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                            help="reports rendered at a time, each in its own kernel (default: cores)")

    render_parser = subparsers.add_parser(
        "render", help="render per-period reports (HTML, PDF) and the index from the store",
        description="Run notebooks/period_report.ipynb for every agency × period of the store (or "
        "those named) and notebooks/period_overview.ipynb for every period, into "
        "OUT/<agency-slug>/<period>/report.{ipynb,html,pdf}, OUT/<period>/overview.* and "
        "OUT/index.html. Reports whose inputs are unchanged are reused (--force renders anyway). "
        "Exit status 1 when any report failed; the others are still written.")
    common(render_parser)
    render_parser.add_argument("--format", default="html,pdf", metavar="FMT",
                               help="comma-separated: html, pdf (default: html,pdf)")
    render_parser.add_argument("--force", action="store_true", help="render even when nothing changed")
    render_parser.set_defaults(run=_render_command)

    verify_parser = subparsers.add_parser(
        "verify", help="re-render into a temporary folder and compare tables and figures",
        description="Render the reports again into a temporary folder and check that every table "
        "and figure of each published HTML report is identical; name what differs. Exit status 1 "
        "when any report differs or is missing.")
    common(verify_parser)
    verify_parser.set_defaults(run=_verify_command)
