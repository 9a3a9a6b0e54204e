"""UBND huyện Vạn Ninh (Khánh Hòa), sáu tháng đầu năm 2024, text export. The title names no
period: its second line is the reporting window of Decree 09/2019/NĐ-CP ("Kỳ báo cáo từ ngày
15/12/2023 đến ngày 14/6/2024" = the first half-year), and the opening says "sáu tháng đầu năm
2024" in words; "cải cách hành chính năm 2024" there names the province's annual plan, not the
period. The letterhead is two lines ("ỦY BAN NHÂN DÂN" / "HUYỆN VẠN NINH"). Rates are written
"a/b (r%)" and "a/b (r %)". One planted contradiction:

- line 87: 2.437/2.451 is 99,4 %, the cell says 99,6 % (``rate_vs_counts``).

Narrative figures of a qualified subject stand next to the unqualified totals and must not be
compared with them: "1.204 hồ sơ trực tuyến" beside the 4.013 dossiers received, "140 hồ sơ" of
the land registry, "03 vấn đề đang khắc phục" beside the 05 found."""

from heldout.spec import Held, row

REPORT = Held(
    file="p2_van_ninh_h1.txt",
    fmt="txt",
    agency="UBND huyện Vạn Ninh",
    period="2024-H1",
    planted=frozenset({("rate_vs_counts", "error", "line 87")}),
    values={
        ("1.1", 1): row(32, "Nhiệm vụ"),
        ("1.1", 2): row(14, "Nhiệm vụ"),
        ("1.3.2", 1): row(5, "Vấn đề"),
        ("1.3.2", 2): row(2, "Vấn đề"),
        ("1.5", 1): row(24, "Nhiệm vụ"),
        ("1.5", 2): row(22, "Nhiệm vụ"),
        ("1.5", 3): row(1, "Nhiệm vụ"),
        ("3.2", 0): row(312, "Thủ tục"),
        ("3.2", 2): row(214, "Thủ tục"),
        ("3.2", 3): row(98, "Thủ tục"),
        ("3.4.6", 0): row(4013, "Hồ sơ"),
        ("3.4.6", 1): row(None, "%"),
        ("3.4.6", 2): row(99.1, "%", 1548, 1562),
        ("3.4.6", 3): row(99.6, "%", 2437, 2451),
        ("3.4.6", 4): row(96.5, "%"),
        ("3.4.7.1", 1): row(820, "Hồ sơ"),
        ("3.4.7.1", 2): row(384, "Hồ sơ"),
        ("4.2", 1): row(118, "Người"),
        ("4.2", 2): row(112, "Người"),
        ("4.2", 4): row(2, "Người"),
        ("7.6.3", 0): row(5240, "Văn bản"),
        ("7.6.3", 1): row(97.3, "%", 5100, 5240),
        ("7.6.3", 2): row(2.7, "%", 140, 5240),
    },
)
