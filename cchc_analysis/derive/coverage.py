"""Who a province's roll-up of one period sums and who it does not, and why (``rollup_coverage``).

A roll-up of 4 of 7 agencies must say so: every agency that must report (the roster's, else every
agency of the province that filed any period of that year) is listed with its status — its report
of the period summed; a report whose own period statements disagree (finding ``period_conflict``):
not summed, since it may belong to another period; only reports of other periods overlapping this
one (a quarter within the half-year, nine months around it); a report naming no province; or none
at all. Reports of the period naming no province are listed in every province's roll-up of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from cchc_analysis.parse.periods import Period, parse_period

#: The finding rule that keeps a report out of every roll-up (its period is not settled).
PERIOD_CONFLICT = "period_conflict"


def known(value: object) -> object:
    """A value, or None for NA (an unknown province is one key, not many)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@dataclass
class Group:
    """One roll-up's reports: those summed, those in period conflict that could belong to it
    (not summed), how many agencies must report (``agencies``), and its ``rollup_coverage`` rows."""

    province: object
    period: str
    summed: list[dict] = field(default_factory=list)
    conflicting: list[dict] = field(default_factory=list)
    agencies: int = 0
    rows: list[dict] = field(default_factory=list)


def conflicts(findings: pd.DataFrame) -> dict[str, int]:
    """Source → the number of its first ``period_conflict`` finding."""
    mine = findings[findings["rule"] == PERIOD_CONFLICT]
    out: dict[str, int] = {}
    for source, finding in zip(mine["source"], mine["finding"]):
        out[source] = min(int(finding), out.get(source, int(finding)))
    return out


def roster_of(roster: pd.DataFrame, province: object) -> set[str]:
    """The agencies the roster says must report in a province (those naming no province too)."""
    return {
        a for a, p in zip(roster["agency"], roster["province"]) if known(p) is None or known(p) == province
    }


def _overlaps(one: Period, other: Period) -> bool:
    return one.start <= other.end and other.start <= one.end


class _Coverage:
    """The store's reports by province and agency, each report's period parsed once."""

    def __init__(self, sources: Iterable[dict], roster: pd.DataFrame, findings: pd.DataFrame) -> None:
        self.sources = [{**s, "province": known(s["province"])} for s in sources]
        self.roster, self.conflict = roster, conflicts(findings)
        self.periods = {p: parse_period(p) for p in {s["period"] for s in self.sources}}
        self.by_agency: dict[tuple, list[dict]] = {}  # (province, agency) → its reports
        self.by_province: dict[object, list[dict]] = {}
        for s in sorted(self.sources, key=lambda s: s["source"]):
            self.by_agency.setdefault((s["province"], s["agency"]), []).append(s)
            self.by_province.setdefault(s["province"], []).append(s)

    def row(self, group: Group, s: dict, counted: bool) -> dict:
        """One report's coverage row: summed, or why not (its period conflict first)."""
        if s["source"] in self.conflict:
            status = PERIOD_CONFLICT
            group.conflicting.append(s)
        elif s["province"] != group.province:
            status = "province_unknown"
        elif s["period"] != group.period:
            status = "other_period"
        else:
            status = "summed"
            group.summed.append(s)
        return {
            "province": group.province,
            "period": group.period,
            "agency": s["agency"],
            "status": status,
            "source": s["source"],
            "other_period": s["period"] if s["period"] != group.period else None,
            "finding": self.conflict.get(s["source"]),
            "counted": counted,
        }

    def group(self, province: object, period: str) -> Group:
        """The roll-up of one province and period: its coverage rows and its reports to sum."""
        group, when = Group(province, period), self.periods[period]
        required = roster_of(self.roster, province)
        mine = self.by_province[province]
        here = {s["agency"] for s in mine if s["period"] == period}
        # without a roster, the agencies that filed any period of that year in the province
        agencies = (
            (required | here)
            if required
            else {s["agency"] for s in mine if self.periods[s["period"]].year == when.year}
        )
        group.agencies = len(agencies)
        unnamed = [] if province is None else self.by_province.get(None, [])
        for agency in sorted(agencies):
            own = [
                s
                for s in self.by_agency.get((province, agency), [])
                if s["period"] == period and s["source"] not in self.conflict
            ]
            if own:  # one report per agency and period (the store's key)
                group.rows.append(self.row(group, own[0], True))
                continue
            reports = [
                s
                for s in self.by_agency.get((province, agency), [])
                + [s for s in unnamed if s["agency"] == agency]
                if _overlaps(self.periods[s["period"]], when)
            ]
            group.rows += [self.row(group, s, True) for s in reports] or [
                {
                    "province": province,
                    "period": period,
                    "agency": agency,
                    "status": "not_filed",
                    "source": None,
                    "other_period": None,
                    "finding": None,
                    "counted": True,
                }
            ]
        group.rows += [
            self.row(group, s, False)
            for s in unnamed
            if s["period"] == period and s["agency"] not in agencies
        ]
        return group


def groups(sources: Iterable[dict], roster: pd.DataFrame, findings: pd.DataFrame) -> list[Group]:
    """Every roll-up of the store — one per province × period of a report (an unknown province
    is one of its own) — with the reports it sums and its ``rollup_coverage`` rows."""
    found = _Coverage(sources, roster, findings)
    keys = sorted({(s["province"], s["period"]) for s in found.sources}, key=lambda k: (str(k[0]), k[1]))
    return [found.group(province, period) for province, period in keys]
