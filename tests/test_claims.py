"""Figures stated in the narrative, checked against a list written by hand from the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_analysis.derive import claims as claims_of
from cchc_analysis.derive.catalogue import CATALOG_DIR, SUBJECTS_FILE, Catalog
from cchc_analysis.derive.subjects import load_row_subjects, load_vocabulary
from cchc_analysis.parse.narrative import Block, blocks
from cchc_analysis.sources.model import Paragraph
from cchc_analysis.sources.text import read_text

from builders import SEED

CATALOG = Catalog.load()
VOCABULARY_FILE = CATALOG_DIR / SUBJECTS_FILE


def claims(said: list[Block], names: tuple[str | None, ...] = ()) -> list[dict]:
    """The figures stated in some blocks, read and linked by the shipped catalogue."""
    return claims_of.claims(said, CATALOG, names)


# Ids that exist in the indicator catalogue (raw and derived) and may be linked from a claim.
KNOWN_INDICATORS = {
    "plan_tasks_total",
    "plan_tasks_done",
    "province_tasks_assigned",
    "province_tasks_on_time",
    "province_tasks_late",
    "inspection_issues_found",
    "inspection_issues_resolved",
    "legal_docs_issued",
    "legal_docs_checked",
    "legal_docs_reviewed",
    "tthc_total",
    "tthc_provincial",
    "tthc_district",
    "tthc_commune",
    "tthc_published_portal",
    "dossiers_total",
    "dossiers_online_l3",
    "dossiers_online_l4",
    "dossiers_online_l3_rate",
    "staff_quota",
    "staff_present",
    "staff_reduced",
    "docs_outgoing_total",
    "docs_electronic_rate",
    "docs_electronic_paper_rate",
    "plan_completion_rate",
    "province_on_time_rate",
    "province_overdue_share",
    "docs_electronic_share",
    "online_dossier_share",
    "tthc_published_share",
    "staff_reduction_rate",
    "inspection_followup_rate",
}

# Written by reading narrative lines 1–153 and keeping every number that counts something
# (dates, symbols, years, "6 tháng", "Dự án 10", "lần thứ 6", "Điều 6", "cấp độ 3",
# "ISO 9001:2015", "(đợt 1)", "Nghị quyết Trung ương 5" are names, not counts), plus the two
# "không có … trễ hạn" zeros. Section IV (plans) states no figure.
# (section, locator, value, percent, topic, indicator)
HAND = [
    ("I.2", "line 25", 3, False, "staff", None),  # 03 công chức đăng ký đề tài sáng kiến
    ("I.2", "line 31", 100, True, "tasks", "province_on_time_rate"),
    # "không có văn bản nào bị trễ hạn": documents, not the tasks the province assigned (the
    # template counts no late documents)
    ("I.2", "line 31", 0, False, "documents", None),
    ("I.4", "line 53", 12, False, "articles", None),  # 12 tin bài
    ("II.2.a", "line 89", 3, False, "dossiers", "dossiers_online_l3"),
    ("II.2.a", "line 89", 2, False, "procedures", "tthc_total"),
    ("II.4", "line 107", 100, True, "staff", None),  # 100% cán bộ, công chức … chấp hành
    ("II.4", "line 109", 1, False, "staff", None),  # 01 công chức học Cao học
    ("II.4", "line 109", 2, False, "staff", None),  # 02 công chức tham gia lớp tiếng anh
    ("II.4", "line 109", 6, False, "staff", None),  # 06 lượt công chức
    ("II.6", "line 117", 0, False, "tasks", "province_tasks_late"),  # không có nhiệm vụ bị trễ hạn
    ("II.6", "line 119", 6, False, "equipment", None),  # 06 máy vi tính xách tay
    ("II.6", "line 123", 100, True, "staff", None),  # 100% cán bộ, công chức … văn bản điện tử
    ("V", "line 151", 2, False, "procedures", "tthc_total"),  # 02 thủ tục (proposal)
]


@pytest.fixture(scope="module")
def seed_claims():
    return claims(blocks(read_text(SEED).paragraphs))


def _para(*texts):
    return blocks([Paragraph(text, f"line {i + 1}") for i, text in enumerate(texts)])


def _one(found, locator, value):
    (claim,) = [c for c in found if c["locator"] == locator and c["value"] == value]
    return claim


def test_seed_claims_are_exactly_the_hand_list(seed_claims):
    got = [
        (c["section_id"], c["locator"], c["value"], c["percent"], c["topic"], c["indicator_id"])
        for c in seed_claims
    ]
    assert got == HAND


def test_articles(seed_claims):
    claim = _one(seed_claims, "line 53", 12)
    assert (claim["noun"], claim["topic"], claim["section_id"], claim["indicator_id"]) == (
        "tin bài",
        "articles",
        "I.4",
        None,
    )


def test_online_dossiers_keep_the_level_in_the_noun(seed_claims):
    claim = _one(seed_claims, "line 89", 3)
    assert claim["noun"] == "hồ sơ trực tuyến cấp độ 3"
    assert claim["indicator_id"] == "dossiers_online_l3"
    assert claim["sentence"].startswith("Trong 6 tháng đầu năm 2023, Ban đã phối hợp")


def test_procedures(seed_claims):
    claim = _one(seed_claims, "line 89", 2)
    assert (claim["noun"], claim["indicator_id"]) == ("thủ tục hành chính", "tthc_total")


def test_on_time_rate(seed_claims):
    claim = _one(seed_claims, "line 31", 100)
    assert claim["percent"] is True
    assert claim["noun"] == "nhiệm vụ được UBND tỉnh giao hoàn thành đúng tiến độ"
    assert (claim["section_id"], claim["indicator_id"]) == ("I.2", "province_on_time_rate")


def test_staff_and_equipment(seed_claims):
    assert _one(seed_claims, "line 25", 3)["noun"] == "công chức"
    assert _one(seed_claims, "line 119", 6)["noun"] == "máy vi tính xách tay"


def test_staff_sentence_about_documents_links_no_indicator(seed_claims):
    claim = _one(seed_claims, "line 123", 100)
    assert "văn bản" in claim["sentence"]
    assert (claim["topic"], claim["indicator_id"]) == ("staff", None)


def test_legal_document_count_is_only_in_the_appendix(seed_claims):
    # The narrative names Nghị quyết số 03/2023/NQ-HĐND but never writes "01 văn bản QPPL";
    # only the appendix row 2.1 label does.
    assert not [c for c in seed_claims if c["indicator_id"] == "legal_docs_issued"]


def test_names_dates_and_symbols_are_not_claims():
    found = claims(
        _para(
            "I. KẾT QUẢ",
            "- Thực hiện Quyết định số 12/QĐ-UBND ngày 11/01/2023 và Chương trình hành động số "
            "12-CTr/TU; Hệ thống QLCL theo tiêu chuẩn ISO 9001:2015; Tiểu dự án 3 thuộc Dự án 10 "
            "(đợt 1); Cuộc thi lần thứ 6 - năm 2023; giai đoạn 2021-2030, giai đoạn 2021 - 2025; "
            "Nghị quyết Trung ương 5 (khóa X); Điều 6 của Quyết định 1085/QĐ-TTg; Quý III/2023; "
            "Kiến trúc phiên bản 2.0; trong 6 tháng đầu năm 2023; Nội dung số 1; năm 2022.",
        )
    )
    assert found == []


def test_decimal_comma_percent():
    (claim,) = claims(_para("I. KẾT QUẢ", "- Đạt 95,7 % văn bản được gửi hoàn toàn dưới dạng điện tử."))
    assert (claim["value"], claim["percent"]) == (95.7, True)
    assert claim["noun"] == "văn bản được gửi hoàn toàn dưới dạng điện tử"
    assert (claim["topic"], claim["indicator_id"]) == ("documents", "docs_electronic_rate")


def test_noun_before_the_number_when_nothing_follows():
    (claim,) = claims(_para("I. KẾT QUẢ", "Tổng số hồ sơ tiếp nhận là 120."))
    assert (claim["value"], claim["noun"], claim["indicator_id"]) == (
        120,
        "hồ sơ tiếp nhận",
        "dossiers_total",
    )


def test_none_late_about_assigned_tasks_is_a_zero():
    (claim,) = claims(
        _para(
            "I. KẾT QUẢ", "Các nhiệm vụ được UBND tỉnh giao đều hoàn thành, không có nhiệm vụ nào bị trễ hạn."
        )
    )
    assert (claim["value"], claim["percent"], claim["noun"]) == (0, False, "nhiệm vụ nào bị trễ hạn")
    assert (claim["topic"], claim["indicator_id"]) == ("tasks", "province_tasks_late")


def test_none_late_of_documents_is_no_task_figure():
    (claim,) = claims(
        _para(
            "I. KẾT QUẢ", "Các nhiệm vụ được UBND tỉnh giao đều hoàn thành, không có văn bản nào bị trễ hạn."
        )
    )
    assert (claim["value"], claim["topic"], claim["indicator_id"]) == (0, "documents", None)


def test_none_late_without_assigned_tasks_links_nothing():
    (claim,) = claims(_para("I. KẾT QUẢ", "Trong kỳ không có văn bản nào bị trễ hạn."))
    assert (claim["value"], claim["topic"], claim["indicator_id"]) == (0, "documents", None)


def test_declared_rows_are_known_indicators_only():
    assert {r.indicator_id for r in CATALOG.row_subjects} <= KNOWN_INDICATORS | {
        "direction_docs_issued",
        "inspection_plan",
        "inspection_units_total",
        "legal_docs_flagged",
        "legal_docs_flagged_resolved",
        "tthc_proposed_new",
        "tthc_proposed_abolished",
        "tthc_integrated_portal",
        "tthc_one_stop_linked",
        "tthc_online_l34",
        "tthc_online_l3",
        "tthc_online_l4",
        "tthc_postal",
        "tthc_online_payment",
        "dossiers_on_time_rate_departments",
        "dossiers_on_time_rate_districts",
        "dossiers_on_time_rate_communes",
        "dossiers_online_l4_rate",
        "dossiers_postal_receive",
        "dossiers_postal_return",
        "dossiers_postal_receive_return",
        "dossiers_paid_online",
        "staff_contracts",
    }


def test_bad_regex_names_file_and_line(tmp_path: Path):
    path = tmp_path / "subjects.csv"
    path.write_text(
        VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()[0]
        + "\ndossiers,subject,dossiers,,hồ sơ\nonline,qualifier,channel,,(trực tuyến\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"subjects\.csv: line 3 \(online\): bad regex"):
        load_vocabulary(path)


def test_unknown_topic_is_refused(tmp_path: Path):
    path = tmp_path / "subjects.csv"
    path.write_text("token,role,group,subjects,pattern\nrain,subject,weather,,mưa\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2 .*unknown topic 'weather'"):
        load_vocabulary(path)


def test_a_row_declared_with_an_unknown_id_or_qualifier_is_refused(tmp_path: Path):
    path = tmp_path / "row_subjects.csv"
    path.write_text(
        "indicator_id,subject,qualifiers,comment\ndossiers_totl,dossiers,received?,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="line 2: 'dossiers_totl' is no count or rate row"):
        load_row_subjects(path, CATALOG.subjects, CATALOG.kinds)
    path.write_text(
        "indicator_id,subject,qualifiers,comment\ndossiers_total,dossiers,recieved?,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match="line 2: unknown subject or qualifier .*recieved"):
        load_row_subjects(path, CATALOG.subjects, CATALOG.kinds)


def test_a_sentence_longer_than_any_a_person_writes_is_read_in_bounded_time():
    import signal

    from cchc_analysis.parse.narrative import Block

    piece = "xử lý 03 hồ sơ trực tuyến cấp độ 3 và 100% nhiệm vụ được UBND tỉnh giao hoàn thành đúng hạn, "
    block = Block("II.2", "2. Thủ tục", 2, piece * 1000, "line 5")  # 100 000 characters, no full stop
    signal.alarm(30)  # guards against a hang, not a speed assertion
    try:
        found = claims([block])
    finally:
        signal.alarm(0)
    assert len(found) == 2000
    # "xử lý 03 hồ sơ" counts dossiers handled, not those received: no row of its own
    assert {(c["value"], c["indicator_id"]) for c in found} == {(3.0, None), (100.0, "province_on_time_rate")}
    assert max(len(c["sentence"]) for c in found) <= 2100  # the stretch around each figure


@pytest.mark.parametrize(
    "text,expected",
    [
        # a breakdown in brackets: each part is its level's row, not the total
        (
            "Tổng số TTHC đang thực hiện là 25 thủ tục (cấp tỉnh 20 thủ tục, cấp huyện 3 thủ tục, cấp xã 2 thủ tục).",
            [(25, "tthc_total"), (20, "tthc_provincial"), (3, "tthc_district"), (2, "tthc_commune")],
        ),
        # staff assigned, present and reduced in one sentence: each its own row
        (
            "Tổng số biên chế được giao năm 2023 là 16 biên chế, có mặt 16 người, đã tinh giản 01 biên chế.",
            [(16, "staff_quota"), (16, "staff_present"), (1, "staff_reduced")],
        ),
        # the total dossiers and each level's online dossiers in one sentence
        (
            "Trong kỳ, tiếp nhận 10 hồ sơ, trong đó 6 hồ sơ trực tuyến mức độ 3 và 4 hồ sơ trực tuyến mức độ 4.",
            [(10, "dossiers_total"), (6, "dossiers_online_l3"), (4, "dossiers_online_l4")],
        ),
        # the parts written bare after the thing they share: each its own row
        (
            "Tổng số thủ tục hành chính đang thực hiện là 25 thủ tục (cấp tỉnh 20, cấp huyện 3, cấp xã 2).",
            [(25, "tthc_total"), (20, "tthc_provincial"), (3, "tthc_district"), (2, "tthc_commune")],
        ),
        (
            "Tổng số biên chế được giao 30, có mặt 28, tinh giản 2.",
            [(30, "staff_quota"), (28, "staff_present"), (2, "staff_reduced")],
        ),
        (
            "Sở tiếp nhận 120 hồ sơ, trong đó 80 hồ sơ trực tuyến mức độ 3 và 40 mức độ 4.",
            [(120, "dossiers_total"), (80, "dossiers_online_l3"), (40, "dossiers_online_l4")],
        ),
        # dossiers settled on time, or received by one level, are not all dossiers received
        (
            "Sở tiếp nhận 1.052 hồ sơ; đã giải quyết đúng hạn 1.050 hồ sơ.",
            [(1052, "dossiers_total"), (1050, None)],
        ),
        (
            "Tiếp nhận 4.200 hồ sơ TTHC; trong đó cấp thị xã tiếp nhận 1.200 hồ sơ, cấp xã tiếp nhận 3.000 hồ sơ.",
            [(4200, "dossiers_total"), (1200, None), (3000, None)],
        ),
        # an on-time rate of level-3 dossiers is not the level-3 share of row 3.4.7.1
        ("Tỷ lệ hồ sơ trực tuyến mức độ 3 được giải quyết đúng hạn đạt 97,5 %.", [(97.5, None)]),
        # legal documents issued, reviewed and checked are three rows
        (
            "Tham mưu ban hành 04 VBQPPL; rà soát 35 VBQPPL; kiểm tra 6 văn bản quy phạm pháp luật.",
            [(4, "legal_docs_issued"), (35, "legal_docs_reviewed"), (6, "legal_docs_checked")],
        ),
        (
            "Tổng biên chế công chức được giao năm 2023 là 62 biên chế; có mặt 58 người.",
            [(62, "staff_quota"), (58, "staff_present")],
        ),
        # the rate of documents sent electronically with paper too is its own row
        (
            "Tỷ lệ văn bản gửi điện tử song song với văn bản giấy đạt 2,5 %.",
            [(2.5, "docs_electronic_paper_rate")],
        ),
    ],
)
def test_each_figure_of_a_sentence_is_linked_by_what_it_counts(text, expected):
    found = claims([Block("II.4", "4. Cải cách chế độ công vụ", 2, text, "line 1")])
    assert [(c["value"], c["indicator_id"]) for c in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Kế hoạch CCHC năm 2023 của Sở đề ra 30 nhiệm vụ, đã hoàn thành 28 nhiệm vụ.",
            [(30, "plan_tasks_total"), (28, "plan_tasks_done")],
        ),
        ("Tổng số nhiệm vụ được UBND tỉnh giao là 14 nhiệm vụ.", [(14, "province_tasks_assigned")]),
        # the tasks the province assigned are not the plan's, even when done
        ("Trong số nhiệm vụ được UBND tỉnh giao theo kế hoạch, đã hoàn thành 19 nhiệm vụ.", [(19, None)]),
    ],
)
def test_task_counts_in_other_wordings_are_linked(text, expected):
    found = claims([Block("I.2", "2. Chỉ đạo, điều hành", 2, text, "line 1")])
    assert [(c["value"], c["indicator_id"]) for c in found] == expected


def test_the_reporting_agencys_own_name_qualifies_nothing():
    """ "Thanh tra tỉnh" is who received the dossiers, not dossiers inspected: the same sentence
    links to dossiers received once the agency's name is known, and is read whole for people."""
    said = _para("I. KẾT QUẢ", "- Thanh tra tỉnh đã tiếp nhận 20.236 hồ sơ TTHC.")
    blind = _one(claims(said), "line 2", 20236)
    assert blind["indicator_id"] is None  # "thanh tra" taken for an inspection
    known = _one(claims(said, ("Thanh tra tỉnh", None)), "line 2", 20236)
    assert known["indicator_id"] == "dossiers_total"
    assert "Thanh tra tỉnh đã tiếp nhận" in known["sentence"]
