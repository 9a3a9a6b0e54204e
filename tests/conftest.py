"""Shared fixtures: the seed report and copies of it mangled the way real files arrive."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc_analysis.report.run.slow_imports import skip_slow_optional_imports
from cchc_analysis.sources.model import Report

from builders import SEED
from builders import seed_report as read_seed
from ingesting import Ingested, ingest, snapshot

# As in the render processes: jsonschema's optional IRI parsers cost 2–3 s in each process that
# imports nbformat (every test worker, at collection), for formats no notebook check uses.
skip_slow_optional_imports()


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory) -> Path:
    """The run's own on-disk cache (fonts, charts): made once per test session, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CCHC_CACHE_DIR", str(folder))  # render processes inherit it
        yield folder


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_report() -> Report:
    """The seed as the text reader parses it, once per session (read it, never change it)."""
    return read_seed()


@dataclass(frozen=True)
class SeedIngest:
    """The session's plain ``cchc ingest SEED --out STORE``: what it returned and printed, its
    store, and the seed's SHA-256 taken before the run (to show the input was not touched)."""

    run: Ingested
    store: Path
    seed_sha256_before: str


@pytest.fixture(scope="session")
def seed_ingest(tmp_path_factory) -> SeedIngest:
    """The seed ingested once per session (per xdist worker). Shared, so read only: a test that
    changes a store takes its own with ``ingesting.copy_store``; one that wrote into this one
    fails the session at teardown."""
    store = tmp_path_factory.mktemp("seed") / "store"
    before = hashlib.sha256(SEED.read_bytes()).hexdigest()
    done = SeedIngest(ingest(SEED, "--out", store), store, before)
    written = snapshot(store)
    yield done
    assert snapshot(store) == written, f"a test wrote into the shared seed store {store}"


@pytest.fixture(scope="session")
def seed_store(seed_ingest: SeedIngest) -> Path:
    """The folder of the session's seed store (see :func:`seed_ingest`; read only)."""
    assert seed_ingest.run.code == 0, seed_ingest.run.err
    return seed_ingest.store


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    """An input folder holding one good report (the seed as "good.txt"), for bad files beside it."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    return folder


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    """A byte-identical copy of the seed in its own folder (tests may write beside it)."""
    path = tmp_path / "raw" / SEED.name
    path.parent.mkdir()
    path.write_bytes(SEED.read_bytes())
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: end-to-end runs of a minute or more (OCR of a whole scanned report); "
        "run when CI is set (as CI does) or CCHC_SLOW=1",
    )
    if getattr(config.option, "loadscopereorder", False):  # xdist would order files by their
        config.option.loadscopereorder = False  # number of tests, undoing LONGEST_FIRST


#: Files whose tests take longest (a rendered batch, processes killed on purpose), started first
#: so that two workers (pytest-xdist, whole files each) finish together instead of one waiting.
LONGEST_FIRST = (
    "test_render.py",
    "test_store.py",
    "test_ingest.py",
    "test_sources_pdf.py",
    "test_report_parts.py",
    "test_scans.py",
    "test_province.py",
    "test_limits.py",
    "test_pdf_text_exact.py",
    "test_hostile_inputs.py",
    "test_export.py",
    "test_render_isolation.py",
    "test_pipeline.py",
    "test_appendices.py",
    "test_variety.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest files first (same order on every worker); slow tests run on CI (env CI=true)
    or with CCHC_SLOW=1, skipped, saying so, otherwise."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    if any(os.environ.get(name, "").lower() in ("1", "true", "yes") for name in ("CI", "CCHC_SLOW")):
        return
    skip = pytest.mark.skip(reason="slow: set CI=true or CCHC_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory, worker_id: str) -> Path:
    """A folder every test worker of this run shares (pytest-xdist gives each its own below it),
    for what is costly to build and read-only once built."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def text_pdf(shared_dir: Path) -> Path:
    """The seed as Word report printed to PDF by LibreOffice: built once per run, by whichever
    worker needs it first, the others waiting for it (LibreOffice takes seconds). Read-only."""
    from filelock import FileLock

    from builders import seed_report
    from builders_pdf import build_pdf_docx, to_pdf

    folder = shared_dir / "seed-pdf"
    pdf = folder / "bao_cao.pdf"
    with FileLock(str(shared_dir / "seed-pdf.lock")):
        if not pdf.is_file():
            folder.mkdir(exist_ok=True)
            to_pdf(build_pdf_docx(seed_report(), folder / "bao_cao.docx"), folder)
    return pdf


@pytest.fixture(scope="module")
def text_pdf_read(text_pdf: Path, shared_dir: Path):
    """The seed's LibreOffice PDF as the program reads it from its text layer (a few seconds for
    its 25 pages): read once per run; each module loads its own copy of the pickled
    :class:`Report`."""
    import pickle

    from filelock import FileLock

    from cchc_analysis.sources.pdf import read_pdf

    cached = text_pdf.parent / "read.pickle"
    with FileLock(str(shared_dir / "seed-pdf-read.lock")):
        if not cached.is_file():
            cached.write_bytes(pickle.dumps(read_pdf(text_pdf)))
    return pickle.loads(cached.read_bytes())
