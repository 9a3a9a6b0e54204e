"""Benchmark: ingest a province's worth of reports built from the seed and print the figures.

    python benchmarks/ingest_bench.py [--reports 120]

Each copy is the seed with another agency name, so every file is a distinct agency × period,
as a real period's batch would be (a province has ~60–120 reporting agencies). Prints wall time,
files/s, observations/s and peak memory (max RSS) of the ingest alone.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc_analysis.pipeline import ingest  # noqa: E402

SEED = ROOT / "data" / "raw" / "000_8a77118b8e337001.txt"


def build(folder: Path, count: int) -> None:
    """``count`` copies of the seed, agency i naming itself "Sở Thử nghiệm i"."""
    text = SEED.read_text(encoding="utf-8")
    for i in range(count):
        copy = text.replace("Ban Dân tộc báo cáo", f"Sở Thử nghiệm {i} báo cáo")
        copy = copy.replace("TẠI BAN DÂN TỘC", f"TẠI SỞ THỬ NGHIỆM {i}")
        (folder / f"report_{i:03d}.txt").write_text(copy, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "processed"
        raw.mkdir()
        build(raw, args.reports)
        start = time.perf_counter()
        run = ingest([raw], out)
        elapsed = time.perf_counter() - start
        failed, tables = run.failed, run.tables
        rows = len(pd.read_parquet(out / "observations.parquet"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports          {args.reports} ({failed} failed)")
    print(f"observations     {rows}")
    print(f"findings         {len(tables['findings'])}")
    print(f"wall time        {elapsed:.2f} s")
    print(f"throughput       {args.reports / elapsed:.1f} reports/s, {rows / elapsed:,.0f} observations/s")
    print(f"peak memory      {peak_mb:.0f} MB (max RSS of the process)")


if __name__ == "__main__":
    main()
