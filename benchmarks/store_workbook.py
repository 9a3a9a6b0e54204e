"""How long the store's Excel workbook (store.xlsx) takes to write: the bundled report's tables
repeated to a province-year's worth of observations (default 1 000 copies, about 151 000 rows).

Prints ``name: value`` lines; never asserted in tests (the machine's load varies).

    python benchmarks/store_workbook.py [--copies 1000]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from cchc_analysis.pipeline import ingest
from cchc_analysis.store.workbook import workbook_bytes

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "000_8a77118b8e337001.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000)
    copies = parser.parse_args().copies
    with tempfile.TemporaryDirectory() as folder:
        tables = ingest([SEED], Path(folder) / "store").tables
    big = {name: pd.concat([frame] * copies, ignore_index=True) for name, frame in tables.items()}
    started = time.perf_counter()
    data = workbook_bytes(big, sum(len(frame) for frame in big.values()))
    seconds = time.perf_counter() - started
    print(f"observations_rows: {len(big['observations'])}")
    print(f"all_rows: {sum(len(f) for f in big.values())}")
    print(f"workbook_seconds: {seconds:.2f}")
    print(f"workbook_mb: {len(data) / 1e6:.1f}")


if __name__ == "__main__":
    main()
