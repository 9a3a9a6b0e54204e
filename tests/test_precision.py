"""Figures of the appendix are shown with the decimals they were written with: an agency whose
appendix says ``96,0 %`` and ``5,80`` reads ``96,0 %`` and ``5,80`` in its report and in its
province's drill-down, not ``96 %`` and ``5,8``. One report written by hand, ingested by the real
command; the pages are built in-process (no notebook)."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.content import charts, model, overview, province, slices
from cchc_analysis.report.page import html as page
from cchc_analysis.store import open_store

from province_fixture import HEADER, _write, document

AGENCY, PROVINCE, PERIOD = "Sở Tư pháp", "Phú Yên", "2023-H1"
NBSP = "\u00a0"
#: The appendix as the agency wrote it: (STT, label, unit, figure) — catalogue rows, so that the
#: province's roll-up takes each of them.
ROWS = [
    ("1", "Công tác chỉ đạo điều hành CCHC", "", ""),
    ("1.2", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "1.402"),
    ("1.5", "Thực hiện nhiệm vụ UBND tỉnh giao", "", ""),
    ("-", "Tổng số nhiệm vụ được giao", "Nhiệm vụ", "100"),
    ("3", "Cải cách thủ tục hành chính", "", ""),
    ("3.4.1.3", "Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ", "%", "96,0 %"),
    ("3.4.1.4", "Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa", "%", "0,50"),
    ("3.4.7.3", "Hồ sơ thanh toán trực tuyến", "", ""),
    ("-", "Số tiền được thanh toán trực tuyến", "Đồng", "5,80"),
    ("7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "", ""),
    ("7.6.3", "Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:", "Văn bản", "712"),
    (
        "-",
        "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số "
        "và gửi trên môi trường điện tử)",
        "%",
        "681/712 đạt tỷ lệ 95,7 %",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The report ingested once; the agency's, the overview's and the province's models."""
    base = tmp_path_factory.mktemp("precision")
    raw = base / "raw"
    raw.mkdir()
    table = HEADER + "".join(f"{stt}\t{label}\t{unit}\t{value}\t\n" for stt, label, unit, value in ROWS)
    _write(raw / "01_2023-H1.txt", AGENCY, PERIOD, document(AGENCY, PERIOD, table))
    assert main(["ingest", str(raw), "--out", str(base / "store"), "--province", PROVINCE]) == 0
    store = open_store(base / "store")
    view = slices.ProvinceStore(store, PROVINCE)
    return SimpleNamespace(
        report=model.build(view, AGENCY, PERIOD),
        overview=overview.build(view, PERIOD),
        province=province.build(view, PERIOD),
    )


def shown(html: str, table_id: str) -> dict[str, list[str]]:
    """The figures of a table's "Số liệu" column (its 4th cell), by the row's STT cell."""
    table = re.search(rf'<table id="{table_id}".*?</table>', str(html), re.S).group(0)
    out: dict[str, list[str]] = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if len(cells) >= 4:
            out.setdefault(cells[0], []).append(cells[3])
    return out


def test_the_appendix_shows_each_figure_as_it_was_written(built):
    figures = shown(page.Page(built.report).section("appendix"), "tbl-appendix")
    assert figures["1.2"] == ["1.402"]
    assert figures["3.4.1.3"] == [f"96,0{NBSP}%"]
    assert figures["3.4.1.4"] == [f"0,50{NBSP}%"]
    assert figures["7.6.3"] == ["712"]
    # the sub-rows ("-" in the STT column) show their full key: the coded row's, then [n]
    assert figures["1.5[1]"] == ["100"]
    assert figures["3.4.7.3[1]"] == ["5,80"]
    assert figures["7.6.3[1]"] == [f"95,7{NBSP}% (681/712)"]
    rows = {(r["code"], r["item"]): r for r in built.report.model["sections"]["appendix"]["rows"]}
    assert (rows[("3.4.1.3", 0)]["value"], rows[("3.4.1.3", 0)]["decimals"]) == (96.0, 1)
    assert (rows[("3.4.7.3", 1)]["value"], rows[("3.4.7.3", 1)]["decimals"]) == (5.8, 2)
    assert built.report.model["model_version"] == model.MODEL_VERSION == 7


def test_a_domain_shows_its_rows_as_written_and_derived_figures_keep_their_rules(built):
    html = page.Page(built.report).section("domains")
    tthc = shown(html, "tbl-appendix-thu_tuc_hanh_chinh")
    assert (tthc["3.4.1.3"], tthc["3.4.1.4"], tthc["3.4.7.3[1]"]) == (
        [f"96,0{NBSP}%"],
        [f"0,50{NBSP}%"],
        ["5,80"],
    )
    digital = shown(html, "tbl-appendix-chinh_quyen_so")
    assert digital["7.6.3[1]"] == [f"95,7{NBSP}% (681/712)"]
    # the bars of the rates the agency wrote carry them as written (the SVG keeps its text)
    svg = built.report.svgs["fig-thu_tuc_hanh_chinh-rates"].decode("utf-8")
    assert f">96,0{NBSP}%</text>" in svg and f">0,50{NBSP}%</text>" in svg
    # the indicator recomputed from 681/712 = 95,646… % keeps one decimal, as every indicator
    key = {r["indicator_id"]: r for r in built.report.model["sections"]["key_indicators"]["rows"]}
    assert key["docs_electronic_share"]["value"] == pytest.approx(100 * 681 / 712)
    assert f"95,6{NBSP}%" in page.Page(built.report).section("key_indicators")


def test_the_province_drill_down_shows_each_agency_figure_as_written(built):
    figures = shown(page.Page(built.province).section("drilldown"), "tbl-drilldown")
    assert figures["1.2"] == ["1.402"]
    assert figures["1.5[1]"] == ["100"]
    assert figures["3.4.1.3"] == [f"96,0{NBSP}%"]  # a rate without counts: listed, as written
    assert figures["3.4.1.4"] == [f"0,50{NBSP}%"]
    assert figures["3.4.7.3[2]"] == ["5,80"]
    # the counts written with 95,7 % are its numerator and denominator, plain counts
    assert sorted(figures["7.6.3[1]"]) == ["681", "712"]
    rows = built.province.model["sections"]["drilldown"]["rows"]
    counts = [r for r in rows if r["code"] == "7.6.3" and r["item"] == 1]
    assert {(r["role"], r["value"], r["unit"], r["decimals"]) for r in counts} == {
        ("numerator", 681.0, None, None),
        ("denominator", 712.0, None, None),
    }


def test_the_overview_shows_only_derived_indicators_by_their_own_rules(built):
    html = page.Page(built.overview).html()
    assert f"95,6{NBSP}%" in html  # 681/712, recomputed: one decimal
    # no figure of the appendix is on the overview, so none can be shown at another precision
    for written in ("1.402", "5,80", "5,8", f"96,0{NBSP}%", f"96{NBSP}%", f"0,50{NBSP}%"):
        assert written not in html


def test_count_bars_write_each_figure_with_its_own_decimals():
    svg = charts.to_svg(
        charts.count_bars(
            ["Cấp tỉnh", "Cấp huyện"], [5.8, 1402.0], "Đồng", "3.4.7.3. Số tiền", decimals=[2, None]
        )
    ).decode("utf-8")
    assert ">5,80 đồng</text>" in svg and ">1.402 đồng</text>" in svg
