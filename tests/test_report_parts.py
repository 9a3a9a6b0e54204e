"""The pieces reports are made of: escaping, byte-stable charts and fonts, the report's fragments."""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from builders import SEED
from cchc_analysis.report import export
from cchc_analysis.report import fonts
from cchc_analysis.report import overview
from cchc_analysis.report import charts as plots
from cchc_analysis.report import reporting
from cchc_analysis.report import htmlparts as hp
from cchc_analysis.cli import main
from cchc_analysis.store.io import resolve_data_dir

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> reporting.Store:
    """The seed, ingested by the real command into a fresh store."""
    out = tmp_path_factory.mktemp("store")
    assert main(["ingest", str(SEED), "--out", str(out)]) == 0
    return reporting.load(out)


# --------------------------------------------------------------------------- escaping


def test_every_string_is_escaped():
    assert hp.esc(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;"
    assert hp.paragraph(HOSTILE).count("<") == 2  # only <p> and </p>
    assert "<script" not in hp.heading(HOSTILE, 2) + hp.note(HOSTILE) + hp.bullet_list([HOSTILE])
    assert "<script" not in hp.definition_list([(HOSTILE, HOSTILE)])
    assert hp.attrs(alt='"><script>') == ' alt="&quot;&gt;&lt;script&gt;"'


def test_table_escapes_cells_and_headers_and_has_a_fixed_id():
    frame = pd.DataFrame({HOSTILE: [HOSTILE, None], "Số liệu": ["5,88\u00a0%", pd.NA]})
    html = hp.table(frame, "tbl-x", HOSTILE, numeric=["Số liệu"], row_classes=["a", "b"])
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;") == 3  # caption, header, cell
    assert '<table id="tbl-x" class="data">' in html
    assert '<td class="num">5,88\u00a0%</td>' in html and '<td class="num">–</td>' in html
    assert html == hp.table(frame, "tbl-x", HOSTILE, numeric=["Số liệu"], row_classes=["a", "b"])


def test_fragments_survive_only_in_object_columns():
    link = hp.link("HTML", "a/report.html")
    kept = hp.table(pd.DataFrame({"x": [link]}, dtype=object), "t")
    assert '<td><a href="a/report.html">HTML</a></td>' in kept
    as_text = hp.table(pd.DataFrame({"x": pd.array([link], dtype="string")}), "t")
    assert "&lt;a href" in as_text  # a string column loses the markup: escaped, never live


def test_links_must_be_relative():
    for bad in ("https://example.org", "http://x", "//cdn.example.org/x.js", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            hp.link("x", bad)


# --------------------------------------------------------------------------- charts and fonts


def test_svg_is_byte_identical_across_processes():
    code = (
        "import hashlib, sys; from cchc_analysis.report import charts as plots\n"
        "fig = plots.percent_bars(['Tỷ lệ văn bản điện tử', 'Tỷ lệ song song'], [95.7, 4.3], 'Chính quyền số')\n"
        "sys.stdout.write(hashlib.sha256(plots.to_svg(fig)).hexdigest())"
    )
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    fig = plots.percent_bars(["Tỷ lệ văn bản điện tử", "Tỷ lệ song song"], [95.7, 4.3], "Chính quyền số")
    svg = plots.to_svg(fig)
    assert runs == {hashlib.sha256(svg).hexdigest()}
    text = svg.decode("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert "95,7\u00a0%" in text and "Tỷ lệ văn bản điện tử" in text  # Vietnamese labels (as comments)


def test_count_chart_ticks_are_whole_numbers():
    svg = plots.to_svg(plots.count_bars(["Cấp tỉnh", "Cấp huyện"], [2, 0], "Thủ tục", "3.2. TTHC")).decode()
    assert "<!-- 0,5 -->" not in svg and "<!-- 2 -->" in svg and "<!-- 2 thủ tục -->" in svg


def test_font_subset_covers_vietnamese_and_is_deterministic():
    code = ("import hashlib, sys; from cchc_analysis.report import fonts\n"
            "sys.stdout.write(hashlib.sha256(fonts.font_face_css().encode()).hexdigest())")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert runs == {hashlib.sha256(fonts.font_face_css().encode()).hexdigest()}
    for weight in (400, 700):
        data, kind = fonts.subset_font(weight)
        assert kind == "woff2"
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        assert all(ord(ch) in cmap for ch in "Số liệu ố ể ỉ ỷ ỹ đ Đ ơ ư ₫ – …")
        assert len(data) < 120_000


def test_pdf_bytes_do_not_depend_on_the_clock():
    html = export.html_page(hp.paragraph("Số liệu 95,7 %"), "Thử")
    assert export.html_to_pdf(html) == export.html_to_pdf(html)


def test_without_weasyprint_the_pdf_step_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if Pango could not be loaded
    with pytest.raises(export.PdfUnavailable, match=r"apt-get install libpango-1\.0-0 libpangoft2-1\.0-0"):
        export.html_to_pdf("<p>x</p>")


# --------------------------------------------------------------------------- report fragments


def test_appendix_values_are_written_the_vietnamese_way(store):
    obs = store.slice("observations", "Ban Dân tộc", "2023-H1")
    frame, classes = reporting.appendix_frame(obs, "Ban Dân tộc")
    values = dict(zip(frame["Chỉ tiêu"], frame["Số liệu"]))
    assert values["– Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015"] == "5,88\u00a0%"
    rate = next(v for k, v in values.items() if k.startswith("– Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử ("))
    assert rate == "95,7\u00a0% (681/712)"
    assert values["– Tổng số nhiệm vụ được giao"] == "96"
    assert "1 (Có)" in set(frame["Số liệu"])  # a coded scale shows its meaning
    assert len(frame) == len(obs) and len(classes) == len(obs)
    notes = " ".join(frame["Ghi chú"])
    assert "the unit column" not in notes and "cột đơn vị tính ghi số liệu" in notes


def test_a_missing_table_gives_a_vietnamese_note_not_an_error(store):
    old = reporting.Store(store.data_dir, {**store.tables, "indicators": None, "comparisons": None,
                                           "findings": None, "documents": None}, store.manifest)
    args = (old, "Ban Dân tộc", "2023-H1")
    assert "Chưa có bảng indicators trong dữ liệu; chạy lại cchc ingest" in reporting.key_indicators(*args)
    assert "Chưa có bảng findings trong dữ liệu; chạy lại cchc ingest" in reporting.findings_section(*args)
    assert "Chưa có bảng documents trong dữ liệu; chạy lại cchc ingest" in reporting.documents_section(*args)
    assert "Số liệu phụ lục" in reporting.domain_section(*args, "chinh_quyen_so")
    assert "Chưa có bảng indicators" in overview.overview_indicators(old, "2023-H1")


def test_unknown_agency_or_period_is_a_clear_error(store):
    with pytest.raises(ValueError, match="Không có số liệu của “Sở Không Có” kỳ 2023-H1"):
        reporting.title_block(store, "Sở Không Có", "2023-H1")


def test_domain_sections_follow_the_template(store):
    html = reporting.domain_section(store, "Ban Dân tộc", "2023-H1", "chinh_quyen_so")
    assert "6. Xây dựng và phát triển chính quyền điện tử, chính quyền số" in html  # narrative II.6
    assert 'id="tbl-appendix-chinh_quyen_so"' in html and "data:image/svg+xml;base64," in html
    assert reporting.narrative_domain("II.2.a") == "thu_tuc_hanh_chinh"
    assert reporting.narrative_domain("I.3") == "chi_dao_dieu_hanh"
    assert reporting.narrative_domain("III") is None
    assert reporting.domain_of("7.6.3") == "chinh_quyen_so"


def test_relative_data_dir_is_found_from_a_subfolder(monkeypatch, tmp_path):
    project = tmp_path / "project"
    (project / "data" / "processed").mkdir(parents=True)
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    assert resolve_data_dir("data/processed") == (project / "data" / "processed").resolve()
    assert resolve_data_dir(Path("/abs/elsewhere")) == Path("/abs/elsewhere")


def test_run_checks_again_gives_the_stored_findings(store):
    again = reporting.run_checks(store, "Ban Dân tộc", "2023-H1")
    stored = store.slice("findings", "Ban Dân tộc", "2023-H1")
    columns = ["severity", "rule", "code", "locator", "message"]
    assert len(again) == len(stored) > 0
    pd.testing.assert_frame_equal(again[columns].reset_index(drop=True),
                                  stored[columns].reset_index(drop=True), check_dtype=False)


def test_indicators_carry_a_caution_only_where_their_inputs_are_flagged(store):
    frame = reporting.indicators_frame(store, "Ban Dân tộc", "2023-H1", compare=False).set_index("Chỉ số")
    notes = frame["Ghi chú"]
    # 681/712: two errors and one warning on each of its cells (lines 338) — hand-counted from
    # the seed's findings: denominator_vs_total, rate_vs_counts, value_in_unit_column
    assert notes["Tỷ lệ văn bản gửi hoàn toàn dưới dạng điện tử"].startswith("3 lỗi/cảnh báo")
    # 73/96: the narrative says 100 %
    assert notes["Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành đúng hạn"].startswith("1 lỗi/cảnh báo")
    # 20/30 (lines 181–182) is clean although row 1.1 itself has a warning
    assert notes["Tỷ lệ nhiệm vụ kế hoạch CCHC đã hoàn thành"] == ""


def test_overview_charts_the_rate_on_which_agencies_differ_most():
    rates = pd.DataFrame({
        "indicator_id": ["a", "a", "b", "b", "c"],
        "agency": ["X", "Y", "X", "Y", "X"],
        "value": [50.0, 50.0, 40.0, 90.0, 10.0],
    })
    assert overview._most_telling(rates) == "b"
    assert overview._most_telling(rates[rates.indicator_id != "b"]) == "a"  # reported by more
