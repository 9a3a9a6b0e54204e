"""`cchc check`: the findings printed for people (grouped text) or tools (CSV, JSON)."""

from __future__ import annotations

import json
import sys
import textwrap

import pandas as pd

from cchc_analysis.report.content.finding_words import findings_view
from cchc_analysis.shared.spreadsheets import csv_frame
from cchc_analysis.store import open_store
from cchc_analysis.store.files import resolve_data_dir
from cchc_analysis.store.integrity import altered
from cchc_analysis.store.schemas import SEVERITIES
from cchc_analysis.terminal import escape, json_escape, say

HEADINGS = {"error": "LỖI (error)", "warning": "CẢNH BÁO (warning)", "info": "GHI CHÚ (info)"}
#: Columns of the CSV and JSON output, for other tools (``issue``: the contradiction a finding is
#: part of, numbered within its report; group by it to count each contradiction once).
COLUMNS = [
    "severity",
    "rule",
    "province",
    "agency",
    "period",
    "source",
    "locator",
    "finding",
    "issue",
    "code",
    "indicator_id",
    "message",
    "evidence",
]


def select(
    findings: pd.DataFrame,
    severity: str,
    agencies: list[str] | None,
    periods: list[str] | None,
    provinces: list[str] | None = None,
) -> pd.DataFrame:
    """Findings at ``severity`` or worse, for the agencies, periods and provinces asked (all
    when None), errors first."""
    keep = findings.severity.isin(SEVERITIES[: SEVERITIES.index(severity) + 1])
    if provinces:
        keep &= findings.province.isin(provinces)
    if agencies:
        keep &= findings.agency.isin(agencies)
    if periods:
        keep &= findings.period.isin(periods)
    order = findings["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return (
        findings[keep]
        .assign(_o=order)
        .sort_values(["_o", "agency", "period", "finding"], kind="stable")
        .drop(columns="_o")
    )


def as_text(findings: pd.DataFrame) -> str:
    """Grouped by severity; each finding on its own lines: where, rule, message, evidence (every
    line escaped: a name or text of a report cannot start a line of its own)."""
    if findings.empty:
        return "No findings.\n"
    lines = []
    for severity in SEVERITIES:
        group = findings[findings.severity == severity]
        if group.empty:
            continue
        lines.append(f"{HEADINGS[severity]}: {len(group)}")
        for f in group.itertuples():
            where = f" ({f.province})" if isinstance(f.province, str) else ""
            at = (
                f"{f.source}:{f.locator}" if isinstance(f.locator, str) else f.source
            )  # a whole-report finding
            lines.append(f"  {at}  [{f.rule}, issue {f.issue}]  {f.agency}{where} {f.period}")
            lines += textwrap.wrap(f.message, 100, initial_indent="    ", subsequent_indent="    ")
            if isinstance(f.evidence, str) and f.evidence:
                lines += textwrap.wrap(
                    f.evidence, 100, initial_indent="      ↳ ", subsequent_indent="        "
                )
        lines.append("")
    return "\n".join(map(escape, lines))


def unreadable_cells(findings: pd.DataFrame) -> pd.DataFrame:
    """Per source (with its agency, province and period): how many value cells that should hold
    a figure were kept raw, unread — the ``unreadable_value`` findings (a text row is not one)."""
    unread = findings[findings["rule"] == "unreadable_value"]
    keys = ["source", "agency", "province", "period"]
    return unread.groupby(keys, dropna=False, sort=True).size().rename("cells").reset_index()


def unread_text(findings: pd.DataFrame) -> str:
    """One line per source with value cells kept raw, unread (whatever the severity asked)."""
    counts = unreadable_cells(findings)
    if counts.empty:
        return ""
    lines = ["", f"Ô SỐ LIỆU KHÔNG ĐỌC ĐƯỢC (unreadable cells): {counts['cells'].sum()}"]
    for c in counts.itertuples():
        where = f" ({c.province})" if isinstance(c.province, str) else ""
        lines.append(f"  {c.source}  {c.agency}{where} {c.period}: {c.cells} ô không đọc được")
    return "\n".join(map(escape, lines)) + "\n"


def print_findings(
    data_dir: str | None,
    fmt: str,
    severity: str,
    agencies: list[str] | None,
    periods: list[str] | None,
    fail_on: str,
    provinces: list[str] | None = None,
) -> int:
    """Print the selected findings in the format asked; exit status per ``fail_on`` (2 when the
    store lacks an agency or period asked for, or holds a file edited since written: each such
    file is named first, on stderr; findings follow when the version itself is intact)."""
    changed = altered(resolve_data_dir(data_dir))
    for file in changed:
        say(file.status, file.line())
    if any(file.in_version for file in changed):
        return 2
    store = open_store(data_dir)
    sources = store.table("sources")
    for column, asked in (("agency", agencies), ("period", periods), ("province", provinces)):
        known = set(sources[column].dropna())
        unknown = sorted(set(asked or ()) - known)
        if unknown:
            say("error", f"no {column} {', '.join(unknown)} in the store; it has: {', '.join(sorted(known))}")
            return 2
    view = findings_view(
        store.table("findings"),
        store.table("finding_inputs"),
        store.table("observations"),
        store.table("claims"),
    )
    shown = select(view, severity, agencies, periods, provinces)[COLUMNS]
    if fmt == "csv":
        sys.stdout.write(csv_frame(shown).to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        records = json.loads(shown.to_json(orient="records", force_ascii=False))
        sys.stdout.write(json_escape(json.dumps(records, ensure_ascii=False, indent=2)) + "\n")
    else:
        sys.stdout.write(as_text(shown) + unread_text(select(view, "info", agencies, periods, provinces)))
    if any(file.edited for file in changed):
        return 2
    if fail_on != "never":
        worst = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
        return 1 if shown.severity.isin(worst).any() else 0
    return 0
