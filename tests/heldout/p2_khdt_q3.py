"""Sở Kế hoạch và Đầu tư (Khánh Hòa), quý III/2024, text export: the title says "quý III năm
2024", the opening the data window of Decree 09/2019/NĐ-CP ("từ ngày 15/6/2024 đến ngày
14/9/2024" = the third quarter) and "Quý III/2024": all agree. A rate written "a/b = r%".
Consistent in itself; its 1.950 dossiers are more than the nine months' 1.800 of p2_khdt_9m.docx,
where that contradiction is counted."""

from heldout.spec import Held, row

REPORT = Held(
    file="p2_khdt_q3.txt",
    fmt="txt",
    agency="Sở Kế hoạch và Đầu tư",
    period="2024-Q3",
    values={
        ("1.5", 1): row(12, "Nhiệm vụ"),
        ("1.5", 2): row(12, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("3.4.6", 0): row(1950, "Hồ sơ"),
        ("3.4.6", 1): row(99.0, "%", 1930, 1950),
    },
)
