"""Exactly one planted contradiction of each check's kind, made on consistent facts: the rule
that must find it and the rows it is on (any of them may carry the finding)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from variety.appendix import template
from variety.facts import SCALES, Facts
from variety.forms import rate

#: Mutations of one report's appendix (the group each needs written).
APPENDIX = {
    "rate_vs_counts": ("dossiers", "docs"),
    "parts_vs_total": ("tthc",),
    "relation": ("plan", "inspection", "province_tasks"),
    "rate_above_100": ("dossiers",),
    "denominator_vs_total": ("docs",),
    "negative_count": ("staff",),
    "code_outside_scale": ("egov",),
}
#: Every mutation: those of the appendix, a narrative figure, a pair of reports, a period.
MUTATIONS = (*APPENDIX, "narrative_vs_appendix", "cumulative_below_part", "period_conflict")


@dataclass(frozen=True)
class Planted:
    """The finding a mutation must give: its rule, severity and the (code, item) rows it may be on."""

    rule: str
    severity: str
    rows: frozenset[tuple[str, int]]


def _keys(*indicators: str) -> frozenset[tuple[str, int]]:
    return frozenset((template()[i].code, template()[i].item) for i in indicators)


def plant(mutation: str, group: str, facts: Facts, rng: random.Random) -> Planted:
    """Change ``facts`` so that exactly one check of ``mutation``'s kind must fire."""
    n, d = facts.n, rng.randint(1, 9)
    if mutation == "rate_vs_counts":
        target = (
            rng.choice([k for k in n if k.startswith("dossiers_on_time_rate_") and isinstance(n[k][0], int)])
            if group == "dossiers"
            else "docs_electronic_rate"
        )
        a, b = n[target]
        right = rate(a, b, 1)
        off = Decimal(rng.randint(15, 60)) / 10
        facts.stated[target] = right - off if right - off >= 0 else right + off
        if facts.stated[target] > 100:
            facts.stated[target] = right - off
        facts.touched |= {target}
        return Planted("rate_vs_counts", "error", _keys(target))
    if mutation == "parts_vs_total":
        part = rng.choice(("tthc_provincial", "tthc_district", "tthc_commune"))
        n[part] += d
        facts.touched |= {"tthc_total", "tthc_provincial", "tthc_district", "tthc_commune"}
        return Planted("parts_vs_total", "error", _keys("tthc_total", part))
    if mutation == "relation":
        left, right = {
            "plan": ("plan_tasks_done", "plan_tasks_total"),
            "inspection": ("inspection_issues_resolved", "inspection_issues_found"),
            "province_tasks": ("province_tasks_on_time", "province_tasks_assigned"),
        }[group]
        n[left] = n[right] + d - (n["province_tasks_late"] if group == "province_tasks" else 0)
        rows = {left, right} | ({"province_tasks_late"} if group == "province_tasks" else set())
        facts.touched |= rows
        return Planted("relation", "error", _keys(*rows))
    if mutation == "rate_above_100":
        n["dossiers_on_time_rate_land"] = (Decimal(rng.randint(1001, 1300)) / 10, 1)
        facts.touched |= {"dossiers_on_time_rate_land"}
        return Planted("rate_above_100", "error", _keys("dossiers_on_time_rate_land"))
    if mutation == "denominator_vs_total":
        electronic, sent = n["docs_electronic_rate"]
        n["docs_electronic_rate"] = (electronic, sent + d)
        n["docs_electronic_paper_rate"] = (rate(sent - electronic, sent, 1), 1)
        facts.touched |= {"docs_outgoing_total", "docs_electronic_rate", "docs_electronic_paper_rate"}
        return Planted("denominator_vs_total", "error", _keys("docs_electronic_rate", "docs_outgoing_total"))
    if mutation == "negative_count":  # a count no other check reads: only its sign is wrong
        n["staff_contracts"] = -d
        facts.touched |= {"staff_contracts"}
        return Planted("negative_count", "error", _keys("staff_contracts"))
    if mutation == "code_outside_scale":
        target = rng.choice(sorted(SCALES))
        n[target] = SCALES[target] + d
        facts.touched |= {target}
        return Planted("code_outside_scale", "error", _keys(target))
    raise ValueError(f"not an appendix mutation: {mutation}")
