"""Charts for reports: one matplotlib style, Vietnamese labels and ticks, byte-identical SVG.

Why: the same data must give the same file (reports are compared byte for byte by
``cchc verify``), and a chart must read like the tables beside it (``95,7 %``, ``1.402``).
Figures are built with :class:`matplotlib.figure.Figure` (no pyplot global state, safe in a
kernel or a thread) and written as SVG whose text stays text (``svg.fonttype = "none"``) in
DejaVu Sans, which matplotlib ships, measures with, and which covers Vietnamese; the page embeds
that very font and shows the SVG inline, so its letters are the page's (text drawn as paths made
a chart five times larger and slower to draw and print). Determinism: a fixed ``svg.hashsalt``
and ``svg.id``, no ``Date``/``Creator`` metadata.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from cchc_analysis.report.content import formats as fmt

#: Colours: one accent for bars, greys for text and grid (print-friendly, colour-blind safe).
ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#8fb3cc"
TEXT = "#222222"
GRID = "#d9d9d9"
WIDTH_INCHES = 7.0
LABEL_WIDTH = 42  # characters per line of a bar's label

STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.edgecolor": "#888888",
    "axes.labelcolor": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "text.color": TEXT,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": None,
    "svg.fonttype": "none",
    "svg.hashsalt": "cchc-analysis",
    "svg.id": "cchc-chart",
    "svg.image_inline": True,
    "path.simplify": True,
    "axes.formatter.use_locale": False,
}
#: SVG metadata that would differ between runs or versions: left out.
SVG_METADATA = {"Date": None, "Creator": None}


@contextmanager
def style():
    """The report style for the ``with`` block (restores the caller's rcParams afterwards)."""
    with matplotlib.rc_context(STYLE):
        yield


def to_svg(fig: Figure) -> bytes:
    """The figure as byte-stable SVG (same figure → same bytes)."""
    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    return buffer.getvalue()


def wrap(label: str, width: int = LABEL_WIDTH, max_lines: int = 3) -> str:
    """A long Vietnamese label on at most ``max_lines`` lines (the rest cut with "…")."""
    lines = textwrap.wrap(str(label), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def _title(fig: Figure, title: str | None) -> None:
    """The title at the figure's left edge (not the axes'), wrapped, then a tight layout."""
    if title:
        fig.suptitle(wrap(title, 90, 2), x=0.01, ha="left", fontsize=10, fontweight="bold")
    fig.tight_layout()


def _bars(
    labels: Sequence[str],
    values: Sequence[float],
    text: Sequence[str],
    title: str | None,
    xlabel: str | None,
    limit: float,
    tick: FuncFormatter,
    ticks: Sequence[float] | None = None,
    integer: bool = False,
) -> Figure:
    wrapped = [wrap(label) for label in labels]
    lines = sum(label.count("\n") + 1 for label in wrapped)
    height = 0.75 + 0.19 * lines + 0.16 * len(labels) + (0.25 if title else 0) + (0.2 if xlabel else 0)
    with style():
        fig = Figure(figsize=(WIDTH_INCHES, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]  # first label on top
        ax.barh(positions, values, color=ACCENT, height=0.62)
        ax.set_yticks(positions, wrapped)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, limit)
        ax.xaxis.set_major_formatter(tick)
        if ticks is not None:
            ax.set_xticks(list(ticks))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=integer or limit > 10))
        ax.set_ylim(-0.6, len(labels) - 0.4)
        for y, v, t in zip(positions, values, text):
            ax.annotate(
                t, (v, y), xytext=(4, 0), textcoords="offset points", va="center", ha="left", fontsize=8.5
            )
        if xlabel:
            ax.set_xlabel(xlabel)
        _title(fig, title)
    return fig


def _places(decimals: int | Sequence[int | None] | None, count: int) -> list[int | None]:
    """One decimals per bar: the chart's (an int, or None), or each bar's own (a sequence: the
    decimals each figure of the appendix was written with)."""
    return [decimals] * count if decimals is None or isinstance(decimals, int) else list(decimals)


def percent_bars(
    labels: Sequence[str],
    values: Sequence[float],
    title: str | None = None,
    xlabel: str | None = None,
    decimals: int | Sequence[int | None] | None = None,
) -> Figure:
    """Horizontal bars of percentages (0–100 %, or beyond when a value exceeds 100); values are
    written with ``decimals`` places (one for all bars, or one per bar), or as many as they have
    (at most 2) where None."""
    numbers = [float(v) for v in values]
    top = max([100.0, *numbers])
    limit = top * 1.14  # room for the value written after the longest bar
    text = [
        fmt.percent(v, d if d is not None else min(fmt.decimals_of(v), 2))
        for v, d in zip(numbers, _places(decimals, len(numbers)))
    ]
    tick = FuncFormatter(lambda x, _pos: fmt.percent(x, 0))
    ticks = [0, 25, 50, 75, 100] if top <= 100 else None
    return _bars(labels, numbers, text, title, xlabel, limit, tick, ticks)


def count_bars(
    labels: Sequence[str],
    values: Sequence[float],
    unit: str | None = None,
    title: str | None = None,
    decimals: Sequence[int | None] | None = None,
) -> Figure:
    """Horizontal bars of counts (one unit), value written beside each bar with the decimals it
    was written with (``decimals``, one per bar), or as many as it has where None."""
    numbers = [float(v) for v in values]
    limit = max([1.0, *numbers]) * 1.3  # room for "96 nhiệm vụ" after the longest bar
    text = [
        fmt.number(v, d) + (f" {unit}".lower() if unit else "")
        for v, d in zip(numbers, _places(decimals, len(numbers)))
    ]
    whole = all(v.is_integer() for v in numbers)
    tick = FuncFormatter(lambda x, _pos: fmt.number(x, 0 if float(x).is_integer() else 1))
    return _bars(
        labels,
        numbers,
        text,
        title,
        f"Số lượng ({unit.lower()})" if unit else None,
        limit,
        tick,
        integer=whole,
    )


def trend(
    periods: Sequence[str], values: Sequence[float | None], unit: str | None = None, title: str | None = None
) -> Figure:
    """One indicator over periods (labels such as "6 tháng đầu năm 2023"); gaps stay gaps."""
    numbers = [float("nan") if fmt.is_na(v) else float(v) for v in values]
    percent = unit == "%"
    with style():
        fig = Figure(figsize=(WIDTH_INCHES, 3.2))
        ax = fig.add_subplot()
        xs = list(range(len(periods)))
        ax.plot(xs, numbers, marker="o", color=ACCENT)
        ax.set_xticks(xs, [wrap(p, 14, 2) for p in periods])
        ax.grid(axis="y", color=GRID)
        ax.yaxis.set_major_formatter(
            FuncFormatter(
                lambda x, _pos: (
                    fmt.percent(x, 0) if percent else fmt.number(x, 0 if float(x).is_integer() else 1)
                )
            )
        )
        for x, v in zip(xs, numbers):
            if v == v:
                ax.annotate(
                    fmt.value(v, unit),
                    (x, v),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8.5,
                )
        if percent:
            ax.set_ylim(0, max([100.0, *[v for v in numbers if v == v]]) * 1.1)
        _title(fig, title)
    return fig
