"""What ``cchc render`` will do: one :class:`Job` per report (agency × period) and per period's
overview, with the inputs that key its cache, and what became of each (:class:`Outcome`)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_analysis.report import cache
from cchc_analysis.report.paths import agency_slugs, inside, period_folder

if TYPE_CHECKING:
    from cchc_analysis.store import Snapshot

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REPORT_NOTEBOOK = PROJECT_ROOT / "notebooks" / "period_report.ipynb"
OVERVIEW_NOTEBOOK = PROJECT_ROOT / "notebooks" / "period_overview.ipynb"


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


def plan(
    store: Snapshot,
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
    from cchc_analysis.report import slices

    report_notebook = Path(report_notebook or REPORT_NOTEBOOK).resolve()
    overview_notebook = Path(overview_notebook or OVERVIEW_NOTEBOOK).resolve()
    pairs = slices.pairs(store)
    slugs = agency_slugs(a for a, _ in pairs)
    wanted_periods = None
    if periods:
        wanted_periods = {period_folder(p) for p in periods}
        unknown = wanted_periods - {p for _, p in pairs}
        if unknown:
            raise ValueError(f"no data for period(s) {', '.join(sorted(unknown))} in {store.data_dir}; "
                             f"the store has: {', '.join(slices.periods(store)) or 'nothing'}")
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
                                 f"{', '.join(slices.agencies(store)) or 'nothing'}")
    selected = [(a, p) for a, p in pairs
                if (wanted_periods is None or p in wanted_periods)
                and (wanted_agencies is None or a in wanted_agencies)]
    common = cache.common_inputs()
    report_sha = slices.file_sha256(report_notebook)
    overview_sha = slices.file_sha256(overview_notebook)
    jobs = []
    for agency, period in selected:
        params = {"agency": agency, "period": period, "data_dir": str(store.data_dir),
                  "notebook_sha256": report_sha}
        jobs.append(Job(
            kind="report", period=period, agency=agency, slug=slugs[agency],
            folder=inside(out_dir, slugs[agency], period_folder(period)),
            notebook=report_notebook, parameters=params,
            inputs={**common, "notebook": report_sha, "parameters": {"agency": agency, "period": period},
                    "data": slices.digests(store, agency, period)},
            title=f"{agency} — {slices.period_label(period)}",
        ))
    for period in sorted({p for _, p in selected}, key=slices.period_sort_key):
        params = {"period": period, "data_dir": str(store.data_dir), "notebook_sha256": overview_sha}
        data = slices.digests(store, None, period)
        data["agencies"] = hashlib.sha256("\n".join(slices.agencies(store)).encode()).hexdigest()
        jobs.append(Job(
            kind="overview", period=period, agency=None, slug=None,
            folder=inside(out_dir, period_folder(period)),
            notebook=overview_notebook, parameters=params,
            inputs={**common, "notebook": overview_sha, "parameters": {"period": period}, "data": data},
            title=f"Tổng hợp {slices.period_label(period)}",
        ))
    return jobs
