"""Ingest with a roster: a report's agency matched to one roster line is stored under the
roster's spelling and province, with the evidence; a name that matches no line is kept and
warned of, naming the closest lines; duplicates are judged on the identity the roster gives."""

from __future__ import annotations

import json

import pandas as pd

from cchc_analysis.cli import main
from cchc_analysis.store import open_store

ROSTER = (
    "agency,province\nUBND thị xã Ninh Hòa,Khánh Hòa\nBan Tôn giáo,Khánh Hòa\n"
    "Sở Tư pháp,Khánh Hòa\nSở Kế hoạch và Đầu tư,Khánh Hòa\n"
)


def as_agency(seed_text: str, name: str) -> str:
    """The seed written by ``name``, naming no province of its own."""
    return (
        seed_text.replace("tỉnh Khánh Hòa", "tỉnh")
        .replace("Ban Dân tộc", name)
        .replace("TẠI BAN DÂN TỘC", "")
    )


def folder(tmp_path, files: dict[str, str]):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "agencies.csv").write_text(ROSTER, encoding="utf-8")
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    return raw


def test_a_town_written_short_is_the_roster_line_with_its_province(tmp_path, capsys, seed_text):
    raw = folder(
        tmp_path,
        {
            "ninh-hoa.txt": as_agency(seed_text, "UBND TX. Ninh Hòa"),
            "khdt.txt": as_agency(seed_text, "Sở KH&ĐT"),
        },
    )
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    store = open_store(tmp_path / "s")
    sources = store.table("sources").set_index("source")
    town = sources.loc["ninh-hoa.txt"]
    assert (
        town["agency"],
        town["province"],
        town["province_from"],
        town["roster_match"],
        town["agency_as_written"],
    ) == ("UBND thị xã Ninh Hòa", "Khánh Hòa", "roster", "normalised", "UBND TX. Ninh Hòa")
    assert pd.isna(town["roster_closest"])
    plan = sources.loc["khdt.txt"]
    assert (plan["agency"], plan["roster_match"], plan["agency_as_written"]) == (
        "Sở Kế hoạch và Đầu tư",
        "abbreviation",
        "Sở KH&ĐT",
    )
    rows = store.table("observations")
    assert set(zip(rows["agency"], rows["province"])) == {
        ("UBND thị xã Ninh Hòa", "Khánh Hòa"),
        ("Sở Kế hoạch và Đầu tư", "Khánh Hòa"),
    }
    assert "agency_not_in_roster" not in set(store.table("findings")["rule"])


def test_a_name_the_roster_does_not_list_is_kept_and_warned_of(tmp_path, capsys, seed_text):
    raw = folder(tmp_path, {"ban.txt": seed_text})  # Ban Dân tộc: not on the roster
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    store = open_store(tmp_path / "s")
    (source,) = store.table("sources").to_dict("records")
    assert (source["agency"], source["province"], source["roster_match"]) == (
        "Ban Dân tộc",
        "Khánh Hòa",
        "none",
    )
    assert json.loads(source["roster_closest"])[0] == "Ban Tôn giáo"
    capsys.readouterr()
    assert main(["check", "--data", str(tmp_path / "s"), "--format", "json", "--severity", "warning"]) == 0
    (found,) = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "agency_not_in_roster"]
    assert found["severity"] == "warning"
    assert "“Ban Dân tộc”" in found["message"] and "“Ban Tôn giáo”" in found["message"]


def test_without_a_roster_nothing_is_matched_or_warned(tmp_path, capsys, seed_text):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ban.txt").write_text(seed_text, encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    store = open_store(tmp_path / "s")
    assert store.table("sources")["roster_match"].isna().all()
    assert "agency_not_in_roster" not in set(store.table("findings")["rule"])


def test_two_names_of_one_roster_agency_are_a_duplicate_not_a_broken_store(tmp_path, capsys, seed_text):
    raw = folder(
        tmp_path,
        {
            "a.txt": as_agency(seed_text, "UBND TX. Ninh Hòa"),
            "b.txt": as_agency(seed_text, "Ủy ban nhân dân thị xã Ninh Hoà"),
        },
    )
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "b.txt" in err and "already ingested from a.txt" in err and "schema" not in err
    assert open_store(tmp_path / "s").table("sources")["source"].tolist() == ["a.txt"]
