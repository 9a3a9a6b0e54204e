"""cchc-analysis: Vietnamese administrative-reform (CCHC) reports → clean data, checks, reports."""
from __future__ import annotations

__version__ = "0.1.0"

from cchc_analysis.store.io import (  # noqa: E402
    load_claims,
    load_comparisons,
    load_documents,
    load_findings,
    load_indicators,
    load_manifest,
    load_narrative,
    load_observations,
    load_table,
)

__all__ = [
    "__version__", "load_claims", "load_comparisons", "load_documents", "load_findings",
    "load_indicators", "load_manifest", "load_narrative", "load_observations", "load_table",
]
