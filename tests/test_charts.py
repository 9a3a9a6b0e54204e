"""Charts chosen for the data (report/content/charts.py, figures.py): single quarters and
cumulative periods on separate lines in time order, on a province written by hand over four
periods; labels through the Vietnamese formatter, read back from the SVG's text elements; a
part-to-whole as one stacked bar with its unknown rest; rates split by the way they read; text
no smaller than 9 px on a 390 px screen. Expected values are typed by hand."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from cchc_analysis.cli import main
from cchc_analysis.derive.catalogue import CATALOG_DIR, Catalog
from cchc_analysis.errors import InputError
from cchc_analysis.report.content import charts, figures, model, province, slices
from cchc_analysis.store import open_store

from province_fixture import PROVINCE, _roster, _write, report

NBSP = "\u00a0"
SVG = "{http://www.w3.org/2000/svg}"
#: One agency's tasks of the province (assigned, on time) per period: Q1 9/10, H1 18/20,
#: Q3 7/10, 9M 25/30 → 90 %, 90 %, 70 %, 83,3 % (25/30 = 83,33…).
TASKS = {"2023-Q1": ("10", "9"), "2023-H1": ("20", "18"), "2023-Q3": ("10", "7"), "2023-9M": ("30", "25")}
TITLES = {"2023-Q3": "quý III năm 2023", "2023-9M": "9 tháng năm 2023"}


def texts(svg: bytes) -> list[str]:
    """Every text element of an SVG, as written."""
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def year(tmp_path_factory, monkeypatch_module):
    """Sở Xây dựng's Q1, H1, Q3 and 9M of 2023, ingested as a province."""
    import province_fixture

    for period, words in TITLES.items():
        monkeypatch_module.setitem(province_fixture.TITLES, period, words)
    base = tmp_path_factory.mktemp("year")
    raw = base / "raw"
    raw.mkdir()
    for number, (period, (assigned, on_time)) in enumerate(TASKS.items(), start=1):
        cells = ("5", assigned, on_time, "0", "1.200", "", "20", "15", "5", "0", "1")
        _write(
            raw / f"{number:02d}_{period}.txt", "Sở Xây dựng", period, report("Sở Xây dựng", period, cells)
        )
    _roster(raw)
    assert main(["ingest", str(raw), "--out", str(base / "store"), "--province", PROVINCE]) == 0
    return slices.ProvinceStore(open_store(base / "store"), PROVINCE)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_quarters_and_cumulative_periods_are_separate_lines_in_time_order(year):
    chart = next(c for c in province.trends(year) if c["id"] == "fig-province-trend-province_on_time_rate")
    assert chart["labels"] == ["Quý I/2023", "6 tháng đầu năm 2023", "Quý III/2023", "9 tháng năm 2023"]
    assert chart["series"] == ["Từng quý", "Lũy kế từ đầu năm", "Từng quý", "Lũy kế từ đầu năm"]
    assert [round(v, 2) for v in chart["values"]] == [90.0, 90.0, 70.0, 83.33]
    fig = charts.trend(chart["labels"], chart["values"], "%", chart["title"], chart["series"])
    lines = {line.get_label(): list(line.get_xdata()) for line in fig.axes[0].get_lines()}
    assert lines == {"Từng quý": [0, 2], "Lũy kế từ đầu năm": [1, 3]}  # never Q1 → H1 → Q3 → 9M
    written = texts(figures.svg(chart))
    assert f"83,3{NBSP}%" in written and f"70,0{NBSP}%" in written


def test_series_of_each_kind_of_period():
    assert [figures.series_of(p) for p in ("2023-Q4", "2023-H1", "2023-9M", "2023", "2023-H2")] == [
        "Từng quý",
        "Lũy kế từ đầu năm",
        "Lũy kế từ đầu năm",
        "Lũy kế từ đầu năm",
        "6 tháng cuối năm",
    ]


def test_point_labels_are_rounded_the_vietnamese_way_and_stay_inside_the_axes():
    fig = charts.trend(["Quý I/2023", "Quý II/2023"], [92.039106, 1402.5], None, "Thử")
    written = texts(charts.to_svg(fig))
    assert "1.402,5" in written and not any("92,039" in t or "92.039" in t for t in written)
    rate = texts(charts.to_svg(charts.trend(["Quý I/2023", "Quý II/2023"], [92.039106, 50], "%")))
    assert f"92,0{NBSP}%" in rate and f"50,0{NBSP}%" in rate
    ax = fig.axes[0]
    top = ax.get_ylim()[1]
    assert top > 1402.5 * 1.1  # room above the highest point for its label, below the title


def test_a_part_to_whole_is_one_stacked_bar_with_the_unknown_rest():
    fig = charts.parts_bar(
        ["Đúng hạn", "Quá hạn"], [73, 0], 96, "Tổng số nhiệm vụ được giao", "Nhiệm vụ", "1.5. Nhiệm vụ"
    )
    bars = fig.axes[0].patches
    assert [b.get_width() for b in bars] == [73, 0, 23]  # 96 − 73 − 0 nobody accounted for
    assert [b.get_x() for b in bars] == [0, 73, 73]  # one bar, stacked
    written = texts(charts.to_svg(fig))
    assert "96 nhiệm vụ" in written and "73" in written and "23" in written
    legend = " ".join(written)
    assert f"Không rõ (tổng trừ các phần đã ghi): 23 nhiệm vụ (24,0{NBSP}%)" in legend
    assert f"Quá hạn: 0 nhiệm vụ (0,0{NBSP}%)" in legend


def test_the_seeds_tasks_are_drawn_as_parts_of_their_total(seed_store):
    built = model.build(open_store(seed_store), "Ban Dân tộc", "2023-H1")
    charts_ = built.model["sections"]["domains"]["chi_dao_dieu_hanh"]["charts"]
    assert [(c["kind"], c["values"], c["total"]) for c in charts_] == [("parts_bar", [73.0, 0.0], 96.0)]


def row(indicator_id: str, value: float) -> dict:
    return {
        "indicator_id": indicator_id,
        "name": indicator_id,
        "unit": "%",
        "shown": {"value": value, "warn": False},
    }


def test_rates_that_read_differently_are_not_drawn_on_one_axis():
    rows = [
        row("plan_completion_rate", 66.7),
        row("province_on_time_rate", 76.0),
        row("province_overdue_share", 4.0),
        row("staff_reduction_rate", 6.25),
        row("inspection_followup_rate", 50.0),
    ]
    drawn = figures.rate_charts(rows, Catalog.load().directions, "fig-x", "Tỷ lệ", "Tỷ lệ")
    assert [c["labels"] for c in drawn] == [
        ["plan_completion_rate", "province_on_time_rate", "inspection_followup_rate"]
    ]
    rows += [row("province_overdue_share", 9.0)]  # two "lower is better": their own chart
    assert [c["id"] for c in figures.rate_charts(rows, Catalog.load().directions, "fig-x", "T", "T")] == [
        "fig-x",
        "fig-x-lower",
    ]


def test_a_direction_the_catalogue_does_not_know_is_refused_naming_the_line(tmp_path):
    folder = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    path = folder / "directions.csv"
    path.write_text(path.read_text(encoding="utf-8") + "plan_tasks_done,higher,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"directions.csv: line 10: 'plan_tasks_done' is no rate"):
        Catalog.load(folder)
    path.write_text("indicator_id,direction,comment\nplan_completion_rate,up,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: direction must be one of higher, lower, other"):
        Catalog.load(folder)


def test_chart_text_is_at_least_9_px_on_a_390_px_screen():
    svg = charts.to_svg(
        charts.percent_bars(["Một", "Hai"], [95.646, 4.354], "Thử", decimals=1, marks=[True, False])
    )
    root = ET.fromstring(svg)
    width = float(root.get("width").removesuffix("pt"))
    css = (CATALOG_DIR.parents[1] / "report/page/templates/report.css").read_text(encoding="utf-8")
    shown = int(re.search(r"figure\.chart svg \{ min-width: (\d+)px; \}", css).group(1))
    assert shown <= 390 - 2 * 8  # fits a phone's page
    sizes = [
        float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1)) for t in root.iter(f"{SVG}text")
    ]
    assert min(sizes) * shown / width >= 9  # drawn no narrower than min-width
    assert f"95,6{NBSP}% ⚠" in texts(svg)
