"""What each `cchc` command does, over the library: read its options, run it, say what became of
each file or report in one line each, and return its exit status (:mod:`cli` parses the command
line and turns failures into lines)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from cchc_analysis.errors import InputError
from cchc_analysis.terminal import say

#: Exit statuses: every file done; some failed (the others written); an error the user can fix
#: (a CchcError, an OS error); a bug in cchc; interrupted.
OK, SOME_FAILED, USER_ERROR, BUG, INTERRUPTED = 0, 1, 2, 3, 130


def _split(values: Sequence[str] | None) -> list[str] | None:
    """Repeated and comma-separated option values as one list (None when none given)."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()] or None


def _print_run(run, out: str) -> int:
    """Each file's outcome, one line each; the summary line; the exit status."""
    for skipped in run.inputs.skipped:
        say("warning", skipped)
    for missing in run.inputs.missing + run.inputs.unlisted:
        say("error", missing)
    for result in run.results:
        if not result.ok:
            say("error", result.error)
        elif result.source not in run.derive_errors:
            counts = result.counts
            say(
                "ok",
                f"{result.source}: {result.meta.agency}, {result.meta.period} "
                f"({counts['observations']} rows, {counts['narrative']} sections)",
            )
    for source, error in run.derive_errors.items():
        say("error", f"{source}: {error}")
    for error in run.roster_errors:
        say("error", error)
    if run.tables and len(run.tables["roster"]):
        say(
            "ok",
            f"roster: {len(run.tables['roster'])} agencies must report "
            f"({', '.join(source for _, source in run.inputs.roster)})",
        )
    unlisted = len(run.inputs.unlisted)
    total = len(run.results) + len(run.inputs.missing) + unlisted
    if not run.results and not run.inputs.missing:
        say("error", "no report files (.txt, .docx, .xlsx, .pdf, scans) found")
    if not run.tables:
        say("error", f"no file ingested; {out} left as it was")
        return 1
    counts = run.severities
    folders = f"; {unlisted} folder{'s' * (unlisted > 1)} could not be read" if unlisted else ""
    say(
        "done",
        f"{total - run.failed} of {total} files ingested into {out}{folders}; findings: "
        f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
        f"{counts.get('info', 0)} notes (see `cchc check`)",
    )
    return 1 if run.failed or not run.results else 0


def ingest(args: argparse.Namespace) -> int:
    from cchc_analysis.derive.store_runs import ingest as run_ingest
    from cchc_analysis.sources.limits import MB, Limits

    paths = [Path(p) for p in (args.paths or [Path("data") / "raw"])]
    limits = Limits(
        max_bytes=int(args.max_file_mb * MB),
        max_unpacked_bytes=int(args.max_unpacked_mb * MB),
        max_entries=args.max_entries,
        max_rows=args.max_rows,
        max_columns=args.max_columns,
        max_cells=args.max_cells,
        max_pages=args.max_pages,
        max_page_pixels=int(args.max_page_mp * 1e6),
    )
    run = run_ingest(
        paths,
        Path(args.out),
        agency=args.agency,
        period=args.period,
        limits=limits,
        province=args.province,
        force=args.force,
    )
    return _print_run(run, args.out)


def derive(args: argparse.Namespace) -> int:
    from cchc_analysis.derive.store_runs import derive as run_derive

    run = run_derive(Path(args.data), force=args.force)
    for source, error in run.derive_errors.items():
        say("error", f"{source}: {error}")
    counts = run.tables["findings"]["severity"].value_counts()
    say(
        "done",
        f"derived {len(run.tables['indicators'])} indicators and "
        f"{len(run.tables['findings'])} findings ({counts.get('error', 0)} errors) into {args.data}",
    )
    return 1 if run.derive_errors else 0


def check(args: argparse.Namespace) -> int:
    from cchc_analysis.report.content.check_listing import print_findings

    return print_findings(
        args.data, args.format, args.severity, args.agency, args.period, args.fail_on, args.province
    )


def export(args: argparse.Namespace) -> int:
    from cchc_analysis.export import export as run_export
    from cchc_analysis.export import export_beside_reports

    if args.beside_reports:
        if args.out or args.format != "xlsx" or args.province or args.period or args.agency or args.tables:
            raise InputError(
                "--beside-reports writes every province's whole workbook; it takes no other option but --data"
            )
        done = export_beside_reports(args.data, args.beside_reports)
    else:
        done = [
            run_export(
                args.data, args.format, args.province, args.period, args.agency, _split(args.tables), args.out
            )
        ]
    for result in done:
        say("done", f"exported {len(result.slice.tables)} tables, {result.rows} rows, into {result.path}")
    return 0


def render(args: argparse.Namespace) -> int:
    from cchc_analysis.report.run.render import render as run_render

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    result = run_render(
        args.data,
        args.out,
        _split(args.period),
        args.agency,
        formats,
        args.jobs,
        args.force,
        provinces=args.province,
    )
    return result.exit_code


def verify(args: argparse.Namespace) -> int:
    from cchc_analysis.report.run.verify import verify as run_verify

    checks = run_verify(
        args.data, args.out, _split(args.period), args.agency, jobs=args.jobs, provinces=args.province
    )
    for check in checks:
        print(check.line())
    bad = [c for c in checks if not c.identical]
    say("done", f"{len(checks) - len(bad)} of {len(checks)} published reports identical")
    return 1 if bad else 0
