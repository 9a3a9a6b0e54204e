"""`cchc export`: the slice of the store an analyst asked for, as one .xlsx workbook or as CSV
files — on demand, not in every ingest (a national store outgrows one Excel sheet).

Above the report stage: it reads the store through the report's slices (a province's rows, an
agency's, a period's) and names files by the report's slugs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_analysis.export import select, write
from cchc_analysis.report.content.slices import provinces
from cchc_analysis.report.paths import inside, province_slug
from cchc_analysis.store import Snapshot, open_store
from cchc_analysis.store.files import atomic_write

#: Where an export goes when no --out is given (under the current folder).
DEFAULT_FOLDER = Path("exports")
#: The workbook `make report` puts beside each province's reports (a file of the province's
#: folder, never inside a report's own folder, which each render swaps in whole).
BESIDE_REPORTS = "du-lieu.xlsx"


@dataclass(frozen=True)
class Exported:
    """What was written: where, which slice, how many rows."""

    path: Path
    slice: select.Slice
    rows: int


def default_out(chosen: select.Slice, fmt: str) -> Path:
    """``exports/<slug of the slice>.xlsx`` (csv: the folder ``exports/<slug>/``)."""
    return DEFAULT_FOLDER / (f"{chosen.slug()}.xlsx" if fmt == "xlsx" else chosen.slug())


def write_slice(store: Snapshot, chosen: select.Slice, fmt: str, out: Path) -> Exported:
    """Write one slice of the store to ``out`` in ``fmt`` (xlsx or csv)."""
    tables = select.frames(store, chosen)
    facts = select.facts(store, chosen, tables)
    if fmt == "xlsx":
        atomic_write(out, write.xlsx_bytes(facts, tables))
    else:
        write.write_csvs(out, write.csv_files(facts, tables))
    return Exported(out, chosen, sum(len(frame) for frame in tables.values()))


def export(
    data_dir: str | Path | None,
    fmt: str = "xlsx",
    province: str | None = None,
    period: str | None = None,
    agency: str | None = None,
    tables: list[str] | None = None,
    out: str | Path | None = None,
) -> Exported:
    """Export the slice named (names or slugs; every one when None) of the store's current
    version; ValueError (one line) for an unknown name, an empty slice or a sheet too long."""
    store = open_store(data_dir)
    chosen = select.resolve(store, province, period, agency, tables)
    return write_slice(store, chosen, fmt, Path(out) if out else default_out(chosen, fmt))


def export_beside_reports(data_dir: str | Path | None, reports: str | Path) -> list[Exported]:
    """Every province's whole slice as ``<reports>/<province-slug>/du-lieu.xlsx``, beside its
    reports (what `make report` runs after rendering)."""
    store = open_store(data_dir)
    done = []
    for province in provinces(store):
        chosen = select.resolve(store, province_slug(province))
        out = inside(Path(reports), province_slug(province), BESIDE_REPORTS)
        done.append(write_slice(store, chosen, "xlsx", out))
    return done
