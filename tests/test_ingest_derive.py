"""Ingest derives as it writes (report by report, in batches); ``cchc derive`` derives again from
the store's ingest tables in one piece. On the same store they must agree, table for table, or a
`cchc derive` after a catalogue edit would also change what no edit touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.derive import store_runs as pipeline
from cchc_analysis.derive.catalogue import CATALOG_DIR
from cchc_analysis.store import DERIVED_TABLES, INGEST_TABLES, open_store

from builders import SEED
from heldout import REPORTS
from ingesting import copy_store, ingest

AGENCY = "Ban Dân tộc"
#: The seed filed a year earlier, one figure changed by hand (7.6.3, outgoing documents:
#: 655 → 600).
YEAR_BEFORE = "001_ban_dan_toc_2022_h1.txt"
#: Another agency of the same half-year, from the held-out reports.
OTHER = next(r for r in REPORTS if r.file == "h1_ubnd_huyen_dien_khanh.txt")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """The seed, the seed a year earlier and another agency's report, in one ``cchc ingest``."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, raw / SEED.name)
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\t655\t") == 1
    (raw / YEAR_BEFORE).write_text(
        text.replace("6 tháng đầu năm 2023", "6 tháng đầu năm 2022").replace("\t655\t", "\t600\t"),
        encoding="utf-8",
    )
    OTHER.write(raw)
    store = raw.parent / "store"
    run = ingest(raw, "--out", store)
    assert run.code == 0, run.err
    return store


def tables(store: Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    snap = open_store(store)
    return {name: snap.table(name) for name in names}


def parquet_hashes(store: Path) -> dict[str, str]:
    return {name: entry["parquet_sha256"] for name, entry in open_store(store).manifest["tables"].items()}


def test_the_inputs_give_every_kind_of_derived_row(ingested):
    """Not an empty agreement: the store holds two agencies of 2023-H1 and a year-on-year change."""
    derived = tables(ingested, DERIVED_TABLES)
    sources = open_store(ingested).table("sources")
    assert set(zip(sources.agency, sources.period)) == {
        (AGENCY, "2023-H1"),
        (AGENCY, "2022-H1"),
        (OTHER.agency, OTHER.period),
    }
    for name in (
        "matches",
        "indicators",
        "indicator_inputs",
        "comparisons",
        "documents",
        "claims",
        "findings",
        "rollup",
    ):
        assert len(derived[name]), name
    compared = derived["comparisons"].set_index(["agency", "period", "indicator_id"])
    row = compared.loc[(AGENCY, "2023-H1", "docs_electronic_share")]
    assert row["year_before_period"] == "2022-H1" and bool(row["year_before_in_store"])


def test_derive_writes_what_ingest_wrote(ingested, tmp_path, capsys):
    store = copy_store(ingested, tmp_path / "store")
    before, hashes = tables(store, DERIVED_TABLES), parquet_hashes(store)
    assert main(["derive", "--data", str(store), "--force"]) == 0, capsys.readouterr().err
    after = tables(store, DERIVED_TABLES)
    for name in DERIVED_TABLES:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)
    assert parquet_hashes(store) == hashes  # the very same bytes, ingest tables kept as they were


@pytest.fixture()
def edited_catalogue(tmp_path) -> Path:
    """A copy of the shipped catalogue, for a test to edit and pass to derive."""
    return shutil.copytree(CATALOG_DIR, tmp_path / "catalog")


def test_derive_after_a_catalogue_edit_differs_where_the_edit_reaches(ingested, tmp_path, edited_catalogue):
    """The catalogue rewords row 1.2 (documents issued to direct the work) and drops its alias:
    derive, given that catalogue, can then match the reports' 1.2 rows ("Số văn bản chỉ đạo CCHC
    đã ban hành:") only by their code, and keeps the ingest tables as they were. The shipped
    catalogue, read in the same process, is not changed by it."""
    store = copy_store(ingested, tmp_path / "store")
    edit(
        edited_catalogue / "template.csv", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản điều hành cải cách"
    )
    edit(
        edited_catalogue / "aliases.csv", "direction_docs_issued,Số văn bản chỉ đạo về CCHC đã ban hành\n", ""
    )
    before = tables(store, DERIVED_TABLES + INGEST_TABLES)
    assert pipeline.derive(store, force=True, catalog_dir=edited_catalogue).derive_errors == {}
    after = tables(store, DERIVED_TABLES + INGEST_TABLES)
    for frame, how in ((before["matches"], "label"), (after["matches"], "code")):
        moved = frame[frame.indicator_id == "direction_docs_issued"]
        assert set(zip(moved.agency, moved.period, moved.match)) == {
            (AGENCY, "2023-H1", how),
            (AGENCY, "2022-H1", how),
            (OTHER.agency, OTHER.period, how),
        }
    others = before["matches"].indicator_id != "direction_docs_issued"
    pd.testing.assert_frame_equal(after["matches"][others], before["matches"][others])
    for name in INGEST_TABLES:  # what was read is kept as it was
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)
    assert pipeline.derive(store, force=True).derive_errors == {}  # the shipped one again
    again = tables(store, DERIVED_TABLES)
    pd.testing.assert_frame_equal(again["matches"], before["matches"])


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
