"""cchc-analysis: Vietnamese administrative-reform (CCHC) reports → clean data, checks, reports.

The pipeline, one folder a stage: ``sources`` (files → document model) · ``parse`` (rows →
observations, narrative) · ``store`` (typed tables, one transaction) · ``derive`` (indicators,
checks) · ``report`` (model, templates, render). In a notebook, one call per table::

    from cchc_analysis import load_table, load_observations
"""

from __future__ import annotations

__version__ = "0.2.0"

#: The notebook API, imported on first use (``import cchc_analysis`` stays light for the CLI).
_LOADERS = (
    "indicator_across",
    "load_claims",
    "load_comparisons",
    "load_documents",
    "load_findings",
    "load_indicators",
    "load_manifest",
    "load_narrative",
    "load_observations",
    "load_rollup",
    "load_table",
)

__all__ = ["__version__", *_LOADERS]


def __getattr__(name: str):
    if name in _LOADERS:
        from cchc_analysis.report.content import loaders

        return getattr(loaders, name)
    raise AttributeError(f"module 'cchc_analysis' has no attribute {name!r}")
