"""Word and Excel readers against the real seed report, rebuilt as .docx/.xlsx at test time.

The text reader's view of the seed is the reference: the other containers must yield the same
narrative and the same appendix rows, with figures that mean the same.
"""

from __future__ import annotations

import random
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.numbers import read_value
from cchc_analysis.sources import SUPPORTED_SUFFIXES, read_report
from cchc_analysis.sources.common import clean_text, is_table_header
from cchc_analysis.sources.docx import read_docx
from cchc_analysis.sources.model import Report
from cchc_analysis.sources.xlsx import cell_text, read_xlsx

from builders import SEED, SHEET, build_docx, build_xlsx, data_rows

#: Counted by hand in the seed: lines 177–347 hold the table, 6 of them blank page breaks,
#: 7 pages × 2 header lines = 14 header lines, so 165 table rows of which 151 carry data.
TABLE_ROWS, HEADER_ROWS = 165, 14
#: How an old binary .doc/.xls (OLE2 compound file) starts.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def office_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("office")


@pytest.fixture(scope="module")
def docx_path(seed_report, office_dir) -> Path:
    return build_docx(seed_report, office_dir / "bao_cao.docx")


@pytest.fixture(scope="module")
def from_docx(docx_path) -> Report:
    return read_docx(docx_path)


@pytest.fixture(scope="module")
def xlsx_build(seed_report, office_dir) -> tuple[Path, list[int]]:
    path = office_dir / "phu_luc.xlsx"
    return path, build_xlsx(seed_report, path)


@pytest.fixture(scope="module")
def from_xlsx(xlsx_build) -> Report:
    return read_xlsx(xlsx_build[0])


def cleaned(cells) -> tuple[str, ...]:
    return tuple(clean_text(cell) for cell in cells)


def by_label(rows, label: str):
    """The one row whose label is ``label`` (fails loudly if absent or repeated)."""
    (row,) = [row for row in rows if clean_text(row.label) == label]
    return row


# --- the seed itself --------------------------------------------------------------------------


def test_seed_table_counts(seed_report):
    assert len(seed_report.appendix) == TABLE_ROWS
    assert sum(is_table_header(row.cells) for row in seed_report.appendix) == HEADER_ROWS
    lines = SEED.read_text(encoding="utf-8").split("\n")
    table = lines[lines.index("Phụ lục 2") + 5 :]
    assert len(table) == TABLE_ROWS + 6 and table.count("") == 6


# --- Word -------------------------------------------------------------------------------------


def test_docx_appendix_matches_text_row_by_row(seed_report, from_docx):
    assert from_docx.reader == "docx"
    assert len(from_docx.appendix) == len(seed_report.appendix) == TABLE_ROWS
    expected = [cleaned(row.cells) for row in data_rows(seed_report)]
    got = [cleaned(row.cells) for row in data_rows(from_docx)]
    assert len(got) == TABLE_ROWS - HEADER_ROWS
    assert got == expected


def test_docx_merged_header_reads_like_the_text_header(seed_report, from_docx):
    headers = [row.cells for row in from_docx.appendix if is_table_header(row.cells)]
    assert len(headers) == HEADER_ROWS
    assert headers[0] == ("STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Đơn vị thực hiện")
    assert headers[1] == ("", "", "Đơn vị tính", "Số liệu", "")  # vMerge continuations are ""
    assert set(headers[0::2]) == {headers[0]} and set(headers[1::2]) == {headers[1]}


def test_docx_narrative_and_heading_match_text(seed_report, from_docx):
    # the Word file keeps its letterhead (a layout table the text export lost), read column by
    # column before the title; the rest is the text export's narrative, paragraph for paragraph
    letterhead, narrative = from_docx.paragraphs[:2], from_docx.paragraphs[2:]
    assert [(p.text, p.locator) for p in letterhead] == [
        ("BAN DÂN TỘC", "table 1"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "table 1"),
    ]
    assert [p.text for p in narrative] == [p.text for p in seed_report.paragraphs]
    assert from_docx.appendix_heading == seed_report.appendix_heading
    assert from_docx.title == seed_report.title
    # the builder leaves a blank paragraph after each one: blanks are skipped but counted
    assert [p.locator for p in narrative[:3]] == ["paragraph 1", "paragraph 3", "paragraph 5"]


def test_docx_locators_count_tables_and_rows(seed_report, from_docx):
    # table 1 is the letterhead; the appendix's 7 pages are tables 2–8. In the seed, 4.1.1. is
    # line 271, the 22nd line of the 4th page (whose header is line 250); page 7 is lines 330–347.
    assert from_docx.appendix[2].locator == "table 2 row 3"
    assert by_label(from_docx.appendix, "Số phòng thuộc Ban").locator == "table 5 row 22"
    assert from_docx.appendix[-1].locator == "table 8 row 18"


def test_docx_table_continued_without_its_header_is_not_dropped(seed_report, docx_path, office_dir):
    document = Document(str(docx_path))
    tables = document.tables[1:]  # after the letterhead: one appendix table per page
    for table in tables[1:]:  # pages 2…7 lose their repeated two-line header
        for tr in table._tbl.tr_lst[:2]:
            table._tbl.remove(tr)
    path = office_dir / "no_repeated_header.docx"
    document.save(str(path))
    report = read_docx(path)
    assert [cleaned(r.cells) for r in data_rows(report)] == [cleaned(r.cells) for r in data_rows(seed_report)]


def test_docx_cell_paragraphs_join_with_a_space(from_docx):
    row = by_label(from_docx.appendix, "Cập nhật Kiến trúc chính quyền điện tử phiên bản 2.0")
    assert row.cells[2] == "Chưa = 0 Hoàn thành = 1"  # written as two paragraphs


def test_docx_reads_the_xml_grid_not_the_merged_cell_objects(office_dir):
    document = Document()
    document.add_paragraph("Phụ lục 2 — THỐNG KÊ SỐ LIỆU")  # the statistics appendix, by its title
    table = document.add_table(rows=4, cols=5)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    for col, text in ((1, "Chỉ tiêu"), (2, "Kết quả"), (4, "Đơn vị")):
        table.cell(0, col).text = text
    table.rows[1]._tr.tc_lst[0].p_lst[0].add_r().text = "stale"  # hidden under the merge
    for row_no, stt in ((2, "1."), (3, "")):
        for cell, text in zip(table.rows[row_no].cells, (stt, "Số phòng", "phòng", "3", "")):
            cell.text = text
    tr = table.rows[2]._tr
    tr.remove(tr.tc_lst[-1])  # the row stops one column short of the grid …
    tr.get_or_add_trPr().get_or_add_gridAfter().set(qn("w:val"), "1")  # … and says so
    tr = table.rows[3]._tr
    tr.remove(tr.tc_lst[0])  # the row starts one column late
    tr.get_or_add_trPr().get_or_add_gridBefore().set(qn("w:val"), "1")
    path = office_dir / "grid.docx"
    document.save(str(path))
    rows = read_docx(path).appendix  # row 2 reads all "" (the stale text is hidden): skipped
    assert [row.cells for row in rows] == [
        ("STT", "Chỉ tiêu", "Kết quả", "", "Đơn vị"),
        ("1.", "Số phòng", "phòng", "3", ""),
        ("", "Số phòng", "phòng", "3", ""),
    ]
    assert [row.locator for row in rows] == ["table 1 row 1", "table 1 row 3", "table 1 row 4"]


# --- Excel ------------------------------------------------------------------------------------


def test_xlsx_rows_mean_the_same_as_text(seed_report, from_xlsx):
    assert from_xlsx.reader == "xlsx"
    expected, got = data_rows(seed_report), data_rows(from_xlsx)
    assert len(got) == len(expected) == TABLE_ROWS - HEADER_ROWS
    for want, have in zip(expected, got):
        for col in (0, 1, 4):  # STT, label, implementer: text, unchanged
            assert clean_text(have.cells[col]) == clean_text(want.cells[col]), have.locator
        for col in (2, 3):  # unit and value: the same figure, or the same text
            same_text = clean_text(have.cells[col]) == clean_text(want.cells[col])
            figure = read_value(want.cells[col])
            assert same_text or (figure.is_figure and read_value(have.cells[col]) == figure), (
                have.locator,
                want.cells[col],
                have.cells[col],
            )


@pytest.mark.parametrize(
    ("label", "col", "text_cell", "xlsx_cell"),
    [
        ("- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015", 3, "5,88", "5,88"),
        (
            "- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư "
            "số và gửi trên môi trường điện tử)",
            2,
            "95,7 %",
            "95,7%",
        ),
        (
            "- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy",
            2,
            "4,3%",
            "4,3%",
        ),
        ("- Số TTHC cấp tỉnh", 3, "02", "2"),  # typed as the number 2
        ("Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:", 3, "02", "02"),  # kept text
        ("Số phòng thuộc Ban", 3, "3", "3"),
        ("- Tổng số nhiệm vụ được giao", 3, "96", "96"),
    ],
)
def test_xlsx_typed_numbers_read_as_written(seed_report, from_xlsx, label, col, text_cell, xlsx_cell):
    assert by_label(seed_report.appendix, label).cells[col] == text_cell
    assert by_label(from_xlsx.appendix, label).cells[col] == xlsx_cell


def test_xlsx_value_cell_points_at_the_written_cell(seed_report, xlsx_build, from_xlsx):
    path, written = xlsx_build
    index = next(i for i, row in enumerate(data_rows(seed_report)) if row.stt == "4.1.1.")
    row = by_label(from_xlsx.appendix, "Số phòng thuộc Ban")
    assert row.locator == f"{SHEET}!row {written[index]}"
    assert row.value_cell == f"{SHEET}!D{written[index]}"
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert sheet[row.value_cell.split("!")[1]].value == 3


def test_xlsx_title_block_is_heading_and_paragraphs(seed_report, from_xlsx):
    assert from_xlsx.appendix_heading == [
        "Phụ lục 2",
        "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TẠI BAN DÂN TỘC",
        seed_report.appendix_heading[-1],
    ]
    assert [p.locator for p in from_xlsx.paragraphs] == [f"{SHEET}!A{n}" for n in (1, 2, 3)]
    assert from_xlsx.title == "Phụ lục 2"


def test_xlsx_all_text_workbook_keeps_cells_exactly(seed_report, office_dir):
    path = office_dir / "as_text.xlsx"
    build_xlsx(seed_report, path, numbers_as_numbers=False)
    assert [row.cells for row in data_rows(read_xlsx(path))] == [row.cells for row in data_rows(seed_report)]


def test_xlsx_header_found_in_any_column(seed_report, office_dir):
    path = office_dir / "offset.xlsx"
    written = build_xlsx(seed_report, path, first_column=3)
    report = read_xlsx(path)
    assert report.appendix[0].cells[0] == "STT"
    assert [cleaned(r.cells) for r in data_rows(report)][:5] == [
        cleaned(r.cells) for r in data_rows(seed_report)
    ][:5]
    assert report.appendix[2].value_cell == f"{SHEET}!F{written[0]}"
    assert report.paragraphs[0].locator == f"{SHEET}!C1"


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (2.0, "General", "2"),
        (5.88, "0.00", "5,88"),
        (0.957, "0.0%", "95,7%"),
        (1, "0%", "100%"),
        (95.7, '0.0"%"', "95,7%"),  # a quoted percent sign is shown, not applied
        (1402, "#,##0", "1402"),
        # the decimals a format fixes are the figure's precision as the clerk saw it
        (92, "0.0", "92,0"),
        (0.949, "0.00%", "94,90%"),
        (0.96, "0.0%;[Red]-0.0%", "96,0%"),
        (5.875, "0.0", "5,875"),  # never fewer decimals than the number has
        (None, "General", ""),
        ("02", "@", "02"),
        (datetime(2023, 6, 30), "dd/mm/yyyy", "30/06/2023"),
        (True, "General", "TRUE"),
    ],
)
def test_xlsx_cell_text(value, number_format, shown):
    cell = openpyxl.Workbook().active["A1"]
    cell.value = value
    cell.number_format = number_format
    assert cell_text(cell) == shown


# --- dispatch and bad input -------------------------------------------------------------------


def test_read_report_dispatches_by_suffix(docx_path, xlsx_build, office_dir):
    assert {".txt", ".docx", ".xlsx"} <= SUPPORTED_SUFFIXES
    assert read_report(SEED).reader == "text"
    assert read_report(docx_path).reader == "docx"
    assert read_report(xlsx_build[0]).reader == "xlsx"
    upper = office_dir / "BAO_CAO.DOCX"
    upper.write_bytes(docx_path.read_bytes())
    assert read_report(upper).reader == "docx"


def _docx_without_appendix(path: Path, layout_table: bool) -> None:
    document = Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Phụ lục 2")
    if layout_table:
        document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Nơi nhận:"
    document.save(str(path))


def _no_header_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Phụ lục 2"])
    workbook.active.append(["1.", "Công tác chỉ đạo điều hành CCHC", "", "", ""])
    workbook.save(str(path))


def _damage_member(source: Path, path: Path, member: str) -> None:
    """Zero 60 bytes of ``member``'s compressed data; the ZIP directory stays intact."""
    data = bytearray(source.read_bytes())
    start = data.index(member.encode()) + len(member) + 40
    data[start : start + 60] = bytes(60)
    path.write_bytes(bytes(data))


def _replace_member(source: Path, path: Path, member: str, content: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            new.writestr(item, content if item.filename == member else old.read(item))


def _cut_in_half(source: Path, path: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "random.docx",
            lambda p, d, x: p.write_bytes(random.Random(7).randbytes(3000)),
            "not a readable Word .docx file: it does not start with the ZIP signature",
        ),
        (
            "zipped_noise.docx",
            lambda p, d, x: p.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(3000)),
            "not a readable Word .docx file: the ZIP package is damaged",
        ),
        (
            "renamed.docx",
            lambda p, d, x: p.write_bytes(SEED.read_bytes()),
            "not a readable Word .docx file: it holds plain text",
        ),
        (
            "old_binary.docx",
            lambda p, d, x: p.write_bytes(OLE_SIGNATURE + bytes(600)),
            "not a readable Word .docx file: it is an old binary .doc/.xls file",
        ),
        (
            "scan.docx",
            lambda p, d, x: p.write_bytes(b"%PDF-1.7\n" + bytes(600)),
            "not a readable Word .docx file: it is a PDF document",
        ),
        ("empty.docx", lambda p, d, x: p.write_bytes(b""), "the file is empty"),
        (
            "damaged.docx",
            lambda p, d, x: _damage_member(d, p, "word/document.xml"),
            "not a readable Word .docx file: the ZIP package is damaged (",
        ),
        (
            "bad_xml.docx",
            lambda p, d, x: _replace_member(d, p, "word/document.xml", b"<w:document"),
            "not a readable Word .docx file: ",
        ),
        (
            "truncated.docx",
            lambda p, d, x: _cut_in_half(d, p),
            "not a readable Word .docx file: the ZIP package is damaged",
        ),
        (
            "sheet.docx",
            lambda p, d, x: p.write_bytes(x.read_bytes()),
            "not a readable Word .docx file: file 'sheet.docx' is not a Word file",
        ),
        (
            "no_table.docx",
            lambda p, d, x: _docx_without_appendix(p, layout_table=False),
            "does not look like a CCHC report: found no statistics appendix",
        ),
        (
            "layout_table_only.docx",
            lambda p, d, x: _docx_without_appendix(p, layout_table=True),
            "does not look like a CCHC report: found no statistics appendix",
        ),
        (
            "no_header.xlsx",
            lambda p, d, x: _no_header_xlsx(p),
            "no appendix table found: no sheet has a header row",
        ),
        ("word.xlsx", lambda p, d, x: p.write_bytes(d.read_bytes()), "not a readable Excel .xlsx file"),
        (
            "truncated.xlsx",
            lambda p, d, x: _cut_in_half(x, p),
            "not a readable Excel .xlsx file: the ZIP package is damaged",
        ),
        (
            "renamed.xlsx",
            lambda p, d, x: p.write_bytes(SEED.read_bytes()),
            "not a readable Excel .xlsx file: it holds plain text",
        ),
        (
            "report.odt",
            lambda p, d, x: p.write_bytes(b"PK\x03\x04"),
            "unsupported file type '.odt'; expected .txt, .docx, .xlsx, .pdf or a scan",
        ),
    ],
)
def test_bad_input_raises_source_error_naming_the_file(
    office_dir, docx_path, xlsx_build, name, make, message
):
    path = office_dir / name
    make(path, docx_path, xlsx_build[0])
    with pytest.raises(SourceError) as caught:
        read_report(path)
    assert caught.value.source == name
    assert str(caught.value).startswith(f"{name}: ")
    assert message in caught.value.message
