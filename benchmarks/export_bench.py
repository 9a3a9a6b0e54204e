"""How long `cchc export` takes on a large store: the synthetic corpus (``benchmarks/corpus.py``,
default 250 agencies × 4 periods = 1 000 reports) ingested once, then exported as .xlsx whole,
one province and one province's period, and the whole store as CSV.

Prints ``name: value`` lines and the load average; never asserted in tests (the machine's load
varies).

    python benchmarks/export_bench.py [--agencies 250] [--periods 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import agency_of, build_corpus, canonical, period_of  # noqa: E402
from cchc_analysis.derive.store_runs import ingest  # noqa: E402
from cchc_analysis.export import export  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=250)
    parser.add_argument("--periods", type=int, default=4)
    args = parser.parse_args()
    print(f"load_before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        paths = build_corpus(base / "raw", args.agencies, args.periods)
        started = time.perf_counter()
        assert ingest(paths, base / "store").tables
        print(f"reports: {len(paths)}")
        print(f"ingest_seconds: {time.perf_counter() - started:.2f}")
        province, period = agency_of(0)[1], canonical(*period_of(0))
        for name, fmt, asked in (
            ("whole_xlsx", "xlsx", {}),
            ("province_xlsx", "xlsx", {"province": province}),
            ("province_period_xlsx", "xlsx", {"province": province, "period": period}),
            ("whole_csv", "csv", {}),
        ):
            started = time.perf_counter()
            done = export(base / "store", fmt, out=base / f"{name}.{fmt}", **asked)
            seconds = time.perf_counter() - started
            size = sum(
                p.stat().st_size
                for p in [done.path, *(done.path.glob("*") if done.path.is_dir() else [])]
                if p.is_file()
            )
            print(f"{name}_rows: {done.rows}")
            print(f"{name}_seconds: {seconds:.2f}")
            print(f"{name}_mb: {size / 1e6:.1f}")
    print(f"load_after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
