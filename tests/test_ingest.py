"""`cchc ingest` end to end: the seed, mangled copies, bad inputs, overrides, reruns."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main

from builders import SEED, png_declaring
from ingesting import ingest

TRUNCATED_AT = 300  # a line inside the appendix table (section 5.2)


@pytest.fixture(scope="module")
def seed_observations(seed_store) -> pd.DataFrame:
    """The seed's observations as a plain ingest stores them: the reference other files of the
    same report are compared with."""
    return pd.read_parquet(seed_store / "observations.parquet")


def test_seed_into_store(seed_ingest):
    out_dir, before, (code, out, err) = (seed_ingest.store, seed_ingest.seed_sha256_before, seed_ingest.run)
    assert code == 0, err
    assert "Ban Dân tộc, 2023-H1 (151 rows" in out
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == before  # raw never modified
    parquet = pd.read_parquet(out_dir / "observations.parquet")
    csv = pd.read_csv(out_dir / "observations.csv", dtype=str, keep_default_na=False)
    assert len(parquet) == len(csv) == 151
    assert set(parquet.agency) == {"Ban Dân tộc"} and set(parquet.period) == {"2023-H1"}
    assert parquet.value.isna().sum() == (csv.value == "").sum()
    staff = parquet[(parquet.code == "4.2") & (parquet["item"] == 5)].iloc[0]
    assert staff.value == 5.88 and staff.source == SEED.name and staff.locator == "line 287"
    narrative = pd.read_parquet(out_dir / "narrative.parquet")
    assert narrative.section_id.tolist()[:3] == ["0", "I", "I.1"]
    assert narrative.set_index("section_id").loc["II.6", "heading"].startswith("6. Xây dựng")
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["inputs"]
    assert entry["sha256"] == before and entry["errors"] == []
    assert manifest["tables"]["observations"]["rows"] == 151
    for name, table in manifest["tables"].items():  # the published figures can be re-checked
        assert hashlib.sha256((out_dir / f"{name}.csv").read_bytes()).hexdigest() == table["csv_sha256"]
    assert set(manifest["tables"]) >= {"observations", "findings", "sources", "finding_inputs"}
    (source,) = pd.read_parquet(out_dir / "sources.parquet").to_dict("records")
    assert (source["source"], source["reader"], source["file_sha256"]) == (SEED.name, "text", before)
    assert (source["agency_from"], source["period_from"]) == ("report", "report")


def test_rerun_gives_identical_files(seed_store, tmp_path):
    first, second = seed_store, tmp_path / "b"
    assert ingest(str(SEED), "--out", str(second))[0] == 0
    names = sorted(p.name for p in (first / "current").iterdir())
    assert "observations.parquet" in names and "manifest.json" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert not [p for p in first.rglob("*") if p.name.endswith(".tmp")]


def mangle(text: str) -> str:
    """What copy-paste does: CRLF, non-breaking spaces, trailing blanks, a BOM."""
    lines = text.split("\n")
    lines = [line.replace(" ", "\u00a0", 1) + "  " if "\t" in line else line for line in lines]
    return "\ufeff" + "\r\n".join(lines)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: mangle(t).encode("utf-8"),
        lambda t: t.encode("utf-16"),  # Word's "Unicode text": UTF-16 with BOM
        lambda t: t.encode("utf-16-le"),  # … and without
    ],
    ids=["mangled-utf8", "utf16-bom", "utf16-le-no-bom"],
)
def test_other_encodings_give_the_same_observations(tmp_path, seed_text, encode, seed_observations):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(encode(seed_text))
    code, _, err = ingest(str(copy), "--out", str(tmp_path / "b"))
    assert code == 0, err
    a = seed_observations
    b = pd.read_parquet(tmp_path / "b" / "observations.parquet")
    columns = ["code", "item", "label", "unit", "value", "numerator", "denominator", "locator"]
    pd.testing.assert_frame_equal(a[columns], b[columns])


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture()
def bad_folder(tmp_path, seed_text) -> Path:
    """One good report and one file for each kind of bad input."""
    folder = tmp_path / "raw"
    folder.mkdir()
    lines = seed_text.split("\n")
    write(folder, "good.txt", SEED.read_bytes())
    write(folder, "empty.txt", b"")
    write(folder, "cp1258.txt", seed_text.encode("cp1258", errors="replace"))
    cut = "\n".join(lines[: TRUNCATED_AT - 1] + [lines[TRUNCATED_AT - 1].split("\t")[1]])
    write(folder, "truncated.txt", cut.encode("utf-8"))
    write(folder, "narrative-only.txt", "\n".join(lines[:171]).encode("utf-8"))
    # the same agency and half-year as good.txt would be a duplicate: filed as another period
    write(folder, "narrative-only.txt.meta.toml", b'period = "2022-H2"\n')
    write(folder, "corrupt.docx", b"PK\x03\x04 this is not really a zip")
    write(folder, "renamed.docx", seed_text.encode("utf-8"))
    write(folder, "scan.pdf", b"%PDF-1.4")  # a PDF cut off after its header
    write(folder, "report.odt", b"PK\x03\x04")
    return folder


def test_bad_inputs_are_named_and_the_good_file_still_written(bad_folder, tmp_path):
    out_dir = tmp_path / "store"
    code, out, err = ingest(str(bad_folder), "--out", str(out_dir))
    assert code == 1
    assert "Traceback" not in err
    errors = {line.split(":")[1].strip(): line for line in err.splitlines() if line.startswith("error:")}
    assert set(errors) == {
        "empty.txt",
        "cp1258.txt",
        "truncated.txt",
        "corrupt.docx",
        "renamed.docx",
        "scan.pdf",
    }
    assert "empty" in errors["empty.txt"]
    assert "not UTF-8 or UTF-16" in errors["cp1258.txt"] and "line " in errors["cp1258.txt"]
    assert f"line {TRUNCATED_AT}" in errors["truncated.txt"] and "cut off" in errors["truncated.txt"]
    assert "not a readable PDF file" in errors["scan.pdf"]
    assert "report.odt" in err and "unsupported" in err
    assert "ok: good.txt" in out
    assert "ok: narrative-only.txt: Ban Dân tộc, 2022-H2 (0 rows" in out  # the narrative is kept
    stored = pd.read_parquet(out_dir / "observations.parquet")
    assert set(stored.source) == {"good.txt"} and len(stored) == 151
    findings = pd.read_parquet(out_dir / "findings.parquet")
    missing = findings[findings.rule == "missing_appendix"]
    assert missing.source.tolist() == ["narrative-only.txt"]
    assert missing.severity.tolist() == ["warning"]
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    failed = {e["file"] for e in manifest["inputs"] if e["errors"]}
    assert "truncated.txt" in failed and "good.txt" not in failed


def test_cli_process_prints_one_line_per_bad_file_without_traceback(bad_folder, tmp_path):
    (bad_folder / "anh_qua_lon.png").write_bytes(png_declaring(13_000, 13_000))  # a bomb for Pillow
    done = subprocess.run(
        [sys.executable, "-m", "cchc_analysis", "ingest", str(bad_folder), "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr
    # the five bad inputs of ``bad_folder``, its PDF cut off after its header, the huge image
    assert sum(line.startswith("error:") for line in done.stderr.splitlines()) == 7
    assert len(done.stderr.splitlines()) == 8  # and the one skipped .odt


def test_period_and_agency_overrides(tmp_path):
    code, out, _ = ingest(str(SEED), "--out", str(tmp_path), "--period", "2023-Q2", "--agency", "Sở Nội vụ")
    assert code == 0 and "Sở Nội vụ, 2023-Q2" in out
    stored = pd.read_parquet(tmp_path / "observations.parquet")
    assert set(stored.period) == {"2023-Q2"} and set(stored.agency) == {"Sở Nội vụ"}


def test_bad_period_override_is_an_error(tmp_path):
    code, _, err = ingest(str(SEED), "--out", str(tmp_path), "--period", "H1-2023")
    assert code == 1 and "2023-H1" in err and "Traceback" not in err


def without_identity(seed_text: str) -> str:
    """The seed with its period phrases and self-naming removed."""
    text = seed_text.replace("6 tháng đầu năm 2023", "kỳ này").replace("6 tháng cuối năm 2023", "kỳ tới")
    return text.replace("Ban Dân tộc báo cáo", "cơ quan báo cáo").replace("TẠI BAN DÂN TỘC", "")


def test_unknown_period_and_agency_say_how_to_supply_them(tmp_path, seed_text):
    anonymous = write(tmp_path, "anon.txt", without_identity(seed_text).encode("utf-8"))
    code, _, err = ingest(str(anonymous), "--out", str(tmp_path / "s"))
    assert code == 1 and "anon.txt" in err and "--period" in err and "anon.txt.meta.toml" in err
    code, _, err = ingest(str(anonymous), "--out", str(tmp_path / "s"), "--period", "2023-H1")
    assert code == 1 and "--agency" in err


def test_sidecar_supplies_what_the_report_does_not_say(tmp_path, seed_text):
    anonymous = write(tmp_path, "anon.txt", without_identity(seed_text).encode("utf-8"))
    (tmp_path / "anon.txt.meta.toml").write_text(
        'agency = "Ban Dân tộc tỉnh Khánh Hòa"\nperiod = "2023-H1"\n'
        'source_url = "https://example.org/bc.docx"\nreceived = 2023-07-05\n',
        encoding="utf-8",
    )
    code, out, err = ingest(str(anonymous), "--out", str(tmp_path / "s"))
    assert code == 0, err
    assert "ok: anon.txt: Ban Dân tộc, 2023-H1" in out  # the province is not part of the name
    (source,) = pd.read_parquet(tmp_path / "s" / "sources.parquet").to_dict("records")
    assert source["received"] == "2023-07-05" and source["source_url"] == "https://example.org/bc.docx"
    assert (source["agency_from"], source["period_from"]) == ("sidecar", "sidecar")
    assert (source["province"], source["province_from"]) == ("Khánh Hòa", "sidecar")


def test_the_sidecar_corrects_what_the_report_seems_to_say(tmp_path):
    copy = write(tmp_path, SEED.name, SEED.read_bytes())
    (tmp_path / f"{SEED.name}.meta.toml").write_text(
        'agency = "Ban Dân tộc (Khánh Hòa)"\nprovince = "Phú Yên"\n', encoding="utf-8"
    )
    code, out, _ = ingest(str(copy), "--out", str(tmp_path / "s"))
    assert code == 0 and "Ban Dân tộc (Khánh Hòa), 2023-H1" in out
    (source,) = pd.read_parquet(tmp_path / "s" / "sources.parquet").to_dict("records")
    assert (source["agency_from"], source["period_from"], source["province"]) == (
        "sidecar",
        "report",
        "Phú Yên",
    )  # the sidecar wins over the report's "tỉnh Khánh Hòa"
    # and the command line overrides the sidecar
    code, out, _ = ingest(str(copy), "--out", str(tmp_path / "t"), "--agency", "Ban Dân tộc")
    assert code == 0 and "ok: 000_8a77118b8e337001.txt: Ban Dân tộc, 2023-H1" in out


def test_two_files_of_one_name_in_different_folders_are_two_sources(tmp_path, seed_text):
    raw = tmp_path / "raw"
    for folder, period in (("q1", "Quý I/2023"), ("q2", "Quý II/2023")):
        (raw / folder).mkdir(parents=True)
        text = seed_text.replace("6 tháng đầu năm 2023", period, 1)
        write(raw / folder, "r.txt", text.encode("utf-8"))
    code, _, err = ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 0, err
    stored = pd.read_parquet(tmp_path / "s" / "observations.parquet")
    assert sorted(set(stored.source)) == ["q1/r.txt", "q2/r.txt"]
    assert set(stored.period) == {"2023-Q1", "2023-Q2"} and len(stored) == 2 * 151


def test_same_report_twice_is_not_counted_twice(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    write(folder, "a.txt", SEED.read_bytes())
    write(folder, "b.txt", SEED.read_bytes())
    code, _, err = ingest(str(folder), "--out", str(tmp_path / "s"))
    assert code == 1 and "b.txt" in err and "already ingested from a.txt" in err
    assert len(pd.read_parquet(tmp_path / "s" / "observations.parquet")) == 151


def test_one_name_twice_without_a_province_says_how_to_tell_them_apart(tmp_path, seed_text):
    """Two files of "Ban Dân tộc", 2023-H1, neither naming its province: perhaps two provinces'
    boards, perhaps one file twice — the second is refused with how to tell them apart."""
    nameless = seed_text.replace(" tỉnh Khánh Hòa", "").replace("Khánh Hòa", "")
    folder = tmp_path / "raw"
    folder.mkdir()
    write(folder, "a.txt", nameless.encode("utf-8"))
    write(folder, "b.txt", nameless.encode("utf-8"))
    code, _, err = ingest(str(folder), "--out", str(tmp_path / "s"))
    assert code == 1 and "b.txt" in err and "already ingested from a.txt" in err
    assert "neither names its province" in err and "--province" in err


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = capsys.readouterr().out
    for option in ("PATH", "--out", "--period", "--agency", "data/raw", "data/processed"):
        assert option in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "ingest" in capsys.readouterr().out


def test_docx_and_xlsx_give_the_same_observations_as_text(tmp_path, seed_report, seed_observations):
    from builders import build_docx, build_xlsx

    seed = seed_report
    stores = {}
    for name, build in (("docx", build_docx), ("xlsx", build_xlsx)):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / f"bao_cao.{name}"
        build(seed, path)
        if name == "xlsx":  # the appendix alone names neither period nor agency in running text
            Path(f"{path}.meta.toml").write_text(
                'agency = "Ban Dân tộc"\nperiod = "2023-H1"\n', encoding="utf-8"
            )
        code, out, err = ingest(str(path), "--out", str(tmp_path / f"s_{name}"))
        assert code == 0, err
        stores[name] = pd.read_parquet(tmp_path / f"s_{name}" / "observations.parquet")
    text = seed_observations
    same = [
        "agency",
        "period",
        "code",
        "item",
        "label",
        "unit",
        "value",
        "numerator",
        "denominator",
        "implementer",
    ]
    for name, frame in stores.items():
        pd.testing.assert_frame_equal(frame[same], text[same], obj=name)
    assert stores["docx"].locator.iloc[1] == "table 2 row 4"
    assert stores["xlsx"].locator.iloc[0].startswith("Phụ lục 2!D")


def test_a_named_path_that_does_not_exist_is_an_error(tmp_path):
    code, out, err = ingest(str(tmp_path / "nothing.txt"), str(SEED), "--out", str(tmp_path / "s"))
    assert code == 1 and "error:" in err and "nothing.txt: no such file or folder" in err
    assert "1 of 2 files ingested" in out
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["missing"] and manifest["inputs"][0]["file"] == SEED.name


def test_a_run_where_nothing_parses_leaves_the_store_alone(tmp_path):
    store = tmp_path / "s"
    assert ingest(str(SEED), "--out", str(store))[0] == 0
    before = {p.name: p.read_bytes() for p in (store / "current").iterdir()}
    empty = write(tmp_path, "empty.txt", b"")
    code, out, err = ingest(str(empty), "--out", str(store))
    assert code == 1 and "left as it was" in err and "empty.txt" in err
    assert {p.name: p.read_bytes() for p in (store / "current").iterdir()} == before


def test_trimmed_trailing_cells_and_cells_broken_over_two_lines(tmp_path, seed_text, seed_observations):
    lines = seed_text.split("\n")
    trimmed = [line.rstrip("\t") for line in lines]  # an editor that strips trailing blanks
    # a line break typed inside the label of line 193 ("- Tổng số nhiệm vụ được giao")
    at = lines.index("\t- Tổng số nhiệm vụ được giao\tNhiệm vụ\t96\t")
    trimmed[at : at + 1] = ["\t- Tổng số nhiệm", "vụ được giao\tNhiệm vụ\t96"]
    copy = write(tmp_path, "trimmed.txt", "\n".join(trimmed).encode("utf-8"))
    code, _, err = ingest(str(copy), "--out", str(tmp_path / "s"))
    assert code == 0, err
    a = pd.read_parquet(tmp_path / "s" / "observations.parquet")
    b = seed_observations
    columns = ["code", "item", "label", "unit", "value", "implementer"]
    pd.testing.assert_frame_equal(a[columns], b[columns])
    assigned = a[(a.code == "1.5") & (a["item"] == 1)].iloc[0]
    assert assigned.label == "Tổng số nhiệm vụ được giao" and assigned.locator == "line 193–194"


def test_a_short_last_row_is_a_cut_off_file(tmp_path, seed_text):
    lines = seed_text.split("\n")
    cut = write(tmp_path, "cut.txt", "\n".join(lines[:192] + ["\t- Tổng số nhiệm vụ"]).encode("utf-8"))
    code, _, err = ingest(str(cut), "--out", str(tmp_path / "s"))
    assert code == 1 and "cut.txt: line 193" in err and "cut off" in err


def test_an_empty_folder_says_there_is_nothing_to_ingest(tmp_path):
    (tmp_path / "raw").mkdir()
    code, out, err = ingest(str(tmp_path / "raw"), "--out", str(tmp_path / "s"))
    assert code == 1 and "no report files" in err and "left as it was" in err
    assert not (tmp_path / "s").exists()


def test_a_file_cut_at_a_row_boundary_is_flagged_by_the_checks(tmp_path, capsys, seed_text):
    cut = write(tmp_path, "cut.txt", "\n".join(seed_text.split("\n")[:260]).encode("utf-8"))
    assert ingest(str(cut), "--out", str(tmp_path / "s"))[0] == 0  # rows are all whole
    assert main(["check", "--data", str(tmp_path / "s"), "--format", "json", "--severity", "warning"]) == 0
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "missing_template_rows"]
    assert len(found) == 1 and "tệp có thể bị cắt" in found[0]["message"]
    assert found[0]["locator"] == "line 260"
    assert found[0]["message"].startswith(
        "Phụ lục thiếu 78 dòng của biểu mẫu từ sau dòng cuối cùng, 3.4.7.1 (dòng con 4) — tệp "
        "có thể bị cắt: 3.4.7.2, 3.4.7.2 (dòng con 1),"
    )


def test_a_report_that_names_itself_only_in_its_letterhead(tmp_path, seed_text):
    top = (
        "UBND TỈNH KHÁNH HÒA\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "BAN DÂN TỘC\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 45/BC-BDT\tKhánh Hòa, ngày 20 tháng 6 năm 2023\n"
    )
    anonymous = seed_text.replace("Ban Dân tộc báo cáo", "cơ quan báo cáo").replace("TẠI BAN DÂN TỘC", "")
    path = write(tmp_path, "letterhead.txt", (top + anonymous).encode("utf-8"))
    code, out, err = ingest(str(path), "--out", str(tmp_path / "s"))
    assert code == 0, err
    assert "ok: letterhead.txt: Ban Dân tộc, 2023-H1" in out  # cased as the running text writes it
    (source,) = pd.read_parquet(tmp_path / "s" / "sources.parquet").to_dict("records")
    assert (source["agency_from"], source["province"], source["province_from"]) == (
        "letterhead",
        "Khánh Hòa",
        "letterhead",
    )
    # the option still wins over the letterhead
    code, out, _ = ingest(str(path), "--out", str(tmp_path / "t"), "--province", "Phú Yên")
    source = pd.read_parquet(tmp_path / "t" / "sources.parquet").iloc[0]
    assert (source["province"], source["province_from"]) == ("Phú Yên", "option")


def test_asking_for_the_agency_shows_what_the_top_of_the_report_says(tmp_path, seed_text):
    top = "UBND TỈNH KHÁNH HÒA\n\nBÁO CÁO TỔNG HỢP\n"
    anonymous = top + without_identity(seed_text)
    path = write(tmp_path, "anon.txt", anonymous.encode("utf-8"))
    code, _, err = ingest(str(path), "--out", str(tmp_path / "s"), "--period", "2023-H1")
    assert code == 1
    assert (
        "cannot tell which agency reports: it does not name itself; its first lines read "
        "“UBND TỈNH KHÁNH HÒA / BÁO CÁO TỔNG HỢP" in err
    )
    assert "--agency" in err and "anon.txt.meta.toml" in err


def test_a_link_that_leads_nowhere_is_named_for_what_it_is(tmp_path):
    loop, dangling = tmp_path / "loop.txt", tmp_path / "gone.txt"
    loop.symlink_to(loop)
    dangling.symlink_to(tmp_path / "never-there.txt")
    code, _, err = ingest(str(loop), str(dangling), str(SEED), "--out", str(tmp_path / "s"))
    assert code == 1
    for path in (loop, dangling):
        assert f"error: {path}: a link that leads nowhere" in err
