"""Rules that hold the narrative against the appendix: a result figure stated in the text that
the appendix contradicts, and more documents of the period listed in a row than it counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pandas as pd

from cchc_analysis.derive.checks.context import Context, Finding, Shown, place, rule, value, where
from cchc_analysis.parse.periods import Period, parse_period
from cchc_analysis.shared.decimals import may_be_equal, rounds_to

_DOCUMENT = re.compile(r"\bsố\s+\d+[^\s,;]*/[^\s,;]+\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
# A sentence that sets a target ("- Phấn đấu 100% nhiệm vụ … đúng hạn") states no result, in
# whatever section it stands (plans are not always headed "Phương hướng").
_TARGET = re.compile(r"^\W*(?:phấn đấu|mục tiêu|dự kiến|chỉ tiêu phấn đấu)\b", re.IGNORECASE)
_DOCUMENT_UNITS = frozenset({"quyết định", "kế hoạch", "văn bản", "công văn", "chỉ thị", "báo cáo"})


def _said(d: dict, f: Shown) -> str:
    """The sentence of a narrative figure the appendix contradicts (with the range the counts
    allow, when they do not settle it)."""

    def show(value: float, decimals: int | None = None) -> str:
        return f.percent(value, decimals) if d["percent"] else f.number(value)

    said = (
        f"Thuyết minh (mục {d['section_id']}) ghi {show(d['stated'])} {d['noun']} "
        f"nhưng phụ lục cho {show(d['actual'], 1)}"
    )
    if d.get("possible"):  # the counts do not settle it: say what they allow
        low, high = (f.percent(rate, 0 if float(rate).is_integer() else 1) for rate in d["possible"])
        said += f"; số liệu phụ lục chưa đủ để kết luận: tỷ lệ thực có thể từ {low} đến {high}"
    return said


def _ask(d: dict, f: Shown) -> str:
    """The question on a narrative figure the appendix contradicts (or does not settle)."""

    def show(value: float, decimals: int | None = None) -> str:
        return f.percent(value, decimals) if d["percent"] else f.number(value)

    if d.get("possible"):
        return (
            f"Thuyết minh (mục {d['section_id']}) ghi {show(d['stated'])} {d['noun']}, phụ lục cho "
            f"{show(d['actual'], 1)} và phần còn lại chưa rõ đúng hay trễ hạn. Đề nghị cơ quan cho "
            f"biết {show(d['stated'])} được tính trên số nào."
        )
    return (
        f"Thuyết minh (mục {d['section_id']}) ghi {show(d['stated'])} {d['noun']}, phụ lục cho "
        f"{show(d['actual'], 1)}. Đề nghị cơ quan cho biết số nào đúng và điều chỉnh phần còn lại."
    )


@rule(
    "narrative_vs_appendix",
    "error",
    "Thuyết minh khác phụ lục",
    "a figure in the narrative that differs from the appendix for the same indicator (error); "
    "a rate claimed in words that the counts do not settle — e.g. tasks neither on time nor "
    "late — is a warning that gives the range the counts allow",
    _said,
    {
        "section_id": "I.2",
        "stated": 3.0,
        "actual": 2.0,
        "noun": "hồ sơ",
        "percent": False,
        "sentence": "… 03 hồ sơ trực tuyến …",
        "from": "row",
        "code": "3.5",
        "item": 0,
    },
    lowered="warning",
    question=_ask,
)
def narrative_vs_appendix(ctx: Context) -> Iterator[Finding]:
    derived = {r["indicator_id"]: r for r in ctx.indicator_rows}
    for claim in ctx.claim_rows:
        if (
            pd.isna(claim.get("indicator_id"))
            or not claim.get("reported")
            or _TARGET.match(claim["sentence"])
        ):
            continue  # a plan, a proposal (sections IV–V) or a target, not a result
        key, stated = claim["indicator_id"], float(claim["value"])
        claimed = ("claims", int(claim["seq"]), "claim")
        if key in ctx.by_id:
            row = ctx.by_id[key]
            actual, basis = value(row), {"from": "row", **where(row)}
            inputs = (claimed, ("observations", row["seq"], "row"))
        elif key in derived and not pd.isna(derived[key]["value"]):
            computed = derived[key]
            used = ctx.inputs_of(key)
            first = ctx.by_seq.get(used[0][1]) if used else None
            row = {
                "indicator_id": key,
                "code": where(first)["code"] if first else None,
                "seq": first["seq"] if first else None,
            }
            actual = float(computed["value"])
            basis = {
                "from": "indicator",
                "name": computed["name"],
                "numerator": computed["numerator"],
                "denominator": computed["denominator"],
            }
            inputs = (claimed, *(("observations", seq, role) for role, seq in used))
        else:
            continue
        if (
            actual is None
            or rounds_to(actual, stated)
            or (basis["from"] == "row" and may_be_equal(stated, actual, _places(row)))
        ):
            continue  # equal, or two roundings of one figure ("96,5 %" and a row of "96 %")
        bounds = _possible(ctx, key) if basis["from"] == "indicator" and claim["percent"] else None
        unsettled = bounds is not None and bounds[0] <= stated <= bounds[1]
        yield Finding(
            "narrative_vs_appendix",
            row,
            {
                "section_id": claim["section_id"],
                "stated": stated,
                "actual": actual,
                "noun": claim["noun"],
                "percent": bool(claim["percent"]),
                "sentence": claim["sentence"],
                **basis,
                **({"possible": list(bounds)} if unsettled else {}),
            },
            inputs,
            claim=int(claim["seq"]),
            severity="warning" if unsettled else None,
        )


def _places(row: dict) -> int | None:
    """The decimals a row's figure was written with (None: as many as its value shows)."""
    decimals = row.get("decimals")
    return None if decimals is None or pd.isna(decimals) else int(decimals)


def _possible(ctx: Context, indicator_id: str) -> tuple[float, float] | None:
    """The range a rate could still take when its counts do not settle it: tasks done on time
    out of those assigned, when those done late are counted too and some are neither (still
    under way) — the rate is at least on_time/assigned and at most (assigned − late)/assigned.
    None when the catalogue's relations give no such accounting."""
    used = {role: ctx.by_seq.get(seq) for role, seq in ctx.inputs_of(indicator_id)}
    numerator, denominator = used.get("numerator"), used.get("denominator")
    if numerator is None or denominator is None or not value(denominator):
        return None
    for relation in ctx.catalog.relations:
        left = [i.strip() for i in relation["left"].split("+")]
        if (
            relation["op"] != "<="
            or relation["right"].strip() != denominator.get("indicator_id")
            or numerator.get("indicator_id") not in left
        ):
            continue
        others = [value(ctx.by_id.get(i)) for i in left if i != numerator.get("indicator_id")]
        if None in others:
            return None
        total, done = value(denominator), value(numerator)
        return 100 * done / total, 100 * (total - sum(others)) / total
    return None


def _within(period: Period, match: re.Match) -> bool:
    try:
        return period.contains(date(int(match["y"]), int(match["m"]), int(match["d"])))
    except ValueError:  # "31/02/2023": not a date, so not evidence either way
        return False


@rule(
    "documents_vs_count",
    "warning",
    "Số văn bản liệt kê",
    "more documents of the period listed in a row than the row counts",
    lambda d, f: (
        f"{place(d)}: ghi {f.number(d['value'])} {str(d['unit']).lower()} nhưng "
        f"liệt kê {len(d['listed'])} văn bản ban hành trong kỳ"
    ),
    {
        "code": "1.2",
        "item": 0,
        "value": 1.0,
        "unit": "Quyết định",
        "listed": ["số 02/QĐ-BDT ngày 10/01/2023", "số 35/QĐ-BDT ngày 15/03/2023"],
    },
    question=lambda d, f: (
        f"Mục {d['code']} ghi {f.number(d['value'])} {str(d['unit']).lower()} nhưng liệt kê "
        f"{len(d['listed'])} văn bản ban hành trong kỳ; đề nghị cơ quan cho biết số đúng."
    ),
)
def documents_vs_count(ctx: Context) -> Iterator[Finding]:
    period = parse_period(ctx.period)
    for row in ctx.rows:
        number, unit = value(row), row.get("unit")
        if number is None or not isinstance(unit, str) or unit.strip().lower() not in _DOCUMENT_UNITS:
            continue
        text = " ".join(t for t in (row.get("label"), row.get("note")) if isinstance(t, str))
        dated = sorted({m.group(0) for m in _DOCUMENT.finditer(text) if _within(period, m)})
        if len(dated) > number:
            yield Finding(
                "documents_vs_count",
                row,
                {**where(row), "value": number, "unit": unit, "listed": dated},
                (("observations", row["seq"], "row"),),
            )
