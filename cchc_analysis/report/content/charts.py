"""Charts for reports: one matplotlib style, Vietnamese labels and ticks, byte-identical SVG.

Why: the same data must give the same file (reports are compared byte for byte by
``cchc verify``), and a chart must read like the tables beside it (``95,7 %``, ``1.402``).
Figures are built with :class:`matplotlib.figure.Figure` (no pyplot global state, safe in a
kernel or a thread) and written as SVG whose text stays text (``svg.fonttype = "none"``) in
DejaVu Sans, which matplotlib ships, measures with, and which covers Vietnamese; the page embeds
that very font and shows the SVG inline, so its letters are the page's (text drawn as paths made
a chart five times larger and slower to draw and print). Determinism: a fixed ``svg.hashsalt``
and ``svg.id``, no ``Date``/``Creator`` metadata.

Phone width: a chart is :data:`WIDTH_INCHES` wide and writes no text under :data:`MIN_FONT`
points; the page keeps it at least :data:`MIN_WIDTH_PX` wide (scrolling inside its box below
that), so its smallest text is never under 9 px on a 390 px screen (report.css).
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
from cchc_analysis.report.content import indicator_value

#: Colours: one accent for bars, greys for text and grid (print-friendly, colour-blind safe).
ACCENT = "#1f5f8b"
ACCENT_LIGHT = "#8fb3cc"
#: The unknown part of a whole (the total less the parts given): pale grey, hatched.
UNKNOWN = "#e0e0e0"
#: One colour per part of a stacked bar (after which :data:`UNKNOWN`), and per series of a trend.
PARTS = (ACCENT, "#d95f02", "#7570b3", "#1b9e77")
TEXT = "#222222"
GRID = "#d9d9d9"
WIDTH_INCHES = 5.0
#: The smallest text of a chart, in points (= SVG units), and the narrowest the page shows it:
#: 360 units drawn 360 px wide → 9 units are 9 px.
MIN_FONT = 9
MIN_WIDTH_PX = round(WIDTH_INCHES * 72)
LABEL_WIDTH = 32  # characters per line of a bar's label
#: A bar or point whose figure carries ⚠ (indicator_value): hatched, and ⚠ after its label.
WARN_HATCH = "////"

STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": MIN_FONT,
    "legend.fontsize": MIN_FONT,
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
    marks: Sequence[bool] | None = None,
) -> Figure:
    wrapped = [wrap(label) for label in labels]
    lines = sum(label.count("\n") + 1 for label in wrapped)
    height = 0.75 + 0.19 * lines + 0.16 * len(labels) + (0.25 if title else 0) + (0.2 if xlabel else 0)
    with style():
        fig = Figure(figsize=(WIDTH_INCHES, height))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]  # first label on top
        marks = list(marks or [False] * len(values))
        bars = ax.barh(positions, values, color=ACCENT, height=0.62)
        for bar, marked in zip(bars, marks):
            if marked:
                bar.set_facecolor(ACCENT_LIGHT)
                bar.set_hatch(WARN_HATCH)
                bar.set_edgecolor(ACCENT)
        ax.set_yticks(positions, wrapped)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, limit)
        ax.xaxis.set_major_formatter(tick)
        if ticks is not None:
            ax.set_xticks(list(ticks))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=integer or limit > 10))
        ax.set_ylim(-0.6, len(labels) - 0.4)
        for y, v, t, marked in zip(positions, values, text, marks):
            _label(ax, t, marked, (v, y), (4, 0), va="center", ha="left")
        if xlabel:
            ax.set_xlabel(xlabel)
        _title(fig, title)
    return fig


def _label(
    ax, text: str, marked: bool, at: tuple[float, float], offset: tuple[float, float], **align
) -> None:
    """A value's label ``offset`` points from ``at`` (beside a bar, above a point), formatted by
    the caller, with ⚠ when the value is ``marked`` (:mod:`indicator_value`'s one rule); kept
    inside the axes, never over a tick label."""
    ax.annotate(
        indicator_value.marked(text, marked),
        at,
        xytext=offset,
        textcoords="offset points",
        fontsize=MIN_FONT,
        annotation_clip=True,
        **align,
    )


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
    marks: Sequence[bool] | None = None,
) -> Figure:
    """Horizontal bars of percentages (0–100 %, or beyond when a value exceeds 100); values are
    written with ``decimals`` places (one for all bars, or one per bar), or as many as they have
    (at most 2) where None; a bar of ``marks`` is hatched and its value followed by ⚠."""
    numbers = [float(v) for v in values]
    top = max([100.0, *numbers])
    limit = top * 1.22  # room for the value (and ⚠) written after the longest bar
    text = [
        fmt.percent(v, d if d is not None else min(fmt.decimals_of(v), 2))
        for v, d in zip(numbers, _places(decimals, len(numbers)))
    ]
    tick = FuncFormatter(lambda x, _pos: fmt.percent(x, 0))
    ticks = [0, 25, 50, 75, 100] if top <= 100 else None
    return _bars(labels, numbers, text, title, xlabel, limit, tick, ticks, marks=marks)


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
    limit = max([1.0, *numbers]) * 1.4  # room for "96 nhiệm vụ" after the longest bar
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
    periods: Sequence[str],
    values: Sequence[float | None],
    unit: str | None = None,
    title: str | None = None,
    series: Sequence[str] | None = None,
    marks: Sequence[bool] | None = None,
) -> Figure:
    """One indicator over periods (labels such as "6 tháng đầu năm 2023", in time order), one
    line per ``series`` (single quarters on one, cumulative periods on another: a line never
    joins Q1 to H1); gaps stay gaps. Each point is labelled as an indicator is written
    (``92,0 %``), ⚠ after it where ``marks`` says so, above the point and inside the axes."""
    numbers = [float("nan") if fmt.is_na(v) else float(v) for v in values]
    series = list(series or [""] * len(numbers))
    marks = list(marks or [False] * len(numbers))
    known = [v for v in numbers if v == v]
    top = max([100.0 if unit == "%" else 1.0, *known]) * 1.18  # room for the labels above points
    with style():
        fig = Figure(figsize=(WIDTH_INCHES, 3.4))
        ax = fig.add_subplot()
        xs = list(range(len(periods)))
        names = list(dict.fromkeys(series))
        for n, name in enumerate(names):
            mine = [(x, v) for x, v, s in zip(xs, numbers, series) if s == name]
            ax.plot(
                [x for x, _ in mine],
                [v for _, v in mine],
                marker="os^D"[n % 4],
                linestyle=("-", "--", ":", "-.")[n % 4],
                color=PARTS[n % len(PARTS)],
                label=name or None,
            )
        ax.set_xticks(xs, [wrap(p, 12, 3) for p in periods])
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(0, top)
        ax.grid(axis="y", color=GRID)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=unit != "%" and top > 10))
        ax.yaxis.set_major_formatter(
            FuncFormatter(
                lambda x, _pos: (
                    fmt.percent(x, 0) if unit == "%" else fmt.number(x, 0 if float(x).is_integer() else 1)
                )
            )
        )
        for x, v, marked in zip(xs, numbers, marks):
            if v == v:
                _label(ax, fmt.indicator(v, unit), marked, (x, v), (0, 7), ha="center", va="bottom")
        if any(names):
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, ncols=min(len(names), 3))
        _title(fig, title)
    return fig


def parts_bar(
    labels: Sequence[str],
    values: Sequence[float],
    total: float,
    total_label: str,
    unit: str | None = None,
    title: str | None = None,
) -> Figure:
    """A whole as one stacked bar: its parts (``labels``, ``values``) and, when they fall short
    of ``total``, the unknown rest ("Không rõ"), each written in the legend with its figure and
    its share of the total; the total at the bar's end."""
    parts = [float(v) for v in values]
    rest = float(total) - sum(parts)
    names = [*labels, *(["Không rõ (tổng trừ các phần đã ghi)"] if rest > 0 else [])]
    sizes = [*parts, *([rest] if rest > 0 else [])]
    suffix = f" {unit.lower()}" if unit else ""
    entries = [
        wrap(
            f"{name}: {fmt.number(size)}{suffix} ({fmt.percent(100 * size / total, 1) if total else fmt.NA})",
            44,
            2,
        )
        for name, size in zip(names, sizes)
    ]
    legend = 0.1 + 0.2 * sum(e.count("\n") + 1 for e in entries)  # inches under the bar
    height = 1.35 + legend + (0.3 if title else 0)
    with style():
        fig = Figure(figsize=(WIDTH_INCHES, height))
        ax = fig.add_subplot()
        left = 0.0
        for n, size in enumerate(sizes):
            unknown = rest > 0 and n == len(names) - 1
            ax.barh(
                [0],
                [size],
                left=left,
                height=0.5,
                color=UNKNOWN if unknown else PARTS[n % len(PARTS)],
                hatch=WARN_HATCH if unknown else None,
                edgecolor="#999999" if unknown else "white",
                label=entries[n],
            )
            if total and size / total >= 0.12:
                ax.annotate(
                    fmt.number(size),
                    (left + size / 2, 0),
                    ha="center",
                    va="center",
                    fontsize=MIN_FONT,
                    color=TEXT if unknown else "white",
                )
            left += size
        _label(
            ax,
            f"{fmt.number(total)}{suffix}",
            False,
            (max(left, float(total)), 0),
            (4, 0),
            va="center",
            ha="left",
        )
        ax.set_xlim(0, max(left, float(total)) * 1.25 or 1)
        ax.set_ylim(-0.5, 0.5)
        ax.set_yticks([0], [wrap(total_label, 18, 3)])
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt.number(x, 0)))
        fig.legend(loc="lower left", bbox_to_anchor=(0.01, 0.01), frameon=False, ncols=1)
        _title(fig, title)
        fig.tight_layout(rect=(0, legend / height, 1, 1))  # the legend's room kept under the bar
    return fig
