"""What a report counts: one consistent set of figures for every template row the generator
writes — parts that add up to their totals, "of which" rows within their whole (done ≤ planned,
resolved ≤ found, published ≤ procedures), rates equal to their counts, shares ≤ 100 %.
Mutations (``mutate.py``) change exactly one of them afterwards."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from variety.places import Who


def _share(rng: random.Random, low: float = 85.0, high: float = 100.0) -> tuple[Decimal, int]:
    """A rate written without counts: (value, decimals)."""
    decimals = rng.choice((0, 1, 1, 2))
    value = Decimal(str(rng.uniform(low, high))).quantize(Decimal(1).scaleb(-decimals))
    return min(value, Decimal(100)), decimals


@dataclass
class Facts:
    """Figures by indicator id (counts as int, rates without counts as (Decimal, decimals),
    rates with counts as (numerator, denominator)); ``stated`` overrides the rate written with
    counts (a planted contradiction); ``touched`` the indicators a mutation changed."""

    n: dict[str, object] = field(default_factory=dict)
    stated: dict[str, Decimal] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    #: rows a planted narrative mismatch compares with: written as a plain figure, never blank
    plain: set[str] = field(default_factory=set)

    def __getitem__(self, key: str):
        return self.n[key]

    def __setitem__(self, key: str, value) -> None:
        self.n[key] = value


#: The coded rows the generator writes, and the highest code of each one's scale.
SCALES = {"egov_architecture": 1, "reporting_system": 2, "lgsp_platform": 2}


def draw(who: Who, rng: random.Random) -> Facts:
    """Every figure of one consistent report of ``who``."""
    f, r = Facts(), rng.randint
    district = who.district is not None
    f["plan_annual"] = rng.choice((1, 1, 2))
    f["plan_tasks_total"] = r(8, 60)
    f["plan_tasks_done"] = r(0, f["plan_tasks_total"])
    f["direction_docs_issued"] = r(0, 30)
    f["inspection_issues_found"] = r(0, 15)
    f["inspection_issues_resolved"] = r(0, f["inspection_issues_found"])
    f["province_tasks_assigned"] = r(0, 120)
    f["province_tasks_on_time"] = r(0, f["province_tasks_assigned"])
    f["province_tasks_late"] = r(0, f["province_tasks_assigned"] - f["province_tasks_on_time"])
    for key in ("legal_docs_issued", "legal_docs_checked", "legal_docs_reviewed", "legal_docs_flagged"):
        f[key] = r(0, 20)
    f["legal_docs_flagged_resolved"] = r(0, f["legal_docs_flagged"])
    parts = (0, r(100, 250), r(50, 150)) if district else (r(20, 300), r(0, 60), r(0, 30))
    for key, value in zip(("tthc_provincial", "tthc_district", "tthc_commune"), parts):
        f[key] = value
    f["tthc_total"] = sum(parts)
    f["tthc_published_portal"] = r(0, f["tthc_total"])
    f["tthc_integrated_portal"] = r(0, f["tthc_published_portal"])
    set_dossiers(f, r(50, 30000), district, rng)
    for key in (
        "dossiers_on_time_rate_land",
        "dossiers_on_time_rate_construction",
        "dossiers_on_time_rate_investment",
    ):
        f[key] = _share(rng)
    f["dossiers_online_l3"] = r(0, f["dossiers_total"] // 3)
    f["dossiers_online_l4"] = r(0, f["dossiers_total"] // 3)
    f["dossiers_online_l3_rate"] = _share(rng, 0, 100)
    f["dossiers_online_l4_rate"] = _share(rng, 0, 100)
    f["org_specialised_agencies"] = r(2, 12)
    quota = f["staff_quota"] = r(10, 150)
    f["staff_present"] = r(int(quota * 0.8), quota)
    f["staff_contracts"] = r(0, 10)
    f["staff_reduced"] = r(0, min(5, quota))
    f["staff_reduction_rate_2015"] = _share(rng, 0, 15)
    recruit = (r(0, 10), r(0, 3), r(0, 4))
    for key, value in zip(
        (
            "recruitment_civil_servants_exam",
            "recruitment_civil_servants_special",
            "recruitment_civil_servants_commune_transfer",
        ),
        recruit,
    ):
        f[key] = value
    f["recruitment_civil_servants"] = sum(recruit)
    sent = f["docs_outgoing_total"] = r(200, 20000)
    electronic = r(int(sent * 0.9), sent)
    f["docs_electronic_rate"] = (electronic, sent)
    f["docs_electronic_paper_rate"] = (sent - electronic, sent)
    email = (r(5, 120), 0, 0) if not district else (0, r(5, 60), r(10, 200))
    for key, value in zip(
        ("official_email_provincial", "official_email_district", "official_email_commune"), email
    ):
        f[key] = value
    f["official_email"] = sum(email)
    for key in (
        "one_stop_system_departments_rate",
        "one_stop_system_districts_rate",
        "one_stop_system_communes_rate",
    ):
        f[key] = _share(rng, 60, 100)
    for key, top in SCALES.items():  # a code of the row's scale
        f[key] = r(0, top)
    return f


def set_dossiers(f: Facts, total: int, district: bool, rng: random.Random) -> None:
    """Dossiers handled and their on-time rates by level, each with its counts: a provincial
    agency's all at the departments' level, a district's split between district and communes
    (the levels' denominators add up to the total)."""
    f["dossiers_total"] = total
    levels = (
        (("dossiers_on_time_rate_districts", rng.randint(1, total - 1)),)
        if district
        else (("dossiers_on_time_rate_departments", total),)
    )
    if district:
        levels += (("dossiers_on_time_rate_communes", total - levels[0][1]),)
    for key, whole in levels:
        f[key] = (rng.randint(int(whole * 0.85), whole), whole)
