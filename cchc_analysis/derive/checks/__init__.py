"""Consistency rules → findings: which numbers of a report cannot all be true.

Each rule is a small function over one report (its matched observations, the catalogue, its
derived indicators and the figures its narrative states) that yields :class:`Finding` facts: the
rule, the observation it is about, the numbers it compared (``details``) and the observations and
claims it rests on, by key. Rules read relations from the catalogue (``part_of``,
``numerator_of``, ``denominator_of``, ``catalog/relations.csv``), never a code, number or sentence
of a particular report. The Vietnamese sentence of a finding is written where it is shown
(``report/messages.py``), never here.
"""
from cchc_analysis.derive.checks import across, counts, coverage, narrative, template  # noqa: F401  (registers rules)
from cchc_analysis.derive.checks import identity  # noqa: F401  (last: other findings keep their numbers)
from cchc_analysis.derive.checks.context import RULES, Context, Finding, RuleInfo, run

__all__ = ["RULES", "Context", "Finding", "RuleInfo", "run"]
