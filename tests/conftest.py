"""Shared fixtures: the seed report and copies of it mangled the way real files arrive."""
from __future__ import annotations

from pathlib import Path

import pytest

from builders import SEED


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
