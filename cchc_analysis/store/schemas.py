"""Every table of the store in one place — columns, types, nullability, allowed values and a key,
defined in :mod:`table_schemas` and :mod:`vocabulary`, offered here with the functions that build
and check frames with them.

Why one place: ingest, derive, the report and the notebooks all read these tables; a column list
or a cast written again elsewhere drifts. Tables are built with :func:`frame` (records → typed
frame in schema order) and checked with :func:`validate` on write and on load (pandera, lazy, so
one message lists every violation with its table, column and key).

``SCHEMA_VERSION`` changes whenever a table's shape changes; a store written under another version
is refused (run ``cchc ingest`` again), never read through a compatibility shim.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa

from cchc_analysis.errors import StoreError
from cchc_analysis.store.table_schemas import DERIVED_TABLES, INGEST_TABLES, SCHEMAS, TABLES
from cchc_analysis.store.vocabulary import *  # noqa: F403 (every vocabulary, offered here too)

#: What this module offers besides every vocabulary (:mod:`vocabulary`): the tables' schemas
#: (:mod:`table_schemas`) and the functions below.
__all__ = [
    "DERIVED_TABLES",
    "INGEST_TABLES",
    "SCHEMAS",
    "TABLES",
    "SchemaViolation",
    "columns",
    "describe",
    "frame",
    "has_shape",
    "key",
    "validate",
]


def key(name: str) -> list[str]:
    """The primary key columns of a table."""
    return list(SCHEMAS[name].metadata["key"])


def columns(name: str) -> list[str]:
    """The columns of a table, in stored order."""
    return list(SCHEMAS[name].columns)


def frame(name: str, records: Iterable[Mapping] | pd.DataFrame) -> pd.DataFrame:
    """Records (dicts or a frame with at least the table's columns) → the table's typed frame,
    columns in schema order, rows in key order; blanks stay NA."""
    data = (
        records
        if isinstance(records, pd.DataFrame)
        else pd.DataFrame.from_records(list(records), columns=columns(name))
    )
    typed = {}
    for column, kind in _astype_names(name).items():
        values = data[column].reset_index(drop=True) if column in data else pd.Series([None] * len(data))
        if kind == "Int64":
            values = pd.to_numeric(values, errors="raise")
        typed[column] = values.astype(kind)
    out = pd.DataFrame(typed, index=pd.RangeIndex(len(data)))
    return out.sort_values(key(name), kind="stable").reset_index(drop=True)


@functools.cache
def _astype_names(name: str) -> dict[str, str]:
    """Each column's type as ``astype`` takes it ("string[pyarrow]", "Int64", "boolean"…)."""
    return {column: str(spec.dtype) for column, spec in SCHEMAS[name].columns.items()}


class SchemaViolation(StoreError, ValueError):
    """A table that does not follow its schema; ``str()`` lists every violation by key."""


def has_shape(name: str, table: pd.DataFrame) -> bool:
    """Whether a table has its schema's columns, in order, with their types: the cheap part of
    :func:`validate`, for a table read back whose bytes its manifest's hash vouches for (they
    were validated whole when written)."""
    expected = _dtype_names(name)
    return list(table.columns) == list(expected) and all(
        table[column].dtype.name == kind for column, kind in expected.items()
    )


@functools.cache
def _dtype_names(name: str) -> dict[str, str]:
    """Each column's pandas dtype name ("string" whatever its storage, "Int64", "boolean")."""
    return {
        column: pd.api.types.pandas_dtype(str(spec.dtype)).name
        for column, spec in SCHEMAS[name].columns.items()
    }


def validate(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its schema (all violations at once); raise :class:`SchemaViolation`."""
    schema = SCHEMAS[name]
    try:
        return schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise SchemaViolation(describe(name, table, exc.failure_cases)) from None


_CHECK_WORDS = {
    "str_matches": "not in the allowed form",
    "isin": "not an allowed value",
    "not_nullable": "missing (NA) but required",
    "greater_than_or_equal_to": "too small",
    "dtype": "wrong type",
    "column_in_dataframe": "column missing",
    "column_in_schema": "column not in the schema",
}


def describe(name: str, table: pd.DataFrame, cases: pd.DataFrame, limit: int = 12) -> str:
    """One line naming the table, then each violation: column, check, value and the row's key."""
    columns = key(name)
    problems = []
    for case in cases.to_dict("records"):
        index = case.get("index")
        where = ""
        if index is not None and not pd.isna(index) and index in table.index:
            row = table.loc[index]
            where = " at " + ", ".join(f"{c}={row[c]!s}" for c in columns if c in table.columns)
        check = str(case.get("check"))
        if check == "multiple_fields_uniqueness":
            problems.append(f"key ({', '.join(columns)}) repeated{where}")
            continue
        check = _CHECK_WORDS.get(check.split("(", 1)[0], check)
        column = case.get("column") or "(table)"
        problems.append(f"column {column}: {check}: {case.get('failure_case')!s}{where}")
    problems = list(dict.fromkeys(problems))
    more = f"; … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"table {name} breaks its schema: " + "; ".join(problems[:limit]) + more
