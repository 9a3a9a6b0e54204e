"""Shared fixtures: the seed report and copies of it mangled the way real files arrive."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from builders import SEED


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


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    """A byte-identical copy of the seed in its own folder (tests may write beside it)."""
    path = tmp_path / "raw" / SEED.name
    path.parent.mkdir()
    path.write_bytes(SEED.read_bytes())
    return path
