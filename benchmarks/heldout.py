"""Benchmark: the held-out reports (``tests/heldout/``) measured as in ``tests/test_heldout.py``.

    python benchmarks/heldout.py

Ingests the eight hand-written reports into one temporary store and prints ``name: value``
lines: rows read right, agencies and periods right, planted contradictions found, errors on
consistent data (must be 0), the ingest time, then one ``miss:`` line per row, identity or
finding the program got wrong.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from heldout.score import ingest, measure  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        with contextlib.redirect_stdout(io.StringIO()):  # ingest's own progress lines
            store = ingest(Path(tmp))
        score = measure(store)
    for line in score.lines(store):
        print(line)
    for miss in score.misses:
        print(f"miss: {miss}")
    return 0 if store.exit_code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
