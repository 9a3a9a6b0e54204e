"""The rows of the store one report reads: per agency × period slices, the reports the store
holds, periods in order, and digests of those rows (the render cache key, the data hash)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from cchc_analysis.parse.periods import period_label, period_sort_key  # noqa: F401  (slices.period_*)
from cchc_analysis.store import Snapshot
from cchc_analysis.store.schemas import TABLES


class ProvinceStore:
    """The store as one province sees it: every table restricted to the province's rows (an
    unknown province, None, is one province of its own), so that reports, overviews and their
    cache keys of two provinces never mix — "Ban Dân tộc" of two provinces are two agencies. The
    roster's agencies that name no province count for every province."""

    def __init__(self, store: Snapshot, province: str | None) -> None:
        self.store, self.province = store, province
        self.data_dir, self.version_dir, self.manifest = (store.data_dir, store.version_dir, store.manifest)
        self._cache: dict[str, pd.DataFrame] = {}

    def has(self, name: str) -> bool:
        """Whether the store holds this table."""
        return self.store.has(name)

    def table(self, name: str) -> pd.DataFrame:
        """The province's rows of one table."""
        if name not in self._cache:
            frame = self.store.table(name)
            if "province" in frame:
                mine = (
                    frame["province"].isna() if self.province is None else frame["province"] == self.province
                )
                if name == "roster":
                    mine = mine | frame["province"].isna()
                frame = frame[mine.fillna(False).astype(bool)].reset_index(drop=True)
            self._cache[name] = frame
        return self._cache[name]


def provinces(store: Snapshot) -> list[str | None]:
    """Every province of the store's reports, by name (None, unknown, last)."""
    found = {None if pd.isna(p) else str(p) for p in store.table("sources")["province"]}
    return sorted(found - {None}) + ([None] if None in found else [])


def latest(store: Snapshot) -> tuple[str | None, str, str]:
    """The province, agency and period of the store's latest report (by period, then names)."""
    sources = store.table("sources").to_dict("records")
    last = max(sources, key=lambda r: (period_sort_key(r["period"]), str(r["province"]), r["agency"]))
    return (None if pd.isna(last["province"]) else last["province"]), last["agency"], last["period"]


def rows(store: Snapshot, name: str, agency: str | None = None, period: str | None = None) -> pd.DataFrame:
    """One table's rows for an agency and/or a period (all when None; a table without such a
    column is not filtered by it), index reset."""
    frame = store.table(name)
    keep = pd.Series(True, index=frame.index)
    if agency is not None and "agency" in frame:
        keep &= frame["agency"] == agency
    if period is not None and "period" in frame:  # the roster holds agencies, not periods
        keep &= frame["period"] == period
    return frame[keep.fillna(False).astype(bool)].reset_index(drop=True)


def pairs(store: Snapshot) -> list[tuple[str, str]]:
    """Every (agency, period) with a source file, by period then agency."""
    sources = store.table("sources")
    found = {(str(a), str(p)) for a, p in zip(sources["agency"], sources["period"])}
    return sorted(found, key=lambda ap: (period_sort_key(ap[1]), ap[0]))


def filed(store: Snapshot, period: str) -> list[str]:
    """The agencies that filed ``period``, by name (ValueError when none did: no page to make)."""
    present = sorted({a for a, p in pairs(store) if p == period})
    if not present:
        raise ValueError(f"Không có số liệu nào của kỳ {period} trong {store.data_dir}")
    return present


def agencies(store: Snapshot) -> list[str]:
    """Every agency of the store, by name."""
    return sorted({a for a, _ in pairs(store)})


def periods(store: Snapshot) -> list[str]:
    """Every period of the store, in time order."""
    return sorted({p for _, p in pairs(store)}, key=period_sort_key)


def require(store: Snapshot, agency: str, period: str) -> None:
    """ValueError (in Vietnamese, naming what the store has) when the store lacks this report."""
    if (agency, period) not in pairs(store):
        known = ", ".join(f"{a} {p}" for a, p in pairs(store)) or "không có"
        raise ValueError(
            f"Không có số liệu của “{agency}” kỳ {period} trong {store.data_dir} "
            f"(có: {known}); kiểm tra tham số agency/period hoặc chạy cchc ingest"
        )


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's rows as CSV (column order and row order count)."""
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()


def rows_key(frame: pd.DataFrame) -> str:
    """A digest of a frame's columns and rows for the render cache's keys only (never shown):
    pandas' own row hashes, ten times faster than writing the rows as CSV."""
    hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hashlib.sha256(json.dumps(list(frame.columns)).encode() + hashes.tobytes()).hexdigest()


def digests(store: Snapshot, agency: str | None, period: str | None) -> dict[str, str]:
    """A digest per store table of the rows a report (or a period's overview) reads, plus the
    parser and schema versions of the store."""
    found = {name: rows_key(rows(store, name, agency, period)) for name in TABLES if store.has(name)}
    versions = {k: store.manifest.get(k) for k in ("parser_version", "schema_version")}
    found["versions"] = hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()
    return found


def file_sha256(path: str | Path | None) -> str:
    """SHA-256 of a file, "" when there is none."""
    if not path or not Path(path).is_file():
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def plain(value: object) -> object:
    """A store value as plain JSON: numbers as float (whole counts stay float), NA as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if value != value else value
    return str(value)


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """A frame's rows as plain dicts (only ``columns`` when given), in order."""
    frame = frame if columns is None else frame[columns]
    return [{k: plain(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


def key(row: dict) -> dict:
    """The observation-style key of a row: its ``source`` and ``seq``."""
    return {"source": row["source"], "seq": row["seq"]}


def indicator_series(store: Snapshot, agency: str, indicator_id: str) -> pd.DataFrame:
    """One indicator of one agency over every period of the store: period, label, value, unit,
    name (NA where the agency has no value for a period)."""
    ind = rows(store, "indicators", agency)
    by_period = {r["period"]: r for r in records(ind[ind["indicator_id"] == indicator_id])}
    every = periods(store)
    return pd.DataFrame(
        {
            "period": every,
            "label": [period_label(p) for p in every],
            "value": pd.array([by_period.get(p, {}).get("value") for p in every], dtype="Float64"),
            "unit": [by_period.get(p, {}).get("unit") for p in every],
            "name": [by_period.get(p, {}).get("name") for p in every],
        }
    )
