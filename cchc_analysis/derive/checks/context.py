"""What a rule sees of one report (:class:`Context`), what it yields (:class:`Finding`), the rule
registry, and the run of every rule into findings and finding-input records."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, Protocol

import pandas as pd

from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.parse.numbers import codes_from_text
from cchc_analysis.store.vocabulary import SEVERITIES


@dataclass(frozen=True)
class Finding:
    """One finding: the rule, the observation it is about (``seq``), the numbers it compared, and
    what it rests on: (table, seq, role) with table "observations" or "claims". Its severity is
    the rule's, or lower where the rule is not sure the two figures count the same thing."""

    rule: str
    row: Mapping | None
    details: dict
    inputs: tuple[tuple[str, int, str], ...] = ()
    claim: int | None = None
    #: lower than the rule's own when the figures may not count the same thing (certainty)
    severity: str | None = None


@dataclass
class Context:
    """Everything the rules may look at for one report.

    ``observations``: the report's observations with ``indicator_id`` and ``domain`` (matched);
    ``indicators``: its derived indicators; ``indicator_inputs``: their inputs by key;
    ``claims``: the figures its narrative states. Each is a frame or its records (derive passes
    records: a frame per report costs more than the rules). ``catalog``: the catalogue the
    report was matched with, whose template, relations and units the rules read. ``source_row``: the report's record
    of the ``sources`` table (how its identity was read: period statements, origins)."""

    province: str | None
    agency: str
    period: str
    source: str
    observations: pd.DataFrame | list[dict]
    catalog: Catalog
    indicators: pd.DataFrame | list[dict]
    indicator_inputs: pd.DataFrame | list[dict]
    claims: pd.DataFrame | list[dict]
    #: the report's ``sources`` record (who it is, and how the roster knows it)
    source_row: dict = field(default_factory=dict)

    @cached_property
    def rows(self) -> list[dict]:
        """The observations as records, read once for all rules."""
        return _records(self.observations)

    @cached_property
    def indicator_rows(self) -> list[dict]:
        return _records(self.indicators)

    @cached_property
    def claim_rows(self) -> list[dict]:
        return _records(self.claims)

    @cached_property
    def _inputs_by_id(self) -> dict[str, list[tuple[str, int]]]:
        inputs: dict[str, list[tuple[str, int]]] = {}
        for r in _records(self.indicator_inputs):
            inputs.setdefault(r["indicator_id"], []).append((str(r["role"]), int(r["seq"])))
        return inputs

    @cached_property
    def by_seq(self) -> dict[int, dict]:
        return {int(r["seq"]): r for r in self.rows}

    @cached_property
    def by_id(self) -> dict[str, dict]:
        """Observation of each catalogue indicator present in the report."""
        return {r["indicator_id"]: r for r in self.rows if not pd.isna(r.get("indicator_id"))}

    @property
    def kinds(self) -> dict[str, str]:
        return self.catalog.kinds

    def linked(self, column: str, target: str) -> list[str]:
        """Catalogue ids whose ``column`` (part_of, numerator_of, denominator_of) is ``target``."""
        return self._links.get((column, target), [])

    def targets(self, column: str) -> list[str]:
        """Every id some catalogue row points at through ``column`` (e.g. all totals)."""
        return sorted({target for col, target in self._links if col == column})

    @property
    def _links(self) -> dict[tuple[str, str], list[str]]:
        return self.catalog.links

    @property
    def catalog_rows(self) -> list[dict]:
        """The catalogue as records, in template order."""
        return self.catalog.records

    def inputs_of(self, indicator_id: str) -> list[tuple[str, int]]:
        """(role, seq) of the observations a derived indicator was computed from, in key order
        (as the stored table has them)."""
        return sorted(self._inputs_by_id.get(indicator_id, ()))


def _records(table: pd.DataFrame | list[dict]) -> list[dict]:
    return table.to_dict("records") if isinstance(table, pd.DataFrame) else table


def value(row: Mapping | None) -> float | None:
    """An observation's value; None when blank, absent or not a finite number."""
    number = None if row is None else row.get("value")
    if number is None or number is pd.NA:
        return None  # NaN is no finite number either (below)
    number = float(number)
    return number if math.isfinite(number) else None


def has_flag(row: Mapping, flag: str) -> bool:
    """Did the parser set this flag on the observation?"""
    flags = row.get("flags")
    return isinstance(flags, str) and flag in flags.split(" ")


def codes(row: Mapping) -> dict[str, int]:
    """The coded scale of an observation's unit ({} when it has none)."""
    return codes_from_text(row.get("codes"))


def where(row: Mapping | None) -> dict:
    """The code and sub-row of an observation, for a finding's details."""
    row = row or {}
    item = row.get("item")
    return {
        "code": None if pd.isna(row.get("code")) else row.get("code"),
        "item": 0 if item is None or pd.isna(item) else int(item),
    }


Rule = Callable[[Context], Iterator[Finding]]


class Shown(Protocol):
    """How the report writes numbers and places (report/formats.py, handed in where a finding is
    shown: the derive stage cannot import the report's)."""

    def number(self, value: object, decimals: int | None = None) -> str: ...
    def percent(self, value: object, decimals: int | None = 1) -> str: ...
    def locator(self, text: object) -> str: ...


#: A finding's Vietnamese sentence from its details, numbers written as the report writes them.
Message = Callable[[dict, Shown], str]


class RuleInfo(NamedTuple):
    """A registered rule: its severity (and the one it falls to where the figures may not count
    the same thing), a short Vietnamese title for tables, a one-line English description (the
    README's table of rules), its message, the details of a typical finding, its check, and the
    question a report suggests putting to the agency about a finding of it (None: the report asks
    the agency to clarify the message)."""

    severity: str
    title: str
    description: str
    message: Message
    example: dict
    func: Rule | None  # None: a rule across reports, run by derive (checks/across.py)
    lowered: str | None = None
    question: Message | None = None


#: Every rule by id; findings are run and numbered in id order, whatever order modules register.
RULES: dict[str, RuleInfo] = {}


def declare(rule_id: str, info: RuleInfo) -> RuleInfo:
    """Register a rule once under a stable id; the store's findings then allow the id."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} is declared twice")
    RULES[rule_id] = info
    return info


def rule(
    rule_id: str,
    severity: str,
    title: str,
    description: str,
    message: Message,
    example: dict,
    lowered: str | None = None,
    question: Message | None = None,
) -> Callable[[Rule], Rule]:
    """Declare the decorated check as a rule: everything about it in one place."""

    def register(func: Rule) -> Rule:
        declare(rule_id, RuleInfo(severity, title, description, message, example, func, lowered, question))
        return func

    return register


def place(details: Mapping) -> str:
    """Where a finding stands, in a message: "7.6.3", "7.6.3 (dòng con 2)"."""
    item = details.get("item")
    return f"{details.get('code')}" + (f" (dòng con {item})" if item else "")


@dataclass
class Found:
    """The findings of one report as store records: findings and their inputs."""

    findings: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)


def plain(value: object) -> object:
    """Details as JSON: numbers as plain floats/ints, NA as None."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _order(record: dict) -> tuple:
    """A finding's place among a report's: its rule, then its row, claim and details."""
    return (
        record["rule"],
        record["seq"] is not None,
        record["seq"] or 0,
        record["claim"] is not None,
        record["claim"] or 0,
        record["details"],
    )


def issue_key(record: Mapping) -> tuple:
    """Which contradiction a finding is part of, to raise once: its file, rule and severity, the
    coded row it stands on (one contradiction over a row's sub-rows, 7.6.3[1] and 7.6.3[2], is
    one) and the narrative figure it holds against the appendix. A finding on the report itself
    (neither row nor figure) is one of its own."""
    code, claim = (None if pd.isna(record.get(c)) else record.get(c) for c in ("code", "claim"))
    placed = code is not None or claim is not None
    return (
        record["source"],
        record["rule"],
        record["severity"],
        code or "",
        claim or 0,
        "" if placed else record["details"],
    )


def with_issues(findings: list[dict]) -> list[dict]:
    """The numbered findings of one report, each with its ``issue``: the contradictions numbered
    1, 2, … errors first, then warnings and notes, each in the order of its first finding (the
    store's ``findings.issue``)."""
    issues: dict[tuple, int] = {}
    for record in sorted(findings, key=lambda r: (SEVERITIES.index(r["severity"]), r["finding"])):
        issues.setdefault(issue_key(record), len(issues) + 1)
    return [{**record, "issue": issues[issue_key(record)]} for record in findings]


def run(ctx: Context) -> Found:
    """All rules on one report, numbered 1, 2, … within the report in :func:`_order` (never in
    the order the rules were registered)."""
    identity = {"province": ctx.province, "agency": ctx.agency, "period": ctx.period}
    found: list[tuple[dict, list[tuple[str, int, str]]]] = []
    for rule_id, info in RULES.items():
        for finding in info.func(ctx) if info.func else ():
            row = finding.row or {}
            seq = row.get("seq")
            if finding.severity not in (None, info.lowered):
                raise ValueError(
                    f"rule {rule_id} lowered to {finding.severity!r}, not its declared {info.lowered!r}"
                )
            found.append(
                (
                    {
                        **identity,
                        "source": ctx.source,
                        "severity": finding.severity or info.severity,
                        "rule": rule_id,
                        "code": where(row)["code"],
                        "indicator_id": None if pd.isna(row.get("indicator_id")) else row.get("indicator_id"),
                        "seq": None if seq is None or pd.isna(seq) else int(seq),
                        "claim": finding.claim,
                        "details": json.dumps(plain(finding.details), ensure_ascii=False, sort_keys=True),
                    },
                    list(dict.fromkeys(finding.inputs)),
                )
            )
    out = Found()
    for number, (record, inputs) in enumerate(sorted(found, key=lambda f: _order(f[0])), start=1):
        out.findings.append({**record, "finding": number})
        out.inputs += [
            {
                **identity,
                "finding": number,
                "table": table,
                "source": ctx.source,
                "seq": int(key),
                "role": role,
            }
            for table, key, role in inputs
        ]
    out.findings = with_issues(out.findings)
    return out
