"""Sở Công Thương, quý IV/2023, text export, consistent, whose narrative states breakdowns in
one sentence: "25 thủ tục (cấp tỉnh 20, cấp huyện 3, cấp xã 2)" (line 17), "tiếp nhận 120 hồ sơ,
trong đó 80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4" and the level-3 on-time rate over its own
80 dossiers, 97,5 % (78/80) — not the level-3 share of row 3.4.7.1 (66,7 %) — (line 19), and
"biên chế được giao 30, có mặt 28, tinh giản 2" (line 23). Each part must be held against its
own row, none against the total.

One warning is right: "100% nhiệm vụ … hoàn thành đúng tiến độ" (line 11) against 12 of 14 done
on time, none late and 2 not yet due — on schedule may be true, the counts do not settle it."""

from heldout.spec import Held, row

REPORT = Held(
    file="q4_so_cong_thuong_breakdowns.txt",
    fmt="txt",
    agency="Sở Công Thương",
    period="2023-Q4",
    warnings=frozenset({("narrative_vs_appendix", "warning", "line 11")}),
    values={
        ("1.5", 1): row(14, "Nhiệm vụ"),
        ("1.5", 2): row(12, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("3.2", 0): row(25, "Thủ tục"),
        ("3.2", 1): row(20, "Thủ tục"),
        ("3.2", 2): row(3, "Thủ tục"),
        ("3.2", 3): row(2, "Thủ tục"),
        ("3.4.6", 0): row(120, "Hồ sơ"),
        ("3.4.6", 1): row(98.3, "%", 118, 120),
        ("3.4.7.1", 1): row(80, "Hồ sơ"),
        ("3.4.7.1", 2): row(40, "Hồ sơ"),
        ("3.4.7.1", 3): row(66.7, "%"),
        ("3.4.7.1", 4): row(33.3, "%"),
        ("4.2", 1): row(30, "Người"),
        ("4.2", 2): row(28, "Người"),
        ("4.2", 4): row(2, "Người"),
        ("4.2", 5): row(11.8, "%"),
    },
    extra={
        "claims": {  # (locator, value) → the indicator the figure counts, typed by hand
            ("line 17", 25): "tthc_total",
            ("line 17", 20): "tthc_provincial",
            ("line 17", 3): "tthc_district",
            ("line 17", 2): "tthc_commune",
            ("line 19", 120): "dossiers_total",
            ("line 19", 80): "dossiers_online_l3",
            ("line 19", 40): "dossiers_online_l4",
            ("line 19", 97.5): None,
            ("line 23", 30): "staff_quota",
            ("line 23", 28): "staff_present",
            ("line 23", 2): "staff_reduced",
        }
    },
)
