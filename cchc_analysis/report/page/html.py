"""The report model as HTML: one Jinja template per section, autoescaped, Vietnamese formats as
filters (:mod:`formats`), charts as ``data:`` URIs; a notebook shows each section and the model.

Why Jinja with autoescape: every label, note and narrative comes from a file an agency wrote; one
``<script>`` in a cell must show as text. No HTML is built by string concatenation in Python;
markup lives in ``templates/`` beside the page wrapper ``report.html.j2``.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from cchc_analysis.derive.checks import RULES
from cchc_analysis.report.content import clarify, finding_words, formats, indicator_value
from cchc_analysis.report.content.model import MIME, Report
from cchc_analysis.report.page import navigation

TEMPLATES = Path(__file__).with_name("templates")
#: Sections of each kind of page, in reading order (template ``<kind>/<section>.html.j2``).
ORDER = {
    "report": (
        "title",
        "clarify",
        "key_indicators",
        "domains",
        "closing",
        "findings",
        "claims",
        "documents",
        "appendix",
        "provenance",
    ),
    "overview": ("title", "indicators", "findings", "missing", "provenance"),
    "province": ("title", "key_indicators", "rollup", "trends", "coverage", "drilldown", "provenance"),
}
#: The Vietnamese name of each severity.
SEVERITY_WORDS = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}


def paragraphs(text: object) -> list[list[str]]:
    """Prose → paragraphs (split at blank lines), each a list of its lines."""
    if formats.is_na(text):
        return []
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text)) if b.strip()]
    return [block.split("\n") for block in blocks]


def inline_svg(data: bytes) -> Markup:
    """A chart's SVG as markup to place in the page (its XML prolog and doctype dropped), so that
    its text uses the page's embedded font. Only SVG that :mod:`charts` drew arrives here, and
    matplotlib escapes every text it writes, labels from raw files included."""
    text = data.decode("utf-8")
    start = text.find("<svg")
    if start < 0:
        raise ValueError("not an SVG drawing")
    return Markup(text[start:])


def rule_title(rule: str) -> str:
    """The Vietnamese title of a consistency rule (its id when the registry has none)."""
    return RULES[rule].title if rule in RULES else rule


def severities_by_code(findings: dict | None) -> dict[str, list[str]]:
    """The severities of the findings on each appendix code, most severe first (what a table's
    severity filter selects by); none for a model without findings (an appendix shown alone)."""
    found: dict[str, set[str]] = {}
    for severity, rows in (findings or {}).get("by_severity", {}).items():
        for f in rows:
            if f.get("code"):
                found.setdefault(f["code"], set()).add(severity)
    order = list(SEVERITY_WORDS)
    return {code: sorted(s, key=order.index) for code, s in found.items()}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment: autoescape on, undefined names an error, formats as filters."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    formats.register(env)
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["inline_svg"] = inline_svg
    env.filters["paragraphs"] = paragraphs
    env.filters["rule_title"] = rule_title
    env.filters["quoted"] = clarify.segments
    env.globals["SEVERITY_WORDS"] = SEVERITY_WORDS
    env.globals["severities_by_code"] = severities_by_code
    env.globals["stated_note"] = indicator_value.note
    env.globals["crumbs"], env.globals["overview_link"] = navigation.crumbs, navigation.overview_link
    env.globals["OCR_MARK"], env.globals["OCR_MARK_TITLE"] = (
        finding_words.OCR_MARK,
        finding_words.OCR_MARK_TITLE,
    )
    env.globals["paged_source"] = finding_words.paged_source
    env.globals["ROLLUP_FLAG_MARKS"] = finding_words.ROLLUP_FLAG_MARKS
    return env


class Page:
    """A report (or an overview) ready to show: its sections as HTML, its model as a bundle."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.model = report.model
        self.kind = self.model["kind"]

    def section(self, name: str) -> Markup:
        """One section as HTML (the template ``<kind>/<name>.html.j2``)."""
        if name not in ORDER[self.kind]:
            raise KeyError(f"no section {name!r} in a {self.kind}; sections: {', '.join(ORDER[self.kind])}")
        template = environment().get_template(f"{self.kind}/{name}.html.j2")
        return Markup(
            template.render(s=self.model["sections"][name], model=self.model, svgs=self.report.svgs)
        )

    def html(self) -> Markup:
        """Every section, in order."""
        return Markup("\n").join(self.section(name) for name in ORDER[self.kind])

    def bundle(self) -> dict:
        """The model as a display bundle: ``display(page.bundle(), raw=True)`` puts it in the
        executed notebook, where ``cchc render`` takes it (the HTML exporter ignores it)."""
        return {MIME: self.model}


def render_template(name: str, **context: object) -> Markup:
    """Any other template of the folder (e.g. the index) with the same filters."""
    return Markup(environment().get_template(name).render(**context))
