"""Consistency rules → findings: which numbers of a report cannot all be true.

Each rule is a small function over one report (its matched observations, the catalogue, its
derived indicators and the figures its narrative states) that yields :class:`Finding` facts: the
rule, the observation it is about (``details``: the numbers it compared) and the observations and
claims it rests on, by key. Rules read relations from the catalogue (``part_of``,
``numerator_of``, ``denominator_of``, ``catalog/relations.csv``), never a code, number or sentence
of a particular report. A rule is declared once, in its own module (:func:`context.rule`): check,
severity, title, English description, Vietnamese message and an example of its details; the
store's allowed rule ids and the report's sentences are read from that registry. Findings are
numbered by rule id and the finding's own key, so the order modules are imported in is no matter.
"""

from cchc_analysis.derive.checks import across, counts, coverage, identity, narrative, rates, template, units  # noqa: F401  (registers rules)
from cchc_analysis.derive.checks.context import RULES, Context, Finding, RuleInfo, run

__all__ = ["RULES", "Context", "Finding", "RuleInfo", "rules_table", "run"]


def rules_table() -> str:
    """The README's table of rules (id, severity, description), from the registry in id order."""
    rows = [
        f"| `{rid}` | {' / '.join(filter(None, (info.severity, info.lowered)))} | {info.description} |"
        for rid, info in sorted(RULES.items())
    ]
    return "\n".join(["| rule | severity | what it finds |", "|---|---|---|", *rows])
