"""Sở Tư pháp, quý II/2023, text export, consistent, that names itself only in its letterhead
("UBND TỈNH KHÁNH HÒA" / "SỞ TƯ PHÁP" in capitals on top): the introduction says "đơn vị báo
cáo", and the appendix heading has no "TẠI …". Ingest refuses it without a sidecar (the agency
cannot be told), so it carries one with the agency alone; the period comes from the title.

The clerk numbered the template without trailing dots ("1.5", "7.6.3") and put the sub-rows'
dash in the STT column ("-" | "Tổng số nhiệm vụ được giao"), a common way of filling the table."""
from heldout.spec import Held, row

#: Sub-rows whose "-" stands in the STT column: the parser takes "-" for their code.
DASH_IN_STT = frozenset({("1.5", 1), ("1.5", 2), ("1.5", 3), ("3.4.6", 1), ("7.6.3", 1),
                         ("7.6.3", 2)})

REPORT = Held(
    file="q2_so_tu_phap_letterhead.txt",
    fmt="txt",
    agency="Sở Tư pháp",
    period="2023-Q2",
    sidecar='agency = "Sở Tư pháp"\n',
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
    extra={"misread": DASH_IN_STT,
           "misread_cause": "parse/appendix.py takes a '-' in the STT column for a code: the "
                            "row becomes code '-', item 0, instead of the next sub-row of the "
                            "coded row above (1.5 → items 1, 2, 3)",
           "letterhead": "SỞ TƯ PHÁP"},
)
