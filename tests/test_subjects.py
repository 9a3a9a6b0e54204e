"""What a narrative figure counts, read from the words around it, and the one appendix row it is
held against (or none). Each sentence is a way officials state counts in CCHC reports; the row
each figure must link to was typed by hand: a figure whose words carry a qualifier the row lacks
(online, a level, a status, a level of government, a kind) links to none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.derive import subjects
from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.claims import claims
from cchc_analysis.parse.narrative import Block

#: The shipped catalogue, whose vocabulary and rows the claims are read and linked by.
CATALOG = Catalog.load()

SHAPES = [
    # dossiers: the total, stated as a verb, a label with a colon, a label with "là"
    ("Trong kỳ, đơn vị đã tiếp nhận 1.204 hồ sơ.", [(1204, "dossiers_total")]),
    ("Tổng số hồ sơ tiếp nhận: 1.204 hồ sơ.", [(1204, "dossiers_total")]),
    ("Tổng số hồ sơ tiếp nhận trong kỳ là 1.204.", [(1204, "dossiers_total")]),
    (
        "Đã tiếp nhận 1.204 hồ sơ, trong đó 1.180 hồ sơ giải quyết đúng hạn.",
        [(1204, "dossiers_total"), (1180, None)],
    ),
    (
        "Trong kỳ, Bộ phận Một cửa tiếp nhận 800 hồ sơ, giải quyết 790 hồ sơ.",
        [(800, "dossiers_total"), (790, None)],
    ),
    ("Giải quyết trước và đúng hạn 1.150 hồ sơ.", [(1150, None)]),
    ("Có 4 hồ sơ quá hạn.", [(4, None)]),
    ("Có 12 hồ sơ trả lại do không đủ điều kiện.", [(12, None)]),
    ("Hiện còn 5 hồ sơ đang xử lý.", [(5, None)]),
    ("Số hồ sơ tồn kỳ trước chuyển sang là 15 hồ sơ.", [(15, None)]),
    ("Lũy kế từ đầu năm đã tiếp nhận 2.400 hồ sơ.", [(2400, None)]),
    (
        "Tiếp nhận 4.200 hồ sơ, trong đó cấp huyện tiếp nhận 1.200 hồ sơ.",
        [(4200, "dossiers_total"), (1200, None)],
    ),
    # online dossiers: a qualifier the total lacks, levels, an enumeration sharing its subject
    ("Trong kỳ có 140 hồ sơ trực tuyến.", [(140, None)]),
    ("Hồ sơ trực tuyến: 140 hồ sơ.", [(140, None)]),
    (
        "Số hồ sơ trực tuyến mức độ 3 là 120 hồ sơ, mức độ 4 là 30 hồ sơ.",
        [(120, "dossiers_online_l3"), (30, "dossiers_online_l4")],
    ),
    ("Số hồ sơ tiếp nhận trực tuyến mức độ 3: 120 hồ sơ.", [(120, "dossiers_online_l3")]),
    ("Tiếp nhận 500 hồ sơ trực tuyến toàn trình, 200 hồ sơ trực tuyến một phần.", [(500, None), (200, None)]),
    ("Tỷ lệ hồ sơ trực tuyến mức độ 3 đạt 45,2%.", [(45.2, "dossiers_online_l3_rate")]),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,5%.", [(99.5, None)]),
    ("Tiếp nhận qua dịch vụ bưu chính công ích 35 hồ sơ.", [(35, "dossiers_postal_receive")]),
    ("Trả kết quả qua dịch vụ BCCI 20 hồ sơ.", [(20, "dossiers_postal_return")]),
    ("Thanh toán trực tuyến 40 hồ sơ.", [(40, "dossiers_paid_online")]),
    # procedures: levels of government, kinds, online levels
    ("Có 25 TTHC cấp tỉnh.", [(25, "tthc_provincial")]),
    ("Tổng số TTHC đang có hiệu lực là 312 thủ tục.", [(312, "tthc_total")]),
    (
        "Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết là 150 thủ tục, trong đó cấp tỉnh "
        "120 thủ tục, cấp huyện 20 thủ tục, cấp xã 10 thủ tục.",
        [(150, "tthc_total"), (120, "tthc_provincial"), (20, "tthc_district"), (10, "tthc_commune")],
    ),
    (
        "Tham mưu công bố mới 8 TTHC, bãi bỏ 3 TTHC, sửa đổi, bổ sung 5 TTHC.",
        [(8, "tthc_proposed_new"), (3, "tthc_proposed_abolished"), (5, None)],
    ),
    ("Có 30 TTHC cho phép nộp hồ sơ trực tuyến mức độ 3, 4.", [(30, "tthc_online_l34")]),
    # documents and plans
    ("Đã ban hành 15 văn bản chỉ đạo, điều hành về CCHC.", [(15, "direction_docs_issued")]),
    ("Trong kỳ đã ban hành 10 văn bản.", [(10, None)]),
    ("Ban hành 02 Kế hoạch.", [(2, None)]),
    ("Ban hành 01 Kế hoạch kiểm tra CCHC.", [(1, "inspection_plan")]),
    ("Tham mưu ban hành 04 VBQPPL.", [(4, "legal_docs_issued")]),
    (
        "Rà soát 35 văn bản quy phạm pháp luật, kiến nghị xử lý 2 văn bản.",
        [(35, "legal_docs_reviewed"), (2, "legal_docs_flagged")],
    ),
    (
        "Tổng số văn bản đi là 1.250 văn bản, trong đó 1.200 văn bản điện tử.",
        [(1250, "docs_outgoing_total"), (1200, None)],
    ),
    # tasks
    (
        "Tổng số nhiệm vụ được UBND tỉnh giao là 14 nhiệm vụ, đã hoàn thành đúng hạn 12 nhiệm vụ.",
        [(14, "province_tasks_assigned"), (12, "province_tasks_on_time")],
    ),
    ("Có 12 nhiệm vụ đúng hạn.", [(12, None)]),
    ("Trong kỳ tiếp nhận và giải quyết 96 nhiệm vụ.", [(96, None)]),
    # inspections and staff
    (
        "Qua kiểm tra phát hiện 5 vấn đề, đã khắc phục xong 2 vấn đề, 3 vấn đề đang khắc phục.",
        [(5, "inspection_issues_found"), (2, "inspection_issues_resolved"), (3, None)],
    ),
    ("Đã kiểm tra 6 cơ quan, đơn vị.", [(6, "inspection_units_total")]),
    ("Biên chế được giao là 45 người, có mặt 43 người.", [(45, "staff_quota"), (43, "staff_present")]),
    ("Số hợp đồng lao động là 6 người.", [(6, "staff_contracts")]),
    ("Đã tinh giản 02 biên chế.", [(2, "staff_reduced")]),
    ("Cử 06 lượt công chức tham gia lớp bồi dưỡng.", [(6, None)]),
]


def _linked(text: str) -> list[tuple[float, str | None]]:
    return [
        (c["value"], c["indicator_id"])
        for c in claims([Block("II.1", "1. Kết quả", 2, text, "line 1")], CATALOG)
    ]


@pytest.mark.parametrize("text,expected", SHAPES, ids=[s[0][:40] for s in SHAPES])
def test_each_figure_links_to_the_row_of_what_it_counts(text, expected):
    assert _linked(text) == expected


def test_the_claims_table_says_what_each_figure_counts():
    (first, second) = claims(
        [
            Block(
                "II.1",
                "1. X",
                2,
                "Sở tiếp nhận, giải quyết đúng hạn 30 hồ sơ trực tuyến mức độ 4; 3 vấn đề đang khắc phục.",
                "line 1",
            )
        ],
        CATALOG,
    )
    assert (first["subject"], first["qualifiers"]) == (
        "dossiers",
        "level4 online received | level4 on_time online resolved",
    )
    assert (second["subject"], second["qualifiers"], second["topic"]) == ("issues", "in_progress", "other")


ROWS = CATALOG.row_subjects
QUALIFIERS = sorted(t.token for t in CATALOG.subjects if t.role == "qualifier")


@settings(max_examples=120, deadline=None)
@given(row=st.sampled_from(ROWS), extra=st.sampled_from(QUALIFIERS), optional=st.data())
def test_a_qualifier_the_row_lacks_never_links_to_it(row, extra, optional):
    """Whatever else a figure says, one qualifier its row neither requires nor allows keeps it
    from that row (so no comparison, no error)."""
    allowed = row.required | row.optional
    if extra in allowed:
        return
    said = row.required | optional.draw(st.sets(st.sampled_from(sorted(row.optional) or [""])))
    said = frozenset(q for q in said if q) | {extra}
    assert not row.fits(row.subject, said)
    assert subjects.link(subjects.Said(row.subject, (said,)), row.percent, ROWS) != row.indicator_id
