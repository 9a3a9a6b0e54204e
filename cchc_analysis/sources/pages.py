"""A printed page as words and ruling lines, and what it shows: tables (from the ruling) and text
lines (the words outside them). Both PDF routes build this page — the text layer from the PDF's
characters and drawn lines, a scan from OCR words and the lines found in its image — so one set of
layout rules reads both. Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Rule positions closer than this (points) are one line: a border drawn twice, a scan's thickness.
_SNAP = 2.5
#: A word's gap to the next one on its line, in line heights, that splits the line into columns.
_COLUMN_GAP = 2.0


@dataclass(frozen=True)
class Word:
    """One word where it stands; ``conf`` is the OCR engine's confidence (0–100), None from text."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None
    #: the OCR engine's own line of the word (block, paragraph, line); None from a text layer
    line: tuple[int, int, int] | None = None
    #: a text layer draws a space character right after the word; None from OCR (unknown)
    space_after: bool | None = None

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Rule:
    """A ruling line: horizontal at ``at`` from ``start`` to ``end`` (x), or vertical at x."""

    at: float
    start: float
    end: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)
    ocr: bool = False
    #: a text layer's width of a space character (points); None from OCR or without spaces
    space: float | None = None


@dataclass(frozen=True)
class Cell:
    text: str
    conf: float | None  # the lowest word confidence in the cell (OCR), None without OCR


@dataclass(frozen=True)
class Table:
    """A ruled table on a page: its rows of cells (one per grid column) and its vertical span."""

    top: float
    bottom: float
    rows: list[list[Cell]]


@dataclass(frozen=True)
class Line:
    """A line of text outside the tables (a wide gap splits a line into columns: a letterhead)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column: int = 0


def _snap(values: list[float]) -> list[float]:
    """Distinct positions, those within ``_SNAP`` of each other merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= _SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _touches(h: Rule, v: Rule) -> bool:
    return (h.start - _SNAP <= v.at <= h.end + _SNAP) and (v.start - _SNAP <= h.at <= v.end + _SNAP)


@dataclass(frozen=True)
class Grid:
    """One table's ruling: its row and column edges, and the rules themselves (for merges)."""

    ys: list[float]
    xs: list[float]
    horizontal: list[Rule]
    vertical: list[Rule]

    def ruled(self, rules: list[Rule], at: float, along: float) -> bool:
        return any(abs(r.at - at) <= _SNAP and r.start - _SNAP <= along <= r.end + _SNAP for r in rules)

    def regions(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Each grid cell → the top-left cell of the merged cell it belongs to: neighbours with
        no rule between them are one cell (a header spanning two rows or two columns)."""
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        rows, cols = len(self.ys) - 1, len(self.xs) - 1
        for r in range(rows):
            middle_y = (self.ys[r] + self.ys[r + 1]) / 2
            for c in range(cols):
                middle_x = (self.xs[c] + self.xs[c + 1]) / 2
                if c and not self.ruled(self.vertical, self.xs[c], middle_y):
                    owner[(r, c)] = owner[(r, c - 1)]
                elif r and not self.ruled(self.horizontal, self.ys[r], middle_x):
                    owner[(r, c)] = owner[(r - 1, c)]
                else:
                    owner[(r, c)] = (r, c)
        return owner


def grids(page: Page) -> list[Grid]:
    """The page's tables: groups of rules that touch each other, top to bottom. A table whose
    sides reach past its first or last horizontal rule (a browser's row cut by the page break,
    drawn without the border on the cut) ends where its sides end."""
    hs, vs = page.horizontal, page.vertical
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touches(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for h_rules, v_rules in groups.values():
        ys, xs = _snap([r.at for r in h_rules]), _snap([r.at for r in v_rules])
        if ys and v_rules:  # a row cut by the page, its border left open: its sides end it
            top, bottom = min(r.start for r in v_rules), max(r.end for r in v_rules)
            ys = [top, *ys] if top < ys[0] - _SNAP else ys
            ys = [*ys, bottom] if bottom > ys[-1] + _SNAP else ys
        if len(ys) >= 2 and len(xs) >= 2:
            grids.append(Grid(ys, xs, h_rules, v_rules))
    return sorted(grids, key=lambda grid: grid.ys[0])


def _band(edges: list[float], at: float) -> int | None:
    """Which band between consecutive edges holds ``at`` (None outside)."""
    for k in range(len(edges) - 1):
        if edges[k] <= at < edges[k + 1]:
            return k
    return None


def _rows_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines — the OCR engine's lines, else by baseline (box bottoms:
    accents and capitals raise a box's top, not its bottom) — top to bottom, left to right."""
    if words and all(w.line is not None for w in words):
        lines: dict[tuple[int, int, int], list[Word]] = {}
        for word in words:
            lines.setdefault(word.line, []).append(word)  # type: ignore[arg-type]
        rows = sorted(lines.values(), key=lambda row: sum(w.bottom for w in row) / len(row))
        return [sorted(row, key=lambda w: w.x0) for row in rows]
    rows, height = [], 0.0
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        height = max(height, word.bottom - word.top) if rows else word.bottom - word.top
        if rows and word.bottom - rows[-1][0].bottom < height * 0.4:
            rows[-1].append(word)
        else:
            rows.append([word])
            height = word.bottom - word.top
    return [sorted(row, key=lambda w: w.x0) for row in rows]


#: A line ending in a word broken at its hyphen ("02/QĐ-" then "BDT") or a code broken after a
#: dot ("3.4.1." then "1."): joined to the next without a space.
_BROKEN = re.compile(r"\w-$|\d\.$")


def join_lines(lines: list[str]) -> str:
    """Printed lines of one cell or paragraph as one text: a space between them, none after a
    hyphen that ends a word cut by the line's end."""
    return _glued(lines, [None] * len(lines))


def _glued(lines: list[str], glue: list[str | None]) -> str:
    """Lines joined by the glue known before each one (None: by :func:`join_lines`' rule)."""
    text = ""
    for line, known in zip(lines, glue):
        if not text:
            text = line
            continue
        broken = _BROKEN.search(text) and (text.endswith("-") or line[:1].isdigit())
        text += known if known is not None else ("" if broken else " ")
        text += line
    return text


#: Characters of a figure ("681/712", "1.3.1.", "5,88") that a renderer cuts only where the
#: figure is wider than its cell.
_FIGURE_END = re.compile(r"[\d.,/]$")
_FIGURE_START = re.compile(r"^[\d.]")
#: A line may end after these without a space ("Cổng/" "trang", "QĐ-" "BDT").
_BREAK_AFTER = re.compile(r"[/\\\-–]$")


@dataclass(frozen=True)
class _Box:
    """A cell's text area: from its left rule plus the column's padding to its right rule less
    the same padding (the renderer pads both sides alike)."""

    left: float
    right: float


def _cell_text(words: list[Word], box: _Box | None, space: float | None, emits: bool) -> str:
    """A cell's words as text, its printed lines rebuilt from the text layer's evidence: a space
    character drawn at a line's end is a space; none drawn where one would have fitted (the
    renderer draws it when ``emits``) while the next line's first word would not have, after a
    slash or hyphen or inside a word wider than the cell, is none ("Cổng/" "trang"; elsewhere
    the line ended its paragraph: "Chưa = 0" "Hoàn thành = 1"); a figure filling the line to the
    cell's edge, wider than the cell, and going on at the next line's start is one figure cut by
    the edge ("681/7" "12"). Anything else keeps its space (the value then stays raw)."""
    rows = _rows_of(words)
    lines = [" ".join(w.text for w in row) for row in rows]
    if box is None or not words or any(w.space_after is None for w in words):
        return join_lines(lines)
    glue: list[str | None] = [None]
    for before, row in zip(rows, rows[1:]):
        last, first = before[-1], row[0]
        gap = box.right - last.x1
        if last.space_after:
            glue.append(" ")
        elif (
            emits
            and space is not None
            and space + _SNAP / 2 < gap < first.x1 - first.x0
            and (_BREAK_AFTER.search(last.text) or _wider(last, first, box))
        ):
            glue.append("")
        elif _cut_figure(before, first, gap, box):
            glue.append("")
        else:
            glue.append(" " if emits else None)
    return _glued(lines, glue)


def _cut_figure(before: list[Word], first: Word, gap: float, box: _Box) -> bool:
    """The line ``before`` is one figure cut by the cell's right edge, ``first`` its rest: the
    next character would not have fitted, and the whole figure is wider than the cell."""
    last = before[-1]
    next_char = (first.x1 - first.x0) / max(len(first.text), 1)
    return (
        len(before) == 1
        and bool(_FIGURE_END.search(last.text) and _FIGURE_START.match(first.text))
        and gap < next_char + _SNAP / 2
        and _wider(last, first, box)
    )


def _wider(last: Word, first: Word, box: _Box) -> bool:
    """The two pieces together are wider than the cell: a renderer had to cut them."""
    return (last.x1 - last.x0) + (first.x1 - first.x0) > box.right - box.left


def layout(page: Page) -> tuple[list[Table], list[Line]]:
    """The page's tables (top to bottom) and its text lines outside them."""
    placed = []  # per grid: the words of each merged cell, and its span of columns
    inside: set[int] = set()
    for grid in grids(page):
        ys, xs, owner = grid.ys, grid.xs, grid.regions()
        cells: dict[tuple[int, int], list[Word]] = {}
        for n, word in enumerate(page.words):
            x, y = word.middle
            row, col = _band(ys, y), _band(xs, x)
            if row is not None and col is not None:
                cells.setdefault(owner[(row, col)], []).append(word)
                inside.add(n)
        last_col = {key: max(c for (r, c), k in owner.items() if k == key) for key in cells}
        placed.append((grid, cells, last_col))
    emits = _emits_spaces(page, placed)
    tables = []
    for grid, cells, last_col in placed:
        ys, xs = grid.ys, grid.xs
        pads: dict[int, float] = {}
        for (_, c), found in cells.items():
            pads[c] = min(pads.get(c, xs[c + 1] - xs[c]), min(w.x0 for w in found) - xs[c])
        rows = []
        for r in range(len(ys) - 1):
            row = []
            for c in range(len(xs) - 1):
                found = cells.get((r, c), [])
                box = _Box(xs[c] + pads[c], xs[last_col[(r, c)] + 1] - pads[c]) if found else None
                confs = [w.conf for w in found if w.conf is not None]
                row.append(Cell(_cell_text(found, box, page.space, emits), min(confs) if confs else None))
            rows.append(row)
        tables.append(Table(ys[0], ys[-1], rows))
    outside = [w for n, w in enumerate(page.words) if n not in inside]
    return tables, _lines(outside)


def _emits_spaces(page: Page, placed: list) -> bool:
    """The page's text layer draws the space at a wrapped line's end (LibreOffice does, a
    browser does not): some cell's line, not its last, ends in a drawn space."""
    return any(
        row[-1].space_after
        for _, cells, _ in placed
        for found in cells.values()
        for row in _rows_of(found)[:-1]
    )


def _lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines, each split at wide gaps into columns."""
    lines = []
    for row in _rows_of(words):
        height = max(w.bottom - w.top for w in row)
        parts: list[list[Word]] = [[row[0]]]
        for word in row[1:]:
            if word.x0 - parts[-1][-1].x1 > _COLUMN_GAP * height:
                parts.append([word])
            else:
                parts[-1].append(word)
        for column, part in enumerate(parts if len(parts) > 1 else [row]):
            lines.append(
                Line(
                    " ".join(w.text for w in part),
                    part[0].x0,
                    part[-1].x1,
                    min(w.top for w in part),
                    max(w.bottom for w in part),
                    column if len(parts) > 1 else 0,
                )
            )
    return lines
