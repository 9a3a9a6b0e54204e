"""No formula from data: a report whose cells begin with what a spreadsheet evaluates (``=``,
``+``, ``-``, ``@``) is ingested, exported and summed into its province's workbook; no cell of
any .xlsx is a formula, no CSV cell starts a formula, and the texts are as written."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_analysis.cli import main
from cchc_analysis.export import export
from cchc_analysis.report.content import province, slices
from cchc_analysis.report.page.province_workbook import province_workbook
from cchc_analysis.shared.spreadsheets import csv_text
from cchc_analysis.store import open_store

from province_fixture import HEADER

LINK = '=HYPERLINK("http://x.example","bấm")'
#: The appendix: STT, label, unit, figure, implementer — each hostile somewhere.
ROWS = [
    ("1", "Công tác chỉ đạo điều hành CCHC", "", "", ""),
    ("1.2", LINK, "+1+1", "-2+3", "@SUM(A1)"),
    ("1.5", "@SUM(A1)", "-Văn bản", "+1+1", LINK),
    ("1.6", "-2+3 nhiệm vụ", "Nhiệm vụ", "-3", "=1+1"),
    ("7.6.3", "Tổng số VĂN BẢN ĐI", "Văn bản", "-1.402,5", "@x"),
]
#: A file name is data too: it reaches the store's `source` and the province's workbook.
NAME = "=1+1.txt"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    (base / "raw").mkdir()
    appendix = HEADER + "".join("\t".join(row) + "\n" for row in ROWS)
    (base / "raw" / NAME).write_text(
        "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023\n\n"
        "Sở Tư pháp báo cáo kết quả thực hiện công tác cải cách hành chính như sau.\n\n"
        "Phụ lục\nTHỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\n\n" + appendix,
        encoding="utf-8",
    )
    assert (
        main(
            [
                "ingest",
                str(base / "raw"),
                "--out",
                str(base / "store"),
                "--province",
                "Phú Yên",
                "--agency",
                "Sở Tư pháp",
                "--period",
                "2023-H1",
            ]
        )
        == 0
    )
    return base


def csv_cells(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def assert_no_formula_start(rows: list[dict]) -> None:
    for row in rows:
        for column, cell in row.items():
            if cell.startswith(FORMULA_STARTS):
                assert cell in {"-3", "-1.402,5", "-3.0", "-1402.5"}, (column, cell)


def assert_no_formula(book) -> list:
    cells = [c for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return [c.value for c in cells]


@given(st.text(max_size=12))
def test_a_csv_cell_never_starts_a_formula_and_keeps_its_text(text):
    shown = csv_text(text)
    assert shown in (text, "'" + text)
    assert not shown.startswith(FORMULA_STARTS) or shown.lstrip("+-")[:1].isdigit()


@pytest.mark.parametrize(
    "text, shown",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("-1.402,5", "-1.402,5"),
        ("+5 %", "+5 %"),
        ("-", "'-"),
        ("Sở = 1", "Sở = 1"),
        ("", ""),
    ],
)
def test_the_rule_by_example(text, shown):
    assert csv_text(text) == shown


def test_the_store_csvs_quote_what_a_spreadsheet_would_evaluate(hostile):
    rows = csv_cells((hostile / "store" / "observations.csv").read_text(encoding="utf-8-sig"))
    assert_no_formula_start(rows)
    cells = {r["code"]: r for r in rows}
    assert (
        cells["1.2"]["label"],
        cells["1.2"]["unit"],
        cells["1.2"]["raw_value"],
        cells["1.2"]["implementer"],
    ) == ("'" + LINK, "'+1+1", "'-2+3", "'@SUM(A1)")
    assert cells["1.2"]["source"] == "'=1+1.txt"
    assert (cells["1.6"]["value"], cells["1.6"]["raw_value"], cells["1.6"]["implementer"]) == (
        "-3.0",
        "-3",
        "'=1+1",
    )
    assert (cells["7.6.3"]["value"], cells["7.6.3"]["raw_value"]) == ("-1402.5", "-1.402,5")
    for name in ("sources", "findings", "finding_inputs", "rollup_inputs"):
        assert_no_formula_start(
            csv_cells((hostile / "store" / f"{name}.csv").read_text(encoding="utf-8-sig"))
        )
    parquet = open_store(hostile / "store").table("observations")  # Parquet keeps the text as read
    assert parquet.loc[1, "label"] == LINK and parquet.loc[1, "source"] == NAME


def test_exports_write_the_texts_whole_and_never_a_formula(hostile, tmp_path):
    book = openpyxl.load_workbook(export(hostile / "store", out=tmp_path / "x.xlsx").path)
    values = assert_no_formula(book)
    assert {LINK, "+1+1", "-2+3", "@SUM(A1)", "=1+1", NAME, "-Văn bản", "@x"} <= set(values)
    obs = {r[5]: r for r in book["observations"].iter_rows(values_only=True)}  # by code
    assert (obs["1.6"][9], obs["7.6.3"][9]) == (-3, -1402.5)  # negative numbers stay numbers
    archive = zipfile.ZipFile(export(hostile / "store", "csv", out=tmp_path / "x.zip").path)
    for name in archive.namelist():
        assert_no_formula_start(csv_cells(archive.read(name).decode("utf-8-sig")))


def test_the_province_workbook_writes_the_texts_whole_and_never_a_formula(hostile):
    view = slices.ProvinceStore(open_store(hostile / "store"), "Phú Yên")
    model = province.build(view, "2023-H1").model
    book = openpyxl.load_workbook(io.BytesIO(province_workbook(model)))
    assert_no_formula(book)
    drilled = [r for r in book["Từng cơ quan"].iter_rows(values_only=True)][1:]
    assert [(r[0], r[4], r[6]) for r in drilled] == [("7.6.3", -1402.5, NAME)]


def test_check_as_csv_quotes_them_too(hostile, capsys):
    assert main(["check", "--data", str(hostile / "store"), "--format", "csv"]) == 0
    rows = csv_cells(capsys.readouterr().out)
    assert rows and {r["source"] for r in rows} == {"'=1+1.txt"}
    assert_no_formula_start(rows)
