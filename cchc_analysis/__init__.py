"""cchc-analysis: Vietnamese administrative-reform (CCHC) reports → clean data, checks, reports.

The pipeline, one folder a stage: ``sources`` (files → document model) · ``parse`` (rows →
observations, narrative) · ``store`` (typed tables, one transaction) · ``derive`` (indicators,
checks) · ``report`` (model, templates, render).

In a notebook, the public API (documented in README.md, "Phân tích trong sổ tay"): one call per
table, each in one order — periods in time order, codes in the template's — with locators in
Vietnamese (``locator_vi``); the store found from the working folder upwards::

    from cchc_analysis import find_store, indicator_across, load_findings, load_observations
"""

from __future__ import annotations

__version__ = "0.2.0"

#: The notebook API, all defined in :mod:`cchc_analysis.report.content.loaders`, imported on
#: first use (``import cchc_analysis`` stays light for the CLI).
API = (
    "code_sort_key",
    "find_store",
    "format_indicator",
    "indicator_across",
    "latest_report",
    "load_claims",
    "load_comparisons",
    "load_documents",
    "load_findings",
    "load_indicators",
    "load_manifest",
    "load_narrative",
    "load_observations",
    "load_reports",
    "load_rollup",
    "load_table",
    "period_label",
    "period_sort_key",
)

__all__ = ["__version__", *API]


def __getattr__(name: str):
    if name in API:
        from cchc_analysis.report.content import loaders

        return getattr(loaders, name)
    raise AttributeError(f"module 'cchc_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *API})
