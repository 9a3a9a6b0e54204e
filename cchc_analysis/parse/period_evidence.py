"""Which period a report is for, by evidence: every statement of it, the one chosen, and whether
the others disagree — never a silent pick.

Statements are read (grammar: :mod:`cchc_analysis.parse.period_grammar`) from, strongest first:
the command line (``option``), the sidecar (``sidecar``), the title (``title``: its lines joined,
so a phrase broken across lines reads whole), the appendix heading (``appendix_heading``), a
reporting window in the opening (``window``: "từ 15/12/2023 đến 14/6/2024"), and the opening text
(``text``: only what the report states with its reporting verb, "… báo cáo kết quả … quý I năm
2024", "Kỳ báo cáo: …" — elsewhere in the opening, years are those of plans, citations and dates).
The plan half of a title ("… và phương hướng, nhiệm vụ 6 tháng cuối năm 2024") and a period
compared with ("so với cùng kỳ năm 2023") are not statements of the reported period.

The period stored is the earliest statement of the strongest place. Another statement agrees
when it names the same period, or when it is a bare "năm 2024" and the period chosen lies in
2024 (every half-year report speaks of its year's plan). Anything else is a conflict: the report
is kept under the chosen period and the conflict is stored with both statements (derive makes it
the warning ``period_conflict``). So a bare-year title "Báo cáo CCHC năm 2024" whose opening
reports "sáu tháng đầu năm 2024" is stored as the year *with* that warning, never silently.
A window that fits no period is kept (period None) for the warning ``period_window_unmatched``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from cchc_analysis.parse.narrative import front_matter
from cchc_analysis.parse.period_grammar import normalise, read_period, reported
from cchc_analysis.parse.periods import Period
from cchc_analysis.sources.model import Paragraph, Report

#: Where a statement stands, strongest first (the order of precedence).
WHERE = ("option", "sidecar", "title", "appendix_heading", "window", "text")
#: The opening read for statements: at most this many paragraphs before section I.
OPENING_PARAGRAPHS = 15
_TITLE_LINES = 4
_HEADING_LINE = re.compile(r"^(?:[IVX]{1,4}|\d{1,2})\.\s")


@dataclass(frozen=True)
class Statement:
    """One statement of the period: where it stands, its words, the period it names (None: a
    window that fits no period), the grammar rule that read it, and its line or locator."""

    where: str
    text: str
    period: Period | None
    rule: str
    locator: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Every statement of a report's period and the one chosen by precedence (None: no period)."""

    statements: tuple[Statement, ...]
    chosen: Statement | None

    @property
    def conflicts(self) -> list[Statement]:
        """The statements that name another period than the one chosen."""
        return [s for s in self.statements if s.period is not None and not self.agrees(s)]

    @property
    def unmatched(self) -> list[Statement]:
        """Reporting windows that fit no period."""
        return [s for s in self.statements if s.period is None]

    def agrees(self, statement: Statement) -> bool:
        """Same period, or a bare "năm Y" when the period chosen lies in the year Y."""
        chosen = self.chosen.period if self.chosen else None
        return chosen is not None and (
            statement.period == chosen or (statement.rule == "year" and statement.period.year == chosen.year)
        )

    def records(self) -> list[dict]:
        """The statements as stored (``sources.period_statements``, JSON)."""
        return [
            {
                "where": s.where,
                "locator": s.locator,
                "text": s.text,
                "period": None if s.period is None else str(s.period),
                "rule": s.rule,
                "chosen": s is self.chosen,
                "agrees": None if s.period is None else self.agrees(s),
            }
            for s in self.statements
        ]

    def to_json(self) -> str:
        return json.dumps(self.records(), ensure_ascii=False)


def weigh(statements: list[Statement]) -> Evidence:
    """The statements in order of precedence (reading order within a place), and the first that
    names a period as the one chosen."""
    ordered = tuple(sorted(statements, key=lambda s: WHERE.index(s.where)))
    return Evidence(ordered, next((s for s in ordered if s.period is not None), None))


def title_lines(report: Report) -> list[Paragraph]:
    """The title's lines: the paragraph after "BÁO CÁO" (else the first) and the lines that go on
    with it (lower case or a figure after a line that ends no sentence; capitals after capitals)."""
    paragraphs = [p for p in report.paragraphs if p.text.strip()]
    start = next((i + 1 for i, p in enumerate(paragraphs[:-1]) if p.text.strip().upper() == "BÁO CÁO"), 0)
    lines = paragraphs[start : start + 1]
    for para in paragraphs[start + 1 : start + _TITLE_LINES]:
        before, text = lines[-1].text.strip(), para.text.strip()
        goes_on = text[0].islower() or text[0].isdigit() or (before.isupper() and text.isupper())
        if before[-1] in ".:;!?" or _HEADING_LINE.match(text) or not goes_on:
            break
        lines.append(para)
    return lines


def _span(lines: list[Paragraph]) -> str | None:
    if not lines:
        return None
    first, last = lines[0].locator, lines[-1].locator
    if first == last:
        return first
    kind, _, number = last.rpartition(" ")
    return f"{first}–{number}" if first.startswith(kind + " ") else f"{first}–{last}"


def _found(where: str, text: str, locator: str | None, verb: bool = False) -> list[Statement]:
    return [
        Statement(
            "window" if where == "text" and f.rule.startswith("window") else where,
            f.text,
            f.period,
            f.rule,
            locator,
        )
        for f in reported(text, verb)
    ]


def statements_of(report: Report) -> list[Statement]:
    """Every statement of the reported period the report itself makes (title, appendix heading,
    windows and text of the opening), in reading order within each place."""
    title = title_lines(report)
    stated = _found("title", " ".join(p.text for p in title), _span(title))
    stated += _found("appendix_heading", " ".join(report.appendix_heading), None)
    in_title = {id(p) for p in title}
    opening = [p for p in front_matter(report.paragraphs) if p.text.strip() and id(p) not in in_title][
        :OPENING_PARAGRAPHS
    ]
    for para in opening:
        stated += _found("text", para.text, para.locator, verb=True)
    return stated


def given(text: str, where: str) -> Statement:
    """What the user states (``option``, ``sidecar``: a code or a phrase) as a statement;
    ValueError naming the accepted forms when it is no period."""
    period, rule = read_period(text)
    return Statement(where, normalise(text), period, rule)
