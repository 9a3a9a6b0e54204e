"""Tables written batch by batch: a province's or a ministry's reports never all in memory.

:class:`Batches` gathers records of the per-report tables (keyed by source and seq) and hands
them on as typed frames of a few thousand rows, always at a report's boundary; :class:`TableWriter`
validates them (a few together) and appends them to the table's Parquet file (a row group) and
CSV file (no text a spreadsheet would evaluate: :mod:`cchc_analysis.shared.spreadsheets`), hashing as
it goes. Rows arrive in key order (reports sorted by source, each report's rows by
seq), so the files hold the same rows, in the same order, as one frame of the whole table would.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cchc_analysis.shared.spreadsheets import csv_frame
from cchc_analysis.store.files import sha256_file
from cchc_analysis.store.schemas import columns, frame, key, validate

#: Rows of a table gathered (as records) before they are typed into a batch.
BATCH_ROWS = 2_000
#: Typed batches of a table gathered before they are validated and written together: a
#: validation costs the same for 2,000 rows as for 10,000, the typed rows little memory.
VALIDATE_ROWS, VALIDATE_BYTES = 10_000, 2**20


class Batches:
    """Records of several tables, report after report, handed on as typed frames."""

    def __init__(self, names: Iterable[str]) -> None:
        self.pending: dict[str, list[dict]] = {name: [] for name in names}

    def add(self, records: Mapping[str, list[dict]]) -> dict[str, pd.DataFrame]:
        """One report's records; the tables that reached a batch's size, as frames."""
        for name, rows in records.items():
            self.pending[name] += rows
        return self._take(lambda rows: len(rows) >= BATCH_ROWS)

    def rest(self) -> dict[str, pd.DataFrame]:
        """What is left, as frames (tables with no rows left out)."""
        return self._take(bool)

    def _take(self, due) -> dict[str, pd.DataFrame]:
        ready = {name: typed(name, rows) for name, rows in self.pending.items() if due(rows)}
        for name in ready:
            self.pending[name] = []
        return ready


#: pandas' type of each Arrow type the schemas use (as :func:`frame` types them).
_DTYPES = {
    pa.large_string(): pd.StringDtype(),
    pa.string(): pd.StringDtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


@cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of a table's typed frame (columns, types, pandas metadata)."""
    return pa.Schema.from_pandas(frame(name, []), preserve_index=False)


def typed(name: str, rows: list[dict]) -> pd.DataFrame:
    """:func:`frame` of records, through Arrow (a third of the time); any value Arrow would
    read otherwise than :func:`frame` (a date as text, a NaN, a number written as text) makes
    it :func:`frame`'s work."""
    schema = arrow_schema(name)
    try:
        table = pa.Table.from_pylist(rows, schema=schema)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return frame(name, rows)
    if any(
        pc.any(pc.is_nan(table[i])).as_py() for i, kind in enumerate(schema.types) if kind == pa.float64()
    ):
        return frame(name, rows)
    return (
        table.to_pandas(types_mapper=_DTYPES.get).sort_values(key(name), kind="stable").reset_index(drop=True)
    )


class TableWriter:
    """``name.parquet`` and ``name.csv`` of one table, written a validated frame at a time."""

    def __init__(self, folder: Path, name: str) -> None:
        self.name, self.rows = name, 0
        self.pending: list[pd.DataFrame] = []
        #: The whole table as one frame, while it was written in one piece (a small table: what
        #: is derived from it next need not read it back from disk).
        self.whole: pd.DataFrame | None = None
        self.pieces = 0
        self.parquet_path, self.csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
        self.schema = arrow_schema(name)
        self.parquet = pq.ParquetWriter(self.parquet_path, self.schema)
        self.csv = self.csv_path.open("wb")
        self.csv_digest = hashlib.sha256()
        header = pd.DataFrame(columns=columns(name)).to_csv(index=False, lineterminator="\n")
        self._csv("\ufeff" + header)  # UTF-8 BOM: Excel

    def _csv(self, text: str) -> None:
        data = text.encode("utf-8")
        self.csv.write(data)
        self.csv_digest.update(data)

    def write(self, batch: pd.DataFrame, check: bool = True) -> None:
        """Write a batch; with ``check``, once it and the batches before it are validated
        (gathered up to :data:`VALIDATE_ROWS` rows or :data:`VALIDATE_BYTES`)."""
        if not check:
            self._write(batch)
            return
        self.pending.append(batch)
        if (
            sum(len(b) for b in self.pending) >= VALIDATE_ROWS
            or sum(b.memory_usage().sum() for b in self.pending) >= VALIDATE_BYTES
        ):
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            batch = pd.concat(self.pending, ignore_index=True)
            self.pending = []
            validate(self.name, batch)
            self._write(batch)

    def _write(self, batch: pd.DataFrame) -> None:
        self.pieces += 1
        self.whole = batch if self.pieces == 1 else None
        self.parquet.write_table(pa.Table.from_pandas(batch, schema=self.schema, preserve_index=False))
        self._csv(csv_frame(batch).to_csv(index=False, header=False, lineterminator="\n"))
        self.rows += len(batch)

    def close(self) -> dict:
        """Finish both files (flushed to disk); the manifest entry: rows and hashes."""
        self._flush()
        self.parquet.close()
        self.csv.flush()
        os.fsync(self.csv.fileno())
        self.csv.close()
        return {
            "rows": self.rows,
            "parquet_sha256": sha256_file(self.parquet_path),
            "csv_sha256": self.csv_digest.hexdigest(),
        }

    def abort(self) -> None:
        """Close the files without finishing them (the staging folder is removed anyway)."""
        for handle in (self.parquet, self.csv):
            try:
                handle.close()
            except Exception:  # already failing: the first error is the one to report
                pass


def write_batches(
    folder: Path,
    names: Iterable[str],
    batches: Iterable[Mapping[str, pd.DataFrame]],
    check: bool = True,
    whole: dict[str, pd.DataFrame] | None = None,
) -> dict[str, dict]:
    """Write every batch of the named tables into ``folder`` (each validated, unless the whole
    table already was: ``check``); their manifest entries. The tables written in one piece are
    put in ``whole``, as written."""
    writers: dict[str, TableWriter] = {}
    try:
        for name in names:
            writers[name] = TableWriter(folder, name)
        for batch in batches:
            for name, table in batch.items():
                writers[name].write(table, check)
        entries = {name: writer.close() for name, writer in writers.items()}
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    if whole is not None:
        whole |= {name: w.whole for name, w in writers.items() if w.whole is not None}
    return entries


def in_batches(
    records: Iterator[Mapping[str, list[dict]]], names: Iterable[str]
) -> Iterator[dict[str, pd.DataFrame]]:
    """Reports' records (one mapping of table → rows per report) → typed frames to write."""
    batches = Batches(names)
    for report in records:
        if ready := batches.add(report):
            yield ready
    if rest := batches.rest():
        yield rest


def in_slices(tables: Mapping[str, pd.DataFrame]) -> Iterator[dict[str, pd.DataFrame]]:
    """Whole tables as batches of :data:`BATCH_ROWS` rows (never a whole table's CSV in memory)."""
    for name, table in tables.items():
        for start in range(0, len(table), BATCH_ROWS):
            yield {name: table.iloc[start : start + BATCH_ROWS]}
