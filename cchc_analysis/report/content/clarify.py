"""The first screen of an agency's report, "Cần làm rõ với cơ quan": one entry per contradiction
(the findings' ``issue``: a contradiction over several sub-rows is raised once), each with the
narrative sentence it quotes, the appendix cells it rests on (linked to their rows), its
arithmetic written out and a question to put to the agency. Differences within rounding are
listed apart as notes, not raised."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from cchc_analysis.derive.checks.rates import shown_places, written_places
from cchc_analysis.report.content.anchors import issue_anchor, quote_anchor, row_anchor
from cchc_analysis.report.content.finding_words import message, question
from cchc_analysis.report.content.formats import number, percent
from cchc_analysis.report.content.slices import key, records, rows
from cchc_analysis.shared.decimals import decimals_of
from cchc_analysis.store import Snapshot

#: Severities of the issues to raise with the agency (notes are not raised).
ASKED = ("error", "warning")


def _rate(d: dict) -> str:
    exact = 100 * d["numerator"] / d["denominator"]
    return (
        f"{number(d['numerator'])}/{number(d['denominator'])} = "
        f"{percent(exact, shown_places(exact, written_places(d)))}; phụ lục ghi "
        f"{percent(d['stated'], d.get('decimals'))}"
    )


def _narrative(d: dict) -> str:
    def show(value: float, decimals: int | None = None) -> str:
        return percent(value, decimals) if d["percent"] else number(value, decimals)

    stated = f"thuyết minh ghi {show(d['stated'])}"
    if d.get("from") == "indicator" and d["percent"]:
        exact = 100 * d["numerator"] / d["denominator"]
        places = shown_places(exact, decimals_of(d["stated"]))
        return f"{number(d['numerator'])}/{number(d['denominator'])} = {percent(exact, places)}; {stated}"
    return f"phụ lục ghi {show(d['actual'])}; {stated}"


#: Each rule's arithmetic, written out from a finding's details ("681/712 = 95,646 %").
ARITHMETIC: dict[str, Callable[[dict], str]] = {
    "rate_vs_counts": _rate,
    "denominator_vs_total": lambda d: (
        f"mẫu số {number(d['denominator'])} ≠ dòng tổng {d['total_code']}: {number(d['total'])}"
    ),
    "parts_vs_total": lambda d: (
        " + ".join(number(v) for _, v in d["parts"] if v is not None)
        + f" = {number(d['parts_sum'])} ≠ tổng {number(d['total'])}"
    ),
    "relation": lambda d: f"{number(d['left'])} {'>' if d['op'] == '<=' else '≠'} {number(d['right'])}",
    "rate_above_100": lambda d: f"{percent(d['value'], None)} > 100 %",
    "negative_count": lambda d: f"{number(d['value'])} < 0",
    "narrative_vs_appendix": _narrative,
    "documents_vs_count": lambda d: f"{number(len(d['listed']))} văn bản liệt kê > {number(d['value'])}",
    "cumulative_below_part": lambda d: f"{number(d['value'])} < {number(d['part_value'])}",
}


def _cell(row: dict, role: str) -> dict:
    """An appendix cell an issue rests on: its key and anchor, code and sub-row, label, value and
    unit as written, place."""
    return {
        "key": key(row),
        "anchor": row_anchor(row["source"], row["seq"]),
        "role": role,
        **{c: row[c] for c in ("code", "item", "label", "raw_value", "raw_unit", "locator")},
    }


def issues(found: dict, observations: pd.DataFrame, claims: pd.DataFrame) -> list[dict]:
    """Every issue of a report, in number order (errors first), from its findings section
    (:func:`quality.findings`): rule, severity, its findings and their messages, the quoted
    sentence, the cells, the arithmetic and the question (of its first finding)."""
    obs = {(r["source"], r["seq"]): r for r in records(observations)}
    said = {(r["source"], r["seq"]): r for r in records(claims)}
    grouped: dict[int, list[dict]] = {}
    for severity, listed in found["by_severity"].items():
        for f in listed:
            grouped.setdefault(f["issue"], []).append({**f, "severity": severity})
    out = []
    for number_, members in sorted(grouped.items()):
        first = members[0]
        cells: dict[tuple, dict] = {}
        quote = None
        for f in members:
            for i in f["inputs"]:
                where = (i["source"], i["seq"])
                if i["table"] == "observations" and where in obs:
                    cells.setdefault(where, _cell(obs[where], i["role"]))
                elif i["table"] == "claims" and where in said and quote is None:
                    c = said[where]
                    quote = {
                        "key": key(c),
                        "anchor": quote_anchor(number_),
                        **{k: c[k] for k in ("sentence", "section_id", "locator")},
                    }
        sums = [ARITHMETIC[f["rule"]](f["details"]) for f in members if f["rule"] in ARITHMETIC]
        out.append(
            {
                "issue": number_,
                "anchor": issue_anchor(number_),
                "severity": first["severity"],
                "rule": first["rule"],
                "code": first["code"],
                "lowered": first["lowered"],
                "findings": [f["key"]["finding"] for f in members],
                "messages": [f["message"] for f in members],
                "quote": quote,
                "cells": [cells[k] for k in sorted(cells, key=lambda k: (k[0], k[1]))],
                "arithmetic": list(dict.fromkeys(sums)),
                "question": question(first["rule"], first["details"], first["message"]),
            }
        )
    return out


def build(store: Snapshot, agency: str, period: str, found: dict) -> dict:
    """The section: the issues to raise (errors, warnings) and the rounding-level notes, each as
    :func:`issues` gives it, and how many issues of each severity."""
    every = issues(found, rows(store, "observations", agency, period), rows(store, "claims", agency, period))
    return {
        "asked": [i for i in every if i["severity"] in ASKED],
        # differences a rule lowered to a note (a rate within rounding of its counts): shown, not raised
        "notes": [i for i in every if i["severity"] not in ASKED and i["lowered"]],
        "counts": dict(found["issues"]),
    }


def marks(section: dict) -> dict[tuple[str, int], list[dict]]:
    """The issues each appendix row is in, by the row's key (source, seq): number, anchor and
    severity, for the mark beside the row that links back to its issue."""
    out: dict[tuple[str, int], list[dict]] = {}
    for i in (*section["asked"], *section["notes"]):
        for c in i["cells"]:
            out.setdefault((c["key"]["source"], c["key"]["seq"]), []).append(
                {"issue": i["issue"], "anchor": i["anchor"], "severity": i["severity"]}
            )
    return out


def quotes(section: dict) -> list[dict]:
    """The narrative sentences the issues quote, for the narrative to mark where they stand."""
    return [
        {
            "source": i["quote"]["key"]["source"],
            "sentence": i["quote"]["sentence"],
            "anchor": i["quote"]["anchor"],
            "issue": i["issue"],
            "issue_anchor": i["anchor"],
            "severity": i["severity"],
        }
        for i in section["asked"]
        if i["quote"]
    ]


def segments(line: str, shown: list[dict]) -> list[tuple[str, dict | None]]:
    """A narrative line cut at the sentences issues quote: (text, quote or None) in order, for
    the template to mark each quoted sentence and link it to its issue."""
    out: list[tuple[str, dict | None]] = []
    rest = str(line)
    while rest:
        hits = [(rest.find(q["sentence"]), q) for q in shown if q["sentence"] and q["sentence"] in rest]
        if not hits:
            out.append((rest, None))
            break
        at, q = min(hits, key=lambda h: h[0])
        if at:
            out.append((rest[:at], None))
        out.append((q["sentence"], q))
        rest = rest[at + len(q["sentence"]) :]
    return out


def agency_issues(findings: pd.DataFrame, links: dict[str, str]) -> dict[str, list[dict]]:
    """Per agency, its issues to raise among a period's ``findings`` (for the overview): number,
    severity, rule, code, the first finding's message, how many findings, and the link to the
    issue in the agency's report (``links``: agency → report path)."""
    found = findings[findings["severity"].isin(ASKED)].sort_values(["agency", "issue", "finding"])
    out: dict[str, list[dict]] = {}
    for (agency, number_), group in found.groupby(["agency", "issue"], sort=False):
        first = group.iloc[0]
        out.setdefault(agency, []).append(
            {
                "issue": int(number_),
                "severity": first["severity"],
                "rule": first["rule"],
                "code": None if pd.isna(first["code"]) else first["code"],
                "message": message(first["rule"], first["details"]),
                "findings": len(group),
                "href": f"{links[agency]}#{issue_anchor(number_)}" if agency in links else None,
            }
        )
    return out
