"""Which rows an export holds: the slice of the store named by province, period, agency and
tables (each name as in the store or its slug), keys first; an unknown name or an empty slice is
a one-line error naming what the store has."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from cchc_analysis import __version__
from cchc_analysis.errors import InputError
from cchc_analysis.report.content import slices
from cchc_analysis.report.paths import agency_slugs, period_folder, province_slug, slugify
from cchc_analysis.store import Snapshot
from cchc_analysis.store.files import MANIFEST
from cchc_analysis.store.schemas import TABLES, key

#: What the front sheet says of a dimension the slice does not narrow.
EVERY = "tất cả"
#: How the reports without a known province are named (their reports' folder is its slug).
NO_PROVINCE = "chưa rõ tỉnh"


@dataclass(frozen=True)
class Slice:
    """The rows asked for: one province (``by_province``; None is the reports whose province is
    unknown), period and agency, or every one when not given; the tables, in store order."""

    by_province: bool
    province: str | None
    period: str | None
    agency: str | None
    tables: tuple[str, ...]

    def slug(self) -> str:
        """An ASCII file name for the slice ("khanh-hoa_2023-h1_ban-dan-toc"; the whole store
        "kho-du-lieu"); the tables asked for close it."""
        parts = [
            province_slug(self.province) if self.by_province else "",
            (self.period or "").lower(),
            slugify(self.agency) if self.agency else "",
            "-".join(self.tables) if self.tables != TABLES else "",
        ]
        return "_".join(p for p in parts if p) or "kho-du-lieu"


def _named(asked: str, names: dict[str, object], what: str, store: Snapshot, shown: list[str]):
    """The store's value a name or slug stands for; InputError naming what the store has."""
    if asked in names:
        return names[asked]
    raise InputError(
        f"no {what} '{asked}' in {store.data_dir}; the store has: {', '.join(shown) or 'nothing'}"
    )


def resolve(
    store: Snapshot,
    province: str | None = None,
    period: str | None = None,
    agency: str | None = None,
    tables: list[str] | None = None,
) -> Slice:
    """The slice the user named, checked against the store (InputError, one line, otherwise)."""
    unknown = [t for t in tables or () if t not in TABLES]
    if unknown:
        raise InputError(f"no table {', '.join(unknown)}; the store's tables: {', '.join(TABLES)}")
    chosen = tuple(t for t in TABLES if not tables or t in tables)
    view, by_province = store, province is not None
    if by_province:
        every = slices.provinces(store)
        names = {province_slug(p): p for p in every} | {p: p for p in every if p}
        if None in every:
            names[NO_PROVINCE] = None
        shown = [p or f"{NO_PROVINCE} ({province_slug(None)})" for p in every]
        province = _named(province, names, "province", store, shown)
        view = slices.ProvinceStore(store, province)
    if period is not None:
        every = slices.periods(view)
        period = _named(period_folder(period.strip().upper()), {p: p for p in every}, "period", store, every)
    if agency is not None:
        every = slices.agencies(view)
        names = {**{slug: a for a, slug in agency_slugs(every).items()}, **{a: a for a in every}}
        agency = _named(agency, names, "agency", store, every)
    if slices.rows(view, "sources", agency, period).empty:
        where = f" ({province or NO_PROVINCE})" if by_province else ""
        has = ", ".join(f"{a} {p}" for a, p in slices.pairs(view))
        raise InputError(f"no report of {agency} for {period}{where} in {store.data_dir}; it has: {has}")
    return Slice(by_province, province, period, agency, chosen)


def view(store: Snapshot, chosen: Slice) -> Snapshot | slices.ProvinceStore:
    """The store as the slice's province sees it (the whole store when it names none)."""
    return slices.ProvinceStore(store, chosen.province) if chosen.by_province else store


def frames(store: Snapshot, chosen: Slice) -> dict[str, pd.DataFrame]:
    """Each table's rows of the slice, its key columns first. A table without the column is not
    narrowed by it (the roster has no period, the roll-up no agency)."""
    seen = view(store, chosen)
    found = {}
    for name in chosen.tables:
        rows = slices.rows(seen, name, chosen.agency, chosen.period)
        first = key(name)
        found[name] = rows[first + [c for c in rows.columns if c not in first]]
    return found


def facts(store: Snapshot, chosen: Slice, tables: dict[str, pd.DataFrame]) -> list[tuple[str, object]]:
    """The front sheet: which store version, its manifest's hash, the package, the slice asked
    for, and each table's rows."""
    manifest = hashlib.sha256((store.version_dir / MANIFEST).read_bytes()).hexdigest()
    province = (chosen.province or NO_PROVINCE) if chosen.by_province else EVERY
    return [
        ("Phiên bản kho dữ liệu (current)", store.version_dir.name),
        ("SHA-256 của manifest.json", manifest),
        ("Phiên bản cchc-analysis ghi kho", str(store.manifest.get("package_version", ""))),
        ("Phiên bản cchc-analysis xuất tệp", __version__),
        ("Tỉnh", province),
        ("Kỳ báo cáo", chosen.period or EVERY),
        ("Cơ quan", chosen.agency or EVERY),
        ("Bảng", EVERY if chosen.tables == TABLES else ", ".join(chosen.tables)),
        *((f"Số dòng: {name}", len(frame)) for name, frame in tables.items()),
    ]
