"""`cchc export`: the slice of the store asked for, as .xlsx or CSV. The bundled seed report (one
agency, one period) and a generated batch (two provinces; in Khánh Hòa two agencies, each of
its own period) are ingested once; every expectation is typed from their raw files."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cchc_analysis import __version__
from cchc_analysis.cli import main
from cchc_analysis.derive.store_runs import ingest
from cchc_analysis.export import BESIDE_REPORTS, export, export_beside_reports, write
from cchc_analysis.store.schemas import TABLES

from variety.generate import generate
from variety.score import write_batch

#: Generated reports: Khánh Hòa's Sở Tài chính 2021-Q1 and Sở Xây dựng 2021-Q4, Phú Yên's Sở
#: Công Thương 2021-Q2 (tests/variety/places.py walks agencies × years by seed).
BATCH = (2, 3, 28)


@pytest.fixture(scope="module")
def batch_store(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("batch")
    raw = write_batch([generate(seed, mutation=None, fmt="txt") for seed in BATCH], base / "raw")
    assert ingest([raw], base / "store").tables
    return base / "store"


def sheet_rows(book, name: str) -> list[dict]:
    header, *rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(header, row)) for row in rows]


def front(book) -> dict:
    return {row["Mục"]: row["Giá trị"] for row in sheet_rows(book, "Thông tin")}


def test_ingest_writes_no_workbook(seed_store):
    assert not (seed_store / "store.xlsx").exists()
    assert not list((seed_store / "current").glob("*.xlsx"))


def test_the_seed_as_a_workbook_keys_first_numbers_as_numbers(seed_store, tmp_path):
    out = export(seed_store, out=tmp_path / "seed.xlsx")
    assert out.path == tmp_path / "seed.xlsx" and out.slice.tables == TABLES
    book = openpyxl.load_workbook(out.path)
    assert book.sheetnames == [
        "Thông tin",
        "sources",
        "roster",
        "observations",
        "paragraphs",
        "narrative",
        "matches",
        "indicators",
        "indicator_inputs",
        "comparisons",
        "documents",
        "claims",
        "findings",
        "finding_inputs",
        "rollup",
        "rollup_inputs",
        "rollup_coverage",
    ]
    sheet = book["observations"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["source", "seq", "province"] and len(header) == 22
    assert [c.value for c in book["indicators"][1]][:4] == ["province", "agency", "period", "indicator_id"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:V152"  # 151 rows, 22 columns
    row = sheet_rows(book, "observations")[1]  # line 180 of the seed: row 1.1, "Quyết định", 1
    assert (row["source"], row["seq"], row["code"], row["unit"], row["value"]) == (
        "000_8a77118b8e337001.txt",
        2,
        "1.1",
        "Quyết định",
        1,
    )
    assert isinstance(row["value"], int | float) and row["agency"] == "Ban Dân tộc"
    assert row["province"] == "Khánh Hòa" and row["label"].startswith("Quyết định số 02/QĐ-BDT")
    assert sheet.column_dimensions["H"].width > 40  # the labels' column is sized to its texts


def test_the_front_sheet_names_the_store_version_and_the_slice(seed_store, tmp_path):
    book = openpyxl.load_workbook(export(seed_store, out=tmp_path / "s.xlsx").path)
    facts = front(book)
    manifest = (seed_store / "current" / "manifest.json").read_bytes()
    assert facts["Phiên bản kho dữ liệu (current)"] == os.readlink(seed_store / "current").split("/")[-1]
    assert facts["SHA-256 của manifest.json"] == hashlib.sha256(manifest).hexdigest()
    assert facts["Phiên bản cchc-analysis xuất tệp"] == __version__
    assert (facts["Tỉnh"], facts["Kỳ báo cáo"], facts["Cơ quan"], facts["Bảng"]) == ("tất cả",) * 4
    assert (facts["Số dòng: sources"], facts["Số dòng: observations"], facts["Số dòng: roster"]) == (
        1,
        151,
        0,
    )
    assert book["Thông tin"].freeze_panes == "A2"


def test_a_rerun_of_the_same_store_version_gives_the_same_bytes(seed_store, tmp_path):
    first = export(seed_store, out=tmp_path / "a.xlsx").path.read_bytes()
    assert export(seed_store, out=tmp_path / "b.xlsx").path.read_bytes() == first
    zipped = [export(seed_store, "csv", out=tmp_path / f"{n}.zip").path.read_bytes() for n in "ab"]
    assert zipped[0] == zipped[1]


def test_csv_export_is_a_folder_or_a_zip_of_utf8_files_with_a_bom(seed_store, tmp_path):
    folder = export(seed_store, "csv", tables=["observations", "sources"], out=tmp_path / "csv").path
    assert sorted(p.name for p in folder.iterdir()) == ["observations.csv", "sources.csv", "thong-tin.csv"]
    raw = (folder / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsource,seq,province,")
    obs = pd.read_csv(folder / "observations.csv", encoding="utf-8-sig")
    assert (obs.loc[1, "agency"], obs.loc[1, "value"], len(obs)) == ("Ban Dân tộc", 1.0, 151)
    # a later export into the same folder leaves no table of the earlier one behind
    export(seed_store, "csv", tables=["sources"], out=folder)
    assert sorted(p.name for p in folder.iterdir()) == ["sources.csv", "thong-tin.csv"]
    archive = zipfile.ZipFile(export(seed_store, "csv", tables=["roster"], out=tmp_path / "r.zip").path)
    assert archive.namelist() == ["thong-tin.csv", "roster.csv"]
    assert archive.read("roster.csv") == "\ufeffprovince,agency,source,line\n".encode()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="not a folder of an earlier CSV export"):
        export(seed_store, "csv", out=tmp_path / "mine")


def test_default_place_is_exports_under_the_current_folder(seed_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--data", str(seed_store), "--province", "khanh-hoa", "--period", "2023-h1"]) == 0
    assert (tmp_path / "exports" / "khanh-hoa_2023-h1.xlsx").is_file()
    assert main(["export", "--data", str(seed_store), "--format", "csv"]) == 0
    assert (tmp_path / "exports" / "kho-du-lieu" / "observations.csv").is_file()


def test_slices_by_province_period_agency_and_tables(batch_store, tmp_path):
    def rows(tables=("sources", "roster", "observations", "findings", "rollup"), **asked):
        done = export(batch_store, out=tmp_path / "x.xlsx", tables=list(tables), **asked)
        book = openpyxl.load_workbook(done.path)
        return {name: sheet_rows(book, name) for name in book.sheetnames}

    def of(found, table="sources") -> set:
        return {(r["province"], r["agency"], r["period"]) for r in found[table]}

    assert of(rows()) == {
        ("Khánh Hòa", "Sở Tài chính", "2021-Q1"),
        ("Khánh Hòa", "Sở Xây dựng", "2021-Q4"),
        ("Phú Yên", "Sở Công Thương", "2021-Q2"),
    }
    province = rows(province="Khánh Hòa")
    assert of(province) == {("Khánh Hòa", "Sở Tài chính", "2021-Q1"), ("Khánh Hòa", "Sở Xây dựng", "2021-Q4")}
    assert of(province, "observations") == of(province)
    assert {r["province"] for r in province["roster"]} == {"Khánh Hòa"}
    assert {r["period"] for r in province["rollup"]} == {"2021-Q1", "2021-Q4"}
    period = rows(province="khanh-hoa", period="2021-Q4")  # a slug, a period code
    assert of(period) == of(period, "findings") == {("Khánh Hòa", "Sở Xây dựng", "2021-Q4")}
    assert front(openpyxl.load_workbook(tmp_path / "x.xlsx"))["Tỉnh"] == "Khánh Hòa"
    agency = rows(agency="so-tai-chinh", tables=["observations", "indicators"])
    assert list(agency) == ["Thông tin", "observations", "indicators"]
    assert (
        of(agency, "observations") == of(agency, "indicators") == {("Khánh Hòa", "Sở Tài chính", "2021-Q1")}
    )
    assert front(openpyxl.load_workbook(tmp_path / "x.xlsx"))["Bảng"] == "observations, indicators"


@pytest.mark.parametrize(
    "args, says",
    [
        (["--province", "Hà Nội"], "no province 'Hà Nội' in {store}; the store has: Khánh Hòa, Phú Yên"),
        (["--period", "2022-Q1"], "no period '2022-Q1' in {store}; the store has: 2021-Q1, 2021-Q2, 2021-Q4"),
        (
            ["--agency", "Sở Y tế"],
            "no agency 'Sở Y tế' in {store}; the store has: Sở Công Thương, Sở Tài chính, Sở Xây dựng",
        ),
        (
            ["--province", "Phú Yên", "--agency", "Sở Tài chính"],
            "no agency 'Sở Tài chính' in {store}; the store has: Sở Công Thương",
        ),
        (
            ["--agency", "Sở Tài chính", "--period", "2021-Q4"],
            "no report of Sở Tài chính for 2021-Q4 in {store}; it has: Sở Tài chính 2021-Q1, "
            "Sở Công Thương 2021-Q2, Sở Xây dựng 2021-Q4",
        ),
        (["--tables", "observations,obs"], "no table obs; the store's tables: sources, roster,"),
        (["--period", "H1"], "'H1' is not a period"),
        (
            ["--beside-reports", "r", "--period", "2021-Q1"],
            "--beside-reports writes every province's whole workbook",
        ),
    ],
)
def test_a_bad_slice_is_one_line_naming_what_exists(batch_store, tmp_path, capsys, args, says):
    assert main(["export", "--data", str(batch_store), "--out", str(tmp_path / "x.xlsx"), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says.format(store=batch_store) in err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_sheet_longer_than_excel_holds_is_refused_with_how_to_narrow(
    seed_store, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(write, "EXCEL_ROWS", 100)  # 151 observations, 86 paragraphs
    assert main(["export", "--data", str(seed_store), "--out", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: observations has 151 rows in this slice, more than an Excel sheet holds "
        "(99 under its header); narrow it with --province, --period, --agency or "
        "--tables, or export --format csv\n"
    )
    assert not (tmp_path / "x.xlsx").exists()
    assert (
        main(
            [
                "export",
                "--data",
                str(seed_store),
                "--out",
                str(tmp_path / "x.xlsx"),
                "--tables",
                "paragraphs,sources",
            ]
        )
        == 0
    )
    assert main(["export", "--data", str(seed_store), "--out", str(tmp_path / "x"), "--format", "csv"]) == 0


def test_make_report_puts_each_provinces_workbook_beside_its_reports(batch_store, tmp_path, capsys):
    done = export_beside_reports(batch_store, tmp_path / "reports")
    assert [d.path for d in done] == [
        tmp_path / "reports" / "khanh-hoa" / BESIDE_REPORTS,
        tmp_path / "reports" / "phu-yen" / BESIDE_REPORTS,
    ]
    book = openpyxl.load_workbook(io.BytesIO(done[1].path.read_bytes()))
    assert front(book)["Tỉnh"] == "Phú Yên" and front(book)["Số dòng: sources"] == 1
    assert main(["export", "--data", str(batch_store), "--beside-reports", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.count("exported 16 tables") == 2
