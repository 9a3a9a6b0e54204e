"""A period's overview across agencies: indicators side by side, findings per agency, who has
not reported, provenance. Pure functions returning escaped HTML fragments, like :mod:`reporting`."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cchc_analysis import __version__
from cchc_analysis.report import formats as fmt
from cchc_analysis.report import charts as plots
from cchc_analysis.report import htmlparts as hp
from cchc_analysis.derive.comparisons import side_by_side
from cchc_analysis.report.htmlparts import Fragment
from cchc_analysis.report.reporting import (
    INDICATOR_DECIMALS,
    SEVERITIES,
    Store,
    chart_fragment,
    parameters_text,
    finding_counts,
    frame_digest,
    indicator_value,
    missing_table,
    period_label,
)


def overview_title(store: Store, period: str) -> Fragment:
    """Title of a period's overview: the period and how many agencies reported."""
    present = sorted({a for a, p in store.pairs() if p == period})
    if not present:
        raise ValueError(f"Không có số liệu nào của kỳ {period} trong {store.data_dir}")
    return hp.join([
        Fragment('<header class="report-head">'),
        hp.paragraph("Tổng hợp công tác cải cách hành chính theo kỳ", "kicker"),
        hp.heading(f"Tổng hợp {period_label(period)}", 1),
        hp.paragraph(f"{fmt.number(len(present))} cơ quan đã báo cáo ({period})", "period"),
        Fragment("</header>"),
    ])


def overview_indicators_frame(store: Store, period: str) -> pd.DataFrame | None:
    """Indicators (rows) × agencies (columns), formatted; only indicators with a value somewhere."""
    ind = store.slice("indicators", None, period)
    if ind is None:
        return None
    agencies = sorted({a for a, p in store.pairs() if p == period})
    values = side_by_side(ind, period).reindex(agencies).T  # indicators × agencies
    units = dict(zip(ind["name"], ind["unit"]))
    names = [n for n in dict.fromkeys(ind["name"]) if n in values.index and values.loc[n].notna().any()]
    rows = [{"Chỉ số": str(name), **{a: indicator_value(values.at[name, a], units[name]) for a in agencies}}
            for name in names]
    return pd.DataFrame(rows, columns=["Chỉ số", *agencies])


def overview_indicators(store: Store, period: str) -> Fragment:
    """Agencies side by side on the indicators, with a chart of the most reported rate."""
    frame = overview_indicators_frame(store, period)
    if frame is None:
        return hp.section("Chỉ số theo cơ quan", [missing_table("indicators")], id="chi-so")
    if frame.empty:
        return hp.section("Chỉ số theo cơ quan", [hp.note("Chưa có chỉ số nào tính được cho kỳ này.")], id="chi-so")
    body: list[object] = [hp.table(frame, "tbl-overview-indicators", "Chỉ số theo cơ quan",
                                   numeric=list(frame.columns[1:]), column_classes={"Chỉ số": "label"})]
    ind = store.slice("indicators", None, period)
    rates = ind[(ind["unit"].astype(str) == "%") & ind["value"].notna()]
    if rates["agency"].nunique() >= 2:  # one bar per agency: worth a chart from two agencies on
        chosen = _most_telling(rates)
        pick = rates[rates["indicator_id"] == chosen].sort_values("agency")
        name = str(pick["name"].iloc[0])
        fig = plots.percent_bars(list(pick["agency"].astype(str)), list(pick["value"].astype(float)), name,
                                 decimals=INDICATOR_DECIMALS)
        body.append(chart_fragment(fig, alt=name, caption=f"{name} theo cơ quan"))
    return hp.section("Chỉ số theo cơ quan", body, id="chi-so")


def _most_telling(rates: pd.DataFrame) -> str:
    """The rate worth a chart: reported by the most agencies, then the widest spread between
    them (where agencies differ), then the first in catalogue order."""
    order = list(dict.fromkeys(rates["indicator_id"]))
    stats = rates.groupby("indicator_id")["value"].agg(["count", "min", "max"])
    return max(order, key=lambda i: (stats.at[i, "count"], stats.at[i, "max"] - stats.at[i, "min"],
                                     -order.index(i)))


def overview_findings(store: Store, period: str) -> Fragment:
    """Findings counted per agency and severity."""
    findings = store.slice("findings", None, period)
    if findings is None:
        return hp.section("Phát hiện về chất lượng dữ liệu", [missing_table("findings")], id="chat-luong")
    agencies = sorted({a for a, p in store.pairs() if p == period})
    rows = []
    for agency in agencies:
        counts = finding_counts(store, agency, period) or {}
        rows.append({"Cơ quan": agency, **{SEVERITIES[s]: fmt.number(counts.get(s, 0)) for s in SEVERITIES},
                     "Tổng": fmt.number(sum(counts.values()))})
    frame = pd.DataFrame(rows, columns=["Cơ quan", *SEVERITIES.values(), "Tổng"])
    return hp.section("Phát hiện về chất lượng dữ liệu", [
        hp.table(frame, "tbl-overview-findings", "Số phát hiện theo cơ quan và mức độ",
                 numeric=[*SEVERITIES.values(), "Tổng"])], id="chat-luong")


def not_reported(store: Store, period: str) -> list[str]:
    """Agencies present in some period of the store but not in this one."""
    present = {a for a, p in store.pairs() if p == period}
    return sorted(set(store.agencies()) - present)


def overview_missing(store: Store, period: str) -> Fragment:
    """Who has not reported for this period (of the agencies known to the store)."""
    missing = not_reported(store, period)
    body: list[object] = (
        [hp.paragraph(f"{fmt.number(len(missing))} cơ quan có số liệu ở kỳ khác nhưng chưa có báo cáo kỳ này:"),
         hp.bullet_list(missing, "missing-agencies")]
        if missing else [hp.note("Mọi cơ quan có trong dữ liệu đều đã báo cáo kỳ này.", "info")]
    )
    return hp.section("Cơ quan chưa báo cáo", body, id="chua-bao-cao")


def overview_provenance(store: Store, period: str, notebook_sha256: str = "",
                        parameters: Mapping[str, object] | None = None) -> Fragment:
    """Version, sources of the period, data hash and parameters of an overview."""
    files = store.inputs(None, period)
    pairs = [
        ("Phiên bản cchc-analysis", __version__),
        *[(f"Tệp nguồn {e.get('file')}", f"{e.get('agency')} — SHA-256 {e.get('sha256')}") for e in files],
        ("Mã băm dữ liệu (SHA-256 các dòng số liệu của kỳ)", frame_digest(store.slice("observations", None, period))),
        ("Mã băm sổ tay (SHA-256)", notebook_sha256 or fmt.NA),
        ("Tham số", parameters_text(parameters or {"period": period})),
    ]
    return hp.section("Nguồn gốc dữ liệu", [hp.definition_list(pairs, "provenance")],
                      id="nguon-goc", class_="provenance")
