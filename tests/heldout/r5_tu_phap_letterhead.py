"""Sở Tư pháp, quý II/2023, text export, consistent, that names itself only in its letterhead
("UBND TỈNH KHÁNH HÒA" / "SỞ TƯ PHÁP" in capitals on top): the introduction says "đơn vị báo
cáo", and the appendix heading has no "TẠI …": the letterhead alone says who reports (and in
which province); the period comes from the title.

The clerk numbered the template without trailing dots ("1.5", "7.6.3") and put the sub-rows'
dash in the STT column ("-" | "Tổng số nhiệm vụ được giao"), a common way of filling the table."""

from heldout.spec import Held, row

#: Sub-rows whose "-" stands in the STT column: sub-rows of the coded row above all the same.
DASH_IN_STT = frozenset({("1.5", 1), ("1.5", 2), ("1.5", 3), ("3.4.6", 1), ("7.6.3", 1), ("7.6.3", 2)})

REPORT = Held(
    file="q2_so_tu_phap_letterhead.txt",
    fmt="txt",
    agency="Sở Tư pháp",
    period="2023-Q2",
    values={
        ("1.2", 0): row(2, "Văn bản"),
        ("1.5", 1): row(11, "Nhiệm vụ"),
        ("1.5", 2): row(11, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("2.1", 0): row(0, "Văn bản"),
        ("2.2", 0): row(6, "Văn bản"),
        ("2.3", 0): row(0, "Văn bản"),
        ("3.4.6", 0): row(2135, "Hồ sơ"),
        ("3.4.6", 1): row(99.9, "%"),
        ("7.6.3", 0): row(2950, "Văn bản"),
        ("7.6.3", 1): row(97.6, "%"),
        ("7.6.3", 2): row(2.4, "%"),
    },
    extra={"dash_in_stt": DASH_IN_STT, "letterhead": "SỞ TƯ PHÁP", "province": "Khánh Hòa"},
)
