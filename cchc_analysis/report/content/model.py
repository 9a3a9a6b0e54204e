"""A report as a model: plain, unformatted, keyed values per section, built from one store snapshot.

Why a model: the HTML, the PDF, the index and ``cchc verify`` all read the same facts, so they are
built once, here, from :func:`store.open_store`'s snapshot, and serialised with
:func:`model_json` (sorted keys, stable). Rows keep the keys of the store rows they come from
(an observation's ``source`` and ``seq``, a finding's number); numbers are floats, NA is None;
charts carry their data and the SHA-256 of their SVG. Words and formats are the templates' job
(:mod:`~cchc_analysis.report.page.html`). Nothing depends on the clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from cchc_analysis import __version__
from cchc_analysis.derive.catalogue import DOMAINS, Catalog
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.report.content import clarify, figures, quality, sections
from cchc_analysis.report.content.slices import frame_digest, period_label, records, require, rows
from cchc_analysis.store import Snapshot

#: The MIME type under which a notebook shows its report's model (nbconvert's HTML ignores it).
MIME = "application/vnd.cchc.report+json"
#: Bump when the model's shape changes (``cchc verify`` compares like with like).
MODEL_VERSION = 7
#: Indicators shown first as a report's key figures (in the index), when they have a value.
KEY_INDICATORS = (
    "docs_electronic_share",
    "province_on_time_rate",
    "plan_completion_rate",
    "tthc_published_share",
    "online_dossier_share",
    "staff_reduction_rate",
)


@dataclass
class Report:
    """A report's model and the SVG bytes of its charts (by figure id)."""

    model: dict
    svgs: dict[str, bytes] = field(default_factory=dict)


def model_json(model: Mapping) -> str:
    """The model as JSON: sorted keys, two-space indent, UTF-8 text, a final newline."""
    return json.dumps(model, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False) + "\n"


def charts_of(model: object) -> list[dict]:
    """Every chart of a model (any dict with ``svg_sha256``), in document order."""
    if isinstance(model, dict):
        if "svg_sha256" in model:
            return [model]
        return [c for v in model.values() for c in charts_of(v)]
    if isinstance(model, list):
        return [c for v in model for c in charts_of(v)]
    return []


def with_svgs(model: dict) -> Report:
    """The model with its charts drawn (SVG bytes by figure id)."""
    return Report(model, {c["id"]: figures.svg(c) for c in charts_of(model)})


def title(store: Snapshot, agency: str, period: str, indicators: list[dict], counts: dict) -> dict:
    """Agency, period, source files with SHA-256 (``sources`` table) and summary counts."""
    sources = records(rows(store, "sources", agency, period))
    obs = rows(store, "observations", agency, period)
    return {
        "agency": agency,
        "province": sources[0]["province"] if sources else None,
        "period": period,
        "period_label": period_label(period),
        "titles": [s["title"] for s in sources if s["title"]],
        "sources": [
            {"source": s["source"], "sha256": s["file_sha256"], "bytes": s["bytes"]} for s in sources
        ],
        "counts": {
            "rows": len(obs),
            "rows_with_value": int(obs["value"].notna().sum()),
            "indicators": len(indicators),
            "indicators_with_value": sum(i["value"] is not None for i in indicators),
            "findings": counts,
        },
    }


def key_indicators(period: str, indicators: list[dict]) -> dict:
    """The indicators with their comparisons, the baselines' periods and the charts of the rates
    (one per way they read, each bar at the value :mod:`indicator_value` shows)."""
    p = parse_period(period)
    return {
        "previous_period": str(p.previous()),
        "previous_label": p.previous().label,
        "year_before_period": str(p.year_before()),
        "year_before_label": p.year_before().label,
        "rows": indicators,
        "charts": figures.rate_charts(
            indicators,
            Catalog.load().directions,
            "fig-indicators",
            "Các chỉ số tỷ lệ",
            "Các chỉ số tỷ lệ (tính từ số liệu phụ lục)",
        ),
        "key_figures": [
            i["indicator_id"]
            for i in sorted(
                (i for i in indicators if i["value"] is not None),
                key=lambda i: (
                    KEY_INDICATORS.index(i["indicator_id"])
                    if i["indicator_id"] in KEY_INDICATORS
                    else len(KEY_INDICATORS)
                ),
            )
        ][:3],
    }


def provenance(
    store: Snapshot, agency: str | None, period: str, notebook_sha256: str, parameters: Mapping[str, object]
) -> dict:
    """Package and parser versions, source files with SHA-256, a hash of the observations the
    report shows, the notebook's hash and the parameters (no timestamp)."""
    sources = records(rows(store, "sources", agency, period))
    return {
        "package_version": __version__,
        "parser_version": store.manifest.get("parser_version"),
        "schema_version": store.manifest.get("schema_version"),
        "sources": [
            {
                "source": s["source"],
                "agency": s["agency"],
                "sha256": s["file_sha256"],
                **{k: s[k] for k in ("pages", "ocr_pages", "signed", "signer", "signed_at")},
            }
            for s in sources
        ],
        "data_sha256": frame_digest(rows(store, "observations", agency, period)),
        "notebook_sha256": notebook_sha256 or None,
        "parameters": {k: v for k, v in parameters.items() if k not in ("data_dir", "notebook_sha256")},
    }


def build(
    store: Snapshot,
    agency: str,
    period: str,
    notebook_sha256: str = "",
    parameters: Mapping[str, object] | None = None,
) -> Report:
    """The model of one agency × period report (ValueError when the store lacks it)."""
    require(store, agency, period)
    indicators = sections.indicator_rows(store, agency, period)
    found = quality.findings(store, agency, period)
    asked = clarify.build(store, agency, period, found)
    quoted = clarify.quotes(asked)
    model = {
        "kind": "report",
        "model_version": MODEL_VERSION,
        "agency": agency,
        "period": period,
        "sections": {
            # the header counts issues: one contradiction over several sub-rows is one
            "title": title(store, agency, period, indicators, found["issues"]),
            "clarify": asked,
            "key_indicators": key_indicators(period, indicators),
            "domains": {d: sections.domain(store, agency, period, d, indicators, quoted) for d in DOMAINS},
            "closing": sections.closing(store, agency, period, quoted),
            "findings": found,
            "documents": sections.documents(store, agency, period),
            "claims": sections.claims(store, agency, period),
            "appendix": sections.appendix(store, agency, period, clarify.marks(asked)),
            "provenance": provenance(
                store, agency, period, notebook_sha256, parameters or {"agency": agency, "period": period}
            ),
        },
    }
    return with_svgs(model)
