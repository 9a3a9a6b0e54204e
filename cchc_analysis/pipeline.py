"""The two runs that write the store: ``ingest`` (raw → ingest tables → derive → store) and
``derive`` (store → derived tables → store, after the catalogue or a rule changed). Each writes
all its tables as one transaction; a run where nothing parsed leaves the store as it was."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_analysis.derive import catalog
from cchc_analysis.derive.run import SOURCE_TABLES, AgencyTables, derive_one
from cchc_analysis.derive.run import derive as derive_tables
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits
from cchc_analysis.store import INGEST_TABLES, open_store, schemas, write_store
from cchc_analysis.store.batches import in_batches
from cchc_analysis.store.ingest import (
    FileResult, Inputs, ingest_records, manifest, read_inputs, read_rosters,
)
from cchc_analysis.store.spill import Spill
from cchc_analysis.store.transaction import Stream

#: The ingest tables written report by report (the roster is one small table of its own).
STREAMED_INGEST = tuple(name for name in INGEST_TABLES if name != "roster")


@dataclass
class Run:
    """What a run did: per-file results (ingest), derive failures by source, the tables written
    (empty when nothing was written; after an ingest, only those held to the end: roster,
    indicators, comparisons, findings … — the others are in the store) and the version folder."""

    results: list[FileResult] = field(default_factory=list)
    inputs: Inputs = field(default_factory=Inputs)
    derive_errors: dict[str, str] = field(default_factory=dict)
    roster_errors: list = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    version: Path | None = None

    @property
    def failed(self) -> int:
        """Inputs that did not make it into the store (missing, unreadable, derive failures)."""
        return (len(self.inputs.missing) + sum(not r.ok for r in self.results)
                + len(self.derive_errors) + len(self.roster_errors))


def ingest(paths: list[Path], out_dir: Path, agency: str | None = None,
           period: str | None = None, limits: Limits = DEFAULT_LIMITS,
           province: str | None = None) -> Run:
    """Rebuild the store in ``out_dir`` from the inputs (their good files).

    Memory stays flat in the number of files: each file's rows are parked on disk once parsed
    (a :class:`Spill`), then read back one report at a time, derived, and written in batches;
    only the tables keyed by agency and period (indicators, findings) are held to the end."""
    with Spill() as spill:
        results, found = read_inputs(paths, agency=agency, period=period, limits=limits,
                                     province=province, spill=spill)
        roster, roster_errors = read_rosters(found)
        run = Run(results, found, roster_errors=roster_errors)
        if not any(r.ok for r in results):
            return run
        by_agency = AgencyTables()

        def reports() -> Iterator[dict[str, list[dict]]]:
            """Each good file's ingest rows and its derived rows keyed by source."""
            template = catalog.load_catalog()
            for rows in ingest_records(results, roster, spill):
                derived = derive_one(rows["sources"][0], rows["observations"], rows["paragraphs"],
                                     template, run.derive_errors)
                if derived is not None:
                    by_agency.add(derived)
                    rows |= {name: derived[name] for name in SOURCE_TABLES}
                yield rows

        def finish() -> tuple[dict[str, pd.DataFrame], dict]:
            run.tables = {"roster": schemas.frame("roster", roster), **by_agency.tables()}
            summary = manifest(results, found) | {
                "derive_errors": run.derive_errors,
                "roster": [source for _, source in found.roster],
                "roster_errors": [str(e) for e in roster_errors]}
            return run.tables, summary

        streamed = STREAMED_INGEST + SOURCE_TABLES
        run.version = write_store(out_dir, {}, {}, label="cchc ingest", stream=Stream(
            streamed, in_batches(reports(), streamed), finish))
    return run


def derive(data_dir: Path) -> Run:
    """Derive again from the store's ingest tables (kept as they are) and write the result."""
    snapshot = open_store(data_dir)
    tables = {name: snapshot.table(name) for name in INGEST_TABLES}
    derived = derive_tables(tables)
    run = Run(derive_errors=derived.errors, tables={**tables, **derived.tables})
    summary = {k: v for k, v in snapshot.manifest.items()
               if k not in ("tables", "run", "schema_version")} | {"derive_errors": derived.errors}
    run.version = write_store(snapshot.data_dir, derived.tables, summary, keep=INGEST_TABLES,
                              keep_from=snapshot.version_dir, label="cchc derive")
    return run
