"""The benchmarks' synthetic corpus (``benchmarks/corpus.py``): every file says it is synthetic,
is the agency and period its name promises, and is consistent — it ingests with no error finding,
so the benchmarks measure the work on ordinary reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from cchc_analysis.derive.store_runs import ingest
from cchc_analysis.store import batches, open_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import MARK, build_corpus  # noqa: E402


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    build_corpus(folder / "raw", agencies=3, periods=3, roster=True)
    return folder


@pytest.fixture(scope="module")
def corpus(folder):
    run = ingest([folder / "raw"], folder / "out")
    assert run.failed == 0
    return sorted((folder / "raw").glob("*.txt")), open_store(folder / "out")


def test_every_file_says_it_is_synthetic(corpus):
    paths, _ = corpus
    assert len(paths) == 9
    for path in paths:
        assert MARK in path.read_text(encoding="utf-8").split("\n")[:12], path.name


def test_the_corpus_is_who_and_when_its_names_say(corpus):
    _, store = corpus
    sources = store.table("sources").set_index("source")
    assert sources.loc["a0000_2023-Q1.txt", ["agency", "province", "period"]].tolist() == [
        "Sở Nội vụ",
        "Khánh Hòa",
        "2023-Q1",
    ]
    assert sources.loc["a0001_2023-H1.txt", ["agency", "period"]].tolist() == ["Sở Tư pháp", "2023-H1"]
    assert sources.loc["a0002_2023-Q3.txt", ["agency", "period"]].tolist() == [
        "Sở Kế hoạch và Đầu tư",
        "2023-Q3",
    ]
    assert store.table("roster")["agency"].tolist() == ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tư pháp"]


def test_the_corpus_is_consistent(corpus):
    _, store = corpus
    findings = store.table("findings")
    assert findings[findings["severity"] == "error"].empty
    assert len(store.table("observations")) == 9 * 151  # every appendix row of the seed


def test_figures_differ_between_files(corpus):
    _, store = corpus
    observations = store.table("observations")
    sent = observations[(observations["code"] == "7.6.3") & (observations["item"] == 0)]
    assert sent["value"].nunique() > 1


def test_never_written_into_the_raw_folder():
    with pytest.raises(ValueError, match="data/raw"):
        build_corpus(ROOT / "data" / "raw" / "synthetic", agencies=1, periods=1)
    assert not (ROOT / "data" / "raw" / "synthetic").exists()


def test_written_in_many_batches_the_store_is_the_same(folder, corpus, monkeypatch):
    """Rows are written a batch at a time (memory flat in the number of reports): batches of 100
    rows (a report has 151 observations), each validated and written on its own, give the same
    tables, CSV byte for byte."""
    _, whole = corpus
    monkeypatch.setattr(batches, "BATCH_ROWS", 100)
    monkeypatch.setattr(batches, "VALIDATE_ROWS", 100)
    assert ingest([folder / "raw"], folder / "batched").failed == 0
    batched = open_store(folder / "batched")
    for name in (
        "observations",
        "paragraphs",
        "matches",
        "documents",
        "findings",
        "finding_inputs",
        "indicators",
        "comparisons",
    ):
        assert (batched.version_dir / f"{name}.csv").read_bytes() == (
            whole.version_dir / f"{name}.csv"
        ).read_bytes(), name
        pd.testing.assert_frame_equal(batched.table(name), whole.table(name))
    parts = pq.ParquetFile(batched.version_dir / "observations.parquet").num_row_groups
    assert parts >= 9  # one report's 151 rows at least, per batch
