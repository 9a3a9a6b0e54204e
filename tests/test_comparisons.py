"""Comparisons with earlier periods and across agencies: a hand-made frame and a two-period store
built from the seed."""
from __future__ import annotations

import pandas as pd
import pytest

from builders import SEED
from cchc_analysis.cli import main
from cchc_analysis.derive.comparisons import compare, side_by_side
from cchc_analysis.store import schemas


def indicators(rows):
    frame = pd.DataFrame(rows, columns=["agency", "period", "indicator_id", "name", "value"])
    return frame.assign(unit="%", province="Khánh Hòa")


def test_previous_and_year_before_where_they_exist():
    frame = indicators([
        ("A", "2022-H1", "r", "Tỷ lệ", 50.0),
        ("A", "2022-H2", "r", "Tỷ lệ", 60.0),
        ("A", "2023-H1", "r", "Tỷ lệ", 75.0),
        ("B", "2023-H1", "r", "Tỷ lệ", None),
    ])
    result = schemas.frame("comparisons", compare(frame)).set_index(["agency", "period"])
    a = result.loc[("A", "2023-H1")]
    assert (a.previous_period, a.previous_value, a.change) == ("2022-H2", 60.0, 15.0)
    assert (a.year_before_period, a.year_before_value, a.change_year_before) == ("2022-H1", 50.0, 25.0)
    assert a.previous_in_store and a.year_before_in_store
    first = result.loc[("A", "2022-H1")]
    assert pd.isna(first.change) and first.previous_period == "2021-H2"
    assert not first.previous_in_store  # said, never invented
    b = result.loc[("B", "2023-H1")]
    assert pd.isna(b.previous_value) and pd.isna(b.change) and not b.previous_in_store


def test_side_by_side():
    frame = indicators([("A", "2023-H1", "r", "Tỷ lệ", 75.0), ("B", "2023-H1", "r", "Tỷ lệ", 80.0),
                        ("B", "2022-H2", "r", "Tỷ lệ", 10.0)])
    table = side_by_side(frame, "2023-H1")
    assert table.loc["A", "Tỷ lệ"] == 75.0 and table.loc["B", "Tỷ lệ"] == 80.0 and len(table) == 2


def test_two_period_store_from_the_seed(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    earlier = SEED.read_text(encoding="utf-8").replace("6 tháng đầu năm 2023", "6 tháng cuối năm 2022", 1)
    earlier = earlier.replace("\t- Số nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t73\t",
                              "\t- Số nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t48\t")
    (raw / "earlier.txt").write_text(earlier, encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    table = pd.read_parquet(tmp_path / "s" / "comparisons.parquet")
    on_time = table[(table.indicator_id == "province_on_time_rate") & (table.period == "2023-H1")].iloc[0]
    assert on_time.previous_period == "2022-H2"
    assert on_time.previous_value == pytest.approx(50.0)  # 48 / 96
    assert on_time.change == pytest.approx(73 / 96 * 100 - 50.0)
    # no 2022-H1 report: said, not invented
    assert on_time.year_before_period == "2022-H1" and not on_time.year_before_in_store
