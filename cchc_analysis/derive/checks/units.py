"""Rules on what a matched row counts: a row matched to the template by its wording but written
in another unit than the template's ("Số phòng thuộc Ban", phòng, matched to "Số cơ quan chuyên
môn thuộc UBND cấp tỉnh", cơ quan) may count something else than the template's row.

Units are compared by the catalogue's unit key (case and spacing ignored, the variants of
``catalog/units.csv`` read as their unit). Only count and money rows are compared (a rate's or a
coded row's unit column holds a percentage or a scale, checked by other rules); a blank unit on
either side, or a row with no figure, says nothing. Matches by position (``code``) already require the unit to agree. The
rule is never sure the two units count different things, so it warns, never errs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from cchc_analysis.derive.checks.context import Context, Finding, has_flag, place, rule, value, where

#: How an observation was matched by its wording (``matches.match``), not by its position.
BY_WORDING = ("label", "alias", "folded")
#: Template kinds whose unit says what is counted.
COUNTED = ("count", "money")


def _unit(text: object) -> str | None:
    """A unit cell as written, None when blank."""
    return text.strip() if isinstance(text, str) and text.strip() else None


@rule(
    "unit_mismatch",
    "warning",
    "Đơn vị tính khác biểu mẫu",
    "a row matched to the template by its wording but written in another unit than the "
    "template's row (it may count something else; not summed into the province's figure)",
    lambda d, f: (
        f"{place(d)}: “{d['label']}” ghi đơn vị “{d['unit']}” nhưng dòng “{d['template_label']}” "
        f"của biểu mẫu tính bằng “{d['template_unit']}”: có thể không cùng một chỉ tiêu"
    ),
    {
        "code": "4.1.1",
        "item": 0,
        "label": "Số phòng thuộc Ban",
        "unit": "phòng",
        "template_label": "Số cơ quan chuyên môn thuộc UBND cấp tỉnh",
        "template_unit": "Cơ quan, đơn vị",
    },
)
def unit_mismatch(ctx: Context) -> Iterator[Finding]:
    template = {r["indicator_id"]: r for r in ctx.catalog_rows}
    for row in ctx.rows:
        expected = template.get(row.get("indicator_id"))
        if expected is None or expected["kind"] not in COUNTED or row.get("match") not in BY_WORDING:
            continue
        written, wanted = _unit(row.get("unit")), _unit(expected["unit"])
        if written is None or wanted is None or value(row) is None or has_flag(row, "value_in_unit_column"):
            continue
        if ctx.catalog.unit_key(written) != ctx.catalog.unit_key(wanted):
            yield Finding(
                "unit_mismatch",
                row,
                {
                    **where(row),
                    "label": None if pd.isna(row.get("label")) else row.get("label"),
                    "unit": written,
                    "template_label": expected["label"],
                    "template_unit": wanted,
                },
                (("observations", row["seq"], "row"),),
            )
