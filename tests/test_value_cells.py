"""Value cells as clerks write them, through ingest, the checks, the report and `cchc check`: the
seed with a few of its value cells rewritten (expected figures typed by hand from the edits)."""

from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.content import model
from cchc_analysis.report.page.html import Page
from cchc_analysis.store import open_store

from builders import SEED
from ingesting import ingest

#: Seed line → the value cell written there instead (the rows' units in comments).
EDITS = {
    259: "1.548/1.562 (99,9%)",  # % — 1.548/1.562 is 99,1 %: its own counts contradict it
    260: "1.548/1.562 (99,1%)",  # % — consistent
    278: "4.036/4.118 đạt 98,0 %",  # % — consistent (98,009 %)
    257: "02 thủ tục",  # Hồ sơ — another unit than the row's: kept raw
    276: "0 (1)",  # Cơ quan, đơn vị — "(1)" a footnote or a count: kept raw
    277: "3 đơn vị",  # Cơ quan, đơn vị — the row's own unit: read as 3
}


@pytest.fixture(scope="module")
def value_cells_store(tmp_path_factory):
    """The seed with the value cells of ``EDITS`` rewritten, ingested once for this module."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for number, cell in EDITS.items():
        cells = lines[number - 1].split("\t")
        cells[3] = cell
        lines[number - 1] = "\t".join(cells)
    folder = tmp_path_factory.mktemp("raw")
    (folder / "r.txt").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path_factory.mktemp("store")
    run = ingest(folder / "r.txt", "--out", out)
    assert run.code == 0, run.err
    return open_store(out)


@pytest.fixture(scope="module")
def data_dir(value_cells_store) -> str:
    return str(value_cells_store.data_dir)


def at(store, line: int) -> dict:
    obs = store.table("observations")
    return obs[obs["locator"] == f"line {line}"].iloc[0].to_dict()


def test_combined_forms_are_stored_whole(value_cells_store):
    row = at(value_cells_store, 278)
    assert (row["value"], row["numerator"], row["denominator"], row["decimals"]) == (98.0, 4036, 4118, 1)
    assert row["flags"] == "rate_with_counts" and row["unit"] == "%"
    counted = at(value_cells_store, 277)
    assert (counted["value"], counted["flags"]) == (3.0, "unit_in_value")
    for line in (257, 276):
        kept_raw = at(value_cells_store, line)
        assert pd.isna(kept_raw["value"]) and "unreadable" in kept_raw["flags"].split()


def test_a_rate_its_own_counts_contradict_is_the_one_rate_error(value_cells_store):
    findings = value_cells_store.table("findings")
    found = findings[findings["rule"] == "rate_vs_counts"].set_index("finding")
    inputs = value_cells_store.table("finding_inputs")
    on = inputs[inputs["finding"].isin(found.index)].groupby("finding")["seq"].agg(tuple)
    edited = {at(value_cells_store, line)["seq"]: line for line in (259, 260, 278)}
    assert [edited[seq[0]] for seq in on if seq[0] in edited] == [259]
    assert found.loc[on[on == (at(value_cells_store, 259)["seq"],)].index, "severity"].tolist() == ["error"]
    # the seed's own two (681/712 is 95,6 %, 31/712 is 4,4 %) are found as before
    assert sorted(found["code"]) == ["3.4.7.1", "7.6.3", "7.6.3"]


def test_the_report_says_how_many_cells_were_not_read(value_cells_store):
    report = model.build(value_cells_store, "Ban Dân tộc", "2023-H1", "0" * 64)
    assert report.model["sections"]["findings"]["unreadable_cells"] == 2
    html = Page(report).section("findings")
    assert "2 ô số liệu không đọc được" in html


def test_check_prints_the_unread_cells_of_each_report(data_dir, capsys):
    assert main(["check", "--data", data_dir, "--severity", "error"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "\nÔ SỐ LIỆU KHÔNG ĐỌC ĐƯỢC (unreadable cells): 2\n"
        "  r.txt  Ban Dân tộc (Khánh Hòa) 2023-H1: 2 ô không đọc được\n"
    )
