"""The runs that write the store: derive isolates each report, `cchc derive` reruns derive alone."""

from __future__ import annotations

import pandas as pd

from cchc_analysis.cli import main
from cchc_analysis.derive import run as derive_run
from cchc_analysis.store import open_store

from builders import SEED


def two_reports(folder, seed_text):
    """The seed, and the same report for the next half-year under another agency's name."""
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    other = seed_text.replace("Ban Dân tộc báo cáo", "Sở Nội vụ báo cáo").replace(
        "TẠI BAN DÂN TỘC", "TẠI SỞ NỘI VỤ"
    )
    (folder / "b.txt").write_text(other, encoding="utf-8")


def test_a_report_whose_derive_fails_is_named_and_the_others_are_written(
    tmp_path, capsys, seed_text, monkeypatch
):
    two_reports(tmp_path / "raw", seed_text)
    real = derive_run.derive_report

    def broken_for_b(source, *args):
        if source["source"] == "b.txt":
            raise ZeroDivisionError("a bug in a rule")
        return real(source, *args)

    monkeypatch.setattr(derive_run, "derive_report", broken_for_b)
    code = main(["ingest", str(tmp_path / "raw"), "--out", str(tmp_path / "s")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "error: b.txt: derive failed: a bug in cchc (ZeroDivisionError: a bug in a rule)" in err
    assert "Traceback" not in err and "ok: a.txt: Ban Dân tộc, 2023-H1" in out
    store = open_store(tmp_path / "s")
    assert set(store.table("observations").source) == {"a.txt", "b.txt"}  # ingest kept both
    assert set(store.table("indicators").agency) == {"Ban Dân tộc"}  # derive wrote the good one
    assert store.manifest["derive_errors"] == {
        "b.txt": "derive failed: a bug in cchc (ZeroDivisionError: a bug in a rule)"
    }


def test_derive_alone_rewrites_derived_tables_and_keeps_ingest_tables(tmp_path, capsys, monkeypatch):
    assert main(["ingest", str(SEED), "--out", str(tmp_path / "s")]) == 0
    before = open_store(tmp_path / "s")
    errors_before = (before.table("findings").severity == "error").sum()
    # a rule changes (here: one rule no longer registered) and derive runs again
    from cchc_analysis.derive.checks import context

    monkeypatch.delitem(context.RULES, "denominator_vs_total")
    capsys.readouterr()
    assert main(["derive", "--data", str(tmp_path / "s")]) == 0
    after = open_store(tmp_path / "s")
    assert (after.table("findings").severity == "error").sum() == errors_before - 2  # two 7.6.3 rows
    pd.testing.assert_frame_equal(after.table("observations"), before.table("observations"))
    assert after.manifest["inputs"] == before.manifest["inputs"]
    assert after.version_dir != before.version_dir


def test_derive_refuses_to_mix_with_a_run_that_landed_meanwhile(tmp_path, capsys, monkeypatch):
    from cchc_analysis.derive import store_runs as pipeline

    store = tmp_path / "s"
    assert main(["ingest", str(SEED), "--out", str(store)]) == 0
    real = pipeline.derive_tables
    landed = []

    def another_ingest_lands(tables, *args):  # while derive computes, an ingest of other data lands
        if not landed:
            landed.append(True)
            assert main(["ingest", str(SEED), "--out", str(store), "--period", "2023-Q2"]) == 0
        return real(tables, *args)

    monkeypatch.setattr(pipeline, "derive_tables", another_ingest_lands)
    capsys.readouterr()
    assert main(["derive", "--data", str(store)]) == 2
    assert "rewritten by another run" in capsys.readouterr().err
    assert set(open_store(store).table("indicators").period) == {"2023-Q2"}  # not mixed


def test_a_broken_roster_is_named_and_the_reports_are_still_ingested(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_bytes(SEED.read_bytes())
    (raw / "agencies.csv").write_text("agency\nBan Dân tộc\nSở Y tế\nBan Dân tộc\n", encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 1
    out, err = capsys.readouterr()
    assert "error: agencies.csv: line 4: Ban Dân tộc is listed twice (first on line 2)" in err
    assert "ok: r.txt" in out and "unsupported" not in err  # the roster is no report file
    assert open_store(tmp_path / "s").table("roster").empty
    (raw / "agencies.csv").write_text("agency\nBan Dân tộc\nSở Y tế\n", encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0
    assert "roster: 2 agencies must report (agencies.csv)" in capsys.readouterr().out
    assert list(open_store(tmp_path / "s").table("roster")["agency"]) == ["Ban Dân tộc", "Sở Y tế"]


def test_one_agency_name_in_two_provinces_is_two_agencies(tmp_path, capsys, seed_text):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "khanh-hoa.txt").write_bytes(SEED.read_bytes())
    other = seed_text.replace("Ban Dân tộc báo cáo", "Ban Dân tộc tỉnh Phú Yên báo cáo")
    (raw / "phu-yen.txt").write_text(other, encoding="utf-8")
    (raw / "agencies.csv").write_text(
        "agency,province\nBan Dân tộc,Khánh Hòa\nBan Dân tộc,Phú Yên\nSở Nội vụ tỉnh Phú Yên,\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    store = open_store(tmp_path / "s")
    sources = store.table("sources").set_index("source")
    # "Ban Dân tộc tỉnh Phú Yên" names the agency and its province: one name, two provinces
    assert (sources.at["phu-yen.txt", "agency"], sources.at["phu-yen.txt", "province"]) == (
        "Ban Dân tộc",
        "Phú Yên",
    )
    assert sources.at["khanh-hoa.txt", "province"] == "Khánh Hòa"
    roster = sorted(zip(store.table("roster")["province"], store.table("roster")["agency"]))
    assert roster == [("Khánh Hòa", "Ban Dân tộc"), ("Phú Yên", "Ban Dân tộc"), ("Phú Yên", "Sở Nội vụ")]


def test_a_report_that_does_not_say_its_province_takes_it_from_the_roster(tmp_path, capsys, seed_text):
    raw = tmp_path / "raw"
    raw.mkdir()
    district = (
        seed_text.replace("Ban Dân tộc báo cáo", "UBND huyện Tuy An báo cáo")
        .replace("Ban Dân tộc tỉnh Khánh Hòa", "UBND huyện Tuy An")
        .replace("tỉnh Khánh Hòa", "tỉnh")
    )
    (raw / "tuy-an.txt").write_text(district, encoding="utf-8")
    (raw / "agencies.csv").write_text("agency,province\nUBND huyện Tuy An,Phú Yên\n", encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "s")]) == 0, capsys.readouterr().err
    (source,) = open_store(tmp_path / "s").table("sources").to_dict("records")
    assert (source["agency"], source["province"], source["province_from"]) == (
        "UBND huyện Tuy An",
        "Phú Yên",
        "roster",
    )
    observations = open_store(tmp_path / "s").table("observations")
    assert set(observations["province"]) == {"Phú Yên"}
