"""The analysts' API (``import cchc_analysis as cchc``): every name it documents is there, tables
come in one order (periods in time order, codes in the template's), locators in Vietnamese,
filters by report, the store found from the working folder upwards; and the README's three
recipes run against the seed's store. Expected values typed from the seed's appendix (rows
179–182: "1." then "1.1." with its two sub-rows) and the second period written below."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cchc_analysis as cchc
from cchc_analysis.store import open_store

from builders import SEED
from ingesting import copy_store, ingest

README = SEED.parents[2] / "README.md"
RECIPES = "### The public API: three recipes"
TABLES = ("reports", "observations", "indicators", "comparisons", "rollup", "findings", "claims", "documents")


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory) -> Path:
    """The seed (Ban Dân tộc, 2023-H1) and the same report for 2022-H1, filed under a LATER file
    name, so that the store holds 2023-H1 first and only sorting puts 2022-H1 first."""
    raw = tmp_path_factory.mktemp("raw")
    text = SEED.read_text(encoding="utf-8")
    (raw / "000_2023.txt").write_text(text, encoding="utf-8")
    (raw / "001_2022.txt").write_text(
        text.replace("6 tháng đầu năm 2023", "6 tháng đầu năm 2022"), encoding="utf-8"
    )
    store = tmp_path_factory.mktemp("store") / "data"
    code, _, err = ingest(raw, "--out", store)
    assert code == 0, err
    return store


def test_every_documented_name_is_public_and_says_what_it_returns():
    documented = {
        "find_store",
        "code_sort_key",
        "period_sort_key",
        "period_label",
        "format_indicator",
        "indicator_across",
        "latest_report",
        "load_table",
        *(f"load_{name}" for name in TABLES),
    }
    assert documented <= set(cchc.__all__) and documented <= set(dir(cchc))
    for name in documented:
        assert getattr(cchc, name).__doc__, name
    for name in ("load_observations", "load_indicators", "load_findings", "load_rollup"):
        assert "``value``" in getattr(cchc, name).__doc__ or "``message``" in getattr(cchc, name).__doc__


def test_code_sort_key_is_the_templates_order():
    codes = ["2", "1.10", "A", "1.2", "1", "10", "1.2.1", "1.9"]
    assert sorted(codes, key=cchc.code_sort_key) == ["1", "1.2", "1.2.1", "1.9", "1.10", "2", "10", "A"]
    assert cchc.code_sort_key(None) > cchc.code_sort_key("A")


def test_period_sort_key_puts_periods_in_time_order():
    periods = ["2023", "2023-9M", "2023-Q3", "2022-H2", "2023-H1", "2023-Q1"]
    assert sorted(periods, key=cchc.period_sort_key) == [
        "2022-H2",
        "2023-Q1",
        "2023-H1",
        "2023-Q3",
        "2023-9M",
        "2023",
    ]


def test_tables_come_in_time_order_whatever_the_store_holds(two_periods):
    assert open_store(two_periods).table("sources")["period"].tolist() == ["2023-H1", "2022-H1"]  # as filed
    for name in TABLES:
        table = getattr(cchc, f"load_{name}")(two_periods)
        if "period" in table.columns and len(table):
            first = table["period"].tolist().index("2023-H1")
            assert set(table["period"][:first]) == {"2022-H1"}, name
            assert set(table["period"][first:]) == {"2023-H1"}, name
    across = cchc.indicator_across("plan_completion_rate", two_periods)
    assert list(across.columns) == ["2022-H1", "2023-H1"]


def test_observations_in_appendix_order_with_vietnamese_locators(seed_store):
    obs = cchc.load_observations(seed_store)
    first = list(zip(obs["code"][:4], obs["item"][:4], obs["locator_vi"][:4], strict=True))
    assert first == [
        ("1", 0, "dòng 179"),
        ("1.1", 0, "dòng 180"),
        ("1.1", 1, "dòng 181"),
        ("1.1", 2, "dòng 182"),
    ]
    keys = [(cchc.code_sort_key(c), i) for c, i in zip(obs["code"], obs["item"], strict=True)]
    assert keys == sorted(keys)
    assert obs.index.tolist() == list(range(len(obs)))


def test_findings_filtered_by_report_with_vietnamese_locators(two_periods):
    findings = cchc.load_findings(two_periods, agency="Ban Dân tộc", period="2022-H1")
    assert len(findings) and set(findings["period"]) == {"2022-H1"}
    words = findings["locator_vi"].dropna()
    assert len(words) and all(re.match(r"(dòng|trang|bảng|trang tính) ", w) for w in words), set(words)
    assert not any(re.search(r"\b(line|page|row|table)\b", w) for w in words)
    with pytest.raises(TypeError, match="no filter 'agency'"):
        cchc.load_rollup(two_periods, agency="Ban Dân tộc")  # the roll-up is the province's


def test_find_store_walks_up_from_the_working_folder(seed_store, tmp_path, monkeypatch):
    project = tmp_path / "project"
    copy_store(seed_store, project / "data" / "processed")
    deep = project / "reports" / "khanh-hoa" / "ban-dan-toc" / "2023-H1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert cchc.find_store() == project / "data" / "processed"
    version = open_store().version_dir.name
    relative = f"../../../../data/processed/versions/{version}"
    assert cchc.find_store(relative) == project / "data" / "processed" / "versions" / version  # no ".."
    assert cchc.latest_report(relative) == ("Khánh Hòa", "Ban Dân tộc", "2023-H1")


def test_the_readme_recipes_run_on_the_seed_store(seed_store, tmp_path, monkeypatch):
    """The README section's code blocks, run in order from a project folder holding the seed's
    store: the chart and the workbook they write are there, the workbook with the domain's rows."""
    import pandas as pd

    monkeypatch.setenv("MPLBACKEND", "Agg")
    copy_store(seed_store, tmp_path / "data" / "processed")
    monkeypatch.chdir(tmp_path)
    text = README.read_text(encoding="utf-8")
    section = text[text.index(RECIPES) :].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3
    scope: dict = {}
    for block in blocks:
        exec(compile(block, f"{README.name}: {RECIPES}", "exec"), scope)
    assert (tmp_path / "plan_completion_rate.png").stat().st_size > 0
    assert scope["table"].loc[("Khánh Hòa", "Toàn tỉnh"), "2023-H1"] == pytest.approx(20 / 30 * 100)
    assert set(scope["errors"]["rule"]) == {"denominator_vs_total", "narrative_vs_appendix"}
    sheet = pd.read_excel(tmp_path / "chinh_quyen_so_2023-H1.xlsx")
    assert len(sheet) == len(scope["rows"]) > 0 and set(sheet["agency"]) == {"Ban Dân tộc"}
