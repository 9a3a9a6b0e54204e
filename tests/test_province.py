"""The province's own report on a province written by hand (``province_fixture``): five agencies
filed 2023-H1, one filed only Q1 and Q2, one nothing. Every expected figure below is computed by
hand from the figures typed in the fixture; the pages are opened in headless Chromium."""

from __future__ import annotations

import io
import os
import re
import subprocess
from html import unescape
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.content import model, province, slices
from cchc_analysis.report.page import convert as export
from cchc_analysis.report.page import html as page
from cchc_analysis.report.page import searchable as tables
from cchc_analysis.report.page.province_workbook import INPUTS_SHEET, ROLLUP_SHEET, province_workbook
from cchc_analysis.store import open_store

from browser import CHROMIUM, open_page, print_to_pdf, scripts_of
from province_fixture import CONFLICTED, HALF_YEAR, PERIOD, PROVINCE, ROSTER, write_half_year, write_province

#: Markup in a clerk's label, as the text export carries it (entities the reader decodes).
HOSTILE = " &lt;img src=x onerror=window.pwned=1&gt; &lt;script&gt;window.pwned=2&lt;/script&gt;"
SHOWN = "<img src=x onerror=window.pwned=1> <script>window.pwned=2</script>"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium (CI must have it)"
)


@pytest.fixture(scope="module")
def phu_yen(tmp_path_factory):
    """The province ingested once; its roll-up model and pages built once (no kernel needed)."""
    base = tmp_path_factory.mktemp("phu-yen")
    raw = write_province(base / "raw", hostile=HOSTILE)
    assert main(["ingest", str(raw), "--out", str(base / "store"), "--province", PROVINCE]) == 0
    store = open_store(base / "store")
    view = slices.ProvinceStore(store, PROVINCE)
    built = province.build(view, PERIOD)
    pages = base / "pages"
    pages.mkdir()
    (pages / "province.html").write_text(
        export.html_page(page.Page(built).html(), "Phú Yên"), encoding="utf-8"
    )
    (pages / "report.html").write_text(
        export.html_page(page.Page(model.build(view, "Sở Xây dựng", PERIOD)).html(), "Sở Xây dựng"),
        encoding="utf-8",
    )
    return SimpleNamespace(base=base, raw=raw, store=store, model=built.model, pages=pages)


def rows_by_code(found) -> dict[tuple[str, int], dict]:
    return {(r["code"], r["item"]): r for r in found.model["sections"]["rollup"]["rows"]}


def test_counts_are_summed_over_the_agencies_that_gave_them_and_blanks_are_not_zeros(phu_yen):
    rows = rows_by_code(phu_yen)
    docs = rows[("1.2", 0)]  # 2 + 5 + (Y tế blank) + 3 + 10
    assert (docs["value"], docs["reported"], docs["agencies"], docs["filed"]) == (20.0, 4, 7, 5)
    assigned, on_time, late = (rows[("1.5", i)] for i in (1, 2, 3))
    assert (assigned["value"], on_time["value"], late["value"]) == (150.0, 122.0, 3.0)
    assert rows[("7.6.3", 0)]["value"] == 2950 + 1200 + 800 + 655
    online = rows[("3.4.5", 0)]  # left blank by every agency: no figure, not 0
    assert online["value"] is None and online["reported"] == 0


def test_a_rate_is_recomputed_from_summed_counts_and_a_rate_without_counts_is_not_summed(phu_yen):
    rate = rows_by_code(phu_yen)[("7.6.3", 1)]
    # 1.150/1.200 (Xây dựng), 790/800 (Công Thương), 681/712 (Ban Dân tộc); Tư pháp wrote 97,6 alone
    assert (rate["numerator"], rate["denominator"]) == (2621.0, 2712.0)
    assert rate["value"] == pytest.approx(100 * 2621 / 2712)  # 96,64 %, not the mean of the rates
    assert (rate["reported"], rate["summed"]) == (4, 3)
    stated = [i for i in rate["inputs"] if i["role"] == "stated"]
    assert [i["agency"] for i in stated] == ["Sở Tư pháp"]
    indicators = {r["indicator_id"]: r for r in phu_yen.model["sections"]["key_indicators"]["rows"]}
    assert indicators["province_on_time_rate"]["value"] == pytest.approx(100 * 122 / 150)
    assert indicators["province_on_time_rate"]["values"]["Ban Dân tộc"] == pytest.approx(100 * 73 / 96)


def test_a_coded_row_counts_the_agencies_at_the_top_code(phu_yen):
    portal = rows_by_code(phu_yen)[("7.5", 1)]  # Có, Có, Chưa, Có, (Ban Dân tộc blank)
    assert (portal["value"], portal["top_code"], portal["agencies"], portal["reported"]) == (3.0, "Có", 7, 4)


def test_a_flagged_input_stays_in_the_sum_and_names_its_agency(phu_yen):
    rows = rows_by_code(phu_yen)
    total = rows[("3.2", 0)]  # Công Thương's total 5 is below its parts 4 + 3 + 0
    assert total["value"] == 10 + 20 + 5 + 2 and total["errors"] == ["Sở Công Thương"]
    assert (rows[("3.2", 1)]["value"], rows[("3.2", 2)]["value"]) == (31.0, 8.0)  # parts: 39 > 37
    assert rows[("7.6.3", 1)]["errors"] == ["Ban Dân tộc"]  # 681/712 against a total of 655
    assert rows[("1.2", 0)]["errors"] == []


def test_every_figure_keeps_its_inputs_by_key_with_file_and_line(phu_yen):
    obs = phu_yen.store.table("observations").set_index(["source", "seq"])
    docs = rows_by_code(phu_yen)[("1.2", 0)]
    written = {(i["agency"], obs.loc[(i["source"], i["seq"]), "raw_value"]) for i in docs["inputs"]}
    assert written == {
        ("Sở Tư pháp", "2"),
        ("Sở Xây dựng", "5"),
        ("Sở Công Thương", "3"),
        ("Ban Dân tộc", "10"),
    }
    assert {obs.loc[(i["source"], i["seq"]), "locator"] for i in docs["inputs"]} == {"line 12"}
    drill = [r for r in phu_yen.model["sections"]["drilldown"]["rows"] if r["code"] == "1.2"]
    assert sorted((r["agency"], r["key"]["source"], r["value"]) for r in drill) == [
        ("Ban Dân tộc", "05_2023-H1.txt", 10.0),
        ("Sở Công Thương", "04_2023-H1.txt", 3.0),
        ("Sở Tư pháp", "01_2023-H1.txt", 2.0),
        ("Sở Xây dựng", "02_2023-H1.txt", 5.0),
    ]


def test_only_the_period_itself_is_summed_and_who_has_not_filed_is_named(phu_yen):
    found = phu_yen.model["sections"]["coverage"]
    assert found["partial"] == [{"agency": "Sở Giáo dục và Đào tạo", "periods": ["2023-Q1", "2023-Q2"]}]
    assert found["missing"] == ["Sở Tài chính"]
    inputs = phu_yen.store.table("rollup_inputs")
    h1 = inputs[inputs["period"] == PERIOD]
    assert "Sở Giáo dục và Đào tạo" not in set(h1["agency"])  # its quarters' 100 and 50 stay out
    q1 = phu_yen.store.table("rollup").set_index(["period", "indicator_id"])
    assert q1.loc[("2023-Q1", "direction_docs_issued"), "value"] == 100  # each period on its own


def test_every_input_of_a_period_is_a_row_of_that_periods_own_report(phu_yen):
    # Sở Giáo dục filed Q1 and Q2: its Q2 figures rest on its Q2 file's rows only
    inputs = phu_yen.store.table("rollup_inputs")
    period_of = dict(zip(phu_yen.store.table("sources")["source"], phu_yen.store.table("sources")["period"]))
    assert {(p, period_of[s]) for p, s in zip(inputs["period"], inputs["source"])} == {
        ("2023-H1", "2023-H1"),
        ("2023-Q1", "2023-Q1"),
        ("2023-Q2", "2023-Q2"),
    }


def test_the_workbook_is_the_template_with_numbers_and_the_agencies_behind_them(phu_yen):
    book = openpyxl.load_workbook(io.BytesIO(province_workbook(phu_yen.model)))
    assert book.sheetnames == [ROLLUP_SHEET, INPUTS_SHEET]
    sheet = book[ROLLUP_SHEET]
    assert [c.value for c in sheet[1]][:4] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"]
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    docs = rows[("1.2", "Số văn bản chỉ đạo CCHC đã ban hành")]
    assert (docs[3].value, docs[4].value, docs[5].value) == (20, 4, 7)
    assert docs[3].data_type == "n"
    portal = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[1].value == "- Cấp tỉnh" and r[2].value == "Chưa = 0 Có = 1"
    )
    assert portal[3].value == "3 trên 7 cơ quan: Có"
    rate = next(r for r in sheet.iter_rows(min_row=2) if str(r[1].value).startswith("- Tỷ lệ văn bản"))
    assert rate[3].value == pytest.approx(100 * 2621 / 2712) and rate[3].number_format == "0.0"
    total = rows[("3.2", "Tổng số TTHC ngành/lĩnh vực đang có hiệu lực")]
    assert "Sở Công Thương" in total[6].value
    blank = rows[("3.4.5", "Thống kê TTHC cho phép thanh toán trực tuyến")]
    assert blank[3].value is None and blank[4].value == 0
    inputs = [[c.value for c in r] for r in book[INPUTS_SHEET].iter_rows(min_row=2)]
    assert sorted((r[3], r[4], r[6], r[7]) for r in inputs if r[0] == "1.2") == [
        ("Ban Dân tộc", 10, "05_2023-H1.txt", "dòng 12"),
        ("Sở Công Thương", 3, "04_2023-H1.txt", "dòng 12"),
        ("Sở Tư pháp", 2, "01_2023-H1.txt", "dòng 12"),
        ("Sở Xây dựng", 5, "02_2023-H1.txt", "dòng 12"),
    ]


def test_the_provinces_export_keeps_vietnamese_and_numbers_and_the_csvs_open_in_excel(phu_yen, tmp_path):
    assert not (phu_yen.base / "store" / "store.xlsx").exists()  # exported on demand, not by ingest
    path = tmp_path / "phu-yen.xlsx"
    assert (
        main(
            [
                "export",
                "--data",
                str(phu_yen.base / "store"),
                "--province",
                PROVINCE,
                "--tables",
                "observations,rollup",
                "--out",
                str(path),
            ]
        )
        == 0
    )
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Thông tin", "observations", "rollup"]
    header, *rows = list(book["observations"].iter_rows(values_only=True))
    first = dict(zip(header, rows[1]))  # 01_2023-H1.txt, seq 2: row 1.2 of Sở Tư pháp
    assert (first["agency"], first["province"], first["code"], first["value"]) == (
        "Sở Tư pháp",
        "Phú Yên",
        "1.2",
        2,
    )
    assert isinstance(first["value"], (int, float)) and isinstance(first["seq"], int)
    sheet = openpyxl.load_workbook(path)["observations"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    raw = (phu_yen.base / "store" / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    csv = pd.read_csv(phu_yen.base / "store" / "observations.csv")
    assert list(csv.columns)[0] == "province" and csv.loc[1, "agency"] == "Sở Tư pháp"
    assert csv.loc[1, "value"] == 2.0  # machine format: a dot, never a comma


@needs_chromium
def test_the_roll_up_and_its_drill_down_are_searchable_in_the_browser(phu_yen, tmp_path):
    text = (phu_yen.pages / "province.html").read_text(encoding="utf-8")
    assert [s for s in scripts_of(text).scripts] == [tables.script()]
    browser = open_page((phu_yen.pages / "province.html").as_uri(), tmp_path / "profile")
    try:
        count = "document.querySelectorAll('#tbl-drilldown tbody tr').length"
        assert (
            browser.evaluate("document.querySelectorAll('.dt-search input').length") == 3
        )  # indicators, roll-up, drill-down
        before = browser.evaluate(count)
        browser.type_into("div.dt-container:has(#tbl-drilldown) .dt-search input", "Công Thương")
        after = browser.evaluate(count)
        agencies = browser.evaluate(
            "[...document.querySelectorAll('#tbl-drilldown tbody tr')].map(r => r.cells[2].textContent)"
        )
        assert before > after > 0 and set(agencies) == {"Sở Công Thương"}
        assert browser.console == []
        assert all(url.startswith(("file:", "data:", "about:")) for url in browser.requests), browser.requests
    finally:
        browser.close()


@needs_chromium
def test_a_hostile_label_is_inert_and_shown_as_written(phu_yen, tmp_path):
    text = (phu_yen.pages / "report.html").read_text(encoding="utf-8")
    assert scripts_of(text).scripts == [tables.script()] and scripts_of(text).handlers == []
    browser = open_page((phu_yen.pages / "report.html").as_uri(), tmp_path / "profile")
    try:
        cell = (
            "[...document.querySelectorAll('#tbl-appendix td.label')]"
            ".map(c => c.textContent).find(t => t.includes('Số văn bản chỉ đạo'))"
        )
        assert SHOWN in browser.evaluate(cell)
        browser.type_into("div.dt-container:has(#tbl-appendix) .dt-search input", "onerror")
        shown = browser.evaluate(
            "[...document.querySelectorAll('#tbl-appendix tbody tr')].map(r => r.cells[1].textContent)"
        )
        assert len(shown) == 1 and SHOWN in shown[0]  # filtered to it, still text
        assert browser.evaluate("typeof window.pwned") == "undefined"
        assert browser.evaluate("document.querySelectorAll('#tbl-appendix img, main script').length") == 0
        assert browser.console == []
    finally:
        browser.close()


@needs_chromium
def test_a_browser_printing_the_page_prints_every_row_without_the_search_box(phu_yen, tmp_path):
    pdf = print_to_pdf(
        (phu_yen.pages / "province.html").as_uri(), tmp_path / "printed.pdf", tmp_path / "profile"
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Tìm trong bảng" not in text and "dòng (lọc từ" not in text  # the script ran; no controls
    # every contribution printed, none paged away: 1.2 from four agencies (line 12); the 7.6.3 rate
    # (line 27): Tư pháp's stated rate, and numerator and denominator of three agencies
    assert (text.count("dòng 12"), text.count("dòng 27")) == (4, 7)


def test_the_vendored_library_is_recorded_and_a_changed_file_is_refused(tmp_path, monkeypatch):
    import hashlib
    import shutil

    record = tables.manifest()
    for name, meta in record["files"].items():
        data = (tables.VENDOR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"] and meta["version"] and meta["licence"]
        assert meta["licence_file"] is None or (tables.VENDOR / meta["licence_file"]).is_file()
    assert record["files"]["dataTables.min.js"]["version"] == "2.3.8"
    copy = shutil.copytree(tables.VENDOR, tmp_path / "vendor")
    (copy / "dataTables.min.js").write_bytes((copy / "dataTables.min.js").read_bytes() + b"\n//")
    monkeypatch.setattr(tables, "VENDOR", copy)
    tables.script.cache_clear()
    try:
        with pytest.raises(ValueError, match="not the file recorded"):
            tables.script()
    finally:
        tables.script.cache_clear()


def test_each_key_indicator_of_the_province_is_drawn_across_the_periods_it_has(phu_yen):
    (trend,) = phu_yen.model["sections"]["trends"]["charts"]
    # Q1: 40/40 and Q2: 29/30 of the only agency that filed quarters; H1: 122/150 of five
    assert trend["labels"] == ["Quý I/2023", "Quý II/2023", "6 tháng đầu năm 2023"]
    assert trend["values"] == pytest.approx([100.0, 100 * 29 / 30, 100 * 122 / 150])
    charts = phu_yen.model["sections"]["key_indicators"]["charts"]
    on_time = next(c for c in charts if c["id"] == "fig-province-province_on_time_rate")
    assert on_time["labels"][-1] == "Toàn tỉnh" and on_time["values"][-1] == pytest.approx(100 * 122 / 150)


# --------------------------------------------------------------------------- roll-up coverage
#: A store's reports typed by hand: (source, province, agency, period) — Phú Yên's half-year.
SOURCES = [
    ("a.txt", "Phú Yên", "Sở A", "2024-H1"),
    ("b.txt", "Phú Yên", "Sở B", "2024-Q1"),
    ("c.txt", "Phú Yên", "Sở C", "2024-H1"),
    ("d.txt", None, "Sở D", "2024-H1"),
    ("e.txt", None, "Sở E", "2024-H1"),
    ("f.txt", "Phú Yên", "Sở F", "2024-H2"),
    ("h.txt", "Phú Yên", "Sở H", "2024-9M"),
]
HAND_ROSTER = ("Sở A", "Sở B", "Sở C", "Sở D", "Sở F", "Sở G", "Sở H")


def hand_tables(roster: tuple[str, ...] = HAND_ROSTER) -> dict[str, pd.DataFrame]:
    """The store tables the roll-up reads, built by hand: Sở C's report has a period_conflict
    finding (number 3); Sở A gave row 1.2 and left a cell of 1.1 unread; Sở C gave 1.2 too."""
    from cchc_analysis.store.schemas import frame

    who = {s: (p, a, t) for s, p, a, t in SOURCES}
    sources = pd.DataFrame(SOURCES, columns=["source", "province", "agency", "period"])
    observations = pd.DataFrame(
        [
            {
                "source": "a.txt",
                "seq": 1,
                "value": 2.0,
                "numerator": None,
                "denominator": None,
                "flags": None,
            },
            {
                "source": "a.txt",
                "seq": 2,
                "value": None,
                "numerator": None,
                "denominator": None,
                "flags": "unreadable",
            },
            {
                "source": "c.txt",
                "seq": 1,
                "value": 5.0,
                "numerator": None,
                "denominator": None,
                "flags": None,
            },
        ]
    )
    matches = pd.DataFrame(
        [
            ("a.txt", 1, "direction_docs_issued"),
            ("a.txt", 2, "plan_tasks_done"),
            ("c.txt", 1, "direction_docs_issued"),
        ],
        columns=["source", "seq", "indicator_id"],
    )
    province, agency, period = who["c.txt"]
    findings = frame(
        "findings",
        [
            {
                "province": province,
                "agency": agency,
                "period": period,
                "source": "c.txt",
                "finding": 3,
                "severity": "warning",
                "rule": "period_conflict",
                "details": "{}",
                "issue": 1,
            }
        ],
    )
    return {
        "sources": sources,
        "observations": observations,
        "matches": matches,
        "roster": pd.DataFrame({"agency": list(roster), "province": ["Phú Yên"] * len(roster)}),
        "indicators": frame("indicators", []),
        "indicator_inputs": frame("indicator_inputs", []),
        "findings": findings,
        "finding_inputs": frame("finding_inputs", []),
    }


def coverage_of(found: list[dict], province: str | None, period: str) -> set[tuple]:
    return {
        (r["agency"], r["status"], r["source"], r["other_period"], r["finding"], r["counted"])
        for r in found
        if r["province"] == province and r["period"] == period
    }


def test_the_coverage_names_who_was_summed_and_why_each_other_agency_was_not():
    from cchc_analysis.derive.coverage import groups

    tables = hand_tables()
    found = {
        (g.province, g.period): g
        for g in groups(tables["sources"].to_dict("records"), tables["roster"], tables["findings"])
    }
    half = found[("Phú Yên", "2024-H1")]
    assert [s["source"] for s in half.summed] == ["a.txt"] and half.agencies == 7
    assert [s["source"] for s in half.conflicting] == ["c.txt"]
    assert coverage_of(half.rows, "Phú Yên", "2024-H1") == {
        ("Sở A", "summed", "a.txt", None, None, True),
        ("Sở B", "other_period", "b.txt", "2024-Q1", None, True),  # a quarter within the half-year
        ("Sở C", "period_conflict", "c.txt", None, 3, True),  # its own period in doubt: not summed
        ("Sở D", "province_unknown", "d.txt", None, None, True),  # on the roster, names no province
        ("Sở E", "province_unknown", "e.txt", None, None, False),  # not on the roster, no province
        ("Sở F", "not_filed", None, None, None, True),  # H2 does not overlap H1
        ("Sở G", "not_filed", None, None, None, True),
        ("Sở H", "other_period", "h.txt", "2024-9M", None, True),
    }  # nine months around it
    unknown = found[(None, "2024-H1")]  # the reports naming no province are a roll-up of their own
    assert sorted(s["source"] for s in unknown.summed) == ["d.txt", "e.txt"]


def test_without_a_roster_the_agencies_are_those_that_filed_any_period_of_the_year():
    from cchc_analysis.derive.coverage import groups

    tables = hand_tables(roster=())
    half = next(
        g
        for g in groups(tables["sources"].to_dict("records"), tables["roster"], tables["findings"])
        if g.province == "Phú Yên" and g.period == "2024-H1"
    )
    assert half.agencies == 5  # A, B, C, F, H filed some period of 2024 in Phú Yên
    assert {(r["agency"], r["status"], r["counted"]) for r in half.rows} == {
        ("Sở A", "summed", True),
        ("Sở B", "other_period", True),
        ("Sở C", "period_conflict", True),
        ("Sở F", "not_filed", True),
        ("Sở H", "other_period", True),
        ("Sở D", "province_unknown", False),
        ("Sở E", "province_unknown", False),
    }


def test_a_figure_says_it_is_partial_a_conflicting_report_gave_it_or_an_input_was_unread():
    from cchc_analysis.derive.catalogue import Catalog
    from cchc_analysis.derive.rollup import rollup

    records, inputs, coverage = rollup(hand_tables(), Catalog.load())
    half = {r["indicator_id"]: r for r in records if r["province"] == "Phú Yên" and r["period"] == "2024-H1"}
    docs = half["direction_docs_issued"]  # Sở A's 2 alone: Sở C's 5 is kept out
    assert (docs["value"], docs["filed"], docs["agencies"]) == (2.0, 1, 7)
    assert docs["flags"] == "partial period_conflict"
    assert half["plan_tasks_done"]["value"] is None
    assert half["plan_tasks_done"]["flags"] == "partial unread_input"
    assert half["plan_annual"]["flags"] == "partial" and half["area_chi_dao_dieu_hanh"]["flags"] is None
    assert {i["source"] for i in inputs if i["period"] == "2024-H1" and i["province"] == "Phú Yên"} == {
        "a.txt"
    }
    assert ("Sở C", "period_conflict", "c.txt", None, 3, True) in coverage_of(coverage, "Phú Yên", "2024-H1")


# ------------------------------------------------------------- the half-year that went wrong once
@pytest.fixture(scope="module")
def half_year(tmp_path_factory):
    """Phú Yên's 2024 half-year ingested once (``write_half_year``); its province page rendered;
    the page's first screen (heading to table of contents) as text."""
    base = tmp_path_factory.mktemp("half-year")
    raw = write_half_year(base / "raw")
    assert main(["ingest", str(raw), "--out", str(base / "store"), "--province", PROVINCE]) == 0
    store = open_store(base / "store")
    built = province.build(slices.ProvinceStore(store, PROVINCE), HALF_YEAR)
    html = export.html_page(page.Page(built).html(), PROVINCE)
    first = html[html.index('<header class="report-head">') : html.index('<nav class="toc">')]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", first)).split())
    coverage = store.table("rollup_coverage")
    return SimpleNamespace(
        store=store,
        model=built.model,
        text=text,
        html=html,
        coverage=coverage[coverage["period"] == HALF_YEAR],
    )


def test_the_half_year_names_the_agency_that_filed_a_quarter_and_the_one_that_filed_nothing(half_year):
    rows = {(r.agency, r.status, r.source, r.other_period) for r in half_year.coverage.itertuples()}
    assert {
        ("Sở Giáo dục và Đào tạo", "other_period", "05_2024-Q1.txt", "2024-Q1"),
        ("Sở Tài chính", "not_filed", pd.NA, pd.NA),
    } <= rows
    summed = set(half_year.coverage.loc[half_year.coverage["status"] == "summed", "agency"])
    assert set(ROSTER[:4]) <= summed and "Sở Giáo dục và Đào tạo" not in summed
    assert "Sở Giáo dục và Đào tạo: chỉ báo cáo kỳ khác: Quý I/2024 (nằm trong kỳ này)" in half_year.text
    assert "Sở Tài chính: chưa có báo cáo nào của kỳ này hoặc kỳ giao với kỳ này" in half_year.text
    figures = [
        r for r in half_year.model["sections"]["rollup"]["rows"] if r["kind"] not in ("heading", "text")
    ]
    assert figures and all("partial" in r["flags"] for r in figures)  # 7 must report, fewer summed
    docs = re.search(r'<tr id="th-direction_docs_issued".*?</tr>', half_year.html).group(0)
    assert '<span class="mark rollup-partial"' in docs  # the mark with the figure, and its legend
    assert "Chưa đủ cơ quan: chỉ cộng các cơ quan có báo cáo đúng kỳ này" in half_year.html
    book = openpyxl.load_workbook(io.BytesIO(province_workbook(half_year.model)))
    docs = next(r for r in book[ROLLUP_SHEET].iter_rows(min_row=2) if r[0].value == "1.2")
    assert docs[6].value.startswith("* chưa đủ cơ quan")


def test_a_roll_up_of_four_of_seven_says_so_on_its_first_screen_with_why_for_each_other(half_year):
    rows = sorted((r.agency, r.status, r.source) for r in half_year.coverage.itertuples())
    assert [(a, s) for a, s, _ in rows] == sorted(
        [
            ("Sở Tư pháp", "summed"),
            ("Sở Xây dựng", "summed"),
            ("Sở Y tế", "summed"),
            ("Sở Công Thương", "summed"),
            ("Sở Giáo dục và Đào tạo", "other_period"),
            (CONFLICTED, "period_conflict"),
            ("Sở Tài chính", "not_filed"),
        ]
    )
    assert half_year.text.count("Tổng hợp 4/7 cơ quan") == 1
    assert (
        f"{CONFLICTED}: kỳ báo cáo ghi không thống nhất trong chính báo cáo (06_ban_dan_toc.txt), chưa cộng"
    ) in half_year.text
    assert "Sở Giáo dục và Đào tạo: chỉ báo cáo kỳ khác" in half_year.text
    assert "Sở Tài chính: chưa có báo cáo" in half_year.text
    docs = rows_by_code(half_year)[("1.2", 0)]  # 2 + 5 + (Y tế blank) + 3; Ban Dân tộc's 10 kept out
    assert (docs["value"], docs["filed"], docs["agencies"]) == (10.0, 4, 7)
    assert docs["flags"] == ["partial", "period_conflict"]
