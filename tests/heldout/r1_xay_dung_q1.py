"""Sở Xây dựng, quý I/2023, text export: consistent.

Every figure of the narrative agrees with the appendix. The traps are wordings that count
something else than the row their noun names: "rà soát 12 văn bản quy phạm pháp luật" (reviewed,
row 2.3, not issued, 2.1), "đã giải quyết đúng hạn 1.050 hồ sơ" (on time, not all 1.052
received), "biên chế công chức được giao … là 62 biên chế", and a target in the plans section
headed "NHIỆM VỤ TRỌNG TÂM QUÝ II" ("Phấn đấu 100% nhiệm vụ … đúng hạn", line 49), which is not a
result to hold against the 15 of 18 done on time."""

from heldout.spec import Held, row

REPORT = Held(
    file="q1_so_xay_dung.txt",
    fmt="txt",
    agency="Sở Xây dựng",
    period="2023-Q1",
    values={
        ("1.1", 0): row(1, "Quyết định"),
        ("1.1", 1): row(24, "Nhiệm vụ"),
        ("1.1", 2): row(6, "Nhiệm vụ"),
        ("1.4", 0): row(3, "Tháng"),
        ("1.5", 1): row(18, "Nhiệm vụ"),
        ("1.5", 2): row(15, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("1.6", 1): row(150, "Số lượng"),
        ("2.1", 0): row(1, "Văn bản"),
        ("2.3", 0): row(12, "Văn bản"),
        ("3.2", 0): row(76, "Thủ tục"),
        ("3.2", 1): row(61, "Thủ tục"),
        ("3.2", 2): row(15, "Thủ tục"),
        ("3.2", 3): row(0, "Thủ tục"),
        ("3.3", 1): row(76, "Thủ tục"),
        ("3.4.6", 0): row(1052, "Hồ sơ"),
        ("3.4.6", 1): row(99.8, "%", 1050, 1052),
        ("3.4.7.1", 2): row(1030, "Hồ sơ"),
        ("3.4.7.1", 3): row(1.1, "%"),
        ("4.1.1", 0): row(6, "Phòng"),
        ("4.2", 1): row(62, "Người"),
        ("4.2", 2): row(58, "Người"),
        ("4.2", 5): row(10.1, "%"),
        ("5.3", 1): row(0, "Đã thực hiện = 1 Chưa thực hiện = 0"),
        ("7.6.3", 0): row(1245, "Văn bản"),
        ("7.6.3", 1): row(98.8, "%", 1230, 1245),
        ("7.6.3", 2): row(1.2, "%", 15, 1245),
        ("7.6.4", 1): row(58, "Email"),
    },
)
