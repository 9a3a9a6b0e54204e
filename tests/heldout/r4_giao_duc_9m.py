"""Sở Giáo dục và Đào tạo, 9 tháng năm 2023, text export whose appendix runs over four pages: the
header is repeated three times (lines 51, 66, 82), and each time a "- " sub-row continues the
coded row of the page before (1.5, 3.2, 5.2.2). One planted contradiction, across the first
break: 36 tasks on time (line 49) + 6 late (line 53, next page) of 40 assigned (``relation``).

The narrative agrees otherwise: 25 of 32 plan tasks (78,1 %), 98 procedures of which 84 cấp
tỉnh and 14 cấp huyện in one sentence, 2.316 dossiers received and 2.310 settled on time."""

from heldout.spec import Held, row

REPORT = Held(
    file="9m_so_giao_duc.txt",
    fmt="txt",
    agency="Sở Giáo dục và Đào tạo",
    period="2023-9M",
    planted=frozenset({("relation", "error", "line 49")}),
    values={
        ("1.1", 1): row(32, "Nhiệm vụ"),
        ("1.1", 2): row(25, "Nhiệm vụ"),
        ("1.3.1", 0): row(4, None),
        ("1.3.2", 1): row(6, "Vấn đề"),
        ("1.3.2", 2): row(5, "Vấn đề"),
        ("1.5", 1): row(40, "Nhiệm vụ"),
        ("1.5", 2): row(36, "Nhiệm vụ"),
        ("1.5", 3): row(6, "Nhiệm vụ"),
        ("2.1", 0): row(2, "Văn bản"),
        ("2.3", 0): row(9, "Văn bản"),
        ("3.1", 2): row(5, "Thủ tục"),
        ("3.2", 0): row(98, "Thủ tục"),
        ("3.2", 1): row(84, "Thủ tục"),
        ("3.2", 2): row(14, "Thủ tục"),
        ("3.2", 3): row(0, "Thủ tục"),
        ("3.3", 2): row(71, "Thủ tục"),
        ("3.4.6", 0): row(2316, "Hồ sơ"),
        ("3.4.6", 1): row(99.7, "%", 2310, 2316),
        ("4.2", 1): row(54, "Người"),
        ("4.2", 2): row(51, "Người"),
        ("5.2.2", 0): row(45, None),
        ("5.2.2", 1): row(45, "Người"),
        ("5.2.2", 2): row(0, "Người"),
        ("5.3", 3): row(2, "Người"),
    },
)
