"""`cchc check`: the findings table printed for people (grouped text) or tools (CSV, JSON)."""
from __future__ import annotations

import argparse
import json
import sys
import textwrap

import pandas as pd

from cchc_analysis.derive.checks import SEVERITIES
from cchc_analysis.store.io import load_findings, load_observations

HEADINGS = {"error": "LỖI (error)", "warning": "CẢNH BÁO (warning)", "info": "GHI CHÚ (info)"}


def select(findings: pd.DataFrame, severity: str, agencies: list[str] | None,
           periods: list[str] | None) -> pd.DataFrame:
    """Findings at ``severity`` or worse, for the agencies and periods asked (all when None)."""
    keep = findings.severity.isin(SEVERITIES[: SEVERITIES.index(severity) + 1])
    if agencies:
        keep &= findings.agency.isin(agencies)
    if periods:
        keep &= findings.period.isin(periods)
    return findings[keep]


def as_text(findings: pd.DataFrame) -> str:
    """Grouped by severity; each finding on its own lines: where, rule, message, evidence."""
    if findings.empty:
        return "No findings.\n"
    lines = []
    for severity in SEVERITIES:
        group = findings[findings.severity == severity]
        if group.empty:
            continue
        lines.append(f"{HEADINGS[severity]}: {len(group)}")
        for f in group.itertuples():
            lines.append(f"  {f.source}:{f.locator}  [{f.rule}]  {f.agency} {f.period}")
            lines += textwrap.wrap(f.message, 100, initial_indent="    ", subsequent_indent="    ")
            if isinstance(f.evidence, str) and f.evidence:
                lines += textwrap.wrap(f.evidence, 100, initial_indent="      ↳ ",
                                       subsequent_indent="        ")
        lines.append("")
    return "\n".join(lines)


def print_findings(args: argparse.Namespace) -> int:
    """Print the selected findings in the format asked; exit status per ``--fail-on``."""
    try:
        findings = load_findings(args.data)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reported = load_observations(args.data)[["agency", "period"]].drop_duplicates()
    for column, asked in (("agency", args.agency), ("period", args.period)):
        known = set(reported[column].dropna())
        unknown = sorted(set(asked or ()) - known)
        if unknown:
            print(f"error: no {column} {', '.join(unknown)} in the store; it has: "
                  f"{', '.join(sorted(known))}", file=sys.stderr)
            return 2
    shown = select(findings, args.severity, args.agency, args.period)
    if args.format == "csv":
        sys.stdout.write(shown.to_csv(index=False, lineterminator="\n"))
    elif args.format == "json":
        records = json.loads(shown.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(shown))
    if args.fail_on != "never":
        worst = SEVERITIES[: SEVERITIES.index(args.fail_on) + 1]
        return 1 if shown.severity.isin(worst).any() else 0
    return 0
