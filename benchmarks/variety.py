"""Benchmark: generated variety (``tests/variety/``) measured as in ``tests/test_variety.py``,
over thousands of reports.

    python benchmarks/variety.py [--reports N] [--seed S]

Generates N reports (default 2 000) from seeds S, S+1, … (distinct agencies and years; one in
four with one planted contradiction; mostly .txt, some .docx and .xlsx) and a roster, ingests
them at once into a temporary store and prints the scoreboard: identities, values, units, errors
on consistent reports (must be 0), planted contradictions found on their row and found as exactly
one error, expected warnings — then, per category, each class of misses with its count and the
first few seeds (``generate(seed)`` rebuilds any of them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from variety.places import DISTINCT  # noqa: E402
from variety.score import ingest, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=2000, help="seeds to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    args = parser.parse_args(argv)
    if args.reports > DISTINCT:
        parser.error(f"at most {DISTINCT} reports: beyond, agencies and years repeat")
    with tempfile.TemporaryDirectory() as tmp:
        store = ingest(list(range(args.seed, args.seed + args.reports)), Path(tmp))
        board = measure(store)
    for line in board.lines(store):
        print(line)
    return 0 if store.exit_code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
