"""`cchc verify`: render again into a temporary folder; is each published report's model the same?

Why models, not HTML: the model (``report.json``) holds every value a report shows, keyed, so a
difference is named by its path — ``sections.appendix.rows[141] (7.6.3 dòng con 1).value:
published 95.7, rendered 95.65`` — and figures are compared by the SHA-256 of their SVG bytes,
both in the models and as embedded in the published HTML. Whole-file identity of the HTML is
reported too, as a stronger but not required property.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from cchc_analysis import terminal
from cchc_analysis.report.dependencies import environment_differences
from cchc_analysis.report.page.index import MANIFEST_NAME, read_json
from cchc_analysis.report.run.one_report import changed_outputs
from cchc_analysis.report.run.render import render

#: Differences named per report (the first one is what matters; the rest give the extent).
LIMIT = 5
_SVG_URI = "data:image/svg+xml;base64,"


def _name(item: object) -> str:
    """A short human name of a list element: the appendix code and sub-row, an indicator, a
    figure, a finding — so that a path says which row, not only which index."""
    if not isinstance(item, dict):
        return ""
    if "code" in item and "item" in item:
        return f" ({item['code']}" + (f" dòng con {item['item']})" if item["item"] else ")")
    for name in ("indicator_id", "id", "document", "agency"):
        if isinstance(item.get(name), str):
            return f" ({item[name]})"
    if isinstance(item.get("key"), dict) and "finding" in item["key"]:
        return f" (phát hiện {item['key']['finding']})"
    return ""


def _shown(value: object) -> str:
    return (
        json.dumps(value, ensure_ascii=False)
        if not isinstance(value, (int, float)) or isinstance(value, bool)
        else repr(value)
    )


def differences(published: object, rendered: object, path: str = "") -> Iterator[str]:
    """Every place where two models differ, in document order, named by its path."""
    if isinstance(published, dict) and isinstance(rendered, dict):
        for k in sorted(set(published) | set(rendered)):
            where = f"{path}.{k}" if path else str(k)
            if k not in rendered:
                yield f"{where}: published but no longer rendered"
            elif k not in published:
                yield f"{where}: rendered but not published"
            elif k == "svg_sha256" and published[k] != rendered[k]:
                yield (
                    f"{path}: figure differs (SVG SHA-256 published {published[k][:12]}…, rendered {rendered[k][:12]}…)"
                )
            else:
                yield from differences(published[k], rendered[k], where)
    elif isinstance(published, list) and isinstance(rendered, list):
        for n, (a, b) in enumerate(zip(published, rendered)):
            yield from differences(a, b, f"{path}[{n}]{_name(a)}")
        if len(published) != len(rendered):
            yield f"{path}: {len(published)} items published, {len(rendered)} rendered"
    elif published != rendered or type(published) is not type(rendered):
        yield f"{path}: published {_shown(published)}, rendered {_shown(rendered)}"


class _Images(HTMLParser):
    """The SHA-256 of every SVG image embedded in an HTML page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.digests: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        src = dict(attrs).get("src") or ""
        if tag == "img" and src.startswith(_SVG_URI):
            self.digests.append(hashlib.sha256(base64.b64decode(src[len(_SVG_URI) :])).hexdigest())


def figure_digests(html: str) -> list[str]:
    """The SHA-256 of each SVG figure embedded in an HTML page, in order."""
    parser = _Images()
    parser.feed(html)
    return parser.digests


def compare(published_dir: Path, fresh_dir: Path, name: str) -> list[str]:
    """What differs between a published report and a fresh render of it (empty: identical)."""
    try:
        old = json.loads((published_dir / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"no published model ({name}.json) to compare with"]
    new = json.loads((fresh_dir / f"{name}.json").read_text(encoding="utf-8"))
    problems = []
    for n, problem in enumerate(differences(old, new)):
        if n == LIMIT:
            problems.append("… and more")
            break
        problems.append(problem)
    shown = figure_digests((published_dir / f"{name}.html").read_text(encoding="utf-8"))
    fresh = figure_digests((fresh_dir / f"{name}.html").read_text(encoding="utf-8"))
    for n in range(max(len(shown), len(fresh))):
        a, b = (shown[n] if n < len(shown) else None), (fresh[n] if n < len(fresh) else None)
        if a != b:
            problems.append(
                f"figure {n + 1} of the published HTML "
                + (
                    "is missing in the new render"
                    if b is None
                    else "is not published"
                    if a is None
                    else f"differs (SVG SHA-256 published {a[:12]}…, rendered {b[:12]}…)"
                )
            )
    return problems


@dataclass
class Check:
    """The verdict on one published report."""

    label: str
    published: Path
    identical: bool
    problems: list[str] = field(default_factory=list)
    same_bytes: bool = False
    #: how the environment that published the report differs from this one (and how to get it)
    environment: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The verdict as status lines, its text escaped: ``ok:`` when identical, else one
        ``DIFFERS:`` per difference; then one ``note:`` per way the publishing environment
        differs."""
        where = f"{self.label} ({self.published})"
        if self.identical:
            extra = "byte-identical" if self.same_bytes else "model and figures identical"
            lines = [terminal.line("ok", f"{self.label}: {extra} ({self.published})")]
        else:
            lines = [terminal.line("DIFFERS", f"{where}: {p}") for p in self.problems] or [
                terminal.line("DIFFERS", where)
            ]
        lines += [terminal.line("note", f"{where}: environment: {e}") for e in self.environment]
        return "\n".join(lines)


def verify(
    data_dir: str | Path | None = None,
    out_dir: str | Path = "reports",
    periods: Sequence[str] | None = None,
    agencies: Sequence[str] | None = None,
    jobs: int | None = None,
    report_notebook: Path | None = None,
    overview_notebook: Path | None = None,
    provinces: Sequence[str] | None = None,
) -> list[Check]:
    """Re-render (HTML only, forced) into a temporary folder and compare with ``out_dir``."""
    out = Path(out_dir).resolve()
    checks = []
    with tempfile.TemporaryDirectory(prefix="cchc-verify-") as tmp:
        result = render(
            data_dir,
            tmp,
            periods,
            agencies,
            formats=("html",),
            jobs=jobs,
            force=True,
            report_notebook=report_notebook,
            overview_notebook=overview_notebook,
            progress=False,
            index=False,
            log=None,
            provinces=provinces,
        )
        for outcome in result.outcomes:
            job = outcome.job
            published = out / job.path("html").relative_to(Path(tmp).resolve())
            if outcome.status == "failed":
                checks.append(Check(job.label, published, False, [f"the new render failed: {outcome.error}"]))
                continue
            if not published.exists():
                checks.append(Check(job.label, published, False, ["no published report"]))
                continue
            then = read_json(published.parent / MANIFEST_NAME)
            if then is None:
                checks.append(
                    Check(
                        job.label,
                        published,
                        False,
                        [
                            f"{published.parent / MANIFEST_NAME} is missing or not valid JSON: render "
                            "the report again (cchc render --force)"
                        ],
                    )
                )
                continue
            problems = [
                f"{name} was changed after it was published (its SHA-256 differs from render.json)"
                for name in changed_outputs(published.parent, then)
            ]
            problems += compare(published.parent, job.folder, job.name)
            same = published.read_bytes() == job.path("html").read_bytes()
            checks.append(
                Check(
                    job.label,
                    published,
                    not problems,
                    problems,
                    same,
                    environment_differences(then.get("inputs", {})),
                )
            )
    return checks
