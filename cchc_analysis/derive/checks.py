"""Consistency rules → one findings table: which numbers of a report cannot all be true.

Each rule is a small function over one report (its matched observations, the catalogue, its
derived indicators and the figures its narrative states) that yields findings. Rules are general:
they read relations from the catalogue (``part_of``, ``numerator_of``, ``denominator_of``,
``catalog/relations.csv``), never a code, number or sentence of a particular report.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple
from datetime import date

import pandas as pd

from cchc_analysis.derive.catalog import CATALOG_DIR, unmatched
from cchc_analysis.cleaning import clean_text
from cchc_analysis.report.formats import decimals_of, locator, number, percent, round_half_up
from cchc_analysis.parse.numbers import NULL_TOKENS, read_codes, read_unit, read_value
from cchc_analysis.parse.periods import parse_period

SEVERITIES = ("error", "warning", "info")
COLUMNS = ["severity", "rule", "agency", "period", "code", "indicator_id", "message",
           "evidence", "source", "locator"]
RELATIONS_FILE = CATALOG_DIR / "relations.csv"

_YEAR = re.compile(r"\b(?P<lead>so với|từ|đến|giai đoạn|trước)?\s*năm\s+(?P<year>(?:19|20)\d{2})\b",
                   re.IGNORECASE)
_DOCUMENT = re.compile(r"\bsố\s+\d+[^\s,;]*/[^\s,;]+\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_DOCUMENT_UNITS = frozenset({"quyết định", "kế hoạch", "văn bản", "công văn", "chỉ thị", "báo cáo"})


@dataclass
class Context:
    """Everything the rules may look at for one report."""

    agency: str
    period: str
    source: str
    observations: pd.DataFrame  # matched: with indicator_id, domain
    catalog: pd.DataFrame
    indicators: pd.DataFrame
    claims: pd.DataFrame

    @cached_property
    def rows(self) -> list[dict]:
        """The observations as records, read once for all rules."""
        return self.observations.to_dict("records")

    @cached_property
    def by_id(self) -> dict[str, dict]:
        """Observation of each catalogue indicator present in the report."""
        return {r["indicator_id"]: r for r in self.rows if not pd.isna(r.get("indicator_id"))}

    @cached_property
    def kinds(self) -> dict[str, str]:
        return dict(zip(self.catalog.indicator_id, self.catalog.kind))

    def linked(self, column: str, target: str) -> list[str]:
        """Catalogue ids whose ``column`` (part_of, numerator_of, denominator_of) is ``target``."""
        return self._links.get((column, target), [])

    def targets(self, column: str) -> list[str]:
        """Every id some catalogue row points at through ``column`` (e.g. all totals)."""
        return sorted({target for col, target in self._links if col == column})

    @cached_property
    def _links(self) -> dict[tuple[str, str], list[str]]:
        links: dict[tuple[str, str], list[str]] = {}
        for column in ("part_of", "numerator_of", "denominator_of"):
            for rid, target in zip(self.catalog.indicator_id, self.catalog[column].fillna("")):
                if target:
                    links.setdefault((column, target), []).append(rid)
        return links

    def finding(self, severity: str, rule: str, row: dict | None, message: str,
                evidence: str = "", locator: str | None = None) -> dict:
        row = row or {}
        return {
            "severity": severity, "rule": rule, "agency": self.agency, "period": self.period,
            "code": row.get("code"), "indicator_id": row.get("indicator_id"), "message": message,
            "evidence": evidence or None, "source": self.source,
            "locator": locator or row.get("locator"),
        }


def _value(row: dict | None) -> float | None:
    if row is None or pd.isna(row.get("value")):
        return None
    return float(row["value"])


def _rounds_to(exact: float, stated: float) -> bool:
    """Does ``exact`` round (half up) to ``stated`` at the precision ``stated`` was written with?"""
    places = decimals_of(stated)
    return round_half_up(exact, places) == round_half_up(stated, places)


def _where(row: dict) -> str:
    return f"{row.get('code')}" + (f" (dòng con {row['item']})" if row.get("item") else "")


Rule = Callable[[Context], Iterator[dict]]


class RuleInfo(NamedTuple):
    """A registered rule: its severity, a short title for tables, a one-line description."""

    severity: str
    title: str
    description: str
    func: Rule


RULES: dict[str, RuleInfo] = {}


def rule(rule_id: str, severity: str, title: str, description: str) -> Callable[[Rule], Rule]:
    """Register a rule under a stable id with its severity, title and description."""
    def register(func: Rule) -> Rule:
        RULES[rule_id] = RuleInfo(severity, title, description, func)
        return func
    return register


def _rate_mismatch(ctx: Context, row: dict, stated: float, num: float, den: float,
                   evidence: str) -> dict | None:
    """A finding when ``num/den`` does not round to the ``stated`` rate at its own precision."""
    exact = 100 * num / den
    if _rounds_to(exact, stated):
        return None
    return ctx.finding(
        "error", "rate_vs_counts", row,
        f"{_where(row)}: tỷ lệ ghi {percent(stated, None)} nhưng {number(num)}/{number(den)} "
        f"= {percent(exact, 2)}, làm tròn thành {percent(exact, decimals_of(stated))}",
        evidence,
    )


@rule("rate_vs_counts", "error", "Tỷ lệ khác số đếm",
      "Tỷ lệ ghi không khớp với chính số đếm của nó (quá sai số làm tròn)")
def rate_vs_counts(ctx: Context) -> Iterator[dict]:
    found = []
    for row in ctx.rows:  # "681/712 đạt tỷ lệ 95,7 %" in one cell
        value, num, den = _value(row), row.get("numerator"), row.get("denominator")
        if value is not None and not pd.isna(num) and not pd.isna(den) and den:
            found.append(_rate_mismatch(ctx, row, value, float(num), float(den),
                                        f"ghi: {row['raw_value']}"))
    by_id = ctx.by_id
    for rate in (rid for rid, kind in ctx.kinds.items() if kind == "rate"):  # counts on own rows
        num_ids, den_ids = ctx.linked("numerator_of", rate), ctx.linked("denominator_of", rate)
        stated = by_id.get(rate)
        if not num_ids or not den_ids or _value(stated) is None or not pd.isna(stated.get("denominator")):
            continue
        num_row, den_row = by_id.get(num_ids[0]), by_id.get(den_ids[0])
        num, den = _value(num_row), _value(den_row)
        if num is not None and den:
            found.append(_rate_mismatch(ctx, stated, _value(stated), num, den,
                                        f"tử số tại {locator(num_row['locator'])}, mẫu số tại {locator(den_row['locator'])}"))
    yield from filter(None, found)


@rule("denominator_vs_total", "error", "Mẫu số khác dòng tổng",
      "Mẫu số của một tỷ lệ khác với dòng tổng mà nó dựa vào")
def denominator_vs_total(ctx: Context) -> Iterator[dict]:
    by_id = ctx.by_id
    for row in (r for r in ctx.rows if not pd.isna(r.get("denominator"))):
        totals = [by_id.get(i) for i in ctx.linked("denominator_of", row.get("indicator_id"))]
        if not totals:  # without a catalogue link: the row's own coded parent, if it is a count
            totals = [r for r in ctx.rows if r["code"] == row["code"] and r["item"] == 0
                      and ctx.kinds.get(r.get("indicator_id")) == "count"]
        for total in totals:
            if _value(total) is not None and _value(total) != float(row["denominator"]):
                yield ctx.finding(
                    "error", "denominator_vs_total", row,
                    f"{_where(row)}: tỷ lệ tính trên {number(row['denominator'])} nhưng dòng tổng "
                    f"{total['code']} ghi {number(_value(total))}",
                    f"dòng tổng tại {locator(total['locator'])}",
                )


@rule("parts_vs_total", "error", "Thành phần khác tổng",
      "Các dòng thành phần không cộng lại bằng dòng tổng")
def parts_vs_total(ctx: Context) -> Iterator[dict]:
    by_id = ctx.by_id
    for total_id in ctx.targets("part_of"):
        total, parts = by_id.get(total_id), ctx.linked("part_of", total_id)
        if _value(total) is None:
            continue
        values = [_value(by_id.get(p)) for p in parts]
        known = [v for v in values if v is not None]
        complete = len(known) == len(values)
        if (complete and sum(known) != _value(total)) or sum(known) > _value(total):
            yield ctx.finding(
                "error", "parts_vs_total", total,
                f"{_where(total)}: tổng ghi {number(_value(total))} nhưng các dòng thành phần cộng lại "
                f"{'' if complete else 'ít nhất '}{number(sum(known))}",
                "; ".join(f"{p}={number(v)}" for p, v in zip(parts, values)),
            )


def load_relations() -> list[dict]:
    """``catalog/relations.csv``: sums of rows that must not exceed (or must equal) others."""
    with RELATIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for n, r in enumerate(rows, start=2):
        if r["op"] not in ("<=", "=="):
            raise ValueError(f"{RELATIONS_FILE}: row {n}: op must be <= or ==, not {r['op']!r}")
    return rows


@rule("relation", "error", "Số đếm vô lý",
      "Số đếm vô lý: đã hoàn thành nhiều hơn kế hoạch, đúng hạn + quá hạn nhiều hơn được giao…")
def relation(ctx: Context) -> Iterator[dict]:
    by_id = ctx.by_id
    for rel in load_relations():
        left_ids, right_ids = rel["left"].split("+"), rel["right"].split("+")
        left = [_value(by_id.get(i.strip())) for i in left_ids]
        right = [_value(by_id.get(i.strip())) for i in right_ids]
        if None in left or None in right:
            continue
        ok = sum(left) <= sum(right) if rel["op"] == "<=" else sum(left) == sum(right)
        if not ok:
            anchor = by_id[left_ids[0].strip()]
            yield ctx.finding(
                "error", "relation", anchor,
                f"{rel['message']}: {number(sum(left))} so với {number(sum(right))}",
                f"{rel['left']} {rel['op']} {rel['right']}",
            )


@rule("rate_above_100", "error", "Tỷ lệ trên 100 %", "Tỷ lệ vượt 100 %")
def rate_above_100(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        if row.get("unit") == "%" and (_value(row) or 0) > 100:
            yield ctx.finding("error", "rate_above_100", row,
                              f"{_where(row)}: tỷ lệ {percent(_value(row), None)} vượt 100 %",
                              f"ghi: {row['raw_value']}")


@rule("negative_count", "error", "Số âm", "Số âm ở chỉ tiêu đếm")
def negative_count(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        if (_value(row) or 0) < 0:
            yield ctx.finding("error", "negative_count", row,
                              f"{_where(row)}: số liệu âm ({number(_value(row))})",
                              f"ghi: {row['raw_value']}")


@rule("code_outside_scale", "error", "Mã ngoài thang",
      "Giá trị mã hóa (0/1/2) nằm ngoài thang mã của đơn vị tính")
def code_outside_scale(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        codes = read_codes(row["unit"]) if isinstance(row.get("unit"), str) else None
        value = _value(row)
        if codes and value is not None and value not in codes.values():
            yield ctx.finding("error", "code_outside_scale", row,
                              f"{_where(row)}: giá trị {number(value)} không thuộc thang mã “{row['unit']}”",
                              f"ghi: {row['raw_value']}")


@rule("value_in_unit_column", "warning", "Số liệu ở cột đơn vị", "Số liệu ghi ở cột đơn vị tính")
def value_in_unit_column(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        if read_unit(row.get("raw_unit") or "").figure is not None:
            yield ctx.finding("warning", "value_in_unit_column", row,
                              f"{_where(row)}: cột đơn vị tính ghi số liệu “{clean_text(row['raw_unit'])}”",
                              f"cột số liệu: “{clean_text(row['raw_value'] or '')}”")


@rule("unreadable_value", "warning", "Không đọc được", "Không đọc được số liệu")
def unreadable_value(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        raw = clean_text(row.get("raw_value") or "")
        if raw and raw not in NULL_TOKENS and _value(row) is None and pd.isna(row.get("denominator")):
            yield ctx.finding("warning", "unreadable_value", row,
                              f"{_where(row)}: không đọc được số liệu “{raw}”", read_value(raw).note)


@rule("narrative_vs_appendix", "error", "Thuyết minh khác phụ lục",
      "Con số kết quả trong phần thuyết minh khác số liệu phụ lục cùng chỉ tiêu")
def narrative_vs_appendix(ctx: Context) -> Iterator[dict]:
    by_id = ctx.by_id
    derived = ctx.indicators.set_index("indicator_id") if len(ctx.indicators) else None
    for claim in ctx.claims.dropna(subset=["indicator_id"]).to_dict("records"):
        if claim.get("reported") is False:  # a plan or a proposal (sections IV–V), not a result
            continue
        key, stated = claim["indicator_id"], float(claim["value"])
        if key in by_id:
            row = by_id[key]
            actual, where = _value(row), f"phụ lục {_where(row)}, {locator(row['locator'])}"
        elif derived is not None and key in derived.index and not pd.isna(derived.at[key, "value"]):
            computed = derived.loc[key]
            inputs = str(computed.get("inputs") or "")
            row = {"indicator_id": key, "code": inputs.split("[", 1)[0] or None}
            actual = float(computed["value"])
            where = (f"tính từ phụ lục: {computed.get('name', key)} = "
                     f"{number(computed.get('numerator'))}/{number(computed.get('denominator'))} ({inputs})")
        else:
            continue
        if actual is None or _rounds_to(actual, stated):
            continue
        show = (lambda v, d=None: percent(v, d)) if claim.get("percent") else number
        yield ctx.finding(
            "error", "narrative_vs_appendix", {**row, "locator": claim["locator"]},
            f"Thuyết minh (mục {claim['section_id']}) ghi {show(stated)} {claim['noun']} "
            f"nhưng phụ lục cho {show(actual, 1 if claim.get('percent') else None)}",
            f"“{claim['sentence']}” — {where}",
        )


@rule("stale_year", "warning", "Năm cũ trong nhãn",
      "Nhãn chỉ tiêu ghi năm khác năm báo cáo (biểu mẫu chưa cập nhật)")
def stale_year(ctx: Context) -> Iterator[dict]:
    year = parse_period(ctx.period).year
    for row in ctx.rows:
        for match in _YEAR.finditer(row.get("label") or ""):
            if not match.group("lead") and int(match.group("year")) != year:
                yield ctx.finding(
                    "warning", "stale_year", row,
                    f"{_where(row)}: nhãn “{row['label']}” ghi năm {match.group('year')} "
                    f"trong báo cáo {ctx.period}", "")


@rule("documents_vs_count", "warning", "Số văn bản liệt kê",
      "Số văn bản liệt kê trong nhãn nhiều hơn số liệu ghi")
def documents_vs_count(ctx: Context) -> Iterator[dict]:
    period = parse_period(ctx.period)
    for row in ctx.rows:
        value = _value(row)
        if value is None or clean_text(str(row.get("unit") or "")).lower() not in _DOCUMENT_UNITS:
            continue
        text = f"{row.get('label') or ''} {row.get('note') or ''}"
        dated = {m.group(0) for m in _DOCUMENT.finditer(text) if _within(period, m)}
        if len(dated) > value:
            yield ctx.finding(
                "warning", "documents_vs_count", row,
                f"{_where(row)}: ghi {number(value)} {row['unit'].lower()} nhưng liệt kê {len(dated)} "
                "văn bản ban hành trong kỳ", "; ".join(sorted(dated)))


def _within(period, match: re.Match) -> bool:
    try:
        return period.contains(date(int(match["y"]), int(match["m"]), int(match["d"])))
    except ValueError:  # "31/02/2023": not a date, so not evidence either way
        return False


@rule("blank_template_row", "info", "Dòng để trống",
      "Dòng biểu mẫu cần số liệu nhưng cơ quan để trống")
def blank_template_row(ctx: Context) -> Iterator[dict]:
    for row in ctx.rows:
        key = row.get("indicator_id")
        if (not pd.isna(key) and ctx.kinds.get(key) in ("count", "rate", "code", "money")
                and not clean_text(row.get("raw_value") or "") and pd.isna(row.get("denominator"))):
            yield ctx.finding("info", "blank_template_row", row,
                              f"{_where(row)}: “{row['label']}” để trống", "")


@rule("unknown_row", "warning", "Dòng ngoài danh mục", "Dòng không có trong danh mục biểu mẫu")
def unknown_row(ctx: Context) -> Iterator[dict]:
    unknown = unmatched(ctx.observations)
    for row in unknown.to_dict("records"):
        yield ctx.finding("warning", "unknown_row", row, row["message"], "")


@rule("missing_template_rows", "warning", "Thiếu dòng biểu mẫu",
      "Phụ lục thiếu hẳn những dòng của biểu mẫu (không phải để trống): tệp bị cắt hoặc mẫu cũ")
def missing_template_rows(ctx: Context) -> Iterator[dict]:
    present = set(ctx.by_id)
    missing = [(code, rid) for rid, code in zip(ctx.catalog.indicator_id, ctx.catalog.code)
               if rid not in present]
    if not missing:
        return
    last = ctx.rows[-1] if ctx.rows else {}
    tail = all(_code_key(code) > _code_key(str(last.get("code") or "0")) for code, _ in missing)
    where = (f"từ sau dòng cuối cùng ({last.get('code')}) — tệp có thể bị cắt"
             if tail and last else "rải rác trong phụ lục")
    codes = list(dict.fromkeys(code for code, _ in missing))
    shown = ", ".join(codes[:8]) + (" …" if len(codes) > 8 else "")
    yield ctx.finding("warning", "missing_template_rows", last,
                      f"Phụ lục thiếu {number(len(missing))} dòng của biểu mẫu, {where}", f"mục: {shown}")


def _code_key(code: str) -> tuple[int, ...]:
    """"3.4.10" → (3, 4, 10): template codes in their numeric order."""
    return tuple(int(part) for part in re.findall(r"\d+", code))


def run(ctx: Context) -> list[dict]:
    """All rules on one report, in registry order."""
    return [f for info in RULES.values() for f in info.func(ctx)]


def findings_frame(records: list[dict]) -> pd.DataFrame:
    """Findings ordered by severity, then source position, typed as strings."""
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["_order"] = frame.severity.map({s: i for i, s in enumerate(SEVERITIES)})
    frame = frame.sort_values(["_order", "agency", "period", "rule"], kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True).astype("string")
