"""A second province written by hand (``tests/heldout/province2.py``): periods stated as
reporting windows and in words, agencies named by abbreviation or over two letterhead lines
against a roster of full names, rates written around their counts. Every expected identity,
figure and finding was typed by hand from the reports' text.

Run with ``-s`` to see the scoreboard."""

from __future__ import annotations

import pytest

from heldout.province2 import PROVINCE, REPORTS, ROSTER
from heldout.score import Store, findings_of, ingest, measure, read_values, row_right
from heldout.spec import Held

BY_NAME = {r.file: r for r in REPORTS}


@pytest.fixture(scope="module")
def province2_store(tmp_path_factory) -> Store:
    return ingest(tmp_path_factory.mktemp("province2"), REPORTS, ROSTER)


def ids(report: Held) -> str:
    return report.file.rsplit(".", 1)[0]


def test_every_file_is_ingested(province2_store):
    assert province2_store.exit_code == 0, province2_store.errors
    assert set(province2_store.sources["source"]) == set(BY_NAME)


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_identity_is_the_rosters(province2_store, report):
    """Province, the roster's spelling of the agency, and the period the report states."""
    source = province2_store.sources.set_index("source").loc[report.file]
    assert (source["province"], source["agency"], source["period"]) == (
        PROVINCE,
        report.agency,
        report.period,
    )


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_every_typed_value_is_read(province2_store, report):
    wrong = {
        key: (got, report.values[key])
        for key, got in read_values(province2_store, report).items()
        if not row_right(got, report.values[key])
    }
    assert wrong == {}


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_errors_are_exactly_the_planted_contradictions(province2_store, report):
    assert findings_of(province2_store, report, "error") == set(report.planted)


def test_a_window_that_contradicts_the_title_is_a_warning_not_a_guess(province2_store):
    report = BY_NAME["p2_bql_van_phong_h1.txt"]
    warned = {rule for rule, _, _ in findings_of(province2_store, report, "warning")}
    assert report.extra["warning_rules"] <= warned
    others = [r for r in REPORTS if r is not report]
    assert all(
        "period_conflict" not in {rule for rule, _, _ in findings_of(province2_store, r, "warning")}
        for r in others
    )


def test_no_agency_is_outside_the_roster(province2_store):
    rules = set(province2_store.findings["rule"])
    assert "agency_not_in_roster" not in rules


def test_scoreboard(province2_store):
    score = measure(province2_store)
    score.print(province2_store)
    assert score.rows_right == score.rows
    assert score.planted_found == score.planted
    assert score.false_errors == 0 and score.unplanted_errors == 0
    assert score.identities_right == len(REPORTS)


def test_check_names_each_finding_by_its_file_and_line_or_file_alone(province2_store, capsys):
    from cchc_analysis.cli import main

    capsys.readouterr()
    assert main(["check", "--data", str(province2_store.folder.parent / "store"), "--severity", "info"]) == 0
    said = capsys.readouterr().out
    assert "p2_khdt_9m.docx:table 2 row 26  [rate_above_100, issue " in said
    assert "p2_bql_van_phong_h1.txt:line 11  [period_conflict, issue " in said
    assert "<NA>" not in said and "nan" not in said.split()
