"""Executed notebook → ONE self-contained HTML file (nbconvert + own template) → A4 PDF (Chromium).

HTML: :class:`ReportExporter` is an nbconvert ``TemplateExporter`` with the template
``templates/report.html.j2``: outputs only (no code, no prompts, no markdown), the papermill
``parameters``/``injected-parameters`` cells removed, ``<html lang="vi">``, the CSS and the
embedded font (:mod:`fonts`) inlined, images as data URIs, no external URL (nbconvert's own
templates load require.js and MathJax from a CDN; this one loads nothing), and no script but the
bundled table library on pages with a searchable table (:mod:`searchable`, allowed by its hash).

PDF: the HTML file printed by the render process's headless Chromium (:mod:`browser`), A4 with
"Trang n/N" in the footer from CSS ``@page`` margin boxes, bookmarks from the headings, tags,
``/Lang vi``, and the page of each section in the contents (:func:`html_to_pdf`). Without Chromium the HTML is still
written and the PDF step fails with :class:`PdfUnavailable`, whose message says what to install.
"""

from __future__ import annotations

import base64
import copy
import io
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import nbformat
import pypdf
from nbconvert.exporters import TemplateExporter
from traitlets import default

from cchc_analysis.report.page import browser, fonts
from cchc_analysis.report.page.browser import PdfUnavailable

__all__ = ["PdfUnavailable", "ReportExporter", "html_page", "html_to_pdf", "notebook_to_html"]

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = TEMPLATES / "report.html.j2"
CSS_FILE = TEMPLATES / "report.css"
#: Cells with these tags never reach the published report.
REMOVED_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell"})
#: The page's contents and the ids it links to (the templates' markup: no raw text forges it).
_CONTENTS = re.compile(r'<nav class="toc">.*?</nav>', re.S)
_TARGETS = re.compile(r'<a href="#([^"]+)">')


def _b64(text: str) -> str:
    return base64.b64encode(str(text).encode("utf-8")).decode("ascii")


class ReportExporter(TemplateExporter):
    """nbconvert exporter for published reports: outputs only, self-contained, lang="vi"."""

    export_from_notebook = None  # not offered in Jupyter's "Download as" menu
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".html"

    @default("template_file")
    def _template_file_default(self) -> str:
        return TEMPLATE.name

    @default("extra_template_paths")
    def _extra_template_paths_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("filters")
    def _filters_default(self) -> dict:
        return {"cchc_b64": _b64}

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("exclude_markdown")
    def _exclude_markdown_default(self) -> bool:
        return True

    @default("exclude_raw")
    def _exclude_raw_default(self) -> bool:
        return True

    @default("exclude_unknown")
    def _exclude_unknown_default(self) -> bool:
        return True


@lru_cache(maxsize=1)
def css() -> str:
    """The report stylesheet."""
    return CSS_FILE.read_text(encoding="utf-8")


def publishable(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook without its parameters / injected-parameters / remove-cell cells."""
    clean = copy.deepcopy(nb)
    clean.cells = [
        cell
        for cell in clean.cells
        if not REMOVED_TAGS.intersection(cell.get("metadata", {}).get("tags", []))
    ]
    return clean


def notebook_to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The executed notebook as one self-contained HTML document (deterministic)."""
    from cchc_analysis.report.page import searchable

    exporter = ReportExporter()
    clean = publishable(nb)
    html = [str(o.get("data", {}).get("text/html", "")) for c in clean.cells for o in c.get("outputs", [])]
    wanted = searchable.wanted(html)  # the one script, only where a table asks for it
    resources = {
        "cchc": {
            "title": title,
            "css": css(),
            "fonts": fonts.font_face_css(),
            "script": searchable.script() if wanted else "",
            "tables_css": searchable.style() if wanted else "",
            "policy": searchable.policy(with_script=wanted),
        }
    }
    body, _ = exporter.from_notebook_node(clean, resources=resources)
    return body


def html_page(fragment: str, title: str) -> str:
    """An HTML fragment (rendered by :mod:`html`) as a page in the report style."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            source="", outputs=[nbformat.v4.new_output("display_data", data={"text/html": fragment})]
        )
    )
    return notebook_to_html(nb, title)


def contents_targets(html: str) -> list[str]:
    """The ids the page's contents (``nav.toc``) link to, in order."""
    found = _CONTENTS.search(html)
    return _TARGETS.findall(found.group()) if found else []


def target_pages(pdf: bytes, ids: list[str]) -> dict[str, int]:
    """The page (from 1) each id is printed on, read from the PDF's named destinations (Chromium
    names one per link target; the outline's entries point at the same places)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = reader.named_destinations
    return {i: reader.get_destination_page_number(names[f"/{i}"]) + 1 for i in ids if f"/{i}" in names}


def numbered_contents(pages: dict[str, int]) -> str:
    """Print-only CSS giving each contents entry its page number (the slot for it is reserved in
    ``report.css`` whether or not a number fills it, so the numbers move no page break)."""
    rules = "".join(f'nav.toc a[href="#{i}"]{{--page:"{n}"}}' for i, n in pages.items())
    return f'<style media="print">{rules}</style>'


def html_to_pdf(html_file: Path) -> bytes:
    """The HTML file as an A4 PDF, printed by this process's headless Chromium (offline), with
    bookmarks, tags and ``/Lang vi``. A page with contents is printed twice: the first print says
    on which page each section starts, the second prints those numbers in the contents."""
    printer = browser.shared()
    first = printer.print_pdf(html_file)
    html = Path(html_file).read_text(encoding="utf-8")
    pages = target_pages(first, contents_targets(html))
    if not pages:
        return first
    with tempfile.TemporaryDirectory(prefix="cchc-contents-") as folder:
        numbered = Path(folder) / Path(html_file).name
        numbered.write_text(
            html.replace("</head>", numbered_contents(pages) + "</head>", 1), encoding="utf-8"
        )
        return printer.print_pdf(numbered)
