"""A stated rate against its own counts: a contradiction when the counts do not give it at the
precision it was written with, a note when it is less than one unit of its last decimal off
(another way of rounding), and the counts' rate shown with digits enough not to read as a
rounding itself."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pandas as pd

from cchc_analysis.derive.checks.context import Context, Finding, Shown, place, rule, value, where
from cchc_analysis.shared.decimals import MAX_DECIMALS, decimals_of, round_half_up, rounds_to, to_decimal


def _rate_mismatch(
    row: dict, stated: float, num: float, den: float, inputs: tuple[tuple[str, int, str], ...]
) -> Finding | None:
    """A finding when ``num/den`` does not round to the ``stated`` rate at the precision it was
    written with: a note (info) when the two differ by less than one unit of the last decimal
    written (another way of rounding: twice, or cutting digits, gives the stated figure)."""
    places = None if pd.isna(row.get("decimals")) else int(row["decimals"])
    if rounds_to(100 * num / den, stated, places):
        return None
    details = {**where(row), "stated": stated, "numerator": num, "denominator": den, "decimals": places}
    return Finding(
        "rate_vs_counts", row, details, inputs, severity="info" if within_rounding(details) else None
    )


def written_places(d: dict) -> int:
    """The decimals a stated rate was written with (from the float where they were not kept)."""
    return d["decimals"] if d.get("decimals") is not None else decimals_of(d["stated"])


def within_rounding(d: dict) -> bool:
    """Is the stated rate less than one unit of its last written decimal from the counts' rate
    (95,7 for 681/712 = 95,646…: a rounding, not a contradiction)?"""
    exact = to_decimal(100 * d["numerator"] / d["denominator"])
    return abs(exact - to_decimal(d["stated"])) < Decimal(1).scaleb(-written_places(d))


def shown_places(exact: float, places: int) -> int:
    """How many decimals to show a computed rate with beside a figure written with ``places``:
    two more at least, and more while the figure shown would round (half up) otherwise than the
    exact one ("95,65" reads as 95,7; "95,646" cannot)."""
    shown = places + 2
    while shown < MAX_DECIMALS and round_half_up(round_half_up(exact, shown), places) != round_half_up(
        exact, places
    ):
        shown += 1
    return shown


def _rate_words(d: dict, f: Shown) -> str:
    """The stated rate, the counts' rate to enough decimals, and what the counts' rate is at the
    stated precision; for a rounding-level difference, that it is one."""
    exact, places = 100 * d["numerator"] / d["denominator"], written_places(d)
    said = (
        f"{place(d)}: tỷ lệ ghi {f.percent(d['stated'], d.get('decimals'))}; "
        f"{f.number(d['numerator'])}/{f.number(d['denominator'])} = "
        f"{f.percent(exact, shown_places(exact, places))}"
    )
    if within_rounding(d):
        return (
            f"{said}: chênh {f.number(abs(exact - d['stated']), shown_places(exact, places))} điểm %, "
            f"dưới một đơn vị của chữ số cuối đã ghi, trong phạm vi làm tròn (không phải mâu thuẫn)"
        )
    precision = f"{places} chữ số thập phân" if places else "số nguyên"
    return f"{said}, viết với {precision} như số đã ghi là {f.percent(exact, places)}"


@rule(
    "rate_vs_counts",
    "error",
    "Tỷ lệ khác số đếm",
    "a stated rate its own counts do not give at the stated precision (error); a note when it is "
    "less than one unit of its last decimal off (95,7 for 681/712 = 95,646 %: another rounding)",
    _rate_words,
    {"code": "7.6.3", "item": 1, "stated": 96.0, "numerator": 681.0, "denominator": 712.0, "decimals": 1},
    lowered="info",
    question=lambda d, f: (
        f"Đề nghị cơ quan kiểm tra lại tỷ lệ ở mục {d['code']}: phụ lục ghi "
        f"{f.percent(d['stated'], d.get('decimals'))} nhưng {f.number(d['numerator'])}/"
        f"{f.number(d['denominator'])} cho {f.percent(100 * d['numerator'] / d['denominator'], written_places(d))}. "
        "Tỷ lệ nào đúng, hay tử số, mẫu số cần điều chỉnh?"
    ),
)
def rate_vs_counts(ctx: Context) -> Iterator[Finding]:
    found = []
    for row in ctx.rows:  # "681/712 đạt tỷ lệ 95,7 %" in one cell
        stated, num, den = value(row), row.get("numerator"), row.get("denominator")
        if stated is not None and not pd.isna(num) and not pd.isna(den) and den:
            found.append(
                _rate_mismatch(row, stated, float(num), float(den), (("observations", row["seq"], "stated"),))
            )
    for rate in (rid for rid, kind in ctx.kinds.items() if kind == "rate"):  # counts on own rows
        num_ids, den_ids = ctx.linked("numerator_of", rate), ctx.linked("denominator_of", rate)
        stated = ctx.by_id.get(rate)
        if not num_ids or not den_ids or value(stated) is None or not pd.isna(stated.get("denominator")):
            continue
        num_row, den_row = ctx.by_id.get(num_ids[0]), ctx.by_id.get(den_ids[0])
        num, den = value(num_row), value(den_row)
        if num is not None and den:
            found.append(
                _rate_mismatch(
                    stated,
                    value(stated),
                    num,
                    den,
                    (
                        ("observations", stated["seq"], "stated"),
                        ("observations", num_row["seq"], "numerator"),
                        ("observations", den_row["seq"], "denominator"),
                    ),
                )
            )
    yield from filter(None, found)
