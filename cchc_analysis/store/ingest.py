"""Ingest: raw files → reports → observations + narrative → derived tables → the store.

A file that fails is reported (one line naming it) and left out; the other files of the same run
are still parsed and written. Raw files are only ever read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_analysis import __version__
from cchc_analysis.parse.appendix import COLUMNS, to_observations
from cchc_analysis.derive.run import derived_tables
from cchc_analysis.errors import SourceError
from cchc_analysis.parse.metadata import SIDECAR_SUFFIX, Metadata, resolve
from cchc_analysis.parse.narrative import sections
from cchc_analysis.sources.model import Report
from cchc_analysis.sources import SUPPORTED_SUFFIXES, read_report
from cchc_analysis.store.io import MANIFEST, write_json, write_table

#: Bump when the parser's output for the same input changes.
PARSER_VERSION = "1"

_OBSERVATION_TYPES = {
    "seq": "Int64",
    "item": "Int64",
    "value": "Float64",
    "numerator": "Float64",
    "denominator": "Float64",
}
NARRATIVE_COLUMNS = ["agency", "period", "seq", "section_id", "heading", "level", "text",
                     "source", "locator"]


@dataclass
class FileResult:
    """What one input gave: its identity and rows, or the error that stopped it."""

    path: Path
    sha256: str
    report: Report | None = None
    meta: Metadata | None = None
    observations: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    error: SourceError | None = None


@dataclass
class Inputs:
    """What the paths given expand to: report files, files skipped in folders, missing paths."""

    files: list[Path] = field(default_factory=list)
    skipped: list[SourceError] = field(default_factory=list)
    missing: list[SourceError] = field(default_factory=list)


def find_inputs(paths: list[Path]) -> Inputs:
    """Expand folders into their report files (sorted); name what cannot be an input."""
    inputs = Inputs()
    found, skipped = inputs.files, inputs.skipped
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file() or child.name.startswith(".") or child.name.endswith(SIDECAR_SUFFIX):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(child)
                elif child.suffix.lower() not in (".md",):
                    skipped.append(SourceError(str(child), f"skipped: unsupported file type '{child.suffix}'"))
        elif path.is_file():
            found.append(path)
        else:
            inputs.missing.append(SourceError(str(path), "no such file or folder"))
    return inputs


def ingest_file(path: Path, agency: str | None = None, period: str | None = None) -> FileResult:
    """Read, identify and parse one file; any failure becomes the result's ``error``."""
    result = FileResult(path, hashlib.sha256(path.read_bytes()).hexdigest())
    try:
        report = read_report(path)
        meta = resolve(report, agency=agency, period=period)
        rows = to_observations(report.appendix)
        if not rows:
            raise SourceError(path.name, "the appendix table has a header but no rows")
    except SourceError as exc:
        result.error = exc
        return result
    except Exception as exc:  # a reader bug must not cost the other files of the run
        result.error = SourceError(path.name, f"could not be read ({type(exc).__name__}: {exc})")
        return result
    identity = {"agency": meta.agency, "period": str(meta.period), "source": path.name}
    result.report, result.meta = report, meta
    result.observations = [{**identity, **row} for row in rows]
    result.sections = [{**identity, **s} for s in sections(report.paragraphs)]
    return result


def _frame(records: list[dict], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns:
        frame[column] = frame[column].astype(types.get(column, "string"))
    return frame


def observations_frame(results: list[FileResult]) -> pd.DataFrame:
    """All good files' observations, typed (NA stays NA) and ordered by source then row."""
    records = [row for r in results if r.error is None for row in r.observations]
    frame = _frame(records, COLUMNS, _OBSERVATION_TYPES)
    frame = frame.sort_values(["source", "seq"], kind="stable").reset_index(drop=True)
    assert not frame.duplicated(["source", "seq"]).any(), "observation key (source, seq) repeated"
    return frame


def narrative_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for r in results if r.error is None for row in r.sections]
    frame = _frame(records, NARRATIVE_COLUMNS, {"seq": "Int64", "level": "Int64"})
    return frame.sort_values(["source", "seq"], kind="stable").reset_index(drop=True)


def _reject_duplicates(results: list[FileResult]) -> None:
    """Two files for the same agency and period would double every figure: keep the first."""
    seen: dict[tuple[str, str], str] = {}
    for result in results:
        if result.error is not None or result.meta is None:
            continue
        key = (result.meta.agency, str(result.meta.period))
        if key in seen:
            result.error = SourceError(
                result.path.name,
                f"{key[0]} {key[1]} is already ingested from {seen[key]}; "
                "remove one of the two files or pass --agency/--period",
            )
        else:
            seen[key] = result.path.name


def manifest(results: list[FileResult], found: Inputs, tables: dict[str, int]) -> dict:
    """What went in and what came out, without timestamps so that reruns are byte-identical."""
    inputs = []
    for r in results:
        entry = {"file": r.path.name, "sha256": r.sha256, "bytes": r.path.stat().st_size}
        if r.error is None and r.report is not None and r.meta is not None:
            entry |= {
                "reader": r.report.reader,
                "agency": r.meta.agency,
                "period": str(r.meta.period),
                "rows": len(r.observations),
                "sections": len(r.sections),
                "title": r.report.title,
                "metadata": r.meta.extra,
                "errors": [],
            }
        else:
            entry |= {"errors": [str(r.error)]}
        inputs.append(entry)
    return {
        "package_version": __version__,
        "parser_version": PARSER_VERSION,
        "inputs": inputs,
        "skipped": [str(e) for e in found.skipped],
        "missing": [str(e) for e in found.missing],
        "tables": tables,
    }


def ingest(
    paths: list[Path],
    out_dir: Path,
    agency: str | None = None,
    period: str | None = None,
) -> tuple[list[FileResult], Inputs, dict[str, pd.DataFrame]]:
    """Rebuild the store in ``out_dir`` from the inputs (their good files); nothing is written
    when no file parsed. Returns per-file results, the inputs, the tables."""
    inputs = find_inputs(paths)
    results = [ingest_file(path, agency=agency, period=period) for path in inputs.files]
    _reject_duplicates(results)
    good = [r for r in results if r.error is None]
    observations = observations_frame(results)
    tables = {"narrative": narrative_frame(results), **derived_tables(observations, good)}
    if not good:  # a run where nothing parsed must not wipe out the store of an earlier run
        return results, inputs, tables
    digests = {name: write_table(frame, out_dir, name) for name, frame in tables.items()}
    summary = manifest(results, inputs, {k: len(v) for k, v in tables.items()})
    write_json(summary | {"csv_sha256": digests}, out_dir / MANIFEST)
    return results, inputs, tables
