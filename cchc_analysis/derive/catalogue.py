"""The catalogue: everything derive reads from the catalogue folder (``catalog/``), loaded and
validated once per folder into one :class:`Catalog` that is passed to every stage that needs it.

The folder is hand-kept beside the code: ``template.csv`` (one row per row of the province-wide
template, in the template's own wording), ``aliases.csv`` (other wordings of a row),
``units.csv`` (other ways to write a unit), ``relations.csv`` (sums that must not exceed others),
``flows.csv`` (rows that accumulate over a period), ``scope.csv`` (rows an agency fills with
its own internals, never summed into a province figure), ``directions.csv`` (which way each
rate is read: higher or lower is better, or a share of another base), ``subjects.csv`` and ``row_subjects.csv``
(what a narrative figure and a row count, :mod:`~cchc_analysis.derive.subjects`). A bad line of
any of them is refused as one line naming the file and line (:class:`InputError`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NoReturn

import pandas as pd

from cchc_analysis.derive.catalogue_files import read_rows
from cchc_analysis.derive.indicators import BY_ID as INDICATOR_IDS
from cchc_analysis.derive.labels import normalise_label, plain_unit
from cchc_analysis.derive.subjects import RowSubject, Term, load_row_subjects, load_vocabulary
from cchc_analysis.errors import InputError

#: Folder of the catalogue files, shipped as package data.
CATALOG_DIR = Path(__file__).with_name("catalog")
TEMPLATE_FILE = "template.csv"
ALIASES_FILE = "aliases.csv"
UNITS_FILE = "units.csv"
RELATIONS_FILE = "relations.csv"
FLOWS_FILE = "flows.csv"
SCOPE_FILE = "scope.csv"
SUBJECTS_FILE = "subjects.csv"
ROW_SUBJECTS_FILE = "row_subjects.csv"
DIRECTIONS_FILE = "directions.csv"
UNIT_COLUMNS = ["unit", "variant"]
RELATION_COLUMNS = ["left", "op", "right", "message"]
FLOW_COLUMNS = ["indicator_id", "comment"]
SCOPE_COLUMNS = ["indicator_id", "scope", "comment"]
#: What ``scope.csv`` may say of a row: an agency fills it with its own internals (its divisions).
SCOPES = ("agency_internal",)
DIRECTION_COLUMNS = ["indicator_id", "direction", "comment"]
#: Which way a rate is read: higher is better, lower is better, or a share of another base.
DIRECTIONS = ("higher", "lower", "other")

#: The template's seven top-level areas, in the order of their numbers 1..7.
DOMAINS = {
    "chi_dao_dieu_hanh": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "the_che": "Cải cách thể chế",
    "thu_tuc_hanh_chinh": "Cải cách thủ tục hành chính",
    "to_chuc_bo_may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "che_do_cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh_cong": "Cải cách tài chính công",
    "chinh_quyen_so": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}
#: Top-level code digit → domain id ("3" → "thu_tuc_hanh_chinh").
AREAS = {str(number): domain for number, domain in enumerate(DOMAINS, start=1)}
#: What a row holds: nothing (heading), a count, a percentage, a coded 0/1/2 scale, money, text.
KINDS = ("heading", "count", "rate", "code", "money", "text")

TEMPLATE_COLUMNS = [
    "indicator_id",
    "code",
    "item",
    "domain",
    "label",
    "unit",
    "kind",
    "part_of",
    "numerator_of",
    "denominator_of",
    "codes",
    "comment",
]
ALIAS_COLUMNS = ["indicator_id", "alias"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^\d+(?:\.\d+)*$")
_CODES = re.compile(r"^[^=;]+=\d+(?:;[^=;]+=\d+)*$")
_YEAR_IN_LABEL = re.compile(r"(?<!so với )năm (?:19|20)\d\d", re.IGNORECASE)


def _check_template(path: Path, rows: list[dict]) -> None:
    """Every rule a template row must follow; the first broken one raises, naming file and line."""

    def fail(row: dict, message: str) -> NoReturn:
        name = row["indicator_id"] or "no id"
        raise InputError(f"{path}: line {row['line']} ({name}): {message}")

    by_id: dict[str, dict] = {}
    positions: dict[tuple[str, int], dict] = {}
    for row in rows:
        rid, code = row["indicator_id"], row["code"]
        if not _ID.match(rid):
            fail(row, "indicator_id must be ASCII snake_case")
        if rid in by_id:
            fail(row, f"duplicate indicator_id (first on line {by_id[rid]['line']})")
        by_id[rid] = row
        if not _CODE.match(code):
            fail(row, f"code '{code}' is not a template number like 1.3.2")
        if not row["item"].isdigit():
            fail(row, f"item '{row['item']}' is not a whole number")
        row["item"] = int(row["item"])
        if (code, row["item"]) in positions:
            first = positions[code, row["item"]]["line"]
            fail(row, f"code {code} item {row['item']} is already on line {first}")
        positions[code, row["item"]] = row
        if row["domain"] not in DOMAINS:
            fail(row, f"unknown domain '{row['domain']}' (known: {', '.join(DOMAINS)})")
        if AREAS.get(code.split(".")[0]) != row["domain"]:
            fail(row, f"domain '{row['domain']}' does not belong to area {code.split('.')[0]}")
        if row["kind"] not in KINDS:
            fail(row, f"unknown kind '{row['kind']}' (known: {', '.join(KINDS)})")
        if not row["label"] or unicodedata.normalize("NFC", row["label"]) != row["label"]:
            fail(row, "label is empty or not NFC")
        if _YEAR_IN_LABEL.search(row["label"]):
            fail(row, "label names a year: write it without (only 'so với năm 2015' stays)")
        codes = row["codes"]
        if (row["kind"] == "code") != bool(codes) or (codes and not _CODES.match(codes)):
            fail(row, "kind=code rows, and only they, need codes written like 'Chưa=0;Có=1'")
        if row["item"] and (code, 0) not in positions:
            fail(row, f"sub-row before its coded row {code}")
    for row in rows:
        for column in ("part_of", "numerator_of", "denominator_of"):
            target = by_id.get(row[column]) if row[column] else None
            if row[column] and target is None:
                fail(row, f"{column} '{row[column]}' is not an indicator_id of this file")
            if target is None:
                continue
            if column == "part_of" and "rate" in (row["kind"], target["kind"]):
                fail(row, "rates are never parts or totals")
            if column == "part_of" and target["kind"] == "heading":
                fail(row, f"part_of '{target['indicator_id']}' is a heading: it has no total")
            if column != "part_of" and (row["kind"] != "count" or target["kind"] != "rate"):
                fail(row, f"{column} links a count row to a rate row")


def _check_aliases(path: Path, aliases: list[dict], template: list[dict]) -> None:
    """Aliases must name a known indicator, and no two sub-rows of one coded row may share a label
    or alias once normalised ("Cấp tỉnh" may repeat under different coded rows)."""
    by_id = {row["indicator_id"]: row for row in template}
    owner: dict[tuple[str, str], str] = {}
    for row in template:
        if row["item"]:
            key = (row["code"], normalise_label(row["label"]))
            if owner.setdefault(key, row["indicator_id"]) != row["indicator_id"]:
                raise InputError(
                    f"{path.with_name(TEMPLATE_FILE)}: line {row['line']}: label is the same as "
                    f"'{owner[key]}' under {row['code']} once normalised"
                )
    for alias in aliases:
        target = by_id.get(alias["indicator_id"])
        where = f"{path}: line {alias['line']}"
        if target is None:
            raise InputError(f"{where}: unknown indicator_id '{alias['indicator_id']}'")
        if not normalise_label(alias["alias"]):
            raise InputError(f"{where}: empty alias")
        key = (target["code"], normalise_label(alias["alias"]))
        rid = target["indicator_id"]
        if target["item"] and owner.setdefault(key, rid) != rid:
            raise InputError(f"{where}: alias also names '{owner[key]}' under {target['code']}")


def _check_ids(path: Path, rows: list[dict], kinds: dict[str, str], column: str = "indicator_id") -> None:
    """Every id of ``column`` (ids joined by "+") must be a count (or money) row of the template:
    a misspelt id would otherwise never be used, silently."""
    for row in rows:
        wrong = [
            i for i in (x.strip() for x in row[column].split("+")) if kinds.get(i) not in ("count", "money")
        ]
        if wrong:
            raise InputError(
                f"{path}: line {row['line']}: {', '.join(map(repr, wrong))} is no count row of the template"
            )


def load_units(path: Path) -> dict[str, str]:
    """``units.csv``: other ways agencies write a template unit (VB, TTHC, Biên chế, Tỷ lệ %),
    variant → unit, both with case and spacing ignored."""
    rows = read_rows(path, UNIT_COLUMNS, required=2, unique="variant")
    return {plain_unit(r["variant"]): plain_unit(r["unit"]) for r in rows}


def load_relations(path: Path, kinds: dict[str, str]) -> tuple[dict, ...]:
    """``relations.csv``: sums of rows that must not exceed (or must equal) others — every "of
    which" of the template that holds by meaning. An id that is no count or money row of the
    template, a blank field or another op is refused naming the file and line."""
    rows = read_rows(path, RELATION_COLUMNS, required=4)
    for row in rows:
        if row["op"] not in ("<=", "=="):
            raise InputError(f"{path}: line {row['line']}: op must be <= or ==, not {row['op']!r}")
        for side in ("left", "right"):
            _check_ids(path, [row], kinds, side)
    return tuple(rows)


def load_flows(path: Path, kinds: dict[str, str]) -> frozenset[str]:
    """``flows.csv``: the rows whose count accumulates over a period; an id that is no count or
    money row of the template, or one listed twice, is refused naming the file and line."""
    rows = read_rows(path, FLOW_COLUMNS, required=1, unique="indicator_id")
    _check_ids(path, rows, kinds)
    return frozenset(row["indicator_id"] for row in rows)


def load_scope(path: Path, kinds: dict[str, str]) -> frozenset[str]:
    """``scope.csv``: the rows an agency fills with its own internals ("Số phòng thuộc Ban" under
    the province's "Số cơ quan chuyên môn thuộc UBND cấp tỉnh"), whose sum over agencies is no
    province figure; an id that is no count or money row, one listed twice or another scope
    than ``agency_internal`` is refused naming the file and line."""
    rows = read_rows(path, SCOPE_COLUMNS, required=2, unique="indicator_id")
    for row in rows:
        if row["scope"] not in SCOPES:
            raise InputError(
                f"{path}: line {row['line']}: scope must be {' or '.join(SCOPES)}, not {row['scope']!r}"
            )
    _check_ids(path, rows, kinds)
    return frozenset(row["indicator_id"] for row in rows)


def load_directions(path: Path, rates: frozenset[str]) -> dict[str, str]:
    """``directions.csv``: which way each rate is read (:data:`DIRECTIONS`), so that a chart never
    draws a rate where higher is better beside one where lower is; an id that is no rate (a rate
    row of the template or a derived indicator), a repeated id or another direction is refused
    naming the file and line."""
    rows = read_rows(path, DIRECTION_COLUMNS, required=2, unique="indicator_id")
    for row in rows:
        if row["indicator_id"] not in rates:
            raise InputError(
                f"{path}: line {row['line']}: '{row['indicator_id']}' is no rate of the catalogue"
            )
        if row["direction"] not in DIRECTIONS:
            raise InputError(
                f"{path}: line {row['line']}: direction must be one of {', '.join(DIRECTIONS)}, "
                f"not {row['direction']!r}"
            )
    return {row["indicator_id"]: row["direction"] for row in rows}


@dataclass(frozen=True, eq=False)
class Catalog:
    """Every catalogue file of one folder, validated: what derive matches, checks and sums by.
    Loaded once per folder (:meth:`load`) and passed to every stage, so that one run reads one
    catalogue."""

    folder: Path
    #: one row per indicator of the template, in template order (``TEMPLATE_COLUMNS``)
    template: pd.DataFrame
    #: ``indicator_id``, ``alias``
    aliases: pd.DataFrame
    #: a unit's variant → the template's unit, both with case and spacing ignored
    units: dict[str, str]
    relations: tuple[dict, ...]
    flows: frozenset[str]
    #: rows an agency fills with its own internals: not summed into a province figure
    agency_internal: frozenset[str]
    #: the vocabulary of what narrative figures count
    subjects: tuple[Term, ...]
    #: what each row a narrative figure may be held against counts
    row_subjects: tuple[RowSubject, ...]
    #: rate id (template rate row or derived indicator) → "higher", "lower" or "other"
    directions: dict[str, str]

    @staticmethod
    def load(folder: Path = CATALOG_DIR) -> Catalog:
        """The catalogue of ``folder`` (the shipped one by default), read once per folder."""
        return _load(Path(folder).absolute())

    @cached_property
    def kinds(self) -> dict[str, str]:
        """indicator_id → kind (count, rate, …)."""
        return dict(zip(self.template["indicator_id"], self.template["kind"]))

    @cached_property
    def links(self) -> dict[tuple[str, str], list[str]]:
        """(part_of | numerator_of | denominator_of, target id) → the ids pointing at it."""
        links: dict[tuple[str, str], list[str]] = {}
        for column in ("part_of", "numerator_of", "denominator_of"):
            for rid, target in zip(self.template["indicator_id"], self.template[column]):
                if target:
                    links.setdefault((column, target), []).append(rid)
        return links

    @cached_property
    def records(self) -> list[dict]:
        """The template as records, in template order."""
        return self.template.to_dict("records")

    def unit_key(self, unit: object) -> str:
        """A unit for comparison: case and spacing ignored, a known variant read as its unit."""
        plain = plain_unit(unit)
        return self.units.get(plain, plain)

    def is_percent_unit(self, unit: object) -> bool:
        """Is this unit a percentage, however written ("%", "Tỷ lệ %", "tỉ lệ (%)", "Phần trăm")?"""
        key = normalise_label(self.unit_key(unit))
        return key == "%" or "%" in key or key.startswith(("tỉ lệ", "phần trăm"))


@lru_cache(maxsize=8)
def _load(folder: Path) -> Catalog:
    """Read and validate every catalogue file of a folder, each against the template."""
    template_path, aliases_path = folder / TEMPLATE_FILE, folder / ALIASES_FILE
    template = read_rows(template_path, TEMPLATE_COLUMNS)
    _check_template(template_path, template)
    aliases = read_rows(aliases_path, ALIAS_COLUMNS, required=2)
    _check_aliases(aliases_path, aliases, template)
    kinds = {row["indicator_id"]: row["kind"] for row in template}
    terms = load_vocabulary(folder / SUBJECTS_FILE)
    return Catalog(
        folder=folder,
        template=pd.DataFrame(template, columns=TEMPLATE_COLUMNS).astype({"item": "int64"}),
        aliases=pd.DataFrame(aliases, columns=ALIAS_COLUMNS),
        units=load_units(folder / UNITS_FILE),
        relations=load_relations(folder / RELATIONS_FILE, kinds),
        flows=load_flows(folder / FLOWS_FILE, kinds),
        agency_internal=load_scope(folder / SCOPE_FILE, kinds),
        subjects=terms,
        row_subjects=load_row_subjects(folder / ROW_SUBJECTS_FILE, terms, kinds),
        directions=load_directions(
            folder / DIRECTIONS_FILE,
            frozenset([*(i for i, k in kinds.items() if k == "rate"), *INDICATOR_IDS]),
        ),
    )
