"""Narrative sections of the seed, read off the raw file by hand."""

from __future__ import annotations

import pytest

from cchc_analysis.parse.narrative import blocks, forward_sections, sections
from cchc_analysis.sources.model import Paragraph

from builders import seed_report


def test_sections_of_the_seed():
    found = sections(seed_report().paragraphs)
    assert [s["section_id"] for s in found] == [
        "0",
        "I",
        "I.1",
        "I.2",
        "I.3",
        "I.4",
        "II",
        "II.1",
        "II.2",
        "II.2.a",
        "II.2.b",
        "II.3",
        "II.4",
        "II.5",
        "II.6",
        "III",
        "IV",
        "V",
        "Z",
    ]
    by_id = {s["section_id"]: s for s in found}
    assert by_id["II.2.a"]["heading"] == "a) Kết quả thực hiện cải cách thủ tục hành chính của cơ quan"
    assert by_id["II.2.a"]["level"] == 3 and by_id["II.2.a"]["locator"] == "line 85–91"
    # numbered items that end a sentence are list items of IV, not sub-sections
    assert by_id["IV"]["text"].startswith("1. Tiếp tục tuyên truyền")
    assert by_id["Z"]["heading"] == "Nơi nhận:" and "Võ Nam Thắng" in by_id["Z"]["text"]


def test_sentences_cut_by_page_breaks_are_joined():
    found = {b.locator: b.text for b in blocks(seed_report().paragraphs)}
    assert "line 19–21" in found  # "… của Thủ tướng" / "Chính phủ về tăng cường …"
    assert "Thủ tướng Chính phủ về tăng cường kỷ luật" in found["line 19–21"]
    assert "line 33–35" in found and "line 71–73" in found
    assert "line 31" in found  # a complete paragraph stays alone


def test_plans_and_proposals_are_forward_looking():
    assert forward_sections(blocks(seed_report().paragraphs)) == {"IV", "V"}


def test_a_paragraph_broken_into_many_pieces_is_joined_once_with_its_whole_span():
    import signal

    pieces = [Paragraph("I. TÌNH HÌNH", "line 1")] + [
        Paragraph(f"mảnh {n} của một câu rất dài không có dấu chấm", f"line {n + 1}")
        for n in range(1, 60_001)
    ]
    signal.alarm(30)  # guards against a hang, not a speed assertion
    try:
        (heading, body) = blocks(pieces)
    finally:
        signal.alarm(0)
    assert heading.is_heading and body.locator == "line 2–60001"
    assert body.text.startswith("mảnh 1 của") and body.text.endswith(
        "mảnh 60000 của một câu rất dài không có dấu chấm"
    )


@pytest.mark.parametrize(
    "heading,forward",
    [
        ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023", True),
        ("III. NHIỆM VỤ TRỌNG TÂM QUÝ II", True),
        ("IV. NHIỆM VỤ QUÝ TỚI", True),
        ("V. KIẾN NGHỊ, ĐỀ XUẤT", True),
        ("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", False),
    ],
)
def test_sections_that_state_plans(heading, forward):
    found = blocks([Paragraph(heading, "line 1"), Paragraph("1. Một nội dung", "line 2")])
    assert (found[0].section_id in forward_sections(found)) is forward
