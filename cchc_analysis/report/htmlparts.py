"""HTML fragments for reports, every string escaped: raw report text can never become markup.

Why: labels, notes and narrative come from files agencies wrote; one ``<script>`` in a cell must
show as text. Every helper here escapes its text with :func:`html.escape` (quotes included) and
only joins fragments these helpers made. Tables are rendered by :func:`table` (fixed ids, no
random uuid, no inline styles), so the same frame always gives the same bytes.
"""
from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from cchc_analysis.report.formats import NA, is_na

_ID = re.compile(r"[^a-z0-9_-]+")


class Fragment(str):
    """A piece of HTML made by these helpers (already escaped); plain ``str`` is text."""

    __slots__ = ()


def esc(value: object) -> Fragment:
    """Text → escaped HTML (a Fragment passes through unchanged); NA (not "") → "–"."""
    if isinstance(value, Fragment):
        return value
    if isinstance(value, str):
        return Fragment(html.escape(value, quote=True))
    if is_na(value):
        return Fragment(NA)
    return Fragment(html.escape(str(value), quote=True))


def safe_id(text: str) -> str:
    """A value usable as an HTML id: lowercase ASCII letters, digits, ``-`` and ``_``."""
    return _ID.sub("-", str(text).lower()).strip("-") or "x"


def attrs(**values: object) -> str:
    """`` key="value"`` pairs, escaped; ``class_`` → ``class``; None and False are left out."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f' {name}="{html.escape(str(value), quote=True)}"')
    return "".join(parts)


def element(tag: str, content: object = "", **attributes: object) -> Fragment:
    """``<tag …>content</tag>``; text content is escaped, Fragments are kept."""
    inner = "" if isinstance(content, str) and content == "" else esc(content)
    return Fragment(f"<{tag}{attrs(**attributes)}>{inner}</{tag}>")


def join(parts: Iterable[object], sep: str = "\n") -> Fragment:
    """Fragments (and escaped text) one after another."""
    return Fragment(sep.join(esc(part) for part in parts if part is not None))


def heading(text: str, level: int = 2, id: str | None = None) -> Fragment:
    """``<hN>`` with escaped text."""
    level = min(max(int(level), 1), 6)
    return element(f"h{level}", text, id=id)


def paragraph(text: str, class_: str | None = None) -> Fragment:
    return element("p", text, class_=class_)


def paragraphs(text: object, class_: str | None = None) -> Fragment:
    """Prose with blank-line-separated paragraphs → ``<p>`` each; line breaks kept as ``<br>``."""
    if is_na(text):
        return Fragment("")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text)) if b.strip()]
    return join(
        Fragment(f"<p{attrs(class_=class_)}>" + "<br>".join(esc(line) for line in block.split("\n")) + "</p>")
        for block in blocks
    )


def note(text: str, kind: str = "info") -> Fragment:
    """A highlighted one-line remark (``kind``: info, missing, warning, error)."""
    return element("p", text, class_=f"note note-{safe_id(kind)}")


def bullet_list(items: Iterable[object], class_: str | None = None) -> Fragment:
    return Fragment(f"<ul{attrs(class_=class_)}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")


def definition_list(pairs: Iterable[tuple[object, object]], class_: str | None = None) -> Fragment:
    """``<dl>`` of (term, description) pairs."""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs)
    return Fragment(f"<dl{attrs(class_=class_)}>{body}</dl>")


def code(text: object) -> Fragment:
    return element("code", text)


def link(text: object, href: str, class_: str | None = None) -> Fragment:
    """``<a>``; only relative links and in-page anchors are allowed (reports are offline)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//"):
        raise ValueError(f"only relative links are allowed in reports: {href!r}")
    return element("a", text, href=href, class_=class_)


def section(title: str | None, body: Iterable[object], id: str | None = None,
            level: int = 2, class_: str | None = None) -> Fragment:
    """``<section>`` with an optional heading and its content."""
    inner = [heading(title, level) if title else None, *body]
    return Fragment(f"<section{attrs(id=id, class_=class_)}>\n" + join(inner) + "\n</section>")


def table(
    frame: pd.DataFrame,
    table_id: str,
    caption: str | None = None,
    numeric: Sequence[str] = (),
    row_classes: Sequence[str | None] | None = None,
    column_classes: Mapping[str, str] | None = None,
    class_: str = "data",
) -> Fragment:
    """A DataFrame as an escaped ``<table>`` with a fixed id; ``numeric`` columns align right.

    Cells that are Fragments are kept as markup (e.g. a link); everything else is escaped,
    NA shown as "–". ``row_classes`` gives one class per row (e.g. the severity of a finding).
    """
    column_classes = dict(column_classes or {})
    for column in numeric:
        column_classes[column] = (column_classes.get(column, "") + " num").strip()
    head = "".join(
        f"<th{attrs(scope='col', class_=column_classes.get(c))}>{esc(c)}</th>" for c in frame.columns
    )
    rows = []
    for index, record in enumerate(frame.itertuples(index=False, name=None)):
        row_class = row_classes[index] if row_classes is not None else None
        cells = "".join(
            f"<td{attrs(class_=column_classes.get(c))}>{esc(v)}</td>" for c, v in zip(frame.columns, record)
        )
        rows.append(f"<tr{attrs(class_=row_class)}>{cells}</tr>")
    caption_html = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Fragment(
        f'<div class="table-wrap"><table{attrs(id=table_id, class_=class_)}>{caption_html}'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    )


def figure(svg: bytes, alt: str, caption: str | None = None, figure_id: str | None = None) -> Fragment:
    """An SVG chart as a data-URI ``<img>`` (self-contained, no id clashes between charts)."""
    encoded = base64.b64encode(svg).decode("ascii")
    img = f'<img{attrs(src="data:image/svg+xml;base64," + encoded, alt=alt, id=figure_id)}>'
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return Fragment(f'<figure class="chart">{img}{cap}</figure>')
