"""UBND huyện Diên Khánh, 6 tháng đầu năm 2023, text export, four planted contradictions:

- line 56: 43 plan tasks done of 40 planned (done > planned: ``relation``);
- line 66: procedures 285 in total, but cấp tỉnh 0 + cấp huyện 196 + cấp xã 102 = 298
  (parts exceeding their total: ``parts_vs_total``);
- line 72: "1.402/1.480 đạt tỷ lệ 97,5 %" — 1.402/1.480 is 94,7 % (``rate_vs_counts``); its
  denominator with the communes' 2.500 adds up to the 3.980 dossiers of row 3.4.6, so the
  denominators themselves are consistent;
- line 20: the narrative's 1.250 level-4 online dossiers against 1.205 in the appendix
  (``narrative_vs_appendix``).

The rest agrees: 20 of 20 assigned tasks on time ("100% … đúng hạn", line 12), 95 staff
assigned, 91 present, 02 reduced (line 24), a target "Phấn đấu 100% hồ sơ" in section IV."""

from heldout.spec import Held, row

REPORT = Held(
    file="h1_ubnd_huyen_dien_khanh.txt",
    fmt="txt",
    agency="UBND huyện Diên Khánh",
    period="2023-H1",
    planted=frozenset(
        {
            ("relation", "error", "line 56"),
            ("parts_vs_total", "error", "line 66"),
            ("rate_vs_counts", "error", "line 72"),
            ("narrative_vs_appendix", "error", "line 20"),
        }
    ),
    values={
        ("1.1", 1): row(40, "Nhiệm vụ"),
        ("1.1", 2): row(43, "Nhiệm vụ"),
        ("1.2", 0): row(8, "Văn bản"),
        ("1.5", 1): row(20, "Nhiệm vụ"),
        ("1.5", 2): row(20, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("2.1", 0): row(0, "Văn bản"),
        ("2.3", 0): row(5, "Văn bản"),
        ("3.2", 0): row(285, "Thủ tục"),
        ("3.2", 1): row(0, "Thủ tục"),
        ("3.2", 2): row(196, "Thủ tục"),
        ("3.2", 3): row(102, "Thủ tục"),
        ("3.4.6", 0): row(3980, "Hồ sơ"),
        ("3.4.6", 1): row(None, "%"),
        ("3.4.6", 2): row(97.5, "%", 1402, 1480),
        ("3.4.6", 3): row(98, "%", 2450, 2500),
        ("3.4.7.1", 1): row(310, "Hồ sơ"),
        ("3.4.7.1", 2): row(1205, "Hồ sơ"),
        ("4.2", 1): row(95, "Người"),
        ("4.2", 2): row(91, "Người"),
        ("4.2", 4): row(2, "Người"),
        ("4.2", 5): row(10.4, "%"),
    },
)
