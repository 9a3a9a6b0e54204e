"""Benchmark: how long a hostile workbook or Word file takes to be refused by its limit, and how
long a workbook at the cell limit takes to read.

    python benchmarks/limits_bench.py [--rounds 5]

Builds (tests/hostile.py) a 1.5 KB workbook holding only A1 and XFD1048576 — with its true
dimension, a lying one (``A1``) and none — a sheet of 16 384 columns × 100 rows with and without
its dimension, a Word table whose one cell spans 5 000 000 columns, and a workbook of 200 000
cells (200 rows × 1 000 columns, no dimension) at the cell limit, and reads each with
``read_report`` under the default limits. Prints the median seconds of each as ``name: value``
lines (a refusal is the reader's SourceError; the issue's 16 384-column sheet took 47 s before
the reading was streamed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from cchc_analysis.errors import SourceError  # noqa: E402
from cchc_analysis.sources import read_report  # noqa: E402

from hostile import corner_rows, raw_xlsx, wide_rows  # noqa: E402


def spanning_docx(path: Path) -> Path:
    """A Word document whose one table cell declares a span of 5 000 000 grid columns."""
    document = Document()
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    properties = cell._tc.get_or_add_tcPr()
    properties.append(properties.makeelement(qn("w:gridSpan"), {qn("w:val"): "5000000"}))
    document.save(path)
    return path


def timed(path: Path, rounds: int) -> tuple[float, str]:
    """Median seconds of ``read_report(path)`` and what it gave (the refusal, or "read")."""
    times, outcome = [], ""
    for _ in range(rounds):
        start = time.perf_counter()
        try:
            read_report(path)
            outcome = "read"
        except SourceError as exc:
            outcome = str(exc)
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cases = {
            "corner_declared": raw_xlsx(tmp / "c1.xlsx", corner_rows(), "A1:XFD1048576"),
            "corner_lying_dimension": raw_xlsx(tmp / "c2.xlsx", corner_rows(), "A1"),
            "corner_no_dimension": raw_xlsx(tmp / "c3.xlsx", corner_rows()),
            "wide_16384x100_declared": raw_xlsx(tmp / "w1.xlsx", wide_rows(16_384, 100), "A1:XFD100"),
            "wide_16384x100_streamed": raw_xlsx(tmp / "w2.xlsx", wide_rows(16_384, 100)),
            "docx_span_5000000": spanning_docx(tmp / "span.docx"),
            "cells_200000_at_the_limit": raw_xlsx(tmp / "full.xlsx", wide_rows(1_000, 200)),
        }
        for name, path in cases.items():
            rounds = 1 if name.startswith("cells_") else args.rounds
            seconds, outcome = timed(path, rounds)
            print(f"# {name} ({path.stat().st_size} bytes): {outcome[:110]}")
            print(f"{name}_s: {seconds:.4f}")


if __name__ == "__main__":
    main()
