"""The pieces reports are made of: the keyed model of the seed report, its templates (escaping,
Vietnamese formats), byte-stable charts, fonts and PDF, and how verify names a difference.
Expected values are typed by hand from the seed report (data/raw/000_8a77118b8e337001.txt)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from cchc_analysis.report.content import charts, formats, model, overview, quality, sections
from cchc_analysis.report.page import browser, fonts
from cchc_analysis.report.page import convert as export
from cchc_analysis.report.page import html as page
from cchc_analysis.report.run.verify import differences
from cchc_analysis.store import Snapshot, open_store, resolve_data_dir

from builders import SEED
from ingesting import ingest

AGENCY, PERIOD = "Ban Dân tộc", "2023-H1"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
NBSP = "\u00a0"


def ingested(tmp_path_factory, *files: Path) -> Snapshot:
    """``cchc ingest FILES`` into a fresh store, opened."""
    out = tmp_path_factory.mktemp("store")
    run = ingest(*files, "--out", out)
    assert run.code == 0, run.err
    return open_store(out)


@pytest.fixture(scope="module")
def seed_snapshot(seed_store) -> Snapshot:
    """The session's seed store (ingested by the real command), opened."""
    return open_store(seed_store)


@pytest.fixture(scope="module")
def seed_model(seed_snapshot):
    """The seed report's model (and its charts)."""
    return model.build(seed_snapshot, AGENCY, PERIOD, "0" * 64)


def appendix_row(report, code: str, item: int) -> dict:
    return next(
        r for r in report.model["sections"]["appendix"]["rows"] if r["code"] == code and r["item"] == item
    )


# --------------------------------------------------------------------------- the model


def test_model_is_plain_keyed_json(seed_model):
    text = model.model_json(seed_model.model)
    assert text == model.model_json(json.loads(text))  # round-trips, sorted keys, stable
    data = json.loads(text)
    assert sorted(data) == ["agency", "kind", "model_version", "period", "sections"]
    assert sorted(data["sections"]) == [
        "appendix",
        "claims",
        "clarify",
        "closing",
        "documents",
        "domains",
        "findings",
        "key_indicators",
        "provenance",
        "title",
    ]
    # 7.6.3, first sub-row: "681/712 đạt tỷ lệ 95,7 %", line 338 of the seed
    row = appendix_row(seed_model, "7.6.3", 1)
    assert (row["value"], row["numerator"], row["denominator"], row["unit"]) == (95.7, 681.0, 712.0, "%")
    assert row["key"] == {"source": SEED.name, "seq": 142} and row["locator"] == "line 338"
    assert appendix_row(seed_model, "7.6.3", 0)["value"] == 655.0
    assert appendix_row(seed_model, "7.6.1", 3)["value"] is None  # blank stays None, never 0
    title = data["sections"]["title"]
    assert title["sources"] == [
        {
            "source": SEED.name,
            "bytes": SEED.stat().st_size,
            "sha256": hashlib.sha256(SEED.read_bytes()).hexdigest(),
        }
    ]
    assert title["counts"]["rows"] == 151
    assert "rendered_at" not in text and "T00:" not in text  # no clock in the model


def test_seed_cites_51_distinct_documents_in_64_citations(seed_model):
    docs = seed_model.model["sections"]["documents"]
    assert (docs["documents"], docs["citations"]) == (51, 64)
    assert len(docs["rows"]) == 51 and sum(d["citations"] for d in docs["rows"]) == 64
    html = page.Page(seed_model).section("documents")
    assert "51 văn bản khác nhau, được trích dẫn 64 lần" in html
    assert "64 văn bản;" not in html


def test_indicator_cautions_come_from_findings_by_key(seed_model):
    rows = {r["indicator_id"]: r for r in seed_model.model["sections"]["key_indicators"]["rows"]}
    # 681/712 (row 7.6.3[1]): denominator_vs_total (error), the rate typed in the unit column
    # (warning); 95,7 for 95,646 % is a rounding note, no caution
    docs = rows["docs_electronic_share"]["caution"]
    assert (docs["errors"], docs["warnings"], docs["narrative"]) == (1, 1, [])
    assert {"role": "numerator", "source": SEED.name, "seq": 142} in rows["docs_electronic_share"]["inputs"]
    # 73/96: the narrative says 100 % of the province's tasks were on time
    assert (
        rows["province_on_time_rate"]["caution"]["narrative"]
        and rows["province_on_time_rate"]["caution"]["findings"] == []
    )
    # 20/30 (rows 1.1[1], 1.1[2]) is clean although row 1.1 itself has a warning
    assert rows["plan_completion_rate"]["caution"] is None
    assert rows["plan_completion_rate"]["value"] == pytest.approx(200 / 3)


def test_a_caution_survives_other_locator_wording(seed_snapshot, monkeypatch):
    monkeypatch.setattr(formats, "locator", lambda text: "ở một chỗ khác")
    shown = page.Page(model.build(seed_snapshot, AGENCY, PERIOD))
    html = shown.section("key_indicators")
    assert "2 lỗi/cảnh báo ở số liệu đầu vào (xem Chất lượng dữ liệu)" in html
    assert "thuyết minh ghi khác chỉ số này" in html
    assert "ở một chỗ khác" in html  # the new wording is really in use


#: The seed's blank template rows (rule blank_template_row, info): code → how many rows (the coded
#: row and its sub-rows), in the appendix's order.
SEED_BLANK = [
    ("1.3.1", 2),
    ("1.3.2", 2),
    ("1.4", 1),
    ("1.6", 1),
    ("3.4.1.1", 3),
    ("3.4.1.2", 3),
    ("3.4.1.3", 1),
    ("3.4.1.4", 1),
    ("3.4.2", 3),
    ("3.4.3", 3),
    ("3.4.4", 4),
    ("3.4.5", 1),
    ("3.4.6", 8),
    ("3.4.7.1", 2),
    ("3.4.7.2", 3),
    ("3.4.7.3", 2),
    ("3.4.7.4", 1),
    ("7.1", 1),
    ("7.2", 1),
    ("7.3", 1),
    ("7.4", 1),
    ("7.5", 3),
    ("7.6.1", 3),
    ("7.6.2", 3),
    ("7.6.4", 3),
    ("7.7", 3),
]


def test_findings_lead_with_errors_and_summarise_the_notes(seed_model):
    found = seed_model.model["sections"]["findings"]
    counts = found[
        "counts"
    ]  # 3 errors and 8 warnings (one: 4.1.1 counted in phòng); 60 blank rows and 2 rates within rounding
    assert (counts["error"], counts["warning"], counts["info"]) == (3, 8, 62)
    assert len(found["by_severity"]["info"]) == 62  # the full list stays in the model (verify)
    assert found["summaries"]["info"] == [
        {
            "rule": "blank_template_row",
            "count": 60,
            "codes": [{"source": SEED.name, "code": code, "rows": n} for code, n in SEED_BLANK],
        },
        {"rule": "rate_vs_counts", "count": 2, "codes": [{"source": SEED.name, "code": "7.6.3", "rows": 2}]},
    ]
    html = str(page.Page(seed_model).section("findings"))
    listed, folded = html.split('<details class="all-findings">')
    assert listed.count('<tr class="sev-error" id="phat-hien-') == counts["error"]
    assert listed.count('<tr class="sev-warning" id="phat-hien-') == counts["warning"]
    assert (
        listed.index("sev-error") < listed.index("sev-warning")
        and "sev-info" not in listed.split('<p class="finding-summary')[0].split("</table>")[-1]
    )
    assert listed.count('<p class="finding-summary') == 2
    assert (
        "<strong>Dòng để trống</strong>: 60 lưu ý, ở 26 mục: 1.3.1 (2 dòng), 1.3.2 (2 dòng), 1.4, 1.6, 3.4.1.1 (3 dòng)"
    ) in listed
    assert "3.4.6 (8 dòng)" in listed and "7.6.4 (3 dòng), 7.7 (3 dòng).</p>" in listed
    body, after = folded.split("</details>")
    assert body.count('<tr class="sev-info"') == 62 and "sev-info" not in after
    assert "Xem từng lưu ý (62 dòng)</summary>" in body
    assert any("details.all-findings { display: none; }" in p for p in export.css().split("@media print")[1:])
    # the title block counts issues: 7.6.3's two sub-rows against the total row are one error,
    # the narrative's 3 dossiers against 2 the other; warnings 1.1, 1.5, 4.2, 4.1.1 (phòng), 1.6, 1.7 and 7.6.3
    # (both sub-rows); notes: the 26 codes with blank rows and 7.6.3's two rounded rates
    title = page.Page(seed_model).section("title")
    assert "2 lỗi, 7 cảnh báo, 27 lưu ý" in title
    assert 'href="#chat-luong"' in title


def test_a_long_summary_is_cut_and_every_rule_has_its_line():
    row = {"source": "a.txt", "message": "…", "evidence": None, "locator": None, "lowered": False, "rows": []}
    notes = [
        {**row, "rule": "unknown_row", "code": f"9.{n}", "anchor": f"phat-hien-{n}", "issue": n}
        for n in range(45)
    ]
    notes += [{**row, "rule": "blank_template_row", "code": None, "anchor": "phat-hien-46", "issue": 46}] * 2
    summaries = quality.summary(notes)
    assert [(r["rule"], r["count"], len(r["codes"])) for r in summaries] == [
        ("unknown_row", 45, 45),
        ("blank_template_row", 2, 1),
    ]  # most first
    shown = (
        page.environment()
        .get_template("report/findings.html.j2")
        .render(
            s={
                "counts": {"error": 0, "warning": 0, "info": 47},
                "issues": {"error": 0, "warning": 0, "info": 47},
                "several_sources": False,
                "unreadable_cells": 0,
                "by_severity": {"error": [], "warning": [], "info": notes},
                "summaries": {"info": summaries},
            },
            model={},
            svgs={},
        )
    )
    assert "9.38, 9.39 … và 5 mục khác.</p>" in shown and "9.40" not in shown.split("<details")[0]
    assert "<strong>Dòng để trống</strong>: 2 lưu ý, ở 1 mục: không gắn với dòng phụ lục (2 dòng)." in shown


def test_an_indicator_says_why_it_is_blank(seed_model):
    rows = {r["indicator_id"]: r for r in seed_model.model["sections"]["key_indicators"]["rows"]}
    reason = rows["online_dossier_share"]["reason"]
    assert (reason["token"], reason["code"], reason["item"]) == ("blank_input", "3.4.7.1", 2)
    assert "“Số lượng hồ sơ trực tuyến mức độ 4” để trống (3.4.7.1[2] dòng 258)" in page.Page(
        seed_model
    ).section("key_indicators")


def test_unknown_agency_or_period_is_a_clear_error(seed_snapshot):
    with pytest.raises(ValueError, match="Không có số liệu của “Sở Không Có” kỳ 2023-H1"):
        model.build(seed_snapshot, "Sở Không Có", PERIOD)


def test_comparison_with_the_year_before(tmp_path_factory, tmp_path):
    later = tmp_path / "002_next_year.txt"
    later.write_text(
        SEED.read_text(encoding="utf-8").replace("6 tháng đầu năm 2023", "6 tháng đầu năm 2024"),
        encoding="utf-8",
    )
    two = ingested(tmp_path_factory, SEED, later)
    report = model.build(two, AGENCY, "2024-H1")
    rows = {r["indicator_id"]: r for r in report.model["sections"]["key_indicators"]["rows"]}
    assert rows["plan_completion_rate"]["year_before_in_store"] is True
    assert rows["plan_completion_rate"]["change_year_before"] == 0.0
    html = page.Page(report).section("key_indicators")
    assert "Cùng kỳ năm trước" in html and f"0,0{NBSP}điểm{NBSP}%" in html
    assert "Kỳ trước</th>" not in html  # 2023-H2 is not in the store: no empty column


# --------------------------------------------------------------------------- the page


def test_appendix_values_are_written_the_vietnamese_way(seed_model):
    html = page.Page(seed_model).section("appendix")
    # each figure also carries its number for the browser's sorting (data-order, machine format)
    assert f'<td class="num" data-order="5.88">5,88{NBSP}%</td>' in html  # 4.3: the source's two decimals
    assert f'<td class="num" data-order="95.7">95,7{NBSP}% (681/712)</td>' in html
    assert '<td class="num" data-order="96.0">96</td>' in html  # 1.5: tasks the province gave
    assert '<td class="num" data-order="1.0">1 (Có)</td>' in html  # a coded scale shows its meaning
    assert '<td class="num">–</td>' in html  # a blank has nothing to sort by
    assert html.count("<tr class=") == 151


def test_every_sub_row_shows_its_full_key_so_a_search_for_its_code_finds_it(seed_model):
    html = page.Page(seed_model).section("appendix")
    # line 337 "7.6.3." then its two "- " sub-rows (lines 338, 339): the findings name 7.6.3[1]
    assert '<td class="stt">7.6.3</td>' in html
    assert '<td class="stt"><span class="subcode">7.6.3[1]</span></td>' in html
    assert '<td class="stt"><span class="subcode">7.6.3[2]</span></td>' in html
    assert "7.6.3[3]" not in html


def test_templates_escape_every_value():
    env = page.environment()
    assert env.autoescape is True
    shown = env.get_template("macros.html.j2").module.note(HOSTILE)
    assert "<script" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_domain_sections_follow_the_template(seed_model):
    html = page.Page(seed_model).section("domains")
    assert "6. Xây dựng và phát triển chính quyền điện tử, chính quyền số" in html  # narrative II.6
    assert 'id="tbl-appendix-chinh_quyen_so"' in html and '<figure class="chart" role="img"' in html
    assert sections.narrative_domain("II.2.a") == "thu_tuc_hanh_chinh"
    assert sections.narrative_domain("I.3") == "chi_dao_dieu_hanh"
    assert sections.narrative_domain("III") is None


def test_each_figure_in_the_model_has_the_digest_of_its_svg(seed_model):
    found = model.charts_of(seed_model.model)
    assert found and len({c["id"] for c in found}) == len(found)
    for chart in found:
        assert hashlib.sha256(seed_model.svgs[chart["id"]]).hexdigest() == chart["svg_sha256"]


def test_overview_marks_each_agencys_flagged_figures_by_key(tmp_path_factory, tmp_path, seed_model):
    other = "Sở Thử Nghiệm"
    text = (
        SEED.read_text(encoding="utf-8").replace("Ban Dân tộc", other).replace("BAN DÂN TỘC", other.upper())
    )
    said = "100% nhiệm vụ được UBND tỉnh giao hoàn thành đúng tiến độ"
    assert said in text
    variant = tmp_path / "001_other.txt"  # the narrative no longer says 100 % on time
    variant.write_text(text.replace(said, "các nhiệm vụ được UBND tỉnh giao hoàn thành"), encoding="utf-8")
    shown = overview.build(ingested(tmp_path_factory, SEED, variant), PERIOD)
    rows = {r["indicator_id"]: r for r in shown.model["sections"]["indicators"]["rows"]}
    mine = {r["indicator_id"]: r for r in seed_model.model["sections"]["key_indicators"]["rows"]}
    docs = rows["docs_electronic_share"]["cautions"]
    assert docs[AGENCY] == mine["docs_electronic_share"]["caution"]  # the report's caution
    assert (docs[other]["errors"], docs[other]["warnings"]) == (1, 1)
    on_time = rows["province_on_time_rate"]["cautions"]
    assert on_time[AGENCY]["narrative"] and on_time[other] is None
    assert rows["plan_completion_rate"]["cautions"] == {AGENCY: None, other: None}
    html = str(page.Page(shown).section("indicators"))
    flag = (
        '<span class="flag" title="2 lỗi/cảnh báo ở số liệu đầu vào (xem Chất lượng dữ liệu)">&#x26A0;</span>'
    )
    assert html.count(f"95,6{NBSP}%{flag}</td>") == 2
    on_time_row = next(line for line in html.splitlines() if "hoàn thành đúng hạn</td>" in line)
    assert on_time_row.count('class="flag"') == 1 and "thuyết minh ghi khác chỉ số này" in on_time_row
    assert f"66,7{NBSP}%</td>" in html  # 20/30 is clean
    assert '<p class="legend"><span class="flag">&#x26A0;</span> Chỉ số có lỗi hoặc cảnh báo' in html
    # the overview lists each agency's issues, grouped as in its report, linking to each: the
    # other agency no longer claims 100 % on time, so 2 errors and 6 warnings (not 1.5, but 4.1.1 in phòng)
    found = {r["agency"]: r for r in shown.model["sections"]["findings"]["rows"]}
    assert (found[AGENCY]["error"], found[AGENCY]["warning"]) == (2, 7)
    assert (found[other]["error"], found[other]["warning"]) == (2, 6)
    assert [i["code"] for i in found[other]["issues"]] == [
        "7.6.3",
        "3.4.7.1",
        "1.1",
        "4.2",
        "4.1.1",
        "1.6",
        "1.7",
        "7.6.3",
    ]
    listed = str(page.Page(shown).section("findings"))
    assert '<a href="../so-thu-nghiem/2023-H1/report.html#van-de-1">Vấn đề 1</a>' in listed
    assert '<a href="../ban-dan-toc/2023-H1/report.html#van-de-8">Vấn đề 8</a>' in listed


def test_overview_charts_the_rate_on_which_agencies_differ_most():
    rates = pd.DataFrame(
        {
            "indicator_id": ["a", "a", "b", "b", "c"],
            "agency": ["X", "Y", "X", "Y", "X"],
            "value": [50.0, 50.0, 40.0, 90.0, 10.0],
        }
    )
    assert overview.most_telling(rates) == "b"
    assert overview.most_telling(rates[rates.indicator_id != "b"]) == "a"  # reported by more


# --------------------------------------------------------------------------- verify's words


def test_verify_names_the_differing_cell_by_its_path(seed_model):
    published = json.loads(model.model_json(seed_model.model))
    appendix_row_141 = published["sections"]["appendix"]["rows"][141]
    appendix_row_141["value"] = 95.65
    published["sections"]["key_indicators"]["charts"][0]["svg_sha256"] = "f" * 64
    found = list(differences(published, json.loads(model.model_json(seed_model.model))))
    assert found[0] == "sections.appendix.rows[141] (7.6.3 dòng con 1).value: published 95.65, rendered 95.7"
    assert found[1].startswith(
        "sections.key_indicators.charts[0] (fig-indicators): figure differs (SVG SHA-256 published ffffffffffff…"
    )
    assert len(found) == 2


# --------------------------------------------------------------------------- charts, fonts, PDF


def test_svg_is_byte_identical_across_processes():
    code = (
        "import hashlib, sys; from cchc_analysis.report.content import charts\n"
        "fig = charts.percent_bars(['Tỷ lệ văn bản điện tử', 'Tỷ lệ song song'], [95.7, 4.3], 'Chính quyền số')\n"
        "sys.stdout.write(hashlib.sha256(charts.to_svg(fig)).hexdigest())"
    )
    other_process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    svg = charts.to_svg(
        charts.percent_bars(["Tỷ lệ văn bản điện tử", "Tỷ lệ song song"], [95.7, 4.3], "Chính quyền số")
    )
    assert other_process == hashlib.sha256(svg).hexdigest()
    text = svg.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert f">95,7{NBSP}%</text>" in text and ">Tỷ lệ văn bản điện tử</text>" in text  # text as text


def test_chart_text_from_a_raw_file_stays_text_in_the_inline_svg():
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    svg = charts.to_svg(charts.percent_bars([hostile, "Tỷ lệ song song"], [95.7, 4.3], "Thử"))
    markup = str(page.inline_svg(svg))
    assert markup.startswith("<svg") and "<?xml" not in markup and "<!DOCTYPE" not in markup
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup  # written as text, escaped
    assert f">95,7{NBSP}%</text>" in markup  # text, not glyph paths


def test_count_chart_ticks_are_whole_numbers():
    svg = charts.to_svg(charts.count_bars(["Cấp tỉnh", "Cấp huyện"], [2, 0], "Thủ tục", "3.2. TTHC")).decode()
    assert ">0,5</text>" not in svg and ">2</text>" in svg and ">2 thủ tục</text>" in svg


def test_font_subset_covers_vietnamese_and_is_deterministic():
    code = (
        "import hashlib, sys; from cchc_analysis.report.page import fonts\n"
        "sys.stdout.write(hashlib.sha256(fonts.font_face_css().encode()).hexdigest())"
    )
    other_process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert other_process == hashlib.sha256(fonts.font_face_css().encode()).hexdigest()
    for weight in (400, 700):
        data, kind = fonts.subset_font(weight)
        assert kind == "woff2"
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        assert all(ord(ch) in cmap for ch in "Số liệu ố ể ỉ ỷ ỹ đ Đ ơ ư ₫ – … ⚠")
        assert len(data) < 120_000


def test_the_pdf_is_a4_with_page_numbers_and_no_clock_in_it(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(export.html_page(f"<p>Số liệu 95,7{NBSP}% — ỷ ỹ đ</p>", "Thử"), encoding="utf-8")
    pdf = export.html_to_pdf(page)
    assert pdf.startswith(b"%PDF")
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf  # same page, same bytes
    (tmp_path / "page.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Số liệu 95,7" in text and "ỷ ỹ đ" in text and "Trang 1/1" in text
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "page.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "pts (A4)" in info


def test_the_dates_chromium_writes_are_blanked_and_offsets_kept():
    head = (
        b"%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261129010232+00'00')\n"
        b"/ModDate (D:20261129010232+00'00')>>\nendobj\n"
    )
    later = head.replace(b"20261129010232", b"20330518033320")
    assert browser.without_dates(head) == browser.without_dates(later)
    assert len(browser.without_dates(head)) == len(head) and b"D:2026" not in browser.without_dates(head)


def test_without_chromium_the_pdf_step_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("CCHC_CHROMIUM", "no-such-chromium")
    monkeypatch.setattr(browser, "_SHARED", None)
    with pytest.raises(export.PdfUnavailable, match=r"apt-get install chromium"):
        export.html_to_pdf(tmp_path / "page.html")


def test_relative_data_dir_is_found_from_a_subfolder(monkeypatch, tmp_path):
    project = tmp_path / "project"
    (project / "data" / "processed").mkdir(parents=True)
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    assert resolve_data_dir("data/processed") == (project / "data" / "processed").resolve()
    assert resolve_data_dir(Path("/abs/elsewhere")) == Path("/abs/elsewhere")


def test_a_report_without_its_appendix_still_makes_a_page(tmp_path_factory, tmp_path):
    narrative_only = tmp_path / "n.txt"  # the seed's narrative: lines 1–171, before "Phụ lục 2"
    narrative_only.write_text("\n".join(SEED.read_text(encoding="utf-8").split("\n")[:171]), encoding="utf-8")
    built = model.build(ingested(tmp_path_factory, narrative_only), AGENCY, PERIOD)
    sections_ = built.model["sections"]
    assert sections_["appendix"]["rows"] == []
    assert all(d["rows"] == [] for d in sections_["domains"].values())
    assert sections_["documents"]["citations"] == 64  # the narrative is all there
    assert [f["rule"] for f in sections_["findings"]["by_severity"]["warning"]] == ["missing_appendix"]
    html = page.Page(built).html()
    assert "không có phụ lục" in html and "Ban Dân tộc" in html


def test_overview_says_who_filed_the_period_a_part_of_it_or_nothing(tmp_path_factory, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    second_half = tmp_path / "h2.txt"  # Ban Dân tộc files the second half-year
    second_half.write_text(text.replace("6 tháng đầu năm 2023", "6 tháng cuối năm 2023", 1), encoding="utf-8")
    third_quarter = tmp_path / "q3.txt"  # Sở Tư pháp files only the third quarter
    third_quarter.write_text(
        text.replace("6 tháng đầu năm 2023", "Quý III/2023", 1)
        .replace("Ban Dân tộc báo cáo", "Sở Tư pháp báo cáo")
        .replace("TẠI BAN DÂN TỘC", "TẠI SỞ TƯ PHÁP"),
        encoding="utf-8",
    )
    without = overview.build(ingested(tmp_path_factory, second_half, third_quarter), "2023-H2")
    missing = without.model["sections"]["missing"]
    assert missing == {
        "roster": False,
        "filed": ["Ban Dân tộc"],
        "partial": [{"agency": "Sở Tư pháp", "periods": ["2023-Q3"]}],
        "overlapping": [],
        "missing": None,
    }
    nine_months = tmp_path / "9m.txt"  # Sở Nội vụ files nine months: it overlaps the half-year
    nine_months.write_text(
        text.replace("6 tháng đầu năm 2023", "9 tháng năm 2023", 1)
        .replace("Ban Dân tộc báo cáo", "Sở Nội vụ báo cáo")
        .replace("TẠI BAN DÂN TỘC", "TẠI SỞ NỘI VỤ"),
        encoding="utf-8",
    )
    roster = tmp_path / "agencies.csv"
    roster.write_text(
        "agency,province\nBan Dân tộc,Khánh Hòa\nSở Tư pháp,Khánh Hòa\nSở Y tế,Khánh Hòa\nSở Nội vụ,Khánh Hòa\n",
        encoding="utf-8",
    )
    built = overview.build(
        ingested(tmp_path_factory, second_half, third_quarter, nine_months, roster), "2023-H2"
    )
    assert built.model["sections"]["missing"]["missing"] == ["Sở Y tế"]
    assert built.model["sections"]["missing"]["overlapping"] == [
        {"agency": "Sở Nội vụ", "periods": ["2023-9M"]}
    ]
    html = page.Page(built).section("missing")
    assert "Sở Tư pháp: 2023-Q3" in html and "Sở Y tế" in html
    assert "không kết luận" in page.Page(without).section("missing")


def test_a_figure_is_not_flagged_for_template_rows_missing_after_its_input(tmp_path_factory, tmp_path):
    cut = tmp_path / "cut.txt"  # the seed up to line 286 (4.2's "biên chế đã tinh giản"), no more
    cut.write_text("\n".join(SEED.read_text(encoding="utf-8").split("\n")[:286]), encoding="utf-8")
    built = model.build(ingested(tmp_path_factory, cut), AGENCY, PERIOD).model
    rows = {r["indicator_id"]: r for r in built["sections"]["key_indicators"]["rows"]}
    missing = [
        f
        for f in built["sections"]["findings"]["by_severity"]["warning"]
        if f["rule"] == "missing_template_rows"
    ]
    assert len(missing) == 1 and missing[0]["locator"] == "line 286"  # at the row before the gap
    # staff reduction (1/16, from rows of 4.2) is flagged for the old year in its label only
    caution = rows["staff_reduction_rate"]["caution"]
    assert caution["findings"] and all(
        f["rule"] != "missing_template_rows"
        for f in built["sections"]["findings"]["by_severity"]["warning"]
        if f["key"]["finding"] in caution["findings"]
    )


def test_the_narratives_figures_are_listed_with_what_they_are_held_against(seed_model):
    claims = seed_model.model["sections"]["claims"]
    by_sentence = {(c["value"], c["noun"]): c for c in claims["rows"]}
    # line 89: "03 hồ sơ trực tuyến cấp độ 3" held against 3.4.7.1's level-3 online dossiers
    dossiers = by_sentence[(3.0, "hồ sơ trực tuyến cấp độ 3")]
    assert dossiers["against"] == "Số lượng hồ sơ trực tuyến mức độ 3" and dossiers["reported"]
    # line 62: "12 tin bài" counts what no appendix row counts: listed, not compared
    articles = by_sentence[(12.0, "tin bài")]
    assert articles["indicator_id"] is None and articles["against"] is None
    # line 151 (V. KIẾN NGHỊ): "02 thủ tục" is a proposal, not a result
    assert not by_sentence[(2.0, "thủ tục")]["reported"] and claims["plans"] >= 1
    html = page.Page(seed_model).section("claims")
    assert "tbl-claims" in html and "<details" in html and "không đối chiếu" in html


def test_a_chart_is_drawn_only_where_it_says_more_than_its_table(seed_model):
    domains = seed_model.model["sections"]["domains"]
    # 3.4.7.1's lone "100" % and 3.2's "02, 0, 0" procedures are read at a glance in the table
    assert domains["thu_tuc_hanh_chinh"]["charts"] == []
    # 96 given, 73 on time, 0 late: one stacked bar, with the 23 nobody accounted for
    tasks = domains["chi_dao_dieu_hanh"]["charts"]
    assert [(c["kind"], c["values"], c["total"]) for c in tasks] == [("parts_bar", [73.0, 0.0], 96.0)]
    # 681/712 is drawn once, in the key indicators' chart; 31/712 alone tells no more than its row
    assert domains["chinh_quyen_so"]["charts"] == []
