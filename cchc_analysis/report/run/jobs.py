"""What ``cchc render`` will do: one :class:`Job` per report (agency × period) and per period's
overview, with the inputs that key its cache, and what became of each (:class:`Outcome`)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cchc_analysis.errors import InputError
from cchc_analysis.report import dependencies
from cchc_analysis.report.page.index import MANIFEST_NAME, read_json
from cchc_analysis.report.paths import (
    agency_slugs,
    inside,
    overview_folder,
    period_folder,
    province_folder,
    report_folder,
)
from cchc_analysis.report.run.publish import failed_folder, failure_record

if TYPE_CHECKING:
    from cchc_analysis.store import Snapshot

PROJECT_ROOT = Path(__file__).resolve().parents[3]
#: The notebooks ``cchc render`` runs, found inside the package so that a wheel install renders
#: too. One copy: the files live in the top-level notebooks/ that analysts open in JupyterLab, and
#: cchc_analysis/notebooks is a symlink to it (git keeps it) that setuptools follows when it builds
#: a wheel (package data "notebooks/*.ipynb"), so a wheel holds real files and needs no build hook.
#: Resolved, the paths in a checkout are notebooks/'s, as before the symlink: plans and reports
#: keyed on them are reused.
NOTEBOOKS = (Path(__file__).resolve().parents[2] / "notebooks").resolve()
REPORT_NOTEBOOK = NOTEBOOKS / "period_report.ipynb"
OVERVIEW_NOTEBOOK = NOTEBOOKS / "period_overview.ipynb"
PROVINCE_NOTEBOOK = NOTEBOOKS / "province_report.ipynb"


def store_from(folder: Path, version_dir: Path) -> str:
    """The store version as the report in ``folder`` names it: a path relative to that folder
    (``../../../../data/processed/versions/<run>``), so that the published notebook runs again
    wherever the reports and the store are copied together (its kernel works in its folder)."""
    return Path(os.path.relpath(os.path.realpath(version_dir), os.path.realpath(folder))).as_posix()


@dataclass
class Job:
    """One notebook to run: a report (province's agency × period) or a province's period overview."""

    kind: str  # "report" | "overview" | "province"
    period: str
    agency: str | None
    slug: str | None
    folder: Path
    notebook: Path
    parameters: dict
    inputs: dict
    title: str
    province: str | None = None

    @property
    def name(self) -> str:
        return self.kind

    @property
    def key(self) -> str:
        text = json.dumps(self.inputs, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.agency} {self.period}" if self.kind == "report" else f"{self.kind} {self.period}"

    def path(self, fmt: str, folder: Path | None = None) -> Path:
        """The file of one format in the job's folder (or in a staging folder standing for it)."""
        return (folder or self.folder) / f"{self.name}.{fmt}"


@dataclass
class Outcome:
    """What became of a job: rendered, reused (inputs unchanged) or failed (and why)."""

    job: Job
    status: str
    seconds: float = 0.0
    error: str = ""
    #: the traceback of a failure that is a bug in cchc (not the notebook's, not the disk's)
    trace: str = ""


class Failure(NamedTuple):
    """Why a render failed: its kind, its one line, and the traceback when it is a bug."""

    kind: str
    line: str
    trace: str = ""


@dataclass
class RenderResult:
    """Every job's outcome and the index written."""

    outcomes: list[Outcome] = field(default_factory=list)
    index: Path | None = None
    index_error: str = ""

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def exit_code(self) -> int:
        return 1 if self.with_status("failed") or self.index_error else 0


def summary(result: RenderResult, out: Path) -> list[str]:
    """What was reused, rendered and failed, one line each, failures last."""
    lines = []
    for status in ("reused", "rendered"):
        for o in result.with_status(status):
            extra = f" ({o.seconds:.1f} s)" if status == "rendered" else " (inputs unchanged)"
            lines.append(f"{status}: {o.job.label} → {_shown(o.job.folder, out)}{extra}")
    failed = result.with_status("failed")
    for o in failed:
        lines.append(f"FAILED: {o.job.label}: {o.error}; {_after_failure(o.job, out)}")
    if result.index_error:
        lines.append(f"FAILED: index: {result.index_error}")
    lines.append(
        f"done: {len(result.with_status('rendered'))} rendered, {len(result.with_status('reused'))} "
        f"reused, {len(failed)} failed" + (f"; index: {_shown(result.index, out)}" if result.index else "")
    )
    return lines


def _after_failure(job: Job, out: Path) -> str:
    """What a failed job left: the report still published (or none), its executed notebook, the
    failure's record."""
    kept = failed_folder(job.folder) / job.path("ipynb").name
    published = (read_json(job.folder / MANIFEST_NAME) or {}).get("status") == "ok"
    said = [
        f"the previous report is still published in {_shown(job.folder, out)}"
        if published
        else "no report is published for it"
    ]
    if kept.is_file():
        said.append(f"executed notebook: {_shown(kept, out)}")
    if failure_record(job.folder).is_file():
        said.append(f"recorded in {_shown(failure_record(job.folder), out)}")
    return "; ".join(said)


def _shown(path: Path | None, out: Path) -> str:
    if path is None:
        return ""
    try:
        return str(out / Path(path).resolve().relative_to(out.resolve()))
    except ValueError:
        return str(path)


def plan(
    store: Snapshot,
    out_dir: Path,
    periods: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    report_notebook: Path | None = None,
    overview_notebook: Path | None = None,
    provinces: Sequence[str] | None = None,
) -> list[Job]:
    """The jobs for the named periods/agencies (all when None): reports, then overviews.

    Agencies may be named as in the store or by their slug; an unknown name or period is an
    InputError that lists what the store has.
    """
    from cchc_analysis.report.content import slices

    report_notebook = Path(report_notebook or REPORT_NOTEBOOK).resolve()
    overview_notebook = Path(overview_notebook or OVERVIEW_NOTEBOOK).resolve()
    every_province = slices.provinces(store)
    unknown = sorted(set(provinces or ()) - set(every_province))
    if unknown:
        raise InputError(
            f"no province {', '.join(unknown)} in {store.data_dir}; the store has: "
            f"{', '.join(p or 'chưa rõ tỉnh' for p in every_province) or 'nothing'}"
        )
    views = {p: slices.ProvinceStore(store, p) for p in every_province if not provinces or p in provinces}
    every = [(p, a, period) for p, view in views.items() for a, period in slices.pairs(view)]
    slugs = {p: agency_slugs(a for q, a, _ in every if q == p) for p in views}
    wanted_periods = None
    if periods:
        wanted_periods = {period_folder(p) for p in periods}
        unknown = wanted_periods - {p for _, _, p in every}
        if unknown:
            raise InputError(
                f"no data for period(s) {', '.join(sorted(unknown))} in {store.data_dir}; "
                f"the store has: {', '.join(slices.periods(store)) or 'nothing'}"
            )
    wanted_agencies = None
    if agencies:
        known = {name for names in slugs.values() for name in names}
        by_slug = {slug: name for names in slugs.values() for name, slug in names.items()}
        wanted_agencies = set()
        for name in agencies:
            if name not in known and name not in by_slug:
                raise InputError(
                    f"no agency '{name}' in {store.data_dir}; the store has: {', '.join(sorted(known)) or 'nothing'}"
                )
            wanted_agencies.add(by_slug.get(name, name))
    selected = [
        (p, a, period)
        for p, a, period in every
        if (wanted_periods is None or period in wanted_periods)
        and (wanted_agencies is None or a in wanted_agencies)
    ]
    common = dependencies.common_inputs()
    report_sha = slices.file_sha256(report_notebook)
    overview_sha = slices.file_sha256(overview_notebook)
    province_sha = slices.file_sha256(PROVINCE_NOTEBOOK)

    def job(kind: str, where: Path, notebook: Path, sha: str, who: dict, data: object, title: str) -> Job:
        """One notebook to run into ``where`` (under ``out_dir``) for ``who`` (province, period and
        agency, its parameters): kernels read the very store version planned from, by a path
        relative to the report's folder."""
        folder = inside(out_dir, *where.parts)
        return Job(
            kind=kind,
            period=who["period"],
            agency=who.get("agency"),
            slug=slugs[who["province"]][who["agency"]] if "agency" in who else None,
            province=who["province"],
            folder=folder,
            notebook=notebook,
            parameters={**who, "data_dir": store_from(folder, store.version_dir), "notebook_sha256": sha},
            inputs={**common, "notebook": sha, "parameters": who, "data": data},
            title=title,
        )

    jobs = [
        job(
            "report",
            report_folder(province, slugs[province][agency], period),
            report_notebook,
            report_sha,
            {"province": province, "agency": agency, "period": period},
            slices.digests(views[province], agency, period),
            f"{agency} — {slices.period_label(period)}",
        )
        for province, agency, period in selected
    ]
    for province, period in sorted(
        {(p, period) for p, _, period in selected}, key=lambda pp: (str(pp[0]), slices.period_sort_key(pp[1]))
    ):
        view = views[province]
        who = {"province": province, "period": period}
        data = slices.digests(view, None, period)
        data["agencies"] = hashlib.sha256("\n".join(slices.agencies(view)).encode()).hexdigest()
        label = slices.period_label(period)
        jobs.append(
            job(
                "overview",
                overview_folder(province, period),
                overview_notebook,
                overview_sha,
                who,
                data,
                f"Tổng hợp {label}",
            )
        )
        if province is not None:  # reports of unknown provinces are no province: nothing to sum
            jobs.append(
                job(
                    "province",
                    province_folder(province, period),
                    PROVINCE_NOTEBOOK,
                    province_sha,
                    who,
                    data,
                    f"{province} — tổng hợp {label}",
                )
            )
    return jobs
