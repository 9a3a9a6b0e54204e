"""Derive: the store's ingest tables → the derived tables, one agency × period at a time.

Each report is derived on its own (catalogue match, indicators, documents, narrative figures,
checks): a failure in one is reported like a parse error, naming its file, and the others are
still derived. Comparisons across periods come last, from all the indicators. Pure: takes
frames, returns frames; ``cchc_analysis.derive.store_runs`` reads and writes the store.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from cchc_analysis.derive import checks, claims, comparisons, documents, indicators, rollup
from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.checks import across as over_periods
from cchc_analysis.derive.matching import match_records
from cchc_analysis.errors import CchcError, bug
from cchc_analysis.parse.narrative import blocks_of
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.store import schemas
from cchc_analysis.store.batches import in_batches
from cchc_analysis.store.spill import Spill

log = logging.getLogger(__name__)


@dataclass
class Derived:
    """The derived tables, and the reports whose derivation failed (source → message)."""

    tables: dict[str, pd.DataFrame]
    errors: dict[str, str] = field(default_factory=dict)


def derive_report(
    source: dict, observations: list[dict], paragraphs: list[dict], catalog: Catalog
) -> dict[str, list[dict]]:
    """Every derived record of one report (one source: one agency × period), from the records of
    its observations and paragraphs (no frame per report: it would cost more than the work),
    matched, checked and read by ``catalog``."""
    identity = {k: source[k] for k in ("province", "agency", "period", "source")}
    period = parse_period(source["period"])
    found = match_records(observations, ["source", "agency", "period"], catalog)
    matched = [{**row, **match} for row, match in zip(observations, found)]
    matches = [
        {
            **identity,
            "seq": r["seq"],
            "indicator_id": r["indicator_id"],
            "domain": r["domain"],
            "match": r["match"],
        }
        for r in matched
    ]
    values, inputs = indicators.compute_figures(
        {r["indicator_id"]: r for r in matched if r["indicator_id"] is not None}, identity
    )
    narrative = blocks_of(paragraphs)
    heading = str(source.get("appendix_heading") or "").split("\n")
    cited = documents.register(narrative, None, period)  # the agency's code, then whose each is
    code = documents.agency_code_from(heading, cited)
    docs = [
        {
            **identity,
            "seq": n,
            **record,
            "issued_by_agency": None if code is None else record["issuer_code"] == code,
        }
        for n, record in enumerate(cited, start=1)
    ]
    forward = {int(p["seq"]) for p in paragraphs if p["forward"]}
    stated = [
        {**identity, "seq": n, **claim, "reported": claim["paragraph"] not in forward}
        for n, claim in enumerate(
            claims.claims(narrative, catalog, (source["agency"], source.get("agency_as_written"))), start=1
        )
    ]
    found = checks.run(
        checks.Context(
            province=source["province"],
            agency=source["agency"],
            period=source["period"],
            source=source["source"],
            observations=matched,
            catalog=catalog,
            indicators=values,
            indicator_inputs=inputs,
            claims=stated,
            source_row=source,
        )
    )
    return {
        "matches": matches,
        "indicators": values,
        "indicator_inputs": inputs,
        "documents": docs,
        "claims": stated,
        "findings": found.findings,
        "finding_inputs": found.inputs,
        "flows": over_periods.flow_figures(matched, catalog.flows),
    }


class _BySource:
    """Each source's rows of a table as records (None for NA), read through Arrow when asked:
    converting a frame row by row costs more than deriving from it, and holding every report's
    records at once costs memory."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.arrow = pa.Table.from_pandas(table, preserve_index=False)
        self.positions = table.groupby("source", sort=False).indices

    def of(self, source: str) -> list[dict]:
        positions = self.positions.get(source)
        return [] if positions is None else self.arrow.take(pa.array(positions)).to_pylist()


#: Derived tables keyed by source and seq, written report by report as they come.
SOURCE_TABLES = ("matches", "documents", "claims")
#: Derived tables keyed by agency and period: gathered, sorted once all reports are derived.
AGENCY_TABLES = ("indicators", "indicator_inputs", "findings", "finding_inputs")


def derive_one(
    source: dict, observations: list[dict], paragraphs: list[dict], catalog: Catalog, errors: dict[str, str]
) -> dict[str, list[dict]] | None:
    """:func:`derive_report`, or None with the failure in ``errors`` (by source): one report's
    failure must not cost the others."""
    log.debug("deriving %s", source["source"])
    try:  # a report without its statistics appendix has no observations
        return derive_report(source, observations, paragraphs, catalog)
    except CchcError as exc:
        errors[source["source"]] = f"derive failed ({exc})"
    except Exception as exc:
        errors[source["source"]] = f"derive failed: {bug(log, exc, 'deriving ' + source['source'])}"
    return None


class AgencyTables:
    """The tables keyed by agency and period (indicators, findings …), parked report by report
    and handed on at the end in their key order. A report's rows are one block of that order, so
    only the reports are sorted, never the rows, and one report's rows are read back at a time
    (memory flat in the number of reports). Comparisons come from the indicators handed on; the
    findings across periods (:mod:`~cchc_analysis.derive.checks.across`) from each report's
    figures on rows that accumulate, kept until all reports are in."""

    def __init__(self, spill: Spill) -> None:
        self.spill = spill
        self.parked: list[tuple[tuple, int]] = []
        self.filed: list[over_periods.Filed] = []
        self.indicators: list[pd.DataFrame] = []
        self.severities: Counter[str] = Counter()

    def add(self, source: dict, derived: dict[str, list[dict]]) -> None:
        """One report's derived records (``source``: its sources record, whose identity orders it)."""
        province = source["province"]
        key = (province is None, province or "", source["agency"], source["period"])  # NA last
        self.parked.append((key, self.spill.put({name: derived[name] for name in AGENCY_TABLES})))
        self.filed.append(
            over_periods.Filed(
                province, source["agency"], source["period"], source["source"], derived["flows"]
            )
        )

    def batches(self) -> Iterator[dict[str, pd.DataFrame]]:
        """The tables as typed batches in key order (two reports of one agency × period are a
        repeated key, refused as the whole table's validation would)."""
        self.parked.sort(key=lambda parked: parked[0])
        for (before, _), (key, _) in zip(self.parked, self.parked[1:]):
            if key == before:
                raise schemas.SchemaViolation(
                    f"table indicators breaks its schema: key (province, agency, period) repeated "
                    f"at province={key[1] or None}, agency={key[2]}, period={key[3]}"
                )
        extra = over_periods.below_parts(self.filed)
        records = (
            over_periods.numbered(self.spill.get(offset), extra.get((key[1] or None, *key[2:]), []))
            for key, offset in self.parked
        )
        for batch in in_batches(records, AGENCY_TABLES):
            if "indicators" in batch:
                self.indicators.append(batch["indicators"])
            if "findings" in batch:
                self.severities.update(batch["findings"]["severity"].tolist())
            yield batch

    def comparisons(self) -> pd.DataFrame:
        """Each indicator against earlier periods (once :meth:`batches` are all handed on)."""
        indicators = (
            pd.concat(self.indicators, ignore_index=True)
            if self.indicators
            else schemas.frame("indicators", [])
        )
        return schemas.frame("comparisons", comparisons.compare(indicators))

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table, whole (for a store derived again, whose ingest tables are in memory)."""
        chunks: dict[str, list[pd.DataFrame]] = {name: [] for name in AGENCY_TABLES}
        for batch in self.batches():
            for name, frame in batch.items():
                chunks[name].append(frame)
        frames = {
            name: pd.concat(parts, ignore_index=True) if parts else schemas.frame(name, [])
            for name, parts in chunks.items()
        }
        return frames | {"comparisons": self.comparisons()}


#: Derived tables across the reports of a province's period (the roll-up), made last.
ACROSS_TABLES = ("rollup", "rollup_inputs", "rollup_coverage")
#: What the roll-up reads of the other tables: each table's columns (None: all of them).
ACROSS_INPUTS = {
    "sources": None,
    "roster": None,
    "observations": rollup.OBSERVATION_COLUMNS,
    "matches": ("source", "seq", "indicator_id"),
    "indicators": None,
    "indicator_inputs": ("source", "indicator_id", "role", "seq"),
    "findings": None,
    "finding_inputs": ("province", "agency", "period", "finding", "table", "source", "seq"),
}


def across(tables: Mapping[str, pd.DataFrame], catalog: Catalog) -> dict[str, pd.DataFrame]:
    """The roll-up of every province × period and who it summed, from every report's tables
    (:data:`ACROSS_INPUTS`)."""
    found = rollup.rollup(
        {
            name: tables[name] if columns is None else tables[name][list(columns)]
            for name, columns in ACROSS_INPUTS.items()
        },
        catalog,
    )
    return {name: schemas.frame(name, records) for name, records in zip(ACROSS_TABLES, found)}


def derive(tables: dict[str, pd.DataFrame], catalog: Catalog) -> Derived:
    """All derived tables from the ingest tables (``sources``, ``observations``, ``paragraphs``),
    by ``catalog``."""
    records: dict[str, list[dict]] = {name: [] for name in SOURCE_TABLES}
    errors: dict[str, str] = {}
    observations, paragraphs = _BySource(tables["observations"]), _BySource(tables["paragraphs"])
    with Spill() as spill:
        by_agency = AgencyTables(spill)
        for source in tables["sources"].to_dict("records"):
            name = source["source"]
            derived = derive_one(source, observations.of(name), paragraphs.of(name), catalog, errors)
            if derived is None:
                continue
            for table in SOURCE_TABLES:
                records[table] += derived[table]
            by_agency.add(source, derived)
        frames = {name: schemas.frame(name, rows) for name, rows in records.items()}
        frames |= by_agency.tables()
    return Derived(frames | across({**tables, **frames}, catalog), errors)
