"""Broken or tampered stores give every verb one line naming the file and what to do; an odd
number in one report costs nothing to the others; slugs stay bounded and distinct."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.paths import MAX_SLUG, agency_slugs
from cchc_analysis.store import open_store

from builders import SEED


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("good") / "s"
    assert main(["ingest", str(SEED), "--out", str(store)]) == 0
    return store


def _break(store: Path, how: str) -> str:
    """Damage a copy of the store as ``how`` says; the file the message must name."""
    version = store / "current"
    table = version / "findings.parquet"
    manifest = version / "manifest.json"
    if how == "deleted":
        table.unlink()
        return "findings.parquet"
    if how == "corrupt":
        table.write_bytes(b"PAR1 not really parquet")
        return "findings.parquet"
    if how == "tampered table":
        table.write_bytes(table.read_bytes() + b"\0")
        return "findings.parquet"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if how == "tampered row count":
        data["tables"]["findings"]["rows"] += 1
        manifest.write_text(json.dumps(data), encoding="utf-8")
        return "manifest.json"
    if how == "other schema":
        data["schema_version"] = 1
        manifest.write_text(json.dumps(data), encoding="utf-8")
        return "schema version 1"
    manifest.write_text("{not json", encoding="utf-8")  # "manifest not JSON"
    return "manifest.json"


@pytest.mark.parametrize(
    "how", ["deleted", "corrupt", "tampered table", "tampered row count", "other schema", "manifest not JSON"]
)
def test_every_verb_on_a_broken_store_says_one_line(good_store, tmp_path, capsys, how):
    import shutil

    store = tmp_path / "s"
    shutil.copytree(good_store, store, symlinks=True)
    version = (good_store / "current").resolve().name
    (store / "current").unlink()  # a copy of its own, so the good store stays good
    shutil.rmtree(store / "versions")
    shutil.copytree(good_store / "versions" / version, store / "versions" / version)
    (store / "current").symlink_to(Path("versions") / version)
    named = _break(store, how)
    capsys.readouterr()
    for verb in (
        ["check", "--data"],
        ["derive", "--data"],
        ["render", "--format", "html", "--out", str(tmp_path / "r"), "--data"],
        ["verify", "--out", str(tmp_path / "r"), "--data"],
    ):
        assert main([*verb, str(store)]) == 2, verb
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: "), (verb, err)
        assert named in err and "cchc ingest" in err, (verb, err)


def test_an_odd_number_in_one_report_costs_the_others_nothing(tmp_path, capsys, seed_text):
    raw = tmp_path / "raw"
    raw.mkdir()
    odd = (
        seed_text.replace("đạt tỷ lệ 95,7 %", "đạt tỷ lệ inf")
        .replace("\tNhiệm vụ\t96\t", "\tNhiệm vụ\t1e309\t")
        .replace("\tNhiệm vụ\t73\t", "\tNhiệm vụ\t" + "9" * 400 + "\t")
    )
    odd = odd.replace("Ban Dân tộc báo cáo", "Sở Y tế báo cáo").replace("TẠI BAN DÂN TỘC", "TẠI SỞ Y TẾ")
    (raw / "odd.txt").write_text(odd, encoding="utf-8")
    (raw / "good.txt").write_bytes(SEED.read_bytes())
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0
    store = open_store(tmp_path / "s")
    obs = store.table("observations")
    mine = obs[obs.source == "odd.txt"].set_index("locator")
    for line in ("line 193", "line 194", "line 338"):
        assert pd.isna(mine.at[line, "value"]) and "unreadable" in mine.at[line, "flags"].split()
    assert mine.at["line 193", "raw_value"] == "1e309"
    indicators = store.table("indicators").set_index(["agency", "indicator_id"])
    assert indicators.at[("Ban Dân tộc", "province_on_time_rate"), "value"] == pytest.approx(73 / 96 * 100)
    assert pd.isna(indicators.at[("Sở Y tế", "province_on_time_rate"), "value"])
    assert indicators.at[("Sở Y tế", "province_on_time_rate"), "reason"] == "unreadable_input"


def test_slugs_are_bounded_and_distinct():
    long_a = "Ban Quản lý " + "dự án đầu tư xây dựng các công trình " * 4 + "A"
    long_b = "Ban Quản lý " + "dự án đầu tư xây dựng các công trình " * 4 + "B"
    slugs = agency_slugs([long_a, long_b, "Sở Tư pháp", "Sở Tư Pháp"])
    assert slugs[long_a] != slugs[long_b] and len(set(slugs.values())) == 4
    assert all(len(s) <= MAX_SLUG + 7 for s in slugs.values())
    assert slugs[long_a].startswith("ban-quan-ly-du-an-dau-tu-xay-dung")
