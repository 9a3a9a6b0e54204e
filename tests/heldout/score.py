"""The measurement: ingest every held-out report into one store and compare what the program
read and found with what was typed by hand. Shared by ``tests/test_heldout.py`` and
``benchmarks/heldout.py``."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_analysis.report.content.loaders import load_claims, load_findings, load_observations, load_table

from heldout import REPORTS
from heldout.spec import Held, write_all
from ingesting import ingest as run_ingest


@dataclass
class Store:
    """The one store of all held-out reports, its tables, and how long the ingest took."""

    folder: Path
    sources: pd.DataFrame
    observations: pd.DataFrame
    findings: pd.DataFrame
    claims: pd.DataFrame
    seconds: float
    exit_code: int
    #: what the ingest wrote to stderr (its failures, to show when the exit code is not 0)
    errors: str
    #: the reports written into this store
    reports: tuple[Held, ...] = REPORTS


def ingest(tmp: Path, reports: tuple[Held, ...] = REPORTS, roster: str | None = None) -> Store:
    """Write the reports (and the roster, ``agencies.csv``, when given) into ``tmp/raw`` and
    ingest them at once into ``tmp/store``."""
    raw, out = write_all(reports, tmp / "raw"), tmp / "store"
    if roster is not None:
        (raw / "agencies.csv").write_text(roster, encoding="utf-8")
    start = time.perf_counter()
    run = run_ingest(raw, "--out", out)
    seconds = time.perf_counter() - start
    return Store(
        raw,
        load_table("sources", out),
        load_observations(out),
        load_findings(out),
        load_claims(out),
        seconds,
        run.code,
        run.err,
        reports,
    )


def same(got: object, want: float | str | None) -> bool:
    """A stored cell (NA for nothing) is the figure or text expected (None: nothing expected)."""
    if want is None:
        return got is None or pd.isna(got)
    if got is None or pd.isna(got):
        return False
    if isinstance(want, str):
        return str(got) == want
    return math.isclose(float(got), float(want), abs_tol=1e-9)


def read_values(store: Store, report: Held) -> dict[tuple[str, int], tuple]:
    """What the program read for each expected row: (value, unit, numerator, denominator),
    or None when it has no observation at that code and sub-row."""
    rows = store.observations[store.observations["source"] == report.file]
    found = {}
    for key in report.values:
        hit = rows[(rows["code"] == key[0]) & (rows["item"] == key[1])]
        found[key] = (
            None
            if hit.empty
            else tuple(hit.iloc[0][c] for c in ("value", "unit", "numerator", "denominator"))
        )
    return found


def row_right(got: tuple | None, want: tuple) -> bool:
    return got is not None and all(same(g, w) for g, w in zip(got, want))


def findings_of(store: Store, report: Held, severity: str) -> set[tuple[str, str, str]]:
    """(rule, severity, locator) of the report's findings of one severity."""
    mine = store.findings[
        (store.findings["source"] == report.file) & (store.findings["severity"] == severity)
    ]
    return set(zip(mine["rule"], mine["severity"], mine["locator"]))


@dataclass
class Score:
    """The scoreboard, and the misses behind each line of it."""

    rows_right: int = 0
    rows: int = 0
    identities_right: int = 0
    planted_found: int = 0
    planted: int = 0
    false_errors: int = 0  # any error on a consistent report
    unplanted_errors: int = 0  # an error other than the planted ones on the other reports
    misses: list[str] = field(default_factory=list)

    def print(self, store: Store) -> None:
        """The scoreboard and every miss behind it, for ``pytest -s``."""
        print("\n" + "\n".join(self.lines(store)))
        for miss in self.misses:
            print("  miss:", miss)

    def lines(self, store: Store) -> list[str]:
        return [
            f"reports: {len(store.reports)}",
            f"rows read right: {self.rows_right}/{self.rows}",
            f"agencies and periods right: {self.identities_right}/{len(store.reports)}",
            f"planted contradictions found: {self.planted_found}/{self.planted}",
            f"errors on consistent data: {self.false_errors}",
            f"unplanted errors on reports with contradictions: {self.unplanted_errors}",
            f"ingest seconds: {store.seconds:.2f}",
        ]


def measure(store: Store) -> Score:
    score = Score()
    sources = store.sources.set_index("source")
    for report in store.reports:
        for key, got in read_values(store, report).items():
            score.rows += 1
            if row_right(got, report.values[key]):
                score.rows_right += 1
            else:
                score.misses.append(f"{report.file} {key}: read {got}, typed {report.values[key]}")
        if report.file in sources.index and (
            (sources.loc[report.file, "agency"], sources.loc[report.file, "period"])
            == (report.agency, report.period)
        ):
            score.identities_right += 1
        else:
            score.misses.append(f"{report.file}: identity")
        errors = findings_of(store, report, "error")
        score.planted += len(report.planted)
        score.planted_found += len(report.planted & errors)
        if report.consistent:
            score.false_errors += len(errors)
        else:
            score.unplanted_errors += len(errors - report.planted)
        score.misses += [f"{report.file}: unexpected {e}" for e in sorted(errors - report.planted)]
    return score
