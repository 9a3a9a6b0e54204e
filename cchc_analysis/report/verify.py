"""`cchc verify`: render again into a temporary folder; are the published tables and figures the same?

Why: a published report must be reproducible from the store and the code. Tables (``<table>``,
by id) and figures (``<img>`` data URIs / ``<svg>``, in order) of each published HTML are compared
with a fresh render; what differs is named (which table, which row, which figure). Whole-file
identity is reported too, as a stronger but not required property.
"""
from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cchc_analysis.report.render import render

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_TABLE_ID = re.compile(r'<table\b[^>]*\bid="([^"]*)"')
_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_IMAGE = re.compile(r"<img\b[^>]*>|<svg\b.*?</svg>", re.S)
_ALT = re.compile(r'\balt="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def tables(document: str) -> dict[str, str]:
    """Every ``<table>`` of an HTML document, by id (position when it has none)."""
    found = {}
    for n, match in enumerate(_TABLE.finditer(document), start=1):
        ident = _TABLE_ID.match(match.group(0))
        found[ident.group(1) if ident else f"table #{n}"] = match.group(0)
    return found


def figures(document: str) -> list[str]:
    """Every image of an HTML document (``<img>`` with its data URI, inline ``<svg>``), in order."""
    return [m.group(0) for m in _IMAGE.finditer(document)]


def _text(fragment: str, limit: int = 90) -> str:
    text = " | ".join(html.unescape(_TAGS.sub("", cell)).strip()
                      for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", fragment, re.S))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _caption(table: str, ident: str) -> str:
    caption = _CAPTION.search(table)
    return f"{ident} ({html.unescape(_TAGS.sub('', caption.group(1)))})" if caption else ident


def compare(published: str, fresh: str) -> list[str]:
    """What differs between the tables and figures of two HTML reports (empty: identical)."""
    problems = []
    old, new = tables(published), tables(fresh)
    for ident in sorted(set(old) | set(new), key=lambda i: (i not in old, list(old).index(i) if i in old else 0)):
        if ident not in new:
            problems.append(f"table {_caption(old[ident], ident)} is published but no longer rendered")
        elif ident not in old:
            problems.append(f"table {_caption(new[ident], ident)} is rendered but not published")
        elif old[ident] != new[ident]:
            rows_old, rows_new = _ROW.findall(old[ident]), _ROW.findall(new[ident])
            where = f"{len(rows_old)} rows published, {len(rows_new)} rendered"
            for n, (a, b) in enumerate(zip(rows_old, rows_new)):
                if a != b:
                    where = f"row {n} differs: published “{_text(a)}” ≠ rendered “{_text(b)}”"
                    break
            problems.append(f"table {_caption(old[ident], ident)}: {where}")
    old_figures, new_figures = figures(published), figures(fresh)
    for n in range(max(len(old_figures), len(new_figures))):
        a = old_figures[n] if n < len(old_figures) else None
        b = new_figures[n] if n < len(new_figures) else None
        if a != b:
            alt = _ALT.search(a or b or "")
            name = f"figure {n + 1}" + (f" (“{html.unescape(alt.group(1))}”)" if alt and alt.group(1) else "")
            state = "missing in the new render" if b is None else "not published" if a is None else "differs"
            problems.append(f"{name} {state}")
    return problems


@dataclass
class Check:
    """The verdict on one published report."""

    label: str
    published: Path
    identical: bool
    problems: list[str] = field(default_factory=list)
    same_bytes: bool = False

    def line(self) -> str:
        if self.identical:
            extra = "byte-identical" if self.same_bytes else "tables and figures identical"
            return f"ok: {self.label}: {extra} ({self.published})"
        return f"DIFFERS: {self.label} ({self.published}):\n" + "\n".join(f"  - {p}" for p in self.problems)


def verify(
    data_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    periods: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    jobs: int | None = None,
    report_notebook: Path | None = None,
    overview_notebook: Path | None = None,
) -> list[Check]:
    """Re-render (HTML only, forced) into a temporary folder and compare with ``out_dir``."""
    out = Path(out_dir).resolve()
    checks = []
    with tempfile.TemporaryDirectory(prefix="cchc-verify-") as tmp:
        result = render(data_dir, tmp, periods, agencies, formats=("html",), jobs=jobs, force=True,
                        report_notebook=report_notebook, overview_notebook=overview_notebook,
                        progress=False, index=False, log=None)
        for outcome in result.outcomes:
            job = outcome.job
            relative = job.path("html").relative_to(Path(tmp).resolve())
            published = out / relative
            if outcome.status == "failed":
                checks.append(Check(job.label, published, False, [f"the new render failed: {outcome.error}"]))
                continue
            if not published.exists():
                checks.append(Check(job.label, published, False, ["no published report"]))
                continue
            old = published.read_bytes()
            new = job.path("html").read_bytes()
            problems = compare(old.decode("utf-8"), new.decode("utf-8"))
            checks.append(Check(job.label, published, not problems, problems, old == new))
    return checks
