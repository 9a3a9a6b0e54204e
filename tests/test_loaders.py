"""The notebook API over a store of two provinces and two periods: ``indicator_across`` gives every
province by default, periods in time order, each province's own figure after its agencies, and
names an unknown province or indicator in one line. Expected figures typed from the seed's rows
181–182 ("Số nhiệm vụ đề ra trong kế hoạch" 30, "Số nhiệm vụ đã hoàn thành" 20) and the edits below."""

from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis import indicator_across
from cchc_analysis.errors import InputError

from builders import SEED
from ingesting import ingest

DONE = "- Số nhiệm vụ đã hoàn thành\tNhiệm vụ\t20\t"


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory):
    """Khánh Hòa's Ban Dân tộc in 2023-H1 (the seed: 20 of 30 tasks done) and 2022-H1 (15 of 30);
    Phú Yên's Ban Dân tộc in 2023-H1 only (24 of 30)."""
    raw = tmp_path_factory.mktemp("raw")
    text = SEED.read_text(encoding="utf-8")
    assert text.count(DONE) == 1
    (raw / SEED.name).write_text(text, encoding="utf-8")
    year_before = text.replace("6 tháng đầu năm 2023", "6 tháng đầu năm 2022")
    (raw / "001_khanh_hoa_2022.txt").write_text(
        year_before.replace(DONE, DONE.replace("20", "15")), encoding="utf-8"
    )
    phu_yen = text.replace("Khánh Hòa", "Phú Yên").replace("KHÁNH HÒA", "PHÚ YÊN")
    (raw / "002_phu_yen.txt").write_text(phu_yen.replace(DONE, DONE.replace("20", "24")), encoding="utf-8")
    store = tmp_path_factory.mktemp("store") / "data"
    code, _, err = ingest(raw, "--out", store)
    assert code == 0, err
    return store


def test_every_province_by_default_periods_in_time_order_each_province_after_its_agencies(two_provinces):
    table = indicator_across("plan_completion_rate", two_provinces)
    assert list(table.columns) == ["2022-H1", "2023-H1"]
    assert list(table.index) == [
        ("Khánh Hòa", "Ban Dân tộc"),
        ("Khánh Hòa", "Toàn tỉnh"),
        ("Phú Yên", "Ban Dân tộc"),
        ("Phú Yên", "Toàn tỉnh"),
    ]
    expected = [[15 / 30 * 100, 20 / 30 * 100], [15 / 30 * 100, 20 / 30 * 100], [None, 80.0], [None, 80.0]]
    for row, values in zip(table.itertuples(index=False), expected):
        for got, want in zip(row, values):
            assert (pd.isna(got) and want is None) or got == pytest.approx(want)


def test_one_province_when_named(two_provinces):
    table = indicator_across("plan_completion_rate", two_provinces, "Phú Yên")
    assert list(table.index) == [("Phú Yên", "Ban Dân tộc"), ("Phú Yên", "Toàn tỉnh")]
    assert list(table.columns) == ["2023-H1"]  # Phú Yên filed no 2022-H1 report
    assert table["2023-H1"].tolist() == [80.0, 80.0]


def test_an_unknown_province_or_indicator_is_named_with_what_the_store_has(two_provinces):
    with pytest.raises(InputError, match=r"^no province 'Bình Định' in .*; it has: Khánh Hòa, Phú Yên$"):
        indicator_across("plan_completion_rate", two_provinces, "Bình Định")
    with pytest.raises(InputError, match=r"^no indicator 'plan_rate' in .*; it has: .*plan_completion_rate"):
        indicator_across("plan_rate", two_provinces)
