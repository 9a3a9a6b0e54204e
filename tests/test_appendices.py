"""Only the statistics appendix becomes observations; other appendices and tables are skipped and
named in the manifest; a report without the appendix is kept with a warning; a file that is no
CCHC report is refused, saying why.

Every input is written here by hand or cut from the seed's own text; what the program reads from
the altered copies is compared with what it reads from the seed itself, never with numbers copied
from its output.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document

from cchc_analysis import load_findings
from cchc_analysis.errors import SourceError
from cchc_analysis.sources import read_report

from builders import SEED, build_docx, build_xlsx, seed_report
from ingesting import ingest

#: Another appendix before the statistics one: a list of documents, numbered like the template.
OTHER_TITLE = ["Phụ lục 1", "DANH MỤC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"]
OTHER_ROWS = [
    ["STT", "Tên văn bản", "Số, ký hiệu", "Ngày ban hành"],
    ["1", "Quyết định ban hành Kế hoạch CCHC năm 2023 của Ban Dân tộc", "02/QĐ-BDT", "11/01/2023"],
    ["2", "Kế hoạch rà soát, hệ thống hóa văn bản quy phạm pháp luật", "01/KH-BDT", "04/01/2023"],
    ["3", "Quyết định kiện toàn Hội đồng đánh giá, xếp hạng kết quả CCHC", "12/QĐ-BDT", "12/4/2023"],
    ["4", "Kế hoạch tuyên truyền cải cách hành chính năm 2023", "05/KH-BDT", "20/01/2023"],
    ["5", "Báo cáo kết quả CCHC quý I năm 2023", "30/BC-BDT", "15/3/2023"],
]
#: A press article about something else: no table, no word of administrative reform.
ARTICLE = [
    "LỄ HỘI TRĂM NĂM NHA TRANG THU HÚT ĐÔNG ĐẢO DU KHÁCH",
    "Tối 10/6, tại quảng trường 2 Tháng 4, thành phố Nha Trang đã khai mạc lễ hội biển năm 2023.",
    "Hàng nghìn người dân và du khách đã đến xem chương trình nghệ thuật đặc sắc.",
    "Ban tổ chức cho biết lễ hội kéo dài ba ngày với nhiều hoạt động văn hóa, thể thao.",
    "Các đội thuyền thúng từ nhiều xã ven biển tham gia cuộc đua truyền thống trên vịnh.",
    "Nhiều gian hàng ẩm thực giới thiệu đặc sản yến sào, nem nướng và bánh căn.",
    "Lượng khách lưu trú trong dịp lễ hội tăng gần gấp đôi so với cùng kỳ năm trước.",
    "Lễ hội khép lại bằng màn bắn pháo hoa rực rỡ trên bãi biển Trần Phú.",
]
#: A statistics page: a numbered table whose columns are not the template's.
STATS_TITLE = "NIÊN GIÁM THỐNG KÊ: DÂN SỐ VÀ DIỆN TÍCH CÁC HUYỆN NĂM 2022"
STATS_ROWS = [
    ["STT", "Huyện, thị xã, thành phố", "Dân số (nghìn người)", "Diện tích (km²)"],
    ["1", "Thành phố Nha Trang", "423,0", "254,0"],
    ["2", "Thành phố Cam Ranh", "133,4", "326,0"],
    ["3", "Thị xã Ninh Hòa", "241,0", "1.195,0"],
    ["4", "Huyện Vạn Ninh", "134,5", "550,0"],
]
NOT_A_REPORT = "does not look like a CCHC report"


def ingest_one(tmp_path: Path, name: str, path: Path, *options: str) -> tuple[int, str, str, Path]:
    """The shared :func:`ingest` of one file into the fresh store ``tmp_path/name``; (exit
    status, stdout, stderr, store)."""
    store = tmp_path / name
    return (*ingest(path, "--out", store, *options), store)


def table(store: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(store / f"{name}.parquet")


def inputs(store: Path) -> dict[str, dict]:
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in manifest["inputs"]}


def shifted(locators: pd.Series, pattern: str, by: int) -> list[str]:
    """Locators with the number ``pattern`` captures moved by ``by`` ("line 287" → "line 294")."""
    return [
        re.sub(pattern, lambda m: m.group(0).replace(m.group(1), str(int(m.group(1)) + by)), s)
        for s in locators
    ]


#: What an observation says, apart from its file and place in it.
CONTENT = [
    "code",
    "item",
    "label",
    "unit",
    "value",
    "raw_value",
    "numerator",
    "denominator",
    "raw_unit",
    "implementer",
    "codes",
    "flags",
    "note",
]


def same_observations(seed: pd.DataFrame, other: pd.DataFrame) -> None:
    assert len(other) == len(seed) == 151
    pd.testing.assert_frame_equal(seed[CONTENT].reset_index(drop=True), other[CONTENT].reset_index(drop=True))


def with_other_appendix(seed_text: str) -> tuple[str, int]:
    """The seed with "Phụ lục 1" and its table before "Phụ lục 2"; (text, lines inserted)."""
    lines = seed_text.split("\n")
    at = lines.index("Phụ lục 2")
    added = [*OTHER_TITLE, "", *("\t".join(row) for row in OTHER_ROWS), ""]
    return "\n".join(lines[:at] + added + lines[at:]), len(added)


# --- another appendix before the statistics one -----------------------------------------------


def test_text_other_appendix_is_skipped_and_named(tmp_path, seed_text, seed_store):
    text, added = with_other_appendix(seed_text)
    path = tmp_path / "two_appendices.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err, store = ingest_one(tmp_path, "two", path)
    assert code == 0, err
    assert "warning" not in err
    seed_obs, obs = table(seed_store, "observations"), table(store, "observations")
    same_observations(seed_obs, obs)
    assert obs.locator.tolist() == shifted(seed_obs.locator, r"line (\d+)", added)
    (skipped,) = inputs(store)[path.name]["skipped_tables"]
    first = text.split("\n").index("Phụ lục 1") + 1
    assert skipped.startswith("Phụ lục 1 DANH MỤC VĂN BẢN") and f"(line {first}–" in skipped
    assert inputs(seed_store)[SEED.name]["skipped_tables"] == []
    # the list of documents is not narrative: sections and cited documents are the seed's
    for name, columns in (("narrative", ["section_id", "text"]), ("documents", ["document"])):
        pd.testing.assert_frame_equal(table(seed_store, name)[columns], table(store, name)[columns])


def test_docx_other_appendix_is_skipped_and_named(tmp_path):
    seed = seed_report()
    plain = build_docx(seed, tmp_path / "plain.docx")
    two = build_docx(seed, tmp_path / "two.docx", other=(OTHER_TITLE, OTHER_ROWS))
    assert ingest_one(tmp_path, "plain", plain)[0] == 0
    code, _, err, store = ingest_one(tmp_path, "two", two)
    assert code == 0, err
    plain_obs, obs = table(tmp_path / "plain", "observations"), table(store, "observations")
    same_observations(plain_obs, obs)
    assert obs.locator.tolist() == shifted(plain_obs.locator, r"table (\d+)", 1)
    # the letterhead is table 1 (layout, not listed); the list of documents is table 2
    assert inputs(store)["two.docx"]["skipped_tables"] == [
        "Phụ lục 1 DANH MỤC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH CÔNG TÁC CẢI CÁCH HÀNH CHÍNH (table 2)"
    ]
    assert inputs(tmp_path / "plain")["plain.docx"]["skipped_tables"] == []
    pd.testing.assert_frame_equal(
        table(tmp_path / "plain", "narrative")[["section_id", "text"]],
        table(store, "narrative")[["section_id", "text"]],
    )


def test_xlsx_statistics_sheet_second(tmp_path):
    seed = seed_report()
    build_xlsx(seed, tmp_path / "plain.xlsx")
    build_xlsx(seed, tmp_path / "two.xlsx", other=(OTHER_TITLE, OTHER_ROWS))
    assert openpyxl.load_workbook(tmp_path / "two.xlsx").sheetnames == ["Phụ lục 1", "Phụ lục 2"]
    period = ("--period", "2023-H1")  # the appendix alone does not name its period
    assert ingest_one(tmp_path, "plain", tmp_path / "plain.xlsx", *period)[0] == 0
    code, _, err, store = ingest_one(tmp_path, "two", tmp_path / "two.xlsx", *period)
    assert code == 0, err
    plain_obs, obs = table(tmp_path / "plain", "observations"), table(store, "observations")
    same_observations(plain_obs, obs)
    assert obs.locator.tolist() == plain_obs.locator.tolist()  # same sheet, same rows
    (skipped,) = inputs(store)["two.xlsx"]["skipped_tables"]
    assert skipped.startswith("Phụ lục 1 DANH MỤC VĂN BẢN") and skipped.endswith("(Phụ lục 1!A4)")


def test_statistics_table_found_by_its_columns_without_title(tmp_path, seed_text):
    """No "THỐNG KÊ SỐ LIỆU" heading at all: the template's columns still tell the table."""
    text, _ = with_other_appendix(seed_text)
    lines = text.split("\n")
    at = lines.index("Phụ lục 2")
    path = tmp_path / "untitled.txt"
    path.write_text("\n".join(lines[:at] + ["Phụ lục 2", ""] + lines[at + 4 :]), encoding="utf-8")
    report = read_report(path)
    assert len(report.appendix) == len(read_report(SEED).appendix)
    assert len(report.skipped) == 1 and report.skipped[0].startswith("Phụ lục 1 DANH MỤC")


# --- narrative only ----------------------------------------------------------------------------


def narrative_only(tmp_path: Path, seed_text: str, suffix: str) -> Path:
    """The seed cut before "Phụ lục 2": as text, the first lines; as Word, no appendix tables."""
    if suffix == ".txt":
        lines = seed_text.split("\n")
        path = tmp_path / "narrative-only.txt"
        path.write_text("\n".join(lines[: lines.index("Phụ lục 2")]), encoding="utf-8")
        return path
    cut = dataclasses.replace(seed_report(), appendix=[], appendix_heading=[])
    return build_docx(cut, tmp_path / "narrative-only.docx")


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_narrative_only_report_is_kept_with_a_warning(tmp_path, seed_text, suffix):
    path = narrative_only(tmp_path, seed_text, suffix)
    code, out, err, store = ingest_one(tmp_path, "store", path)
    assert code == 0, err
    assert f"ok: {path.name}: Ban Dân tộc, 2023-H1 (0 rows" in out
    assert table(store, "observations").empty
    assert {"I", "II", "III", "IV", "V"} <= set(table(store, "narrative").section_id)
    assert len(table(store, "documents")) > 0 and len(table(store, "claims")) > 0
    indicators = table(store, "indicators")
    assert len(indicators) > 0 and indicators.value.isna().all()
    assert set(indicators.reason) == {"missing_row"}
    findings = load_findings(store)
    assert findings.rule.tolist() == ["missing_appendix"]
    (finding,) = findings.to_dict("records")
    assert finding["severity"] == "warning" and finding["source"] == path.name
    assert path.name in finding["message"] and "THỐNG KÊ SỐ LIỆU" in finding["message"]


# --- not a CCHC report -------------------------------------------------------------------------


def press_article(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"press{suffix}"
    if suffix == ".txt":
        path.write_text("\n\n".join(ARTICLE), encoding="utf-8")
    else:
        document = Document()
        for sentence in ARTICLE:
            document.add_paragraph(sentence)
        document.save(str(path))
    return path


def statistics_page(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"statistics{suffix}"
    if suffix == ".txt":
        path.write_text("\n".join([STATS_TITLE, "", *("\t".join(r) for r in STATS_ROWS)]), encoding="utf-8")
    else:
        workbook = openpyxl.Workbook()
        workbook.active.append([STATS_TITLE])
        for row in STATS_ROWS:
            workbook.active.append(row)
        workbook.save(str(path))
    return path


@pytest.mark.parametrize(
    ("make", "suffix"),
    [
        (press_article, ".txt"),
        (press_article, ".docx"),
        (statistics_page, ".txt"),
        (statistics_page, ".xlsx"),
    ],
)
def test_not_a_report_is_refused_saying_why(tmp_path, make, suffix):
    path = make(tmp_path, suffix)
    with pytest.raises(SourceError) as caught:
        read_report(path)
    message = caught.value.message
    assert message.startswith(f"{NOT_A_REPORT}: found no statistics appendix")
    assert "THỐNG KÊ SỐ LIỆU" in message and "cải cách hành chính" in message
    assert "no appendix table found" not in message
    if make is statistics_page:  # the table it does hold is named: by its title, else its header
        named = "STT | Huyện, thị xã" if suffix == ".txt" else f"{STATS_TITLE} (Sheet!A2)"
        assert f"it holds instead: {named}" in message
    code, out, err, store = ingest_one(tmp_path, "store", path)
    assert code == 1 and "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith(f"error: {path.name}")]
    assert line.startswith(f"error: {path.name}: {NOT_A_REPORT}: ")
    assert "error: no file ingested" in err  # and the run says it wrote nothing
    assert not store.exists()


def test_workbook_of_a_report_without_the_statistics_table_is_refused(tmp_path):
    """A workbook has no narrative: without the statistics table there is nothing to keep, and
    the message says the table is missing (not that the file is no report)."""
    path = tmp_path / "other_only.xlsx"
    workbook = openpyxl.Workbook()
    for line in OTHER_TITLE:
        workbook.active.append([line])
    for row in OTHER_ROWS:
        workbook.active.append(row)
    workbook.save(str(path))
    with pytest.raises(SourceError) as caught:
        read_report(path)
    assert caught.value.message.startswith("no appendix table found")
    assert "skipped: Phụ lục 1 DANH MỤC VĂN BẢN" in caught.value.message


def test_a_press_article_about_cchc_is_no_report(tmp_path):
    article = tmp_path / "bao.txt"
    article.write_text(
        "Khánh Hòa đẩy mạnh cải cách hành chính\n\n"
        "Trong 6 tháng đầu năm 2023, các sở, ngành của tỉnh tiếp tục đẩy mạnh công tác cải cách "
        "hành chính (CCHC), rút ngắn thời gian giải quyết hồ sơ cho người dân.\n\n"
        "Theo Sở Nội vụ, 98% hồ sơ được giải quyết đúng hạn.\n",
        encoding="utf-8",
    )
    from cchc_analysis.store.ingest import ingest_file

    result = ingest_file(article, "bao.txt")
    assert result.error is not None and "does not look like a CCHC report" in str(result.error)
    assert "report title 'BÁO CÁO'" in str(result.error)
