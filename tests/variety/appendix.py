"""The statistics appendix ("Phụ lục 2") written from the facts: groups of template rows chosen
per report, each row in a wording the catalogue accepts (the template's label, an alias, "Tỉ lệ"
for "Tỷ lệ", a trailing colon, "Trong đó:" after a total, the report's year), its unit as written
(the template's or a variant from ``units.csv``), the STT with or without its trailing dot, and
its figure in one of the clerk's forms (``forms.py``) with the reading expected of it."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from variety import forms
from variety.facts import Facts
from variety.forms import Read
from variety.places import Who

CATALOG = Path(__file__).resolve().parents[2] / "cchc_analysis" / "derive" / "catalog"
#: Template groups written together (a coded row and its sub-rows), in template order.
GROUPS: dict[str, tuple[str, ...]] = {
    "plan": ("plan_annual", "plan_tasks_total", "plan_tasks_done"),
    "direction": ("direction_docs_issued",),
    "inspection": ("inspection_followup", "inspection_issues_found", "inspection_issues_resolved"),
    "province_tasks": (
        "province_tasks",
        "province_tasks_assigned",
        "province_tasks_on_time",
        "province_tasks_late",
    ),
    "legal": (
        "legal_docs_issued",
        "legal_docs_checked",
        "legal_docs_reviewed",
        "legal_docs_flagged",
        "legal_docs_flagged_resolved",
    ),
    "tthc": ("tthc_total", "tthc_provincial", "tthc_district", "tthc_commune"),
    "portal": ("tthc_portal", "tthc_published_portal", "tthc_integrated_portal"),
    "dossiers": (
        "dossiers_total",
        "dossiers_on_time_rate_departments",
        "dossiers_on_time_rate_districts",
        "dossiers_on_time_rate_communes",
        "dossiers_on_time_rate_land",
        "dossiers_on_time_rate_construction",
        "dossiers_on_time_rate_investment",
    ),
    "online": (
        "public_services",
        "dossiers_online",
        "dossiers_online_l3",
        "dossiers_online_l4",
        "dossiers_online_l3_rate",
        "dossiers_online_l4_rate",
    ),
    "org": ("organisation", "org_specialised_agencies"),
    "staff": (
        "staff",
        "staff_quota",
        "staff_present",
        "staff_contracts",
        "staff_reduced",
        "staff_reduction_rate_2015",
    ),
    "recruit": (
        "recruitment",
        "recruitment_civil_servants",
        "recruitment_civil_servants_exam",
        "recruitment_civil_servants_special",
        "recruitment_civil_servants_commune_transfer",
    ),
    "docs": ("eoffice", "docs_outgoing_total", "docs_electronic_rate", "docs_electronic_paper_rate"),
    "email": (
        "official_email",
        "official_email_provincial",
        "official_email_district",
        "official_email_commune",
    ),
    "one_stop": (
        "one_stop_system",
        "one_stop_system_departments_rate",
        "one_stop_system_districts_rate",
        "one_stop_system_communes_rate",
    ),
    "egov": ("egov_architecture", "reporting_system", "lgsp_platform"),
}
#: Rows whose value is a code of the scale in their unit column ("Chưa = 0 Đang làm = 1 …").
CODED = frozenset(GROUPS["egov"])
AREA = {
    "plan": "area_chi_dao_dieu_hanh",
    "direction": "area_chi_dao_dieu_hanh",
    "inspection": "area_chi_dao_dieu_hanh",
    "province_tasks": "area_chi_dao_dieu_hanh",
    "legal": "area_the_che",
    "tthc": "area_thu_tuc_hanh_chinh",
    "portal": "area_thu_tuc_hanh_chinh",
    "dossiers": "area_thu_tuc_hanh_chinh",
    "online": "area_thu_tuc_hanh_chinh",
    "org": "area_to_chuc_bo_may",
    "staff": "area_to_chuc_bo_may",
    "recruit": "area_che_do_cong_vu",
    "docs": "area_chinh_quyen_so",
    "email": "area_chinh_quyen_so",
    "one_stop": "area_chinh_quyen_so",
    "egov": "area_chinh_quyen_so",
}
#: Rows whose figure no check reads: they may be left blank or hold a null token.
FREE = frozenset(
    {
        "direction_docs_issued",
        "legal_docs_checked",
        "legal_docs_reviewed",
        "tthc_integrated_portal",
        "org_specialised_agencies",
        "staff_contracts",
        "dossiers_online_l3",
        "dossiers_online_l4",
    }
)
#: The unit written in the cell after a count ("1.204 hồ sơ").
UNIT_WORDS = {
    "Hồ sơ": "hồ sơ",
    "Thủ tục": "thủ tục",
    "Văn bản": "văn bản",
    "Nhiệm vụ": "nhiệm vụ",
    "Người": "người",
    "Vấn đề": "vấn đề",
}
YEAR_LABELS = {
    "plan_annual": "Kế hoạch CCHC năm {y}",
    "staff_quota": "Tổng số biên chế được giao trong năm {y}",
}


@dataclass(frozen=True)
class Template:
    code: str
    item: int
    label: str
    unit: str
    parts: bool  # a total whose sub-rows are its parts ("Trong đó:")


@cache
def template() -> dict[str, Template]:
    with (CATALOG / "template.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    totals = {row["part_of"] for row in rows if row["part_of"]}
    return {
        row["indicator_id"]: Template(
            row["code"], int(row["item"]), row["label"], row["unit"], row["indicator_id"] in totals
        )
        for row in rows
    }


@cache
def _variants(name: str, key: str) -> dict[str, tuple[str, ...]]:
    with (CATALOG / name).open(encoding="utf-8") as handle:
        out: dict[str, list[str]] = {}
        for row in csv.DictReader(handle):
            out.setdefault(row[key], []).append(row["alias" if key == "indicator_id" else "variant"])
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Row:
    """One appendix row as written (STT, label, unit, value, implementer) and, for a template
    row, its (code, item), the reading expected of its value cell and the unit expected."""

    cells: tuple[str, str, str, str, str]
    key: tuple[str, int] | None = None
    read: Read | None = None
    unit: str | None = None
    indicator: str = ""


def _label(indicator: str, t: Template, year: int, rng: random.Random) -> str:
    label = YEAR_LABELS.get(indicator, t.label).format(y=year)
    aliases = _variants("aliases.csv", "indicator_id").get(indicator, ())
    if aliases and rng.random() < 0.3:
        label = rng.choice(aliases)
    if label.startswith("Tỷ lệ") and rng.random() < 0.15:
        label = "Tỉ lệ" + label[len("Tỷ lệ") :]
    if t.parts and rng.random() < 0.6:
        label += rng.choice((". Trong đó:", ", trong đó:"))
    elif rng.random() < 0.08:
        label += ":"
    return label if t.item == 0 else f"- {label}"


def _unit(t: Template, rng: random.Random) -> str:
    variants = _variants("units.csv", "unit").get(t.unit, ())
    return rng.choice(variants) if variants and rng.random() < 0.25 else t.unit


def _figure(indicator: str, facts: Facts, unit: str, touched: bool, rng: random.Random) -> tuple[str, Read]:
    value = facts.n.get(indicator)
    if value is None:
        return forms.nothing(rng) if rng.random() < 0.5 else ("", forms.BLANK)
    if isinstance(value, int):
        if indicator in FREE and not touched and rng.random() < 0.15:
            return forms.nothing(rng)
        return forms.count(
            value, UNIT_WORDS.get(unit, ""), rng, plain_only=touched or indicator in CODED
        )  # a code is written bare
    first, second = value
    if isinstance(first, Decimal):
        return forms.percent(first, second, rng)
    stated = facts.stated.get(indicator)
    form = rng.choice(forms.RATE_FORMS) if stated is not None else None
    decimals = 1 if stated is not None else None
    return forms.with_counts(first, second, rng, decimals=decimals, form=form, stated=stated)


def group_rows(group: str, facts: Facts, who: Who, year: int, rng: random.Random) -> list[Row]:
    """The rows of one template group, in template order."""
    rows, implementer = [], _implementer(who, rng)
    for indicator in GROUPS[group]:
        t = template()[indicator]
        stt = "" if t.item else (t.code + "." if rng.random() < 0.7 else t.code)
        unit = _unit(t, rng)
        fixed = indicator in facts.touched or indicator in facts.plain
        text, read = _figure(indicator, facts, unit, fixed, rng)
        rows.append(
            Row(
                (stt, _label(indicator, t, year, rng), unit, text, implementer if not t.item else ""),
                (t.code, t.item),
                read,
                unit or None,
                indicator,
            )
        )
        implementer = ""
    return rows


def _implementer(who: Who, rng: random.Random) -> str:
    own = ("Phòng Nội vụ", "Văn phòng HĐND và UBND") if who.district else ("Văn phòng", who.agency)
    return rng.choice(("", "", *own))


def area_row(area: str, rng: random.Random) -> Row:
    t = template()[area]
    return Row((t.code + ("." if rng.random() < 0.8 else ""), t.label, "", "", ""))


def rows(groups: list[str], facts: Facts, who: Who, year: int, rng: random.Random) -> list[Row]:
    """The whole table body: each area's heading row before its first group."""
    out, area = [], None
    for group in groups:
        if AREA[group] != area:
            area = AREA[group]
            out.append(area_row(area, rng))
        out += group_rows(group, facts, who, year, rng)
    return out
