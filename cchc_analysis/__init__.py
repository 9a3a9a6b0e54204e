"""cchc-analysis: Vietnamese administrative-reform (CCHC) reports → clean data, checks, reports."""
from __future__ import annotations

__version__ = "0.1.0"

from .store import load_manifest, load_narrative, load_observations, load_table  # noqa: E402

__all__ = ["__version__", "load_manifest", "load_narrative", "load_observations", "load_table"]
