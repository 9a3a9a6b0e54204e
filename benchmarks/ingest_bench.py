"""Benchmark: `cchc ingest` of a synthetic corpus against a bare `pandas.read_csv` of the same files.

    python benchmarks/ingest_bench.py [--reports 1000] [--small 100] [--rounds 3]

The corpus (``benchmarks/corpus.py``: agencies × 4 periods built from the seed, marked synthetic)
is written to a temporary folder. Each round runs, one after the other in a fresh process each:
the baseline over the large corpus, the ingest of it, the ingest of the small corpus — so the
machine's other load falls on all of them alike, and what counts are the ratios of medians.

The baseline is what the issue names: every file read with ``pd.read_csv(f, sep="\\t",
dtype=str, engine="python", on_bad_lines="skip", header=None, names=range(6))`` in one Python
process (interpreter and pandas import included, as the ingest's are). ``names`` gives six
columns, so every line of a report is read (without it the first line, one field wide, makes
every table row a "bad line" and the baseline reads a third of the file). The ingest is
``python -m cchc_analysis ingest RAW --out OUT`` into an empty store: read, parse, derive,
validate, write Parquet and CSV. Peak memory is each child's own max RSS (``wait4``).

Prints the figures, then ``name: value`` lines last (ratios as plain numbers) and the load
average before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import build_corpus  # noqa: E402

PERIODS = 4
BASELINE = """
import sys
from pathlib import Path
import pandas as pd
rows = 0
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    rows += len(pd.read_csv(path, sep="\\t", dtype=str, engine="python", on_bad_lines="skip",
                            header=None, names=range(6)))
print(rows)
"""


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Run ``command`` to its end: (wall s, CPU s, max RSS MiB, stdout) of that child alone."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def ingest(raw: Path, out: Path) -> tuple[float, float, float, str]:
    """One ingest into an empty store (removed afterwards)."""
    shutil.rmtree(out, ignore_errors=True)
    try:
        return timed([sys.executable, "-m", "cchc_analysis", "ingest", str(raw), "--out", str(out)])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="size of the large corpus")
    parser.add_argument("--small", type=int, default=100, help="size of the small corpus")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs: dict[str, list[tuple[float, float, float, str]]] = {
        "read_csv": [],
        "ingest": [],
        "ingest_small": [],
    }
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        large, small = Path(tmp) / "large", Path(tmp) / "small"
        build_corpus(large, max(1, args.reports // PERIODS), PERIODS)
        build_corpus(small, max(1, args.small // PERIODS), PERIODS)
        reports, small_reports = len(list(large.glob("*.txt"))), len(list(small.glob("*.txt")))
        for round_ in range(args.rounds):
            runs["read_csv"].append(timed([sys.executable, "-c", BASELINE, str(large)]))
            runs["ingest"].append(ingest(large, Path(tmp) / "out"))
            runs["ingest_small"].append(ingest(small, Path(tmp) / "out"))
            print(
                f"round {round_ + 1}: "
                + ", ".join(f"{name} {r[-1][0]:.1f} s {r[-1][2]:.0f} MiB" for name, r in runs.items()),
                flush=True,
            )
    load_after = os.getloadavg()

    def median(name: str, field: int) -> float:
        return statistics.median(run[field] for run in runs[name])

    figures = {
        "reports": reports,
        "small_reports": small_reports,
        "rounds": args.rounds,
        "read_csv_s": median("read_csv", 0),
        "ingest_s": median("ingest", 0),
        "ingest_small_s": median("ingest_small", 0),
        "read_csv_cpu_s": median("read_csv", 1),
        "ingest_cpu_s": median("ingest", 1),
        "ingest_per_report_ms": 1000 * median("ingest", 0) / reports,
        "read_csv_peak_mib": median("read_csv", 2),
        "ingest_peak_mib": median("ingest", 2),
        "ingest_small_peak_mib": median("ingest_small", 2),
        "ingest_vs_read_csv": median("ingest", 0) / median("read_csv", 0),
        "ingest_vs_read_csv_cpu": median("ingest", 1) / median("read_csv", 1),
        "peak_large_vs_small": median("ingest", 2) / median("ingest_small", 2),
        "load_average_before": load_before[0],
        "load_average_after": load_after[0],
    }
    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")


if __name__ == "__main__":
    main()
