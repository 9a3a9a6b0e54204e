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
    """The page's tables: groups of rules that touch each other, top to bottom."""
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
        if len(ys) >= 2 and len(xs) >= 2:
            grids.append(Grid(ys, xs, h_rules, v_rules))
    return sorted(grids, key=lambda grid: grid.ys[0])


def _band(edges: list[float], at: float) -> int | None:
    """Which band between consecutive edges holds ``at`` (None outside)."""
    for k in range(len(edges) - 1):
        if edges[k] <= at < edges[k + 1]:
            return k
    return None


def _joined(words: list[Word]) -> str:
    """Words of one cell or line in reading order: by line (tops within half a word's height),
    then left to right."""
    return join_lines([" ".join(w.text for w in line) for line in _rows_of(words)])


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
    text = ""
    for line in lines:
        broken = _BROKEN.search(text) and (text.endswith("-") or line[:1].isdigit())
        text = text + line if not text or broken else f"{text} {line}"
    return text


def layout(page: Page) -> tuple[list[Table], list[Line]]:
    """The page's tables (top to bottom) and its text lines outside them."""
    tables, inside = [], set()
    for grid in grids(page):
        ys, xs, owner = grid.ys, grid.xs, grid.regions()
        cells: dict[tuple[int, int], list[Word]] = {}
        for n, word in enumerate(page.words):
            x, y = word.middle
            row, col = _band(ys, y), _band(xs, x)
            if row is not None and col is not None:
                cells.setdefault(owner[(row, col)], []).append(word)
                inside.add(n)
        rows = []
        for r in range(len(ys) - 1):
            row = []
            for c in range(len(xs) - 1):
                found = cells.get((r, c), [])
                confs = [w.conf for w in found if w.conf is not None]
                row.append(Cell(_joined(found), min(confs) if confs else None))
            rows.append(row)
        tables.append(Table(ys[0], ys[-1], rows))
    outside = [w for n, w in enumerate(page.words) if n not in inside]
    return tables, _lines(outside)


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
