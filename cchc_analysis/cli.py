"""`cchc ingest | derive | check | render | verify`: the whole command line, thin over the library.

Every failure the user can cause (a bad file, an unknown agency, a locked or damaged store) is one
line on stderr and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cchc_analysis import __version__
from cchc_analysis.store.files import DEFAULT_DIR, StoreError

#: Errors a command reports as one line (exit status 2) instead of a traceback.
USER_ERRORS = (StoreError, ValueError, FileNotFoundError)  # a SchemaViolation is a ValueError


def _split(values: Sequence[str] | None) -> list[str] | None:
    """Repeated and comma-separated option values as one list (None when none given)."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()] or None


def _print_run(run, out: str) -> int:
    """Each file's outcome, one line each; the summary line; the exit status."""
    for skipped in run.inputs.skipped:
        print(f"warning: {skipped}", file=sys.stderr)
    for missing in run.inputs.missing + run.inputs.unlisted:
        print(f"error: {missing}", file=sys.stderr)
    for result in run.results:
        if not result.ok:
            print(f"error: {result.error}", file=sys.stderr)
        elif result.source not in run.derive_errors:
            counts = result.counts
            print(f"ok: {result.source}: {result.meta.agency}, {result.meta.period} "
                  f"({counts['observations']} rows, {counts['narrative']} sections)")
    for source, error in run.derive_errors.items():
        print(f"error: {source}: {error}", file=sys.stderr)
    for error in run.roster_errors:
        print(f"error: {error}", file=sys.stderr)
    if run.tables and len(run.tables["roster"]):
        print(f"roster: {len(run.tables['roster'])} agencies must report "
              f"({', '.join(source for _, source in run.inputs.roster)})")
    unlisted = len(run.inputs.unlisted)
    total = len(run.results) + len(run.inputs.missing) + unlisted
    if not run.results and not run.inputs.missing:
        print("error: no report files (.txt, .docx, .xlsx) found", file=sys.stderr)
    if not run.tables:
        print(f"no file ingested; {out} left as it was")
        return 1
    counts = run.severities
    folders = f"; {unlisted} folder{'s' * (unlisted > 1)} could not be read" if unlisted else ""
    print(f"{total - run.failed} of {total} files ingested into {out}{folders}; findings: "
          f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
          f"{counts.get('info', 0)} notes (see `cchc check`)")
    return 1 if run.failed or not run.results else 0


def _ingest(args: argparse.Namespace) -> int:
    from cchc_analysis.pipeline import ingest
    from cchc_analysis.sources.limits import MB, Limits

    paths = [Path(p) for p in (args.paths or [Path("data") / "raw"])]
    limits = Limits(max_bytes=int(args.max_file_mb * MB),
                    max_unpacked_bytes=int(args.max_unpacked_mb * MB),
                    max_entries=args.max_entries, max_rows=args.max_rows,
                    max_columns=args.max_columns, max_cells=args.max_cells,
                    max_pages=args.max_pages, max_page_pixels=int(args.max_page_mp * 1e6))
    run = ingest(paths, Path(args.out), agency=args.agency, period=args.period, limits=limits,
                 province=args.province)
    return _print_run(run, args.out)


def _derive(args: argparse.Namespace) -> int:
    from cchc_analysis.pipeline import derive

    run = derive(Path(args.data))
    for source, error in run.derive_errors.items():
        print(f"error: {source}: {error}", file=sys.stderr)
    counts = run.tables["findings"]["severity"].value_counts()
    print(f"derived {len(run.tables['indicators'])} indicators and {len(run.tables['findings'])} "
          f"findings ({counts.get('error', 0)} errors) into {args.data}")
    return 1 if run.derive_errors else 0


def _check(args: argparse.Namespace) -> int:
    from cchc_analysis.report.findings_text import print_findings

    return print_findings(args.data, args.format, args.severity, args.agency, args.period,
                          args.fail_on, args.province)


def _render(args: argparse.Namespace) -> int:
    from cchc_analysis.report.render import render

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    result = render(args.data, args.out, _split(args.period), args.agency, formats, args.jobs,
                    args.force, provinces=args.province)
    return result.exit_code


def _verify(args: argparse.Namespace) -> int:
    from cchc_analysis.report.verify import verify

    checks = verify(args.data, args.out, _split(args.period), args.agency, jobs=args.jobs,
                    provinces=args.province)
    for check in checks:
        print(check.line())
    bad = [c for c in checks if not c.identical]
    print(f"{len(checks) - len(bad)} of {len(checks)} published reports identical")
    return 1 if bad else 0


def positive_int(text: str) -> int:
    """An argparse type: a whole number ≥ 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number ≥ 1")
    return number


def _store_option(parser: argparse.ArgumentParser, name: str = "--data") -> None:
    parser.add_argument(name, default=str(DEFAULT_DIR), metavar="DIR",
                        help="folder of the processed store (default: data/processed)")


def _add_ingest(commands) -> None:
    ingest = commands.add_parser(
        "ingest", help="read raw reports (.txt, .docx, .xlsx) into the processed store",
        description="Read raw CCHC reports and rebuild the store from them (ingest tables, then "
        "every derived table), as one transaction. Exit status 0 when every file parsed, 1 when "
        "any failed; the good files are written either way (when none parsed, the store is left "
        "as it was).")
    ingest.add_argument("paths", nargs="*", metavar="PATH",
                        help="a report file or a folder of them (default: data/raw)")
    _store_option(ingest, "--out")
    ingest.add_argument("--period", metavar="P",
                        help="reporting period for every file, overriding its sidecar and the "
                        "report's own (2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M, 2023)")
    ingest.add_argument("--agency", metavar="NAME",
                        help="reporting agency for every file, overriding its sidecar and the "
                        "report's own (e.g. 'Sở Nội vụ')")
    ingest.add_argument("--province", metavar="NAME",
                        help="province of every file, overriding its sidecar and its letterhead "
                        "(e.g. 'Khánh Hòa')")
    for option, default, what in (
            ("--max-file-mb", 100, "size of one input file, in MB"),
            ("--max-unpacked-mb", 200, "unpacked size of a .docx/.xlsx package, in MB"),
            ("--max-entries", 10_000, "entries in a .docx/.xlsx package"),
            ("--max-rows", 100_000, "rows of one appendix table or sheet"),
            ("--max-columns", 1_000, "columns of one sheet row or Word table row"),
            ("--max-cells", 200_000, "cells of one workbook, counted as they are read"),
            ("--max-pages", 500, "pages of a PDF or scanned report"),
            ("--max-page-mp", 40, "millions of pixels of one scanned page as OCR reads it")):
        ingest.add_argument(option, type=positive_int, default=default, metavar="N",
                            help=f"refuse a file over this limit: {what} (default: {default:_})")
    ingest.set_defaults(run=_ingest)
    derive = commands.add_parser(
        "derive", help="derive indicators, comparisons and findings again from the store",
        description="Rerun the derive stage (catalogue match, indicators, documents, narrative "
        "figures, checks, comparisons) on the store's ingest tables, e.g. after the catalogue or "
        "a rule changed. Each agency × period is derived on its own: a failure is named and the "
        "others are still written.")
    _store_option(derive)
    derive.set_defaults(run=_derive)


def _add_check(commands) -> None:
    check = commands.add_parser(
        "check", help="print the consistency findings of the store",
        description="Print the findings of the consistency checks (a stated rate that its own "
        "counts do not give, parts that do not add up to their total, a narrative figure that "
        "differs from the appendix, …), grouped by severity, each with the line it points to.")
    _store_option(check)
    check.add_argument("--format", choices=("text", "csv", "json"), default="text",
                       help="text: a readable table grouped by severity (default); csv or json: "
                       "every column, for other tools")
    check.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                       help="lowest severity shown (default: info, i.e. everything)")
    check.add_argument("--agency", action="append", metavar="NAME", help="only this agency (repeatable)")
    check.add_argument("--period", action="append", metavar="P",
                       help="only this period, e.g. 2023-H1 (repeatable)")
    check.add_argument("--province", action="append", metavar="NAME",
                       help="only this province, e.g. 'Khánh Hòa' (repeatable)")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="never",
                       help="exit 1 when a finding of this severity or worse is shown (default: never)")
    check.set_defaults(run=_check)


def _add_render(commands) -> None:
    def common(parser) -> None:
        _store_option(parser)
        parser.add_argument("--period", action="extend", nargs="+", metavar="P",
                            help="only these periods (2023-H1 …); repeatable")
        parser.add_argument("--agency", action="extend", nargs="+", metavar="A",
                            help="only these agencies (name as in the store, or its slug); repeatable")
        parser.add_argument("--province", action="extend", nargs="+", metavar="NAME",
                            help="only these provinces ('Khánh Hòa' …); repeatable")
        parser.add_argument("--out", default="reports", metavar="DIR",
                            help="folder of the published reports (default: reports)")
        parser.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1, metavar="N",
                            help="reports rendered at a time, each in its own kernel (default: cores)")

    render = commands.add_parser(
        "render", help="render per-period reports (HTML, PDF) and the index from the store",
        description="Run notebooks/period_report.ipynb for every agency × period of the store (or "
        "those named) and notebooks/period_overview.ipynb for every period, into "
        "OUT/<agency-slug>/<period>/report.{ipynb,html,pdf,json}, OUT/<period>/overview.* and "
        "OUT/index.html. Reports whose inputs are unchanged are reused (--force renders anyway). "
        "Exit status 1 when any report failed; the others are still written.")
    common(render)
    render.add_argument("--format", default="html,pdf", metavar="FMT",
                        help="comma-separated: html, pdf (default: html,pdf)")
    render.add_argument("--force", action="store_true", help="render even when nothing changed")
    render.set_defaults(run=_render)
    verify = commands.add_parser(
        "verify", help="re-render into a temporary folder and compare report models and figures",
        description="Render the reports again into a temporary folder and check that each "
        "published report's model (every table cell and value, report.json) and every figure are "
        "identical; name the first cell that differs. Exit status 1 when any report differs or "
        "is missing.")
    common(verify)
    verify.set_defaults(run=_verify)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Turn Vietnamese administrative-reform (CCHC) reports into clean data, "
        "checked indicators and per-period reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_ingest(commands)
    _add_check(commands)
    _add_render(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder that cannot be written (read-only, full disk, …)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `cchc check | head`: the reader has gone, nothing left to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: what was written is whole (every write is a swap)
        print("stopped: interrupted; what was already written is complete, the rest is not "
              "written (run the command again)", file=sys.stderr)
        return 130
