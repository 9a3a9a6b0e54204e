"""The two runs that write the store: ``ingest`` (raw → ingest tables → derive → store) and
``derive`` (store → derived tables → store, after the catalogue or a rule changed). Each writes
all its tables as one transaction; a run where nothing parsed leaves the store as it was."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_analysis.derive.catalogue import CATALOG_DIR, Catalog
from cchc_analysis.derive.ocr_codes import place_codes
from cchc_analysis.derive.run import (
    ACROSS_INPUTS,
    AGENCY_TABLES,
    SOURCE_TABLES,
    AgencyTables,
    across,
    derive_one,
)
from cchc_analysis.derive.run import derive as derive_tables
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits
from cchc_analysis.store import INGEST_TABLES, open_store, schemas, write_store
from cchc_analysis.store.batches import in_batches
from cchc_analysis.store.files import resolve_data_dir
from cchc_analysis.store.ingest import (
    FileResult,
    Inputs,
    ingest_records,
    manifest,
    read_inputs,
    read_rosters,
    settle,
)
from cchc_analysis.store.integrity import refuse_altered
from cchc_analysis.store.spill import Spill
from cchc_analysis.store.transaction import Staged, Stream

#: The ingest tables written report by report (the roster is one small table of its own).
STREAMED_INGEST = tuple(name for name in INGEST_TABLES if name != "roster")


@dataclass
class Run:
    """What a run did: per-file results (ingest), derive failures by source, the tables written
    (empty when nothing was written; after an ingest, only those held to the end, the roster and
    the comparisons — the others are in the store), the version folder, findings by severity."""

    results: list[FileResult] = field(default_factory=list)
    inputs: Inputs = field(default_factory=Inputs)
    derive_errors: dict[str, str] = field(default_factory=dict)
    roster_errors: list = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    version: Path | None = None
    #: findings by severity (error, warning, info)
    severities: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        """Inputs that did not make it into the store (missing, unreadable, derive failures;
        a folder that could not be listed counts as one)."""
        return (
            len(self.inputs.missing)
            + len(self.inputs.unlisted)
            + sum(not r.ok for r in self.results)
            + len(self.derive_errors)
            + len(self.roster_errors)
        )


def ingest(
    paths: list[Path],
    out_dir: Path,
    agency: str | None = None,
    period: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    province: str | None = None,
    force: bool = False,
    catalog_dir: Path = CATALOG_DIR,
) -> Run:
    """Rebuild the store in ``out_dir`` from the inputs (their good files), derived by the
    catalogue of ``catalog_dir`` (read once, before any input); refused before any file is read
    when a store file holds an edit, unless ``force`` discards it.

    Memory stays flat in the number of files: each file's rows are parked on disk once parsed
    (a :class:`Spill`), then read back one report at a time, derived, and written in batches;
    only the tables keyed by agency and period (indicators, findings) are held to the end."""
    if not force:
        refuse_altered(out_dir, "cchc ingest")
    catalog = Catalog.load(catalog_dir)
    with Spill() as spill:
        results, found = read_inputs(
            paths, agency=agency, period=period, limits=limits, province=province, spill=spill
        )
        roster, roster_errors = read_rosters(found, limits)
        settle(results, roster)
        run = Run(results, found, roster_errors=roster_errors)
        if not any(r.ok for r in results):
            return run
        by_agency = AgencyTables(spill)

        def reports() -> Iterator[dict[str, list[dict]]]:
            """Each good file's ingest rows (OCR'd row numbers placed by the template) and its
            derived rows keyed by source."""
            for rows in ingest_records(results, spill):
                source = rows["sources"][0]
                # OCR'd row numbers checked with the template before they are stored as keys
                rows["observations"] = place_codes(rows["observations"], catalog)
                derived = derive_one(
                    source, rows["observations"], rows["paragraphs"], catalog, run.derive_errors
                )
                if derived is not None:
                    by_agency.add(source, derived)
                    rows |= {name: derived[name] for name in SOURCE_TABLES}
                yield rows

        def batches() -> Iterator[dict[str, pd.DataFrame]]:
            yield from in_batches(reports(), STREAMED_INGEST + SOURCE_TABLES)
            yield from by_agency.batches()

        def finish(staging: Path, whole: Mapping[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], dict]:
            run.tables = {"roster": schemas.frame("roster", roster), "comparisons": by_agency.comparisons()}
            # the roll-up reads back every report's rows (only the columns it needs) unless
            # the table was small enough to be written in one piece
            written = Staged(staging, {**whole, **run.tables}, ACROSS_INPUTS)
            run.tables |= across(written, catalog)
            run.severities = dict(by_agency.severities)
            summary = manifest(results, found) | {
                "derive_errors": run.derive_errors,
                "roster": [source for _, source in found.roster],
                "roster_errors": [str(e) for e in roster_errors],
            }
            return run.tables, summary

        run.version = write_store(
            out_dir,
            {},
            {},
            label="cchc ingest",
            force=force,
            stream=Stream(STREAMED_INGEST + SOURCE_TABLES + AGENCY_TABLES, batches(), finish),
        )
    return run


def derive(data_dir: Path, force: bool = False, catalog_dir: Path = CATALOG_DIR) -> Run:
    """Derive again from the store's ingest tables (kept as they are) by the catalogue of
    ``catalog_dir`` and write the result; refused when a store file holds an edit, unless
    ``force`` discards it."""
    if not force:
        refuse_altered(resolve_data_dir(data_dir), "cchc derive")
    catalog = Catalog.load(catalog_dir)
    snapshot = open_store(data_dir)
    tables = {name: snapshot.table(name) for name in INGEST_TABLES}
    derived = derive_tables(tables, catalog)
    run = Run(
        derive_errors=derived.errors,
        tables={**tables, **derived.tables},
        severities=derived.tables["findings"]["severity"].value_counts().to_dict(),
    )
    summary = {k: v for k, v in snapshot.manifest.items() if k not in ("tables", "run", "schema_version")} | {
        "derive_errors": derived.errors
    }
    run.version = write_store(
        snapshot.data_dir,
        derived.tables,
        summary,
        keep=INGEST_TABLES,
        keep_from=snapshot.version_dir,
        label="cchc derive",
        force=force,
    )
    return run
