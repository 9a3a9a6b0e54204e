"""The measurement: write many generated reports (and the roster) into one folder, ingest them at
once, and compare what the program read and found with what the generator expects. Shared by
``tests/test_variety.py`` and ``benchmarks/variety.py``.

Categories: identities (province, agency, period), values (value, numerator, denominator and
decimals of every cell written), units, errors on consistent reports (must be 0), planted
contradictions (each exactly one error of its rule on its row, no other error), expected warnings
(a period conflict). Each miss names its seed and the variant ("class") it belongs to."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_analysis.report.content.loaders import load_claims, load_findings, load_observations, load_table

from heldout.score import same
from ingesting import ingest as run_ingest
from variety.generate import Generated, Written, generate
from variety.places import roster

SHOWN = 5  # failures listed per category


@dataclass
class Store:
    """One ingest of a batch: its generated reports, the tables read back, the time it took."""

    generated: list[Generated]
    sources: pd.DataFrame
    observations: pd.DataFrame
    findings: pd.DataFrame
    claims: pd.DataFrame
    seconds: float
    exit_code: int
    refused: list[str] = field(default_factory=list)  # ingest's line for each file it refused


def write_batch(generated: list[Generated], raw: Path) -> Path:
    """Every report's file, and ``agencies.csv`` listing every unit, in ``raw``."""
    raw.mkdir(parents=True, exist_ok=True)
    lines = ["agency,province"] + [f'"{agency}","{province}"' for agency, province in roster()]
    (raw / "agencies.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for one in generated:
        for report in one.reports:
            report.write(raw)
    return raw


def ingest(seeds: list[int], folder: Path) -> Store:
    """Generate the seeds' reports into ``folder/raw`` and ingest them at once into ``folder/store``."""
    generated = [generate(seed) for seed in seeds]
    raw, out = write_batch(generated, folder / "raw"), folder / "store"
    start = time.perf_counter()
    code, _, refused = run_ingest(raw, "--out", out)
    seconds = time.perf_counter() - start
    return Store(
        generated,
        load_table("sources", out),
        load_observations(out),
        load_findings(out),
        load_claims(out),
        seconds,
        code,
        refused.splitlines(),
    )


@dataclass
class Tally:
    """Right / total of one category, and its misses by class: class → [(seed, what)]."""

    right: int = 0
    total: int = 0
    misses: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, ok: bool, seed: int, cls: str, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses[cls].append((seed, what))

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 100.0


CATEGORIES = (
    "province",
    "agency",
    "period",
    "values",
    "units",
    "consistent_no_error",
    "planted_on_row",
    "planted_exactly",
    "warnings",
)


@dataclass
class Board:
    """The scoreboard: one :class:`Tally` per category."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    false_errors: Counter = field(default_factory=Counter)

    def lines(self, store: Store) -> list[str]:
        reports = sum(len(g.reports) for g in store.generated)
        out = [
            f"reports: {reports} from {len(store.generated)} seeds "
            f"(ingest {store.seconds:.1f} s, exit {store.exit_code})"
        ]
        out.append(f"files refused: {len(store.refused)}")
        out += [f"refused: {line}" for line in store.refused[:SHOWN]]
        for name, tally in self.tallies.items():
            out.append(f"{name}: {tally.right}/{tally.total} ({tally.percent:.1f} %)")
        out += [f"false errors by rule: {dict(self.false_errors)}"] if self.false_errors else []
        for name, tally in self.tallies.items():
            for cls, misses in sorted(tally.misses.items(), key=lambda kv: -len(kv[1])):
                shown = "; ".join(f"seed {seed}: {what}" for seed, what in misses[:SHOWN])
                out.append(f"miss {name} [{cls}] ×{len(misses)}: {shown}")
        return out


def _rows_of(store: Store) -> dict[tuple[str, int], tuple[str, int]]:
    obs = store.observations
    return {
        (s, int(q)): (c, -1 if pd.isna(i) else int(i))
        for s, q, c, i in zip(obs["source"], obs["seq"], obs["code"], obs["item"])
    }


def measure(store: Store) -> Board:
    """Compare every generated report with what the program read and found."""
    board, t = Board(), None
    t = board.tallies
    sources = store.sources.set_index("source")
    obs = {
        (r["source"], r["code"], -1 if pd.isna(r["item"]) else int(r["item"])): r
        for r in store.observations.to_dict("records")
    }
    rows_of = _rows_of(store)
    by_source = {s: f for s, f in store.findings.groupby("source")}
    claims = store.claims.set_index(["source", "seq"]) if len(store.claims) else None
    for one in store.generated:
        errors = []
        for report in one.reports:
            _identity(t, one.seed, report, sources)
            _values(t, one.seed, report, obs)
            mine = by_source.get(report.name, store.findings.iloc[0:0])
            errors += [(report, f) for f in mine.itertuples() if f.severity == "error"]
            for rule in one.warnings:
                found = ((mine["rule"] == rule) & (mine["severity"] == "warning")).any()
                t["warnings"].add(bool(found), one.seed, rule, f"{report.name}: no {rule} warning")
        if one.planted is None:
            for report, f in errors:
                cls = f"{f.rule}{_shape(report, f, claims)}"
                board.false_errors[f.rule] += 1
                t["consistent_no_error"].add(False, one.seed, cls, f"{report.name} {f.code}: {f.rule}")
            if not errors:
                t["consistent_no_error"].add(True, one.seed, "", "")
            continue
        planted = one.planted
        hits = [f for _, f in errors if f.rule == planted.rule and _on_rows(rows_of, f, planted.rows)]
        what = (
            f"{one.reports[0].name}: {len(hits)} hit(s) of {len(errors)} error(s) "
            f"{sorted({(f.rule, f.code) for _, f in errors})}"
        )
        cls = f"{planted.rule} {one.planted_forms}".strip()
        t["planted_on_row"].add(bool(hits), one.seed, cls, what)
        t["planted_exactly"].add(
            len(errors) == 1 and len(hits) == 1, one.seed, f"{planted.rule}{_others(errors, hits)}", what
        )
    return board


def _others(errors: list, hits: list) -> str:
    """What else was found beside the planted error (the class of an inexact result)."""
    others = sorted({f.rule for _, f in errors if not any(f is h for h in hits)})
    return f" + {','.join(others)}" if others else ("" if hits else " not found")


def _on_rows(rows_of: dict, finding, rows: frozenset) -> bool:
    if not pd.isna(finding.seq):
        return rows_of.get((finding.source, int(finding.seq))) in rows
    return any(code == finding.code for code, _ in rows)


def _shape(report: Written, finding, claims) -> str:
    """The narrative sentence shape an error on a claim came from (" / shape"), if any."""
    if claims is None or pd.isna(getattr(finding, "claim", None)):
        return ""
    key = (finding.source, int(finding.claim))
    if key not in claims.index:
        return ""
    said = " ".join(str(claims.loc[key, "sentence"]).split())
    names = [name for name, text in report.sentences if said in text or text in said]
    return f" / {names[0]}" if names else " / ?"


def _identity(t: dict, seed: int, report: Written, sources: pd.DataFrame) -> None:
    tags = report.tags
    got = sources.loc[report.name] if report.name in sources.index else None
    for column, cls in (
        ("province", f"{tags['letterhead']} {tags['fmt']}"),
        ("agency", f"{tags['letterhead']}/{tags['name']} {tags['fmt']}"),
        ("period", f"{tags['statement']}/{tags['phrase']}{'/' + tags['window'] if 'window' in tags else ''}"),
    ):
        want = getattr(report, column)
        value = None if got is None else got[column]
        t[column].add(same(value, want), seed, cls, f"{report.name}: read {value!r}, expected {want!r}")


def _values(t: dict, seed: int, report: Written, obs: dict) -> None:
    for (code, item), (read, unit) in report.values.items():
        row = obs.get((report.name, code, item))
        cls = f"{read.form} {report.fmt}"
        if row is None:
            t["values"].add(False, seed, cls, f"{report.name} {code}/{item}: no observation")
            continue
        want = (read.value, read.numerator, read.denominator, read.decimals)
        got = tuple(row[c] for c in ("value", "numerator", "denominator", "decimals"))
        t["values"].add(
            all(same(g, w) for g, w in zip(got, want)),
            seed,
            cls,
            f"{report.name} {code}/{item} {row['raw_value']!r}: read {got}, expected {want}",
        )
        t["units"].add(
            same(row["unit"], unit),
            seed,
            f"{unit}",
            f"{report.name} {code}/{item}: unit {row['unit']!r}, expected {unit!r}",
        )
