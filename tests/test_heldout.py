"""Reports the program has never seen (``tests/heldout/``): eight hand-written reports of other
agencies and periods, in text, Word and Excel, consistent ones and ones with planted
contradictions. Every expected figure, identity and finding was typed by hand from the report.

Run with ``-s`` to see the scoreboard: rows read right, agencies and periods right, planted
contradictions found, errors on consistent data (must be 0)."""

from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.store.ingest import ingest_file

from heldout import REPORTS
from heldout.score import Store, findings_of, ingest, measure, read_values, row_right
from heldout.spec import Held

BY_NAME = {r.file: r for r in REPORTS}


@pytest.fixture(scope="module")
def heldout_store(tmp_path_factory) -> Store:
    return ingest(tmp_path_factory.mktemp("heldout"))


def ids(report: Held) -> str:
    return report.file.rsplit(".", 1)[0]


def test_every_file_is_ingested(heldout_store):
    assert heldout_store.exit_code == 0, heldout_store.errors
    assert set(heldout_store.sources["source"]) == set(BY_NAME)
    assert len(REPORTS) >= 8
    assert {r.fmt for r in REPORTS} == {"txt", "docx", "xlsx"}


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_agency_and_period(heldout_store, report):
    source = heldout_store.sources.set_index("source").loc[report.file]
    assert (source["agency"], source["period"]) == (report.agency, report.period)


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_every_typed_value_is_read(heldout_store, report):
    misread = report.extra.get("misread", frozenset())
    wrong = {
        key: (got, report.values[key])
        for key, got in read_values(heldout_store, report).items()
        if key not in misread and not row_right(got, report.values[key])
    }
    assert wrong == {}


def test_a_dash_in_the_stt_column_is_a_sub_row(heldout_store):
    report = BY_NAME["q2_so_tu_phap_letterhead.txt"]
    got = read_values(heldout_store, report)
    assert all(row_right(got[key], report.values[key]) for key in report.extra["dash_in_stt"])


def test_the_letterhead_alone_names_the_agency_and_its_province(tmp_path):
    report = BY_NAME["q2_so_tu_phap_letterhead.txt"]
    result = ingest_file(report.write(tmp_path), report.file)
    assert result.ok and result.meta.agency == report.agency
    assert (result.meta.agency_from, result.meta.province) == ("letterhead", report.extra["province"])


@pytest.mark.parametrize("report", REPORTS, ids=ids)
def test_errors_are_exactly_the_planted_contradictions(heldout_store, report):
    """Every planted contradiction is an error on its line; a consistent report has none."""
    assert findings_of(heldout_store, report, "error") == set(report.planted)


@pytest.mark.parametrize("report", [r for r in REPORTS if r.warnings], ids=ids)
def test_claims_the_counts_do_not_settle_are_warnings(heldout_store, report):
    assert report.warnings <= findings_of(heldout_store, report, "warning")


def test_each_figure_of_a_breakdown_is_linked_to_its_own_row(heldout_store):
    report = BY_NAME["q4_so_cong_thuong_breakdowns.txt"]
    mine = heldout_store.claims[heldout_store.claims["source"] == report.file]
    got = {
        (loc, value): (None if pd.isna(ind) else ind)
        for loc, value, ind in zip(mine["locator"], mine["value"], mine["indicator_id"])
        if (loc, value) in report.extra["claims"]
    }
    assert got == report.extra["claims"]


def test_scoreboard(heldout_store):
    score = measure(heldout_store)
    score.print(heldout_store)
    assert score.planted_found == score.planted
    assert score.false_errors == 0 and score.unplanted_errors == 0
    assert score.identities_right == len(REPORTS)
