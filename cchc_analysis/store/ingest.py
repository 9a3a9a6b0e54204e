"""Ingest: raw files → the document model → the ingest tables (sources, observations, paragraphs,
narrative). Then derive runs on them and everything is written to the store as one transaction.

A file that fails is reported (one line naming it) and left out; the other files of the same run
are still parsed and written. Raw files are only ever read. ``source`` is each file's path
relative to the folder it was found in (two ``r.txt`` in different folders are two sources).
A report without its statistics appendix gives no observations (derive says so with the finding
``missing_appendix``); the other tables a reader skipped are listed in the manifest entry of their
file (``skipped_tables``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from cchc_analysis import __version__
from cchc_analysis.errors import SourceError, bug
from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.parse.metadata import SIDECAR_SUFFIX, Metadata, resolve
from cchc_analysis.parse.names import Roster
from cchc_analysis.parse.narrative import paragraph_records, sections
from cchc_analysis.parse.roster import ROSTER_NAME, read_roster
from cchc_analysis.sources import SUPPORTED_SUFFIXES, read_report
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, open_checked
from cchc_analysis.sources.model import Report
from cchc_analysis.store.spill import Spill
from cchc_analysis.store.walk import walk

#: Bump when the parser's output for the same input changes.
PARSER_VERSION = "2"
log = logging.getLogger(__name__)
SIGNATURE_NOTE = (
    "recorded as the PDF declares it; not validated (certificate chain, revocation "
    "and the signed digest are not checked)"
)


@dataclass
class FileResult:
    """What one input gave: its identity and rows, or the error that stopped it."""

    path: Path
    source: str
    sha256: str = ""
    report: Report | None = None
    meta: Metadata | None = None
    rows: dict[str, list[dict]] = field(default_factory=dict)
    error: SourceError | None = None
    #: rows per table (kept when the rows are parked in a :class:`Spill`)
    counts: dict[str, int] = field(default_factory=dict)
    #: the other tables its reader recognised and skipped
    skipped: list[str] = field(default_factory=list)
    #: where its rows are in the run's spill (None: in ``rows``)
    spilled: int | None = None
    #: its identity as the roster settled it (``agency``, ``province``: every row; the rest:
    #: its ``sources`` row), applied when its rows are read (:func:`rows_of`)
    settled: dict = field(default_factory=dict)
    #: a PDF's pages and signature (the ``sources`` columns of :func:`_paged`)
    paged: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Inputs:
    """What the paths given expand to: (file, source name) pairs, files skipped, missing paths."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[SourceError] = field(default_factory=list)
    missing: list[SourceError] = field(default_factory=list)
    #: the roster of agencies that must report (``agencies.csv`` at the top of an input folder)
    roster: list[tuple[Path, str]] = field(default_factory=list)
    #: folders (and links) under an input folder that could not be listed: failures, not skips
    unlisted: list[SourceError] = field(default_factory=list)


def find_inputs(paths: list[Path]) -> Inputs:
    """Expand folders into their report files (sorted), each named relative to its folder; a
    folder that cannot be listed is kept as a failure (:func:`walk`)."""
    inputs = Inputs()
    for path in paths:
        if path.is_dir():
            children, unlisted = walk(path, str(path))
            inputs.unlisted += unlisted
            for child, relative in children:
                if child.name.startswith(".") or child.name.endswith(SIDECAR_SUFFIX):
                    continue
                if relative == ROSTER_NAME:
                    inputs.roster.append((child, relative))
                elif child.suffix.lower() in SUPPORTED_SUFFIXES:
                    inputs.files.append((child, relative))
                elif child.suffix.lower() != ".md":
                    inputs.skipped.append(
                        SourceError(relative, f"skipped: unsupported file type '{child.suffix}'")
                    )
        elif path.name == ROSTER_NAME:
            inputs.roster.append((path, path.name))
        elif path.exists():  # a file, or a pipe or device that ingest_file names for what it is
            inputs.files.append((path, path.name))
        elif path.is_symlink():
            inputs.missing.append(
                SourceError(
                    str(path),
                    "a link that leads nowhere (its target is missing, or it points back to itself)",
                )
            )
        else:
            inputs.missing.append(SourceError(str(path), "no such file or folder"))
    inputs.files = _distinct(inputs.files)
    return inputs


def _distinct(files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Sources that are one name from two places ("a/r.txt", "b/r.txt" given as two paths) get
    their path from the folder they share, never the machine's absolute path."""
    names = [source for _, source in files]
    clashing = [path.resolve() for path, source in files if names.count(source) > 1]
    if not clashing:
        return files
    common = Path(os.path.commonpath([p.parent for p in clashing]))
    return [
        (path, path.resolve().relative_to(common).as_posix() if names.count(source) > 1 else source)
        for path, source in files
    ]


def _sha256(path: Path, limits: Limits) -> str:
    """The file's SHA-256, read in blocks (never the whole file in memory), once it passed the
    check every input passes (a regular, readable file within the size limit)."""
    with open_checked(path, limits) as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def ingest_file(
    path: Path,
    source: str,
    agency: str | None = None,
    period: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    province: str | None = None,
) -> FileResult:
    """Read, identify and parse one file; any failure becomes the result's ``error``."""
    result = FileResult(path, source)
    log.debug("reading %s", source)
    try:
        result.sha256 = _sha256(path, limits)
        report = read_report(path, limits)
        meta = resolve(report, agency=agency, period=period, province=province, limits=limits)
        observations = to_observations(report.appendix)
        if report.appendix and not observations:
            raise SourceError(source, "the appendix table has a header but no rows")
    except SourceError as exc:  # named by the input's source; its sidecar by the sidecar's
        sidecar = exc.source.endswith(SIDECAR_SUFFIX)
        result.error = SourceError(source + SIDECAR_SUFFIX if sidecar else source, exc.message, exc.locator)
        return result
    except FileNotFoundError:
        result.error = SourceError(source, "the file vanished before it could be read")
        return result
    except OSError as exc:  # unreadable: permissions, I/O errors
        result.error = SourceError(source, f"cannot be read ({exc.strerror or type(exc).__name__})")
        return result
    except Exception as exc:  # a reader bug must not cost the other files of the run
        result.error = SourceError(source, f"could not be read: {bug(log, exc, f'reading {source}')}")
        return result
    identity = {
        "province": meta.province,
        "agency": meta.agency,
        "period": str(meta.period),
        "source": source,
    }
    result.report, result.meta, result.skipped = report, meta, list(report.skipped)
    result.paged = _paged(report)
    result.rows = {
        "sources": [
            {
                **identity,
                "province_from": meta.province_from,
                "agency_from": meta.agency_from,
                "period_from": meta.period_from,
                "reader": report.reader,
                "file_sha256": result.sha256,
                "bytes": path.stat().st_size,
                "title": report.title or None,
                "appendix_heading": "\n".join(report.appendix_heading) or None,
                "source_url": meta.extra.get("source_url"),
                "received": meta.extra.get("received"),
                **result.paged,
                "period_rule": meta.period_evidence.chosen.rule,
                "period_conflict": bool(meta.period_evidence.conflicts),
                "period_statements": meta.period_evidence.to_json(),
            }
        ],
        "observations": [{**identity, **row} for row in observations],
        "paragraphs": [{**identity, **row} for row in paragraph_records(report.paragraphs)],
        "narrative": [{**identity, **row} for row in sections(report.paragraphs)],
    }
    result.counts = {name: len(rows) for name, rows in result.rows.items()}
    return result


def _paged(report: Report) -> dict:
    """A PDF's or scan's pages and signature as the ``sources`` columns (NA for other files)."""
    signature = report.signature
    signed = None if report.reader != "pdf" else signature is not None
    return {
        "pages": report.pages,
        "ocr_pages": report.ocr_pages,
        "signed": signed,
        "signer": signature.signer if signature else None,
        "signed_at": signature.signed_at if signature else None,
        "signature_validated": False if signature else None,
    }


def park(result: FileResult, spill: Spill) -> None:
    """Move a parsed file's rows (and drop its document model) to the spill."""
    if result.ok:
        result.spilled = spill.put(result.rows)
    result.rows, result.report = {}, None


def rows_of(result: FileResult, spill: Spill | None = None) -> dict[str, list[dict]]:
    """A good file's rows (from the spill when parked), under the identity the roster settled."""
    rows = result.rows if result.spilled is None else spill.get(result.spilled)
    identity = {k: v for k, v in result.settled.items() if k in ("agency", "province")}
    for table in rows.values():
        for row in table:
            row |= identity
    rows["sources"][0] |= result.settled
    return rows


def settle(results: list[FileResult], roster: list[dict]) -> None:
    """Each report's final identity — its agency matched to the roster (:func:`match_roster`)
    — then the duplicates judged on it (:func:`reject_duplicates`)."""
    match_roster(results, roster)
    reject_duplicates(results)


def reject_duplicates(results: list[FileResult]) -> None:
    """Two files for the same agency and period would double every figure: keep the first."""
    seen: dict[tuple, str] = {}
    for result in results:
        if not result.ok or result.meta is None:
            continue
        key = (result.meta.province, result.meta.agency, str(result.meta.period))
        if key in seen:
            where = f" ({key[0]})" if key[0] else ""
            # without a province, one name may be two provinces' agencies: say how to tell them
            fix = (
                "remove one of the two files or pass --agency/--period"
                if key[0]
                else "neither names its province: if they are two provinces' agencies, give each "
                'its province (--province, or province = "…" in its .meta.toml); else '
                "remove one of the two files"
            )
            result.error = SourceError(
                result.source, f"{key[1]}{where} {key[2]} is already ingested from {seen[key]}; {fix}"
            )
        else:
            seen[key] = result.source


def match_roster(results: list[FileResult], roster: list[dict]) -> None:
    """With a roster, each report's agency matched to one roster line (parse/names.py): a match
    is stored under the roster's spelling and takes the roster's province where the report gave
    none or only its running text did; the evidence goes to ``sources`` (``roster_match``,
    ``agency_as_written``, ``roster_closest`` for no match — derive warns of it)."""
    if not roster:
        return
    lines = Roster(roster)
    for result in results:
        if not result.ok or result.meta is None:
            continue
        meta = result.meta
        weak = meta.province_from in (None, "text")  # the roster outranks the running text
        found = lines.match(meta.agency, None if weak else meta.province)
        settled = {"roster_match": found.evidence}
        if found.line is None:
            settled["roster_closest"] = json.dumps(list(found.closest), ensure_ascii=False)
        else:
            settled["agency"] = found.line["agency"]
            if found.line["agency"] != meta.agency:
                settled["agency_as_written"] = meta.agency
            province = found.line["province"]
            if province is not None and (weak or meta.province != province):
                settled |= {"province": province, "province_from": "roster" if weak else meta.province_from}
        result.settled = settled
        result.meta = replace(
            meta,
            agency=settled.get("agency", meta.agency),
            province=settled.get("province", meta.province),
            province_from=settled.get("province_from", meta.province_from),
        )


def ingest_records(results: list[FileResult], spill: Spill | None = None) -> Iterator[dict[str, list[dict]]]:
    """Each good file's ingest rows, in source order (the tables' key order), under the identity
    :func:`settle` gave it."""
    for result in sorted((r for r in results if r.ok), key=lambda r: r.source):
        yield rows_of(result, spill)


def read_rosters(found: Inputs, limits: Limits = DEFAULT_LIMITS) -> tuple[list[dict], list[SourceError]]:
    """Every roster found (usually one), and the errors of those that cannot be read."""
    rows, errors = [], []
    for path, source in found.roster:
        try:
            rows += read_roster(path, source, limits)
        except SourceError as exc:
            errors.append(exc)
    return rows, errors


def manifest(results: list[FileResult], found: Inputs) -> dict:
    """What went in, without timestamps so that reruns are byte-identical."""
    inputs = []
    for r in results:
        entry = {"file": r.source, "sha256": r.sha256 or None}
        if r.ok and r.meta is not None:
            entry |= {
                "agency": r.meta.agency,
                "period": str(r.meta.period),
                "errors": [],
                "skipped_tables": list(r.skipped),
            }
            if r.paged.get("signed") is not None:  # a PDF: signed or not
                entry["signed"] = r.paged["signed"]
                if r.paged["signed"]:
                    entry["signature"] = {
                        "signer": r.paged["signer"],
                        "signed_at": r.paged["signed_at"],
                        "validated": False,
                        "note": SIGNATURE_NOTE,
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
        "unlisted": [str(e) for e in found.unlisted],
    }


def read_inputs(
    paths: list[Path],
    agency: str | None = None,
    period: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    province: str | None = None,
    spill: Spill | None = None,
) -> tuple[list[FileResult], Inputs]:
    """Every input file read and parsed (failures kept as results with an error); with a
    ``spill``, each file's rows are parked there as soon as it is parsed."""
    found = find_inputs(paths)
    results = []
    for path, source in found.files:
        results.append(
            ingest_file(path, source, agency=agency, period=period, limits=limits, province=province)
        )
        if spill is not None:
            park(results[-1], spill)
    return results, found
