"""`cchc check` on the seed: the real contradictions it holds, found by the general rules, and
no false alarm. The expected list was worked out by hand from the raw file:

- 7.6.3 (lines 337–339): the rates are computed on 712 documents, the total row says 655;
  681/712 = 95,646 % is 95,6 % not 95,7 %, and 31/712 = 4,354 % is 4,4 % not 4,3 %: each less
  than 0,1 off at one decimal, so notes (another way of rounding), not errors;
- line 31 says 100 % of the tasks the province assigned were done on time; the appendix (lines
  193–194) gives 73 of 96 = 76,0 %;
- line 89 says 03 online level-3 dossiers; the appendix (line 257) says 02;
- line 180: 1 decision counted, two decisions of the period listed (02/QĐ-BDT, 35/QĐ-BDT);
- line 280: "… được giao trong năm 2022" in a 2023 report;
- lines 201, 202, 338, 339: figures typed in the unit column;
- line 271: "Số phòng thuộc Ban" counted in "phòng", matched by its alias to the template's
  "Số cơ quan chuyên môn thuộc UBND cấp tỉnh", counted in "Cơ quan, đơn vị".
"""

from __future__ import annotations

import json

from cchc_analysis.cli import main

from builders import SEED

EXPECTED = {
    ("error", "denominator_vs_total", "line 338"),
    ("error", "denominator_vs_total", "line 339"),
    # "100 % nhiệm vụ được UBND tỉnh giao hoàn thành đúng tiến độ" against 73 of 96 on time, 0
    # late and 23 neither (still under way): "on schedule" may be true, so a warning, not an error
    ("warning", "narrative_vs_appendix", "line 31"),
    ("error", "narrative_vs_appendix", "line 89"),
    ("warning", "documents_vs_count", "line 180"),
    ("warning", "stale_year", "line 280"),
    ("warning", "value_in_unit_column", "line 201"),
    ("warning", "value_in_unit_column", "line 202"),
    ("warning", "value_in_unit_column", "line 338"),
    ("warning", "value_in_unit_column", "line 339"),
    ("warning", "unit_mismatch", "line 271"),
}


def findings(store, capsys, *args):
    assert main(["check", "--data", str(store), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_seed_contradictions_found_and_nothing_else(seed_store, capsys):
    found = findings(seed_store, capsys, "--severity", "warning")
    assert {(f["severity"], f["rule"], f["locator"]) for f in found} == EXPECTED
    assert len(found) == len(EXPECTED)
    assert all(f["source"] == SEED.name for f in found)


def test_messages_carry_the_evidence(seed_store, capsys):
    found = {(f["rule"], f["locator"]): f for f in findings(seed_store, capsys)}
    rate = found[("rate_vs_counts", "line 339")]
    assert "4,3\u00a0%" in rate["message"] and "31/712 = 4,354\u00a0%" in rate["message"]
    total = found[("denominator_vs_total", "line 338")]
    assert "712" in total["message"] and "655" in total["message"] and "dòng 337" in total["evidence"]
    tasks = found[("narrative_vs_appendix", "line 31")]
    assert "76,0\u00a0%" in tasks["message"] and "73/96" in tasks["evidence"]
    assert "có thể từ 76,0\u00a0% đến 100\u00a0%" in tasks["message"]
    assert "dòng 193" in tasks["evidence"] and "dòng 194" in tasks["evidence"] and tasks["code"] == "1.5"
    dossiers = found[("narrative_vs_appendix", "line 89")]
    assert "dòng 257" in dossiers["evidence"]


def test_blank_template_rows_are_notes_only(seed_store, capsys):
    notes = [f for f in findings(seed_store, capsys) if f["severity"] == "info"]
    assert notes and {f["rule"] for f in notes} == {"blank_template_row", "rate_vs_counts"}
    rounded = {f["locator"] for f in notes if f["rule"] == "rate_vs_counts"}
    assert rounded == {"line 338", "line 339"}
    assert any(f["locator"] == "line 258" for f in notes)  # online level-4 dossiers left blank
    assert not any(f["locator"] == "line 194" for f in notes)  # 73 is written


def test_text_output_groups_by_severity(seed_store, capsys):
    assert main(["check", "--data", str(seed_store)]) == 0
    text = capsys.readouterr().out
    assert text.index("LỖI (error): 3") < text.index("CẢNH BÁO (warning): 8") < text.index("GHI CHÚ (info)")
    assert f"{SEED.name}:line 89" in text
    # the two sub-rows of 7.6.3 against its total row: two findings, one issue (the first error)
    assert text.count("[denominator_vs_total, issue 1]") == 2 and "[narrative_vs_appendix, issue 2]" in text


def test_csv_filters_and_fail_on(seed_store, capsys):
    assert main(["check", "--data", str(seed_store), "--format", "csv", "--severity", "error"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("severity,rule,province,agency,period") and len(lines) == 1 + 3
    assert lines[0].split(",")[7:9] == ["finding", "issue"]
    assert main(["check", "--data", str(seed_store), "--fail-on", "error"]) == 1
    capsys.readouterr()
    assert (
        main(
            [
                "check",
                "--data",
                str(seed_store),
                "--severity",
                "info",
                "--agency",
                "Ban Dân tộc",
                "--period",
                "2023-H1",
                "--fail-on",
                "warning",
            ]
        )
        == 1
    )
    capsys.readouterr()


def test_unknown_agency_or_period_is_an_error(seed_store, capsys):
    assert main(["check", "--data", str(seed_store), "--period", "2023-h1"]) == 2
    assert "no period 2023-h1" in capsys.readouterr().err
    assert main(["check", "--data", str(seed_store), "--agency", "Không có"]) == 2
    assert "it has: Ban Dân tộc" in capsys.readouterr().err


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["check", "--data", str(tmp_path / "nothing")]) == 2
    assert "cchc ingest" in capsys.readouterr().err


def test_findings_of_one_province(seed_store, capsys, tmp_path):
    assert main(["check", "--data", str(seed_store), "--province", "Khánh Hòa", "--severity", "error"]) == 0
    text = capsys.readouterr().out
    assert "LỖI (error): 3" in text and "Ban Dân tộc (Khánh Hòa) 2023-H1" in text
    assert main(["check", "--data", str(seed_store), "--province", "Phú Yên"]) == 2
    assert "no province Phú Yên in the store; it has: Khánh Hòa" in capsys.readouterr().err
    assert (
        main(["render", "--data", str(seed_store), "--province", "Phú Yên", "--out", str(tmp_path / "r")])
        == 2
    )
    assert "no province Phú Yên" in capsys.readouterr().err
