"""Rules on the appendix's own numbers: rates against their total rows, parts against totals,
the relations of the catalogue, impossible values, and what the parser flagged (a rate against
its own counts: :mod:`rates`)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from cchc_analysis.derive.checks.context import Context, Finding, codes, has_flag, place, rule, value, where


@rule(
    "denominator_vs_total",
    "error",
    "Mẫu số khác dòng tổng",
    "rates sharing one denominator other than the total row (error); different denominators "
    "that neither add up to the total nor are its parts (warning: they may count something "
    "else); rates over the parts of a total are consistent",
    lambda d, f: (
        f"{place(d)}: tỷ lệ tính trên {f.number(d['denominator'])} nhưng dòng tổng "
        f"{d['total_code']} ghi {f.number(d['total'])}"
    ),
    {"code": "7.6.3", "item": 1, "denominator": 712.0, "total": 655.0, "total_code": "7.6.3"},
    lowered="warning",
    question=lambda d, f: (
        f"Đề nghị cơ quan cho biết tổng số ở mục {d['total_code']} là {f.number(d['total'])} (dòng "
        f"tổng) hay {f.number(d['denominator'])} (mẫu số của các tỷ lệ), và điều chỉnh số còn lại."
    ),
)
def denominator_vs_total(ctx: Context) -> Iterator[Finding]:
    """A rate's own denominator against its total row. Rates over the parts of a total (their
    denominators add up to it, or each is one of the total's part rows) are consistent; rates that
    share one denominator other than the total are an error; other cases are not sure to count
    the same thing: a warning."""
    for row in (r for r in ctx.rows if not pd.isna(r.get("denominator"))):
        totals = [ctx.by_id.get(i) for i in ctx.linked("denominator_of", row.get("indicator_id"))]
        if not totals:  # without a catalogue link: the row's own coded parent, if it is a count
            totals = [
                r
                for r in ctx.rows
                if r["code"] == row["code"]
                and r["item"] == 0
                and ctx.kinds.get(r.get("indicator_id")) == "count"
            ]
        for total in totals:
            whole, denominator = value(total), float(row["denominator"])
            if whole is None or whole == denominator or _over_parts(ctx, row, whole):
                continue
            shared = {float(r["denominator"]) for r in _sibling_rates(ctx, row)} == {denominator}
            yield Finding(
                "denominator_vs_total",
                row,
                {
                    **where(row),
                    "denominator": denominator,
                    "total": whole,
                    "total_code": where(total)["code"],
                },
                (("observations", row["seq"], "stated"), ("observations", total["seq"], "total")),
                severity=None if shared else "warning",
            )


def _sibling_rates(ctx: Context, row: dict) -> list[dict]:
    """The rows under the same coded row that carry a denominator (``row`` among them)."""
    return [r for r in ctx.rows if r["code"] == row["code"] and not pd.isna(r.get("denominator"))]


def _over_parts(ctx: Context, row: dict, whole: float) -> bool:
    """Is this a rate over a part of the total: the sibling rates' different denominators add up
    to the total, or this denominator is the value of one of the total's part rows?"""
    denominators = [float(r["denominator"]) for r in _sibling_rates(ctx, row)]
    if len(set(denominators)) > 1 and sum(denominators) == whole:
        return True
    parts = [
        value(r) for r in ctx.rows if r["code"] == row["code"] and r["item"] and pd.isna(r.get("denominator"))
    ]
    return float(row["denominator"]) in parts


@rule(
    "parts_vs_total",
    "error",
    "Thành phần khác tổng",
    "parts that do not add up to (or exceed) their total",
    lambda d, f: (
        f"{place(d)}: tổng ghi {f.number(d['total'])} nhưng các dòng thành phần cộng "
        f"lại {'' if d['complete'] else 'ít nhất '}{f.number(d['parts_sum'])}"
    ),
    {
        "code": "3.1",
        "item": 0,
        "total": 10.0,
        "parts_sum": 12.0,
        "complete": True,
        "parts": [["a", 5.0], ["b", 7.0]],
    },
    question=lambda d, f: (
        f"Đề nghị cơ quan kiểm tra lại mục {d['code']}: tổng ghi {f.number(d['total'])} nhưng các dòng "
        f"thành phần cộng lại {f.number(d['parts_sum'])}. Số nào đúng?"
    ),
)
def parts_vs_total(ctx: Context) -> Iterator[Finding]:
    for total_id in ctx.targets("part_of"):
        total, parts = ctx.by_id.get(total_id), ctx.linked("part_of", total_id)
        if value(total) is None:
            continue
        rows = [ctx.by_id.get(p) for p in parts]
        known = [value(r) for r in rows if value(r) is not None]
        complete = len(known) == len(parts)
        if (complete and sum(known) != value(total)) or sum(known) > value(total):
            yield Finding(
                "parts_vs_total",
                total,
                {
                    **where(total),
                    "total": value(total),
                    "parts_sum": sum(known),
                    "complete": complete,
                    "parts": [[p, value(r)] for p, r in zip(parts, rows)],
                },
                (
                    ("observations", total["seq"], "total"),
                    *(("observations", r["seq"], "part") for r in rows if r is not None),
                ),
            )


@rule(
    "relation",
    "error",
    "Số đếm vô lý",
    "done > planned, on time + late > assigned, … (`relations.csv`)",
    lambda d, f: f"{d['relation']}: {f.number(d['left'])} so với {f.number(d['right'])}",
    {
        "relation": "Số hoàn thành nhiều hơn kế hoạch",
        "left": 12.0,
        "right": 10.0,
        "op": "<=",
        "left_ids": "a",
        "right_ids": "b",
    },
    question=lambda d, f: (
        f"Đề nghị cơ quan kiểm tra lại: {d['relation'][:1].lower()}{d['relation'][1:]} "
        f"({f.number(d['left'])} so với {f.number(d['right'])}). Số liệu nào cần điều chỉnh?"
    ),
)
def relation(ctx: Context) -> Iterator[Finding]:
    for rel in ctx.catalog.relations:
        sides = {side: [ctx.by_id.get(i.strip()) for i in rel[side].split("+")] for side in ("left", "right")}
        values = {side: [value(r) for r in rows] for side, rows in sides.items()}
        if None in values["left"] or None in values["right"]:
            continue
        left, right = sum(values["left"]), sum(values["right"])
        if not (left <= right if rel["op"] == "<=" else left == right):
            yield Finding(
                "relation",
                sides["left"][0],
                {
                    "relation": rel["message"],
                    "left": left,
                    "right": right,
                    "op": rel["op"],
                    "left_ids": rel["left"],
                    "right_ids": rel["right"],
                },
                tuple(("observations", r["seq"], side) for side, rows in sides.items() for r in rows),
            )


@rule(
    "rate_above_100",
    "error",
    "Tỷ lệ trên 100 %",
    "a rate above 100 %",
    lambda d, f: f"{place(d)}: tỷ lệ {f.percent(d['value'], None)} vượt 100 %",
    {"code": "3.4", "item": 0, "value": 105.0},
    question=lambda d, f: (
        f"Đề nghị cơ quan kiểm tra lại tỷ lệ {f.percent(d['value'], None)} ở mục {d['code']}: "
        "tỷ lệ không thể vượt 100 %."
    ),
)
def rate_above_100(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:  # coded rows and sub-rows alike, the unit however it is written
        rate = ctx.kinds.get(row.get("indicator_id")) == "rate" or ctx.catalog.is_percent_unit(
            row.get("unit")
        )
        if rate and (value(row) or 0) > 100:
            yield Finding(
                "rate_above_100",
                row,
                {**where(row), "value": value(row)},
                (("observations", row["seq"], "stated"),),
            )


@rule(
    "negative_count",
    "error",
    "Số âm",
    "a negative figure",
    lambda d, f: f"{place(d)}: số liệu âm ({f.number(d['value'])})",
    {"code": "3.4", "item": 0, "value": -2.0},
    question=lambda d, f: (
        f"Đề nghị cơ quan kiểm tra lại số liệu âm ({f.number(d['value'])}) ở mục {d['code']}."
    ),
)
def negative_count(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        if (value(row) or 0) < 0:
            yield Finding(
                "negative_count",
                row,
                {**where(row), "value": value(row)},
                (("observations", row["seq"], "stated"),),
            )


@rule(
    "code_outside_scale",
    "error",
    "Mã ngoài thang",
    "a coded value outside its codes (`Chưa = 0 Có = 1`)",
    lambda d, f: f"{place(d)}: giá trị {f.number(d['value'])} không thuộc thang mã “{d['unit']}”",
    {"code": "1.1", "item": 0, "value": 3.0, "unit": "Chưa = 0 Có = 1"},
    question=lambda d, f: (
        f"Đề nghị cơ quan ghi lại mục {d['code']} theo thang mã “{d['unit']}”: giá trị "
        f"{f.number(d['value'])} không thuộc thang."
    ),
)
def code_outside_scale(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        scale, number = codes(row), value(row)
        if scale and number is not None and number not in scale.values():
            yield Finding(
                "code_outside_scale",
                row,
                {**where(row), "value": number, "unit": row.get("unit")},
                (("observations", row["seq"], "stated"),),
            )


@rule(
    "value_in_unit_column",
    "warning",
    "Số liệu ở cột đơn vị",
    "a figure typed in the unit column",
    lambda d, f: f"{place(d)}: cột đơn vị tính ghi số liệu “{d['raw_unit']}”",
    {"code": "7.6.3", "item": 1, "raw_unit": "95,7%", "raw_value": None},
    question=lambda d, f: (
        f"Đề nghị cơ quan ghi số liệu “{d['raw_unit']}” của mục {d['code']} vào cột số liệu, cột đơn "
        "vị tính chỉ ghi đơn vị."
    ),
)
def value_in_unit_column(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:
        if has_flag(row, "value_in_unit_column"):
            yield Finding(
                "value_in_unit_column",
                row,
                {**where(row), "raw_unit": row.get("raw_unit"), "raw_value": row.get("raw_value")},
                (("observations", row["seq"], "row"),),
            )


@rule(
    "unreadable_value",
    "warning",
    "Không đọc được",
    "a value that cannot be read",
    lambda d, f: f"{place(d)}: không đọc được số liệu “{d['raw_value']}”",
    {"code": "3.4", "item": 0, "raw_value": "khoảng mười"},
    question=lambda d, f: (
        f"Đề nghị cơ quan ghi rõ số liệu của mục {d['code']} (hiện ghi “{d['raw_value']}”)."
    ),
)
def unreadable_value(ctx: Context) -> Iterator[Finding]:
    for row in ctx.rows:  # a text row of the template (the survey's method) holds words, rightly
        if has_flag(row, "unreadable") and ctx.kinds.get(row.get("indicator_id")) != "text":
            yield Finding(
                "unreadable_value",
                row,
                {**where(row), "raw_value": row.get("raw_value")},
                (("observations", row["seq"], "row"),),
            )
