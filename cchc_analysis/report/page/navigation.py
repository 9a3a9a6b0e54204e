"""Where a page sits among a render's pages: its breadcrumb (Danh mục › Tỉnh › Kỳ › Cơ quan),
every link relative and computed from the output folder's layout (:mod:`paths`), so that the
folder can be shared or moved as it is and its links still hold."""

from __future__ import annotations

from cchc_analysis.report.paths import (
    INDEX_FILE,
    PAGE_FILES,
    link,
    overview_folder,
    province_folder,
    province_slug,
)

#: The first crumb: the index of every report.
INDEX_LABEL = "Danh mục báo cáo"
NO_PROVINCE = "Chưa rõ tỉnh"


def period_anchor(province: str | None, period: str) -> str:
    """The id of a province's period in the index (``ky-khanh-hoa-2023-h1``)."""
    return f"ky-{province_slug(province)}-{period.lower()}"


def crumbs(model: dict) -> list[dict]:
    """The breadcrumb of a report, overview or province page: ``label`` and ``href`` (None for
    the page itself, and for a province page that no render makes: reports of no province)."""
    kind, period = model["kind"], model["period"]
    title = model["sections"]["title"]
    province = title.get("province")
    here = {"report": 3, "overview": 2, "province": 1}[kind]
    steps = [
        (INDEX_LABEL, f"{INDEX_FILE}#{period_anchor(province, period)}"),
        (
            province or NO_PROVINCE,
            province_folder(province, period) / PAGE_FILES["province"] if province else None,
        ),
        (title["period_label"], overview_folder(province, period) / PAGE_FILES["overview"]),
        (model.get("agency"), None),
    ][: here + 1]
    return [
        {"label": label, "href": link(kind, province, target) if target and n < here else None}
        for n, (label, target) in enumerate(steps)
    ]


def overview_link(model: dict) -> str:
    """From a page to its province's overview of the same period (the agencies side by side)."""
    province = model["sections"]["title"].get("province")
    return link(model["kind"], province, overview_folder(province, model["period"]) / PAGE_FILES["overview"])
