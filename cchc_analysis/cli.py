"""`cchc ingest | derive | check | export | render | verify`: the whole command line, thin over
the library.

Every failure the user can cause (a bad file, an unknown agency, a locked or damaged store) is a
:class:`~cchc_analysis.errors.CchcError`: one line on stderr and exit status 2, never a traceback.
Anything else is a bug in cchc: one line saying so and where its traceback was written (a
:class:`~cchc_analysis.errors.BugLog`), exit status 3; ``--debug`` also prints it, with the
progress detail every module logs.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import sys
from pathlib import Path

from cchc_analysis import __version__, commands
from cchc_analysis.commands import BUG, INTERRUPTED, USER_ERROR
from cchc_analysis.errors import BugLog, CchcError, os_error_line, start_logging, stop_logging, where_logged
from cchc_analysis.store.files import DEFAULT_DIR
from cchc_analysis.terminal import say

log = logging.getLogger(__name__)


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
    parser.add_argument(
        name,
        default=str(DEFAULT_DIR),
        metavar="DIR",
        help="folder of the processed store (default: data/processed)",
    )


def _force_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even when a store file was edited by hand (a link replaced "
        "by a plain file, a file changed since written), discarding the edit; "
        "without it the command refuses and names the file (see `cchc check`)",
    )


def _add_ingest(subparsers) -> None:
    ingest = subparsers.add_parser(
        "ingest",
        help="read raw reports (.txt, .docx, .xlsx, .pdf, scans) into the processed store",
        description="Read raw CCHC reports and rebuild the store from them (ingest tables, then "
        "every derived table), as one transaction. Exit status 0 when every file parsed, 1 when "
        "any failed; the good files are written either way (when none parsed, the store is left "
        "as it was).",
    )
    ingest.add_argument(
        "paths", nargs="*", metavar="PATH", help="a report file or a folder of them (default: data/raw)"
    )
    _store_option(ingest, "--out")
    ingest.add_argument(
        "--period",
        metavar="P",
        help="reporting period for every file, overriding its sidecar and the "
        "report's own (2023-Q1…2023-Q4, 2023-H1, 2023-H2, 2023-9M, 2023)",
    )
    ingest.add_argument(
        "--agency",
        metavar="NAME",
        help="reporting agency for every file, overriding its sidecar and the report's own (e.g. 'Sở Nội vụ')",
    )
    ingest.add_argument(
        "--province",
        metavar="NAME",
        help="province of every file, overriding its sidecar and its letterhead (e.g. 'Khánh Hòa')",
    )
    for option, default, what in (
        ("--max-file-mb", 100, "size of one input file, in MB"),
        ("--max-unpacked-mb", 200, "unpacked size of a .docx/.xlsx package, in MB"),
        ("--max-entries", 10_000, "entries in a .docx/.xlsx package"),
        ("--max-rows", 100_000, "rows of one appendix table or sheet"),
        ("--max-columns", 1_000, "columns of one sheet row or Word table row"),
        ("--max-cells", 200_000, "cells of one workbook, counted as they are read"),
        ("--max-pages", 500, "pages of a PDF or scanned report"),
        ("--max-page-mp", 40, "millions of pixels of one scanned page as OCR reads it"),
    ):
        ingest.add_argument(
            option,
            type=positive_int,
            default=default,
            metavar="N",
            help=f"refuse a file over this limit: {what} (default: {default:_})",
        )
    _force_option(ingest)
    ingest.set_defaults(run=commands.ingest)
    derive = subparsers.add_parser(
        "derive",
        help="derive indicators, comparisons and findings again from the store",
        description="Rerun the derive stage (catalogue match, indicators, documents, narrative "
        "figures, checks, comparisons) on the store's ingest tables, e.g. after the catalogue or "
        "a rule changed. Each agency × period is derived on its own: a failure is named and the "
        "others are still written.",
    )
    _store_option(derive)
    _force_option(derive)
    derive.set_defaults(run=commands.derive)


def _add_check(subparsers) -> None:
    check = subparsers.add_parser(
        "check",
        help="print the consistency findings of the store",
        description="Print the findings of the consistency checks (a stated rate that its own "
        "counts do not give, parts that do not add up to their total, a narrative figure that "
        "differs from the appendix, …), grouped by severity, each with the line it points to.",
    )
    _store_option(check)
    check.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help="text: a readable table grouped by severity (default); csv or json: every column, for other tools",
    )
    check.add_argument(
        "--severity",
        choices=("error", "warning", "info"),
        default="info",
        help="lowest severity shown (default: info, i.e. everything)",
    )
    check.add_argument("--agency", action="append", metavar="NAME", help="only this agency (repeatable)")
    check.add_argument(
        "--period", action="append", metavar="P", help="only this period, e.g. 2023-H1 (repeatable)"
    )
    check.add_argument(
        "--province",
        action="append",
        metavar="NAME",
        help="only this province, e.g. 'Khánh Hòa' (repeatable)",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="never",
        help="exit 1 when a finding of this severity or worse is shown (default: never)",
    )
    check.set_defaults(run=commands.check)


def _add_export(subparsers) -> None:
    export = subparsers.add_parser(
        "export",
        help="write the slice of the store you name as .xlsx or .csv",
        description="Write the rows of the store's current version that a province, period "
        "and agency name (each as in the store or its slug; every one when not given) as one "
        "Excel workbook (a front sheet 'Thông tin' with the store version, then a sheet per "
        "table) or as CSV files. A table longer than an Excel sheet is refused: narrow the "
        "slice. Exit status 2 on an unknown name or an empty slice.",
    )
    _store_option(export)
    export.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        default="xlsx",
        help="xlsx: one workbook (default); csv: a CSV file per table, in a "
        "folder, or in one .zip when --out ends in .zip",
    )
    export.add_argument("--province", metavar="NAME", help="only this province ('Khánh Hòa')")
    export.add_argument("--period", metavar="P", help="only this period (2023-H1 …)")
    export.add_argument("--agency", metavar="NAME", help="only this agency (name or slug)")
    export.add_argument(
        "--tables", action="append", metavar="T1,T2", help="only these tables (default: every table)"
    )
    export.add_argument(
        "--out",
        metavar="FILE",
        help="where to write (default: exports/<slice>.xlsx, or the folder exports/<slice>/ for csv)",
    )
    export.add_argument(
        "--beside-reports",
        metavar="DIR",
        help="instead: every province's whole workbook as "
        "DIR/<province-slug>/du-lieu.xlsx, beside its reports (make report)",
    )
    export.set_defaults(run=commands.export)


def _add_render(subparsers) -> None:
    def common(parser) -> None:
        _store_option(parser)
        parser.add_argument(
            "--period",
            action="extend",
            nargs="+",
            metavar="P",
            help="only these periods (2023-H1 …); repeatable",
        )
        parser.add_argument(
            "--agency",
            action="extend",
            nargs="+",
            metavar="A",
            help="only these agencies (name as in the store, or its slug); repeatable",
        )
        parser.add_argument(
            "--province",
            action="extend",
            nargs="+",
            metavar="NAME",
            help="only these provinces ('Khánh Hòa' …); repeatable",
        )
        parser.add_argument(
            "--out",
            default="reports",
            metavar="DIR",
            help="folder of the published reports (default: reports)",
        )
        parser.add_argument(
            "--jobs",
            type=positive_int,
            default=os.cpu_count() or 1,
            metavar="N",
            help="reports rendered at a time, each in its own kernel (default: cores)",
        )

    render = subparsers.add_parser(
        "render",
        help="render per-period reports (HTML, PDF) and the index from the store",
        description="Run notebooks/period_report.ipynb for every agency × period of the store (or "
        "those named) and notebooks/period_overview.ipynb for every period, into "
        "OUT/<agency-slug>/<period>/report.{ipynb,html,pdf,json}, OUT/<period>/overview.* and "
        "OUT/index.html. Reports whose inputs are unchanged are reused (--force renders anyway). "
        "Exit status 1 when any report failed; the others are still written.",
    )
    common(render)
    render.add_argument(
        "--format", default="html,pdf", metavar="FMT", help="comma-separated: html, pdf (default: html,pdf)"
    )
    render.add_argument("--force", action="store_true", help="render even when nothing changed")
    render.set_defaults(run=commands.render)
    verify = subparsers.add_parser(
        "verify",
        help="re-render into a temporary folder and compare report models and figures",
        description="Render the reports again into a temporary folder and check that each "
        "published report's model (every table cell and value, report.json) and every figure are "
        "identical; name the first cell that differs. Exit status 1 when any report differs or "
        "is missing.",
    )
    common(verify)
    verify.set_defaults(run=commands.verify)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Turn Vietnamese administrative-reform (CCHC) reports into clean data, "
        "checked indicators and per-period reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _debug_option(parser, False)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_ingest(subparsers)
    _add_check(subparsers)
    _add_export(subparsers)
    _add_render(subparsers)
    for command in subparsers.choices.values():  # `cchc --debug check` and `cchc check --debug`
        _debug_option(command, argparse.SUPPRESS)
    return parser


def _debug_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help="print progress detail and, for a bug, its traceback on stderr",
    )


def _logging(args: argparse.Namespace) -> BugLog:
    """Bug logs beside the store or reports the command works on (see :func:`start_logging`)."""
    folder = getattr(args, "out", None) if args.command in ("ingest", "render", "verify") else None
    folder = folder or getattr(args, "data", None)
    return start_logging(Path(folder).expanduser() if folder else None, args.command, args.debug)


def _reader_gone(stream) -> bool:
    """Whether ``stream`` writes into a pipe whose reader has closed it (poll says POLLERR)."""
    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # not a file descriptor: not a pipe either
        return False


def _os_error(exc: OSError) -> int:
    """An OS error as one line naming its file and what to do; exit status 2."""
    say("error", os_error_line(exc))
    return 2


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    bugs = _logging(args)
    try:
        status = _run(args)
        if bugs.count and status != BUG:  # files or reports failed on a bug: said once, here
            n = bugs.count
            say(
                "error",
                f"{n} failure{'s are bugs' if n > 1 else ' is a bug'} in cchc (above); "
                f"{where_logged()}; please report {'them' if n > 1 else 'it'}",
            )
        return status
    finally:
        stop_logging()


def _run(args: argparse.Namespace) -> int:
    """The command, its failures turned into one line and an exit status."""
    try:
        status = args.run(args)
        sys.stdout.flush()  # a reader gone is met here, not in the interpreter's exit
        return status
    except BrokenPipeError as exc:  # `cchc check | head`: nothing left to say, to no one
        gone = [stream for stream in (sys.stdout, sys.stderr) if _reader_gone(stream)]
        if not gone:  # another pipe of the program's own (a render lane's) broke
            return _os_error(exc)
        devnull = os.open(os.devnull, os.O_WRONLY)  # what is still buffered goes nowhere, quietly
        for stream in gone:
            os.dup2(devnull, stream.fileno())
        return 0
    except (CchcError, FileNotFoundError) as exc:
        say("error", exc)
        return USER_ERROR
    except OSError as exc:  # a folder that cannot be written (read-only, full disk, …)
        return _os_error(exc)
    except KeyboardInterrupt:  # Ctrl-C: what was written is whole (every write is a swap)
        say(
            "stopped",
            "interrupted; what was already written is complete, the rest is not written (run the command again)",
        )
        return INTERRUPTED
    except Exception as exc:  # anything else is a bug: its traceback to the log, one line here
        log.error("bug in `cchc %s`", args.command, exc_info=exc)
        say("error", f"a bug in cchc ({type(exc).__name__}: {exc}); {where_logged()}; please report it")
        return BUG
