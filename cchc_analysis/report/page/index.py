"""``index.html``: every report under the output folder, per period, with its key figures (each
with its caution, marked as in the report) and findings read from the report's own model
(``report.json``), so the index never disagrees with the report it links to."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cchc_analysis.parse.periods import period_label, period_sort_key
from cchc_analysis.report.page.navigation import period_anchor
from cchc_analysis.report.paths import INDEX_FILE, province_slug
from cchc_analysis.store.files import atomic_write, sha256_file, write_json

MANIFEST_NAME = "render.json"
#: What the index was last written from (its inputs' digest and its own SHA-256).
INDEX_RECORD = ".cchc-index.json"
TITLE = "Báo cáo CCHC theo kỳ"


def read_json(path: Path) -> dict | None:
    """A JSON file's content; None when missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _entry(out: Path, manifest_path: Path) -> dict | None:
    """One rendered report or overview: its manifest, folder, outputs and (for a report) figures."""
    manifest = read_json(manifest_path)
    if not manifest or manifest.get("kind") not in ("report", "overview", "province"):
        return None
    folder = manifest_path.parent.relative_to(out).as_posix()
    name = manifest["kind"]
    entry = {
        "kind": name,
        "period": manifest["period"],
        "agency": manifest.get("agency"),
        "province": manifest.get("province"),
        "ok": manifest.get("status") == "ok",
        "figures": [],
        "counts": None,
        "links": [
            (label, f"{folder}/{name}.{fmt}")
            for fmt, label in (("html", "HTML"), ("pdf", "PDF"), ("xlsx", "Excel"), ("ipynb", "Notebook"))
            if f"{name}.{fmt}" in manifest.get("outputs", [])
        ],
    }
    model = read_json(manifest_path.parent / f"{name}.json") if entry["ok"] else None
    if name == "report" and model:
        sections = model["sections"]
        by_id = {r["indicator_id"]: r for r in sections["key_indicators"]["rows"]}
        entry["figures"] = [by_id[i] for i in sections["key_indicators"]["key_figures"]]
        entry["counts"] = sections["title"]["counts"]["findings"]
    return entry


def entries(out: Path) -> list[dict]:
    """Per province and period (latest first): its overview (or None) and its reports by agency."""
    found = [e for path in _manifests(out) if (e := _entry(out, path))]
    groups = sorted(
        {(e["province"], e["period"]) for e in found},
        key=lambda g: (g[0] is None, g[0] or "", [-x for x in period_sort_key(g[1])[1:]]),
    )
    return [
        {
            "province": province,
            "period": period,
            "label": period_label(period),
            "id": f"{province_slug(province)}-{period.lower()}",
            "anchor": period_anchor(province, period),  # where a page's breadcrumb leads
            "overview": next(
                (
                    e
                    for e in found
                    if (e["province"], e["period"]) == (province, period) and e["kind"] == "overview"
                ),
                None,
            ),
            "province_report": next(
                (
                    e
                    for e in found
                    if (e["province"], e["period"]) == (province, period) and e["kind"] == "province"
                ),
                None,
            ),
            "reports": sorted(
                (
                    e
                    for e in found
                    if (e["province"], e["period"]) == (province, period) and e["kind"] == "report"
                ),
                key=lambda e: str(e["agency"]),
            ),
        }
        for province, period in groups
    ]


def _manifests(out: Path) -> list[Path]:
    return sorted(out.glob(f"*/*/{MANIFEST_NAME}")) + sorted(out.glob(f"*/*/*/{MANIFEST_NAME}"))


def write_index(out: Path) -> Path:
    """Write ``index.html`` under ``out``: links relative, no script, the report style. Left as
    it is when neither a report's ``render.json`` nor the code changed since it was written (and
    the file is as written)."""
    from cchc_analysis.report import dependencies

    path = out / INDEX_FILE
    digest = hashlib.sha256(dependencies.code_digest().encode())
    for manifest in _manifests(out):
        digest.update(manifest.relative_to(out).as_posix().encode() + b"\0" + manifest.read_bytes())
    record = {"inputs": digest.hexdigest()}
    previous = read_json(out / INDEX_RECORD)
    if (
        previous
        and previous.get("inputs") == record["inputs"]
        and path.is_file()
        and sha256_file(path) == previous.get("sha256")
    ):
        return path
    from cchc_analysis.report.page import convert
    from cchc_analysis.report.page.html import render_template

    body = render_template("index.html.j2", periods=entries(out))
    atomic_write(path, convert.html_page(body, TITLE).encode("utf-8"))
    write_json({**record, "sha256": sha256_file(path)}, out / INDEX_RECORD)
    return path
