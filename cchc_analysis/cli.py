"""`cchc ingest | check | render | verify`: thin commands over the library."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc_analysis import __version__
from cchc_analysis.report.render import add_render_commands
from cchc_analysis.store.io import DEFAULT_DIR


def _ingest(args: argparse.Namespace) -> int:
    from cchc_analysis.store.ingest import ingest

    paths = [Path(p) for p in (args.paths or [Path("data") / "raw"])]
    results, inputs, tables = ingest(paths, Path(args.out), agency=args.agency, period=args.period)
    for skipped in inputs.skipped:
        print(f"warning: {skipped}", file=sys.stderr)
    for missing in inputs.missing:
        print(f"error: {missing}", file=sys.stderr)
    failed = len(inputs.missing)
    for result in results:
        if result.error is not None:
            failed += 1
            print(f"error: {result.error}", file=sys.stderr)
        else:
            meta = result.meta
            print(f"ok: {result.path.name}: {meta.agency}, {meta.period} "
                  f"({len(result.observations)} rows, {len(result.sections)} sections)")
    findings = tables["findings"]
    for finding in findings[findings.rule == "unknown_row"].itertuples():
        print(f"warning: {finding.source}: {finding.locator}: {finding.message}", file=sys.stderr)
    counts = findings.severity.value_counts()
    if not results and not inputs.missing:
        print(f"error: no report files (.txt, .docx, .xlsx) under {', '.join(map(str, paths))}",
              file=sys.stderr)
    if failed == len(results) + len(inputs.missing):
        print(f"no file ingested; {args.out} left as it was")
        return 1
    print(f"{len(results) + len(inputs.missing) - failed} of {len(results) + len(inputs.missing)} "
          f"files ingested into {args.out}; "
          f"findings: {counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
          f"{counts.get('info', 0)} notes (see `cchc check`)")
    return 1 if failed or not results else 0


def _check(args: argparse.Namespace) -> int:
    from cchc_analysis.report.findings_text import print_findings

    return print_findings(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Turn Vietnamese administrative-reform (CCHC) reports into clean data, "
        "checked indicators and per-period reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="read raw reports (.txt, .docx, .xlsx) into the processed store",
        description="Read raw CCHC reports and rebuild the store from them: observations, "
        "narrative, indicators, comparisons, findings, documents, claims (Parquet + CSV) and "
        "manifest.json. Exit status 0 when every file parsed, 1 when any failed; the good files "
        "are written either way (when none parsed, the store is left as it was).",
    )
    ingest.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a report file or a folder of them (default: data/raw)",
    )
    ingest.add_argument(
        "--out", default=str(DEFAULT_DIR), metavar="DIR",
        help="folder of the processed store (default: data/processed)",
    )
    ingest.add_argument(
        "--period", metavar="P",
        help="reporting period for every file, overriding the report's own "
        "(2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M, 2023)",
    )
    ingest.add_argument(
        "--agency", metavar="NAME",
        help="reporting agency for every file, overriding the report's own (e.g. 'Sở Nội vụ')",
    )
    ingest.set_defaults(run=_ingest)

    check = commands.add_parser(
        "check",
        help="print the consistency findings of the store",
        description="Print the findings of the consistency checks (a stated rate that its own "
        "counts do not give, parts that do not add up to their total, a narrative figure that "
        "differs from the appendix, …), grouped by severity, each with the line it points to.",
    )
    check.add_argument("--data", default=None, metavar="DIR",
                       help="folder of the processed store (default: data/processed)")
    check.add_argument("--format", choices=("text", "csv", "json"), default="text",
                       help="text: a readable table grouped by severity (default); csv or json: "
                       "every column, for other tools")
    check.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                       help="lowest severity shown (default: info, i.e. everything)")
    check.add_argument("--agency", action="append", metavar="NAME",
                       help="only this agency (repeatable)")
    check.add_argument("--period", action="append", metavar="P",
                       help="only this period, e.g. 2023-H1 (repeatable)")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="never",
                       help="exit 1 when a finding of this severity or worse is shown (default: never)")
    check.set_defaults(run=_check)
    add_render_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `cchc check | head`: the reader has gone, nothing left to say
        sys.stderr.close()
        return 0
