"""Comparisons with earlier periods and across agencies: a hand-made frame and a two-period store
built from the seed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.derive.comparisons import compare, side_by_side
from cchc_analysis.store import schemas

from builders import SEED
from ingesting import ingest


def indicators(rows):
    frame = pd.DataFrame(rows, columns=["agency", "period", "indicator_id", "name", "value"])
    return frame.assign(unit="%", province="Khánh Hòa")


def test_previous_and_year_before_where_they_exist():
    frame = indicators(
        [
            ("A", "2022-H1", "r", "Tỷ lệ", 50.0),
            ("A", "2022-H2", "r", "Tỷ lệ", 60.0),
            ("A", "2023-H1", "r", "Tỷ lệ", 75.0),
            ("B", "2023-H1", "r", "Tỷ lệ", None),
        ]
    )
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
    frame = indicators(
        [
            ("A", "2023-H1", "r", "Tỷ lệ", 75.0),
            ("B", "2023-H1", "r", "Tỷ lệ", 80.0),
            ("B", "2022-H2", "r", "Tỷ lệ", 10.0),
        ]
    )
    table = side_by_side(frame, "2023-H1")
    assert table.loc["A", "Tỷ lệ"] == 75.0 and table.loc["B", "Tỷ lệ"] == 80.0 and len(table) == 2


def test_two_period_store_from_the_seed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    earlier = SEED.read_text(encoding="utf-8").replace("6 tháng đầu năm 2023", "6 tháng cuối năm 2022", 1)
    earlier = earlier.replace(
        "\t- Số nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t73\t",
        "\t- Số nhiệm vụ đã hoàn thành đúng hạn\tNhiệm vụ\t48\t",
    )
    (raw / "earlier.txt").write_text(earlier, encoding="utf-8")
    run = ingest(raw, "--out", tmp_path / "s")
    assert run.code == 0, run.err
    table = pd.read_parquet(tmp_path / "s" / "comparisons.parquet")
    on_time = table[(table.indicator_id == "province_on_time_rate") & (table.period == "2023-H1")].iloc[0]
    assert on_time.previous_period == "2022-H2"
    assert on_time.previous_value == pytest.approx(50.0)  # 48 / 96
    assert on_time.change == pytest.approx(73 / 96 * 100 - 50.0)
    # no 2022-H1 report: said, not invented
    assert on_time.year_before_period == "2022-H1" and not on_time.year_before_in_store


PERIOD_TITLES = {
    "2023-Q3": "quý III năm 2023",
    "2023-9M": "9 tháng năm 2023",
    "2023-H1": "6 tháng đầu năm 2023",
    "2023": "năm 2023",
}


def _report(period: str, dossiers: str, present: str, rate: str) -> str:
    """A short report of Sở Xây dựng in the template: all dossiers received (a flow), staff
    present at the date of the report (a stock) and a level-3 online share (a rate)."""
    title = PERIOD_TITLES[period]
    rows = [
        "STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tĐơn vị thực hiện",
        "\t\tĐơn vị tính\tSố liệu\t",
        f"3.4.6.\tKết quả giải quyết TTHC\tHồ sơ\t{dossiers}\t",
        "3.4.7.1.\tHồ sơ trực tuyến\t\t\t",
        f"\t- Tỷ lệ hồ sơ trực tuyến mức độ 3\t%\t{rate}\t",
        "4.2.\tSố liệu về biên chế công chức\t\t\t",
        f"\t- Tổng số biên chế có mặt tại thời điểm báo cáo\tNgười\t{present}\t",
    ]
    return "\n".join(
        [
            "UBND TỈNH KHÁNH HÒA",
            "SỞ XÂY DỰNG",
            "",
            "BÁO CÁO",
            f"Kết quả thực hiện công tác cải cách hành chính {title}",
            "",
            "I. KẾT QUẢ",
            "",
            f"Công tác cải cách hành chính {title} được triển khai.",
            "",
            "Phụ lục",
            "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
            "",
            *rows,
            "",
        ]
    )


def _ingest(tmp_path, reports: dict[str, tuple[str, str, str]]) -> Path:
    """The reports (period → dossiers, staff, online share) of one agency, ingested into one
    store; its folder."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for period, figures in reports.items():
        (raw / f"sxd_{period}.txt").write_text(_report(period, *figures), encoding="utf-8")
    out = tmp_path / "store"
    run = ingest(raw, "--out", out)
    assert run.code == 0, run.err
    return out


def _cumulative(out) -> set[tuple]:
    from cchc_analysis.report.content.loaders import load_findings, load_table

    found = load_findings(out)
    found = found[found["rule"] == "cumulative_below_part"]
    inputs = load_table("finding_inputs", out)
    mine = inputs.merge(found[["agency", "period", "finding"]], on=["agency", "period", "finding"])
    return (
        {(f.period, f.severity, f.code, f.locator) for f in found.itertuples()},
        {(i.period, i.source, i.role) for i in mine.itertuples()},
        list(found["message"]),
    )


def test_a_cumulative_period_below_a_period_inside_it(tmp_path):
    # nine months: 900 dossiers, but the third quarter alone 1.000; staff present (a stock) and
    # the online share (a rate) fall too, rightly: no finding on them
    out = _ingest(tmp_path, {"2023-Q3": ("1.000", "45", "60,5"), "2023-9M": ("900", "40", "50")})
    found, inputs, messages = _cumulative(out)
    assert found == {("2023-9M", "error", "3.4.6", "line 16")}
    assert inputs == {("2023-9M", "sxd_2023-9M.txt", "total"), ("2023-9M", "sxd_2023-Q3.txt", "part")}
    assert "9 tháng năm 2023 ghi 900" in messages[0] and "Quý III/2023" in messages[0]


def test_the_year_below_its_first_half_and_consistent_periods(tmp_path):
    out = _ingest(
        tmp_path,
        {"2023-H1": ("500", "40", "50"), "2023": ("480", "41", "55"), "2023-Q3": ("300", "41", "55")},
    )
    found, inputs, _ = _cumulative(out)
    assert found == {("2023", "error", "3.4.6", "line 16")}  # 480 < 500; Q3 lies outside H1
    assert ("2023", "sxd_2023-H1.txt", "part") in inputs


def test_no_finding_when_the_cumulative_period_holds_its_parts(tmp_path):
    out = _ingest(
        tmp_path,
        {"2023-Q3": ("300", "45", "60"), "2023-9M": ("900", "40", "50"), "2023-H1": ("600", "44", "58")},
    )
    assert _cumulative(out)[0] == set()


def test_a_misspelt_flow_id_fails_loudly(tmp_path):
    from cchc_analysis.derive.catalogue import Catalog, load_flows

    path = tmp_path / "flows.csv"
    path.write_text("indicator_id,comment\ndossiers_totl,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2: 'dossiers_totl' is no count row"):
        load_flows(path, Catalog.load().kinds)
    path.write_text("indicator_id,comment\nstaff_present,\nonline_dossier_share,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: 'online_dossier_share'"):  # a derived rate
        load_flows(path, Catalog.load().kinds)
