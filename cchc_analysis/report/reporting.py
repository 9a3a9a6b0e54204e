"""Report content as pure functions: the store's tables → display-ready frames and HTML fragments.

Why here and not in the notebooks: a notebook cell is hard to test and easy to let rot, so the
notebooks only call these functions. Every fragment is escaped (:mod:`htmlparts`), every number
formatted the Vietnamese way (:mod:`fmt`) and nothing depends on the clock or on random ids, so
the same data gives the same bytes. A table missing from the store (a store written by an older
``cchc ingest``) gives a Vietnamese note in its section instead of an error.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from cchc_analysis import __version__
from cchc_analysis.report import formats as fmt
from cchc_analysis.report import charts as plots
from cchc_analysis.report import htmlparts as hp
from cchc_analysis.report.htmlparts import Fragment
from cchc_analysis.derive.catalog import AREAS, DOMAINS
from cchc_analysis.derive.checks import RULES
from cchc_analysis.parse.periods import parse_period
from cchc_analysis.store.io import MANIFEST, resolve_data_dir

#: Tables a report reads, in the order the report uses them.
TABLES = ("observations", "narrative", "indicators", "comparisons", "findings", "documents")
#: Tables loaded when present but not shown in reports (inputs of :func:`run_checks`).
EXTRA_TABLES = ("claims",)
#: The folder holding ``cchc_analysis`` (the project root in a checkout).
PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: Narrative section "II.k" → the k-th domain after chỉ đạo điều hành; "I", "I.*" → chỉ đạo.
DOMAIN_OF_SECTION = {f"II.{k}": d for k, d in enumerate(list(DOMAINS)[1:], start=1)}
#: Narrative sections shown after the domains (assessment, plans, proposals).
CLOSING_SECTIONS = ("III", "IV", "V")

SEVERITIES = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}
#: Indicators shown first as a report's key figures (in the index), when they have a value.
KEY_INDICATORS = ("docs_electronic_share", "province_on_time_rate", "plan_completion_rate",
                  "tthc_published_share", "online_dossier_share", "staff_reduction_rate")
CHANGE_PP = "\u00a0điểm\u00a0%"

# --------------------------------------------------------------------------- the store


@dataclass
class Store:
    """The processed store as loaded for a report: every table (None when absent) + manifest."""

    data_dir: Path
    tables: dict[str, pd.DataFrame | None]
    manifest: dict = field(default_factory=dict)

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def slice(self, name: str, agency: str | None = None, period: str | None = None) -> pd.DataFrame | None:
        """The rows of one table for an agency and/or a period (None when the table is absent)."""
        frame = self.get(name)
        if frame is None:
            return None
        keep = pd.Series(True, index=frame.index)
        if agency is not None and "agency" in frame:
            keep &= frame["agency"] == agency
        if period is not None and "period" in frame:
            keep &= frame["period"] == period
        return frame[keep.fillna(False).astype(bool)].reset_index(drop=True)

    def pairs(self) -> list[tuple[str, str]]:
        """Every (agency, period) with observations, by period then agency."""
        obs = self.get("observations")
        if obs is None or obs.empty:
            return []
        found = {(str(a), str(p)) for a, p in zip(obs["agency"], obs["period"])}
        return sorted(found, key=lambda ap: (period_sort_key(ap[1]), ap[0]))

    def agencies(self) -> list[str]:
        return sorted({a for a, _ in self.pairs()})

    def periods(self) -> list[str]:
        return sorted({p for _, p in self.pairs()}, key=period_sort_key)

    def inputs(self, agency: str | None = None, period: str | None = None) -> list[dict]:
        """Manifest entries of the source files for an agency and/or period."""
        return [
            entry for entry in self.manifest.get("inputs", [])
            if (agency is None or entry.get("agency") == agency)
            and (period is None or entry.get("period") == period)
        ]


def load(data_dir: str | Path | None = "data/processed") -> Store:
    """Every report table of the store that exists, and its manifest."""
    folder = resolve_data_dir(data_dir)
    if not (folder / "observations.parquet").exists():
        raise FileNotFoundError(
            f"Không tìm thấy {folder / 'observations.parquet'}: chạy `cchc ingest` trước "
            f"(no processed store in {folder})"
        )
    tables: dict[str, pd.DataFrame | None] = {}
    for name in (*TABLES, *EXTRA_TABLES):
        path = folder / f"{name}.parquet"
        tables[name] = pd.read_parquet(path) if path.exists() else None
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    return Store(folder, tables, manifest)


def period_sort_key(period: str) -> tuple:
    try:
        return (0, *parse_period(period).sort_key)
    except ValueError:
        return (1, str(period))


def period_label(period: str) -> str:
    """``2023-H1`` → "6 tháng đầu năm 2023" (the code itself when it is not a period)."""
    try:
        return parse_period(period).label
    except ValueError:
        return str(period)


# --------------------------------------------------------------------------- hashes


def frame_digest(frame: pd.DataFrame | None) -> str:
    """SHA-256 of a frame's rows as CSV (column order and row order count); "absent" for None."""
    if frame is None:
        return "absent"
    text = frame.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def data_hash(store: Store, agency: str, period: str) -> str:
    """SHA-256 of this agency × period's observations (the data hash in the provenance)."""
    return frame_digest(store.slice("observations", agency, period))


def slice_digests(store: Store, agency: str | None, period: str | None) -> dict[str, str]:
    """A digest per table of the rows a report reads, plus the manifest entries of its files."""
    digests = {name: frame_digest(store.slice(name, agency, period)) for name in TABLES}
    inputs = json.dumps(store.inputs(agency, period), ensure_ascii=False, sort_keys=True)
    digests["manifest"] = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
    return digests


def file_sha256(path: str | Path | None) -> str:
    """SHA-256 of a file, "" when there is none."""
    if not path or not Path(path).is_file():
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --------------------------------------------------------------------------- small helpers


def missing_table(name: str) -> Fragment:
    """The note a section shows when the store has no such table (an older store)."""
    return hp.note(f"Chưa có bảng {name} trong dữ liệu; chạy lại cchc ingest", "missing")


def section_id(domain: str) -> str:
    return f"linh-vuc-{hp.safe_id(domain)}"


def domain_of(code: object) -> str | None:
    """Domain of an appendix code from its top-level number ("7.6.3" → chinh_quyen_so)."""
    if fmt.is_na(code):
        return None
    return AREAS.get(str(code).split(".")[0])


def narrative_domain(section: object) -> str | None:
    """Domain of a narrative section id: "I", "I.2" → chỉ đạo điều hành; "II.2.a" → TTHC."""
    if fmt.is_na(section):
        return None
    text = str(section)
    if text == "I" or text.startswith("I."):
        return "chi_dao_dieu_hanh"
    parts = text.split(".")
    return DOMAIN_OF_SECTION.get(".".join(parts[:2])) if len(parts) >= 2 else None


def _codes_of(unit: object) -> dict[int, str]:
    from cchc_analysis.parse.numbers import read_codes

    if fmt.is_na(unit) or "=" not in str(unit):
        return {}
    codes = read_codes(str(unit)) or {}
    return {code: name for name, code in codes.items()}


def observation_value(row: Mapping) -> str:
    """A cell of "Số liệu" as a Vietnamese reader writes it: 1.402 · 5,88 % · 95,7 % (681/712) ·
    1 (Có) for a coded scale · "–" when blank."""
    value, unit = row.get("value"), row.get("unit")
    if fmt.is_na(value):
        return fmt.NA
    meaning = _codes_of(unit)
    if meaning:
        name = meaning.get(int(value)) if float(value).is_integer() else None
        return fmt.number(value) + (f" ({name})" if name else "")
    if not fmt.is_na(unit) and str(unit).strip() == "%":
        text = fmt.percent(value, None)
        counts = fmt.ratio(row.get("numerator"), row.get("denominator"))
        return text if counts == fmt.NA else f"{text} ({counts})"
    return fmt.number(value, None)


#: Decimals of a computed percentage: the arithmetic's digits are not the source's precision.
INDICATOR_DECIMALS = 1


def indicator_value(value: object, unit: object) -> str:
    """A derived indicator: percentages with one decimal (66,7 %), counts as they are."""
    if fmt.is_na(value):
        return fmt.NA
    if str(unit) == "%":
        return fmt.percent(value, INDICATOR_DECIMALS)
    return fmt.number(value, min(fmt.decimals_of(value), 2))


def _change(value: object, unit: object) -> str:
    if fmt.is_na(value):
        return fmt.NA
    if str(unit) == "%":
        return fmt.signed(value, INDICATOR_DECIMALS, CHANGE_PP)
    return fmt.signed(value, min(fmt.decimals_of(value), 2))


def _date(value: object) -> str:
    """dd/mm/yyyy from an ISO string, a date or a timestamp; "–" when missing."""
    if fmt.is_na(value):
        return fmt.NA
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else text


def _yes_no(value: object) -> str:
    if fmt.is_na(value):
        return fmt.NA
    if isinstance(value, str):
        value = value.strip().lower() in ("true", "1", "yes", "có")
    return "Có" if bool(value) else "Không"


def _text(value: object) -> str:
    return "" if fmt.is_na(value) else str(value)


def _require(store: Store, agency: str, period: str) -> pd.DataFrame:
    obs = store.slice("observations", agency, period)
    if obs is None or obs.empty:
        known = ", ".join(f"{a} {p}" for a, p in store.pairs()) or "không có"
        raise ValueError(
            f"Không có số liệu của “{agency}” kỳ {period} trong {store.data_dir} "
            f"(có: {known}); kiểm tra tham số agency/period hoặc chạy cchc ingest"
        )
    if "domain" not in obs or obs["domain"].isna().all():
        obs = obs.assign(domain=[domain_of(c) for c in obs["code"]])
    else:
        obs = obs.assign(domain=[d if not fmt.is_na(d) else domain_of(c)
                                 for d, c in zip(obs["domain"], obs["code"])])
    return obs


# --------------------------------------------------------------------------- display frames


def appendix_frame(obs: pd.DataFrame, agency: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Cleaned appendix rows (STT, Chỉ tiêu, Đơn vị tính, Số liệu, Ghi chú) + a class per row."""
    rows, classes = [], []
    for row in obs.to_dict("records"):
        item = 0 if fmt.is_na(row.get("item")) else int(row["item"])
        code = _text(row.get("code"))
        notes = [_text(row.get("note"))]
        implementer = re.sub(r"^[-–\s]+", "", _text(row.get("implementer")))
        if implementer and implementer != agency:
            notes.append(f"Đơn vị thực hiện: {implementer}")
        unit = _text(row.get("unit"))
        rows.append({
            "STT": code if item == 0 else "",
            "Chỉ tiêu": (f"– {row.get('label')}" if item else _text(row.get("label"))),
            "Đơn vị tính": unit,
            "Số liệu": observation_value(row),
            "Ghi chú": "; ".join(n for n in notes if n),
        })
        kind = "sub" if item else ("area" if "." not in code else "row")
        classes.append(kind + (" blank" if fmt.is_na(row.get("value")) else ""))
    frame = pd.DataFrame(rows, columns=["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"])
    return frame, classes


def _appendix_table(frame: pd.DataFrame, classes: list[str], table_id: str, caption: str) -> Fragment:
    return hp.table(frame, table_id, caption, numeric=["Số liệu"], row_classes=classes,
                    column_classes={"STT": "stt", "Đơn vị tính": "unit", "Chỉ tiêu": "label"},
                    class_="data appendix")


def with_context(obs: pd.DataFrame) -> pd.DataFrame:
    """Rows that hold a figure, with the coded row each of them belongs to (for its label)."""
    has_value = obs["value"].notna()
    codes = set(obs.loc[has_value, "code"])
    keep = has_value | ((obs["item"] == 0) & obs["code"].isin(codes))
    return obs[keep.fillna(False).astype(bool)].reset_index(drop=True)


def indicators_frame(store: Store, agency: str, period: str, domain: str | None = None,
                     compare: bool = True) -> pd.DataFrame | None:
    """Indicators of a report; with ``compare``, their change vs the previous period and the
    year before (columns "Kỳ trước" … and "So sánh", the comparison's note)."""
    ind = store.slice("indicators", agency, period)
    if ind is None:
        return None
    if domain is not None:
        ind = ind[ind["domain"] == domain]
    comp = store.slice("comparisons", agency, period) if compare else None
    comp_by_id = {} if comp is None else {r["indicator_id"]: r for r in comp.to_dict("records")}
    serious = _serious(store.slice("findings", agency, period))
    rows = []
    for row in ind.to_dict("records"):
        c = comp_by_id.get(row["indicator_id"], {})
        unit = row.get("unit")
        cells = {part.split("]", 1)[-1].strip() for part in _text(row.get("inputs")).split(";")}
        problems = sum(1 for f in serious
                       if f["where"] in cells or f["indicator_id"] == row["indicator_id"])
        caution = (f"{fmt.number(problems)} lỗi/cảnh báo ở số liệu đầu vào (xem Chất lượng dữ liệu)"
                   if problems else "")
        rows.append({
            "Chỉ số": _text(row.get("name")),
            "Giá trị": indicator_value(row.get("value"), unit),
            "Tử số/mẫu số": fmt.ratio(row.get("numerator"), row.get("denominator")),
            "Kỳ trước": indicator_value(c.get("previous_value"), unit),
            "Thay đổi so với kỳ trước": _change(c.get("change"), unit),
            "Cùng kỳ năm trước": indicator_value(c.get("year_before_value"), unit),
            "Thay đổi so với cùng kỳ": _change(c.get("change_year_before"), unit),
            "Ghi chú": "; ".join(x for x in (_text(row.get("reason")), caution) if x),
            "So sánh": _text(c.get("note")),
        })
    columns = ["Chỉ số", "Giá trị", "Tử số/mẫu số", *_COMPARISON_COLUMNS, "Ghi chú", "So sánh"]
    frame = pd.DataFrame(rows, columns=columns)
    if comp is None:
        frame = frame.drop(columns=[*_COMPARISON_COLUMNS, "So sánh"])
    return frame


def _serious(findings: pd.DataFrame | None) -> list[dict]:
    """Errors and warnings with the cell they point at ("dòng 338"): an indicator computed from
    such a cell, or contradicted by the narrative, deserves a caution beside its value."""
    if findings is None:
        return []
    serious = findings[findings["severity"].isin(["error", "warning"])]
    return [{"where": fmt.locator(f["locator"]), "indicator_id": f["indicator_id"]}
            for f in serious.to_dict("records")]


_COMPARISON_COLUMNS = ["Kỳ trước", "Thay đổi so với kỳ trước", "Cùng kỳ năm trước",
                       "Thay đổi so với cùng kỳ"]
_INDICATOR_NUMERIC = ["Giá trị", "Tử số/mẫu số", "Kỳ trước", "Thay đổi so với kỳ trước",
                      "Cùng kỳ năm trước", "Thay đổi so với cùng kỳ"]


def findings_frame(findings: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Findings as shown: Mức độ, Quy tắc, Mã, Nội dung, Bằng chứng, Vị trí + severity classes.

    "Vị trí" names the source file only when the findings come from more than one file.
    """
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings = findings.assign(_o=[order.get(str(s), 9) for s in findings["severity"]])
    findings = findings.sort_values("_o", kind="stable")
    several = findings["source"].nunique() > 1 if "source" in findings else False
    rows = []
    for row in findings.to_dict("records"):
        where = " · ".join(x for x in (_text(row.get("source")) if several else "",
                                        fmt.locator(row.get("locator"))) if x)
        rows.append({
            "Mức độ": SEVERITIES.get(_text(row.get("severity")), _text(row.get("severity"))),
            "Quy tắc": RULES[rule].title if (rule := _text(row.get("rule"))) in RULES else rule,
            "Mã": _text(row.get("code")),
            "Nội dung": _text(row.get("message")),
            "Bằng chứng": _text(row.get("evidence")),
            "Vị trí": where,
        })
    classes = [f"sev-{hp.safe_id(_text(s))}" for s in findings["severity"]]
    return pd.DataFrame(rows, columns=["Mức độ", "Quy tắc", "Mã", "Nội dung", "Bằng chứng", "Vị trí"]), classes


def documents_frame(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents cited: Văn bản, Số hiệu, Ngày, Cơ quan tự ban hành, Trong kỳ, Mục."""
    rows = []
    for row in documents.to_dict("records"):
        rows.append({
            "Loại văn bản": _text(row.get("doc_type")),
            "Số, ký hiệu": _text(row.get("symbol")) or _text(row.get("number")),
            "Ngày": _date(row.get("date")),
            "Cơ quan tự ban hành": _yes_no(row.get("issued_by_agency")),
            "Trong kỳ báo cáo": _yes_no(row.get("in_period")),
            "Mục": _text(row.get("section_id")),
            "Vị trí": fmt.locator(row.get("locator")),
        })
    return pd.DataFrame(rows, columns=["Loại văn bản", "Số, ký hiệu", "Ngày", "Cơ quan tự ban hành",
                                       "Trong kỳ báo cáo", "Mục", "Vị trí"])


def finding_counts(store: Store, agency: str | None, period: str | None) -> dict[str, int] | None:
    """Findings per severity (error, warning, info); None when the store has no findings table."""
    findings = store.slice("findings", agency, period)
    if findings is None:
        return None
    counts = findings["severity"].astype(str).value_counts()
    return {s: int(counts.get(s, 0)) for s in SEVERITIES}


def key_figures(store: Store, agency: str, period: str, limit: int = 3) -> list[tuple[str, str]]:
    """A few headline indicators with a value (name, formatted value): KEY_INDICATORS first."""
    ind = store.slice("indicators", agency, period)
    if ind is None:
        return []
    ind = ind[ind["value"].notna()]
    rank = {i: n for n, i in enumerate(KEY_INDICATORS)}
    ind = ind.assign(_rank=[rank.get(i, len(rank)) for i in ind["indicator_id"]]).sort_values("_rank", kind="stable")
    return [(str(r["name"]), indicator_value(r["value"], r["unit"])) for r in ind.head(limit).to_dict("records")]


# --------------------------------------------------------------------------- charts


def chart_fragment(fig, alt: str, caption: str) -> Fragment:
    return hp.figure(plots.to_svg(fig), alt=alt, caption=caption)


def indicator_chart(ind: pd.DataFrame | None, title: str) -> Fragment | None:
    """Bars of the percentage indicators that have a value (None when there are none)."""
    if ind is None:
        return None
    rates = ind[(ind["unit"].astype(str) == "%") & ind["value"].notna()]
    if rates.empty:
        return None
    fig = plots.percent_bars(list(rates["name"].astype(str)), list(rates["value"].astype(float)), title,
                             decimals=INDICATOR_DECIMALS)
    return chart_fragment(fig, alt=title, caption=f"{title} (tính từ số liệu phụ lục)")


def stated_rates_chart(obs: pd.DataFrame, title: str, domain_title: str = "") -> Fragment | None:
    """Bars of the rates the agency stated in the appendix (rows in %, with a value)."""
    rates = obs[(obs["unit"].astype(str) == "%") & obs["value"].notna()]
    if rates.empty:
        return None
    fig = plots.percent_bars(list(rates["label"].astype(str)), list(rates["value"].astype(float)), title)
    where = f"{domain_title}: " if domain_title else ""
    return chart_fragment(fig, alt=f"{where}{title}", caption=f"{where}tỷ lệ ghi trong phụ lục của báo cáo")


def counts_chart(obs: pd.DataFrame) -> Fragment | None:
    """Bars of the largest group of sub-rows that share one count unit and are not all zero."""
    best = None
    for code, group in obs.groupby("code", sort=False):
        subs = group[(group["item"] > 0) & group["value"].notna()]
        units = set(subs["unit"].dropna().astype(str))
        if len(subs) < 2 or len(units) != 1:
            continue
        unit = units.pop()
        if unit == "%" or "=" in unit or float(subs["value"].sum()) <= 0:
            continue
        score = (len(subs), float(subs["value"].sum()))
        if best is None or score > best[0]:
            parent = group[group["item"] == 0]
            title = str(parent["label"].iloc[0]) if len(parent) else str(code)
            best = (score, code, title, subs, unit)
    if best is None:
        return None
    _, code, title, subs, unit = best
    title = re.sub(r"[.:;,\s]*(Trong đó)?[.:;,\s]*$", "", title, flags=re.I)
    fig = plots.count_bars(list(subs["label"].astype(str)), list(subs["value"].astype(float)), unit,
                           f"{code}. {title}")
    return chart_fragment(fig, alt=f"{code}. {title}", caption=f"{code}. {title} (số liệu phụ lục)")


# --------------------------------------------------------------------------- period report


def title_block(store: Store, agency: str, period: str) -> Fragment:
    """Agency, period, the source files (with SHA-256) and a one-line summary; a contents list."""
    obs = _require(store, agency, period)
    inputs = store.inputs(agency, period)
    sources = sorted(set(obs["source"].astype(str)))
    titles = [e.get("title") for e in inputs if e.get("title")]
    files = [(e.get("file"), e.get("sha256")) for e in inputs] or [(s, "") for s in sources]
    counts = finding_counts(store, agency, period)
    ind = store.slice("indicators", agency, period)
    summary = [f"{fmt.number(len(obs))} dòng phụ lục ({fmt.number(int(obs['value'].notna().sum()))} có số liệu)"]
    if ind is not None:
        summary.append(f"{fmt.number(len(ind))} chỉ số ({fmt.number(int(ind['value'].notna().sum()))} tính được)")
    if counts is not None:
        summary.append(f"phát hiện về chất lượng dữ liệu: {fmt.number(counts['error'])} lỗi, "
                       f"{fmt.number(counts['warning'])} cảnh báo, {fmt.number(counts['info'])} lưu ý")
    contents = [("chi-so", "Chỉ số chính"), *[(section_id(d), t) for d, t in DOMAINS.items()],
                ("danh-gia", "Đánh giá, phương hướng, kiến nghị"), ("chat-luong", "Chất lượng dữ liệu"),
                ("van-ban", "Văn bản được trích dẫn"), ("phu-luc", "Phụ lục số liệu"),
                ("nguon-goc", "Nguồn gốc dữ liệu")]
    toc = Fragment('<nav class="toc"><p class="toc-title">Nội dung</p><ol>' + "".join(
        f"<li>{hp.link(text, '#' + anchor)}</li>" for anchor, text in contents) + "</ol></nav>")
    return hp.join([
        Fragment('<header class="report-head">'),
        hp.paragraph("Báo cáo phân tích công tác cải cách hành chính", "kicker"),
        hp.heading(agency, 1),
        hp.paragraph(f"{period_label(period)} ({period})", "period"),
        *[hp.paragraph(t, "source-title") for t in titles],
        hp.definition_list(
            [("Tệp nguồn", hp.join([hp.element("span", name, class_="file"),
                                    hp.element("span", f"SHA-256 {sha}" if sha else "", class_="hash")], " "))
             for name, sha in files] + [("Tóm tắt", " · ".join(summary))],
            "facts"),
        Fragment("</header>"),
        toc,
    ])


def key_indicators(store: Store, agency: str, period: str) -> Fragment:
    """The derived indicators with their change vs earlier periods, and a chart of the rates.

    Comparison columns with no figure at all are left out, and a comparison note shared by every
    row is said once above the table instead of on each row.
    """
    _require(store, agency, period)
    body: list[object] = []
    frame = indicators_frame(store, agency, period)
    if frame is None:
        return hp.section("Chỉ số chính", [missing_table("indicators")], id="chi-so")
    p = parse_period(period)
    if store.get("comparisons") is None:
        body.append(missing_table("comparisons"))
    else:
        lead = (f"So sánh với kỳ trước ({p.previous().label}) và cùng kỳ năm trước "
                f"({p.year_before().label}); thay đổi của một tỷ lệ tính bằng điểm phần trăm.")
        empty = [c for c in _COMPARISON_COLUMNS if (frame[c] == fmt.NA).all()]
        frame = frame.drop(columns=empty)
        notes = set(frame["So sánh"])
        if len(notes) <= 1:
            shared = notes.pop() if notes else ""
            frame = frame.drop(columns=["So sánh"])
            if shared:
                lead += f" {shared[:1].upper()}{shared[1:]}."
        body.append(hp.paragraph(lead, "lead"))
    if frame.empty:
        body.append(hp.note("Không có chỉ số nào cho kỳ này.", "info"))
    else:
        numeric = [c for c in _INDICATOR_NUMERIC if c in frame]
        body.append(hp.table(frame, "tbl-indicators", "Chỉ số chính", numeric=numeric,
                             column_classes={"Chỉ số": "label"}))
        chart = indicator_chart(store.slice("indicators", agency, period), "Các chỉ số tỷ lệ")
        if chart:
            body.append(chart)
    return hp.section("Chỉ số chính", body, id="chi-so")


def _narrative_block(sections: pd.DataFrame, level: int) -> list[Fragment]:
    out: list[Fragment] = []
    for row in sections.to_dict("records"):
        depth = 0 if fmt.is_na(row.get("level")) else int(row["level"])
        if _text(row.get("heading")):
            out.append(hp.heading(_text(row["heading"]), min(level + max(depth - 2, 0), 6)))
        if _text(row.get("text")):
            out.append(hp.paragraphs(row["text"], "prose"))
            out.append(hp.paragraph(f"Nguồn: {_text(row.get('source'))}, {fmt.locator(row.get('locator'))}",
                                    "locator"))
    return out


def domain_section(store: Store, agency: str, period: str, domain: str) -> Fragment:
    """One domain: the agency's narrative, its indicators, its appendix figures and charts."""
    obs = _require(store, agency, period)
    title = DOMAINS.get(domain, domain)
    body: list[object] = []
    narrative = store.slice("narrative", agency, period)
    body.append(hp.heading("Nội dung báo cáo", 3))
    if narrative is None:
        body.append(missing_table("narrative"))
    else:
        mine = narrative[[narrative_domain(s) == domain for s in narrative["section_id"]]]
        if mine.empty:
            body.append(hp.note("Báo cáo không có phần viết riêng cho lĩnh vực này.", "info"))
        else:
            body.extend(_narrative_block(mine, 4))
    ind = indicators_frame(store, agency, period, domain, compare=False)
    if ind is not None and not ind.empty:
        body.append(hp.heading("Chỉ số", 3))
        numeric = [c for c in _INDICATOR_NUMERIC if c in ind]
        body.append(hp.table(ind, f"tbl-indicators-{hp.safe_id(domain)}", f"Chỉ số: {title}", numeric=numeric,
                             column_classes={"Chỉ số": "label"}))
    rows = obs[obs["domain"] == domain]
    body.append(hp.heading("Số liệu phụ lục", 3))
    if rows.empty:
        body.append(hp.note("Phụ lục không có dòng nào thuộc lĩnh vực này.", "info"))
    else:
        figures = with_context(rows)
        if figures.empty:
            body.append(hp.note("Các dòng của lĩnh vực này đều để trống.", "info"))
        else:
            frame, classes = appendix_frame(figures, agency)
            body.append(_appendix_table(frame, classes, f"tbl-appendix-{hp.safe_id(domain)}",
                                        f"Số liệu đã báo cáo: {title}"))
            blanks = int(rows["value"].isna().sum())
            if blanks:
                body.append(hp.paragraph(
                    f"{fmt.number(blanks)} dòng để trống không hiện ở đây; xem Phụ lục số liệu.", "locator"))
        for chart in (stated_rates_chart(rows, "Tỷ lệ do cơ quan báo cáo", title), counts_chart(rows)):
            if chart:
                body.append(chart)
    return hp.section(title, body, id=section_id(domain), class_="domain")


def domain_sections(store: Store, agency: str, period: str) -> Fragment:
    """Every domain in the template's order."""
    return hp.join(domain_section(store, agency, period, d) for d in DOMAINS)


def closing_section(store: Store, agency: str, period: str) -> Fragment:
    """The agency's own assessment, plans and proposals (narrative III–V)."""
    _require(store, agency, period)
    narrative = store.slice("narrative", agency, period)
    if narrative is None:
        body: list[object] = [missing_table("narrative")]
    else:
        mine = narrative[narrative["section_id"].astype(str).isin(CLOSING_SECTIONS)]
        body = _narrative_block(mine, 3) if not mine.empty else [
            hp.note("Báo cáo không có phần đánh giá, phương hướng, kiến nghị.", "info")]
    return hp.section("Đánh giá, phương hướng, kiến nghị của cơ quan", body, id="danh-gia")


def findings_section(store: Store, agency: str, period: str) -> Fragment:
    """Data-quality findings grouped by severity (errors first), coloured by severity."""
    _require(store, agency, period)
    findings = store.slice("findings", agency, period)
    if findings is None:
        return hp.section("Chất lượng dữ liệu", [missing_table("findings")], id="chat-luong")
    counts = finding_counts(store, agency, period) or {}
    body: list[object] = [hp.paragraph(
        " · ".join(f"{SEVERITIES[s]}: {fmt.number(n)}" for s, n in counts.items()), "lead")]
    if findings.empty:
        body.append(hp.note("Không phát hiện vấn đề nào về chất lượng dữ liệu.", "info"))
    for severity, name in SEVERITIES.items():
        group = findings[findings["severity"].astype(str) == severity]
        if group.empty:
            continue
        frame, classes = findings_frame(group)
        body.append(hp.heading(f"{name} ({fmt.number(len(group))})", 3))
        body.append(hp.table(frame.drop(columns=["Mức độ"]), f"tbl-findings-{severity}",
                             f"Phát hiện mức “{name}”", row_classes=classes, class_="data findings",
                             column_classes={"Quy tắc": "rule", "Mã": "stt", "Nội dung": "label",
                                             "Vị trí": "where"}))
    return hp.section("Chất lượng dữ liệu", body, id="chat-luong")


def documents_section(store: Store, agency: str, period: str) -> Fragment:
    """Documents the narrative cites (số/ký hiệu, ngày), whether issued by the agency, in period."""
    _require(store, agency, period)
    documents = store.slice("documents", agency, period)
    if documents is None:
        body: list[object] = [missing_table("documents")]
    elif documents.empty:
        body = [hp.note("Báo cáo không trích dẫn văn bản nào.", "info")]
    else:
        frame = documents_frame(documents)
        own = int((frame["Cơ quan tự ban hành"] == "Có").sum())
        inside = int((frame["Trong kỳ báo cáo"] == "Có").sum())
        body = [
            hp.paragraph(f"{fmt.number(len(frame))} văn bản; {fmt.number(own)} do cơ quan ban hành; "
                         f"{fmt.number(inside)} ban hành trong kỳ báo cáo.", "lead"),
            hp.table(frame, "tbl-documents", "Văn bản được trích dẫn", numeric=["Ngày"]),
        ]
    return hp.section("Văn bản được trích dẫn", body, id="van-ban")


def appendix_section(store: Store, agency: str, period: str) -> Fragment:
    """The whole cleaned appendix, blank rows included."""
    obs = _require(store, agency, period)
    frame, classes = appendix_frame(obs, agency)
    return hp.section("Phụ lục số liệu", [
        hp.paragraph("Toàn bộ bảng thống kê của báo cáo sau khi làm sạch; ô trống ghi “–”.", "lead"),
        _appendix_table(frame, classes, "tbl-appendix", "Phụ lục: thống kê số liệu cải cách hành chính"),
    ], id="phu-luc")


def parameters_text(parameters: Mapping[str, object] | None) -> str:
    shown = {k: v for k, v in (parameters or {}).items() if k not in ("data_dir", "notebook_sha256")}
    return "; ".join(f"{k} = {v}" for k, v in shown.items()) or fmt.NA


def provenance(store: Store, agency: str, period: str, notebook_sha256: str = "",
               parameters: Mapping[str, object] | None = None) -> Fragment:
    """Package version, source files, data hash, notebook hash and parameters; no timestamp."""
    _require(store, agency, period)
    files = store.inputs(agency, period)
    pairs = [
        ("Phiên bản cchc-analysis", __version__),
        ("Phiên bản bộ đọc", _text(store.manifest.get("parser_version")) or fmt.NA),
        *[(f"Tệp nguồn {e.get('file')}", f"SHA-256 {e.get('sha256')}") for e in files],
        ("Mã băm dữ liệu (SHA-256 các dòng số liệu của kỳ này)", data_hash(store, agency, period)),
        ("Mã băm sổ tay (SHA-256)", notebook_sha256 or fmt.NA),
        ("Tham số", parameters_text(parameters or {"agency": agency, "period": period})),
    ]
    return hp.section("Nguồn gốc dữ liệu", [
        hp.definition_list(pairs, "provenance"),
        hp.paragraph("Thời điểm tạo báo cáo được ghi trong render.json bên cạnh báo cáo, không ghi "
                     "vào nội dung: cùng dữ liệu cho cùng một báo cáo.", "locator"),
    ], id="nguon-goc", class_="provenance")


# --------------------------------------------------------------------------- exploring


def indicator_series(store: Store, agency: str, indicator_id: str) -> pd.DataFrame:
    """One indicator of one agency over every period of the store (period, label, value, unit)."""
    ind = store.slice("indicators", agency)
    if ind is None:
        raise LookupError("Chưa có bảng indicators trong dữ liệu; chạy lại cchc ingest")
    ind = ind[ind["indicator_id"] == indicator_id]
    by_period = {r["period"]: r for r in ind.to_dict("records")}
    periods = store.periods()
    return pd.DataFrame({
        "period": periods,
        "label": [period_label(p) for p in periods],
        "value": pd.array([by_period[p]["value"] if p in by_period else pd.NA for p in periods], dtype="Float64"),
        "unit": [by_period[p]["unit"] if p in by_period else None for p in periods],
    })


def trend_chart(store: Store, agency: str, indicator_id: str) -> Fragment:
    """A line of one indicator over the store's periods, as a figure fragment."""
    series = indicator_series(store, agency, indicator_id)
    ind = store.slice("indicators", agency)
    names = ind.loc[ind["indicator_id"] == indicator_id, "name"]
    name = str(names.iloc[0]) if len(names) else indicator_id
    unit = next((u for u in series["unit"] if u), None)
    fig = plots.trend(list(series["label"]), list(series["value"]), unit, f"{name} — {agency}")
    return chart_fragment(fig, alt=name, caption=f"{name} qua các kỳ")


def run_checks(store: Store, agency: str, period: str) -> pd.DataFrame:
    """Run every consistency rule (:mod:`checks`) again on one report of the store: the findings."""
    from cchc_analysis.derive.run import CLAIM_COLUMNS, run_checks as check_all

    obs = _require(store, agency, period)
    claims = store.slice("claims", agency, period)
    indicators = store.slice("indicators", agency, period)
    return check_all(
        obs,
        indicators if indicators is not None else pd.DataFrame(columns=["agency", "period"]),
        claims if claims is not None else pd.DataFrame(columns=CLAIM_COLUMNS),
    )


def notebook_page(parts: Iterable[object]) -> Fragment:
    """Several fragments as one (for a cell that shows more than one)."""
    return hp.join(parts)
