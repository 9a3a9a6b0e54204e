"""Who wrote a report, from its letterhead: province and agency in capitals, written back in the
usual casing; the province named in running text."""
from __future__ import annotations

from pathlib import Path

import pytest

from builders import seed_report
from cchc_analysis.parse.letterhead import agency_case, letterhead, province_in_text
from cchc_analysis.sources.model import Paragraph, Report


@pytest.mark.parametrize("shouted,written", [
    ("SỞ TƯ PHÁP", "Sở Tư pháp"), ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
    ("BAN DÂN TỘC", "Ban Dân tộc"), ("UBND HUYỆN XUYÊN MỘC", "UBND huyện Xuyên Mộc"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("VĂN PHÒNG UBND TỈNH", "Văn phòng UBND tỉnh"),
    ("ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA", "Ủy ban nhân dân thị xã Ninh Hòa"),
    ("UBND XÃ CAM HẢI ĐÔNG", "UBND xã Cam Hải Đông"), ("BẢO HIỂM XÃ HỘI TỈNH", "Bảo hiểm xã hội tỉnh"),
])
def test_agency_names_in_capitals_are_written_back_as_agencies_write_them(shouted, written):
    assert agency_case(shouted) == written


def report(*lines: str) -> Report:
    return Report(path=Path("r.txt"), reader="text",
                  paragraphs=[Paragraph(text, f"line {n}") for n, text in enumerate(lines, 1)])


def test_the_letterhead_block_above_the_title():
    top = report("UBND TỈNH KHÁNH HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc", "Số: 1432/BC-STP", "BÁO CÁO",
                 "Kết quả CCHC quý II năm 2023")
    assert (letterhead(top).province, letterhead(top).agency) == ("Khánh Hòa", "SỞ TƯ PHÁP")
    district = report("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "UBND HUYỆN XUYÊN MỘC", "BÁO CÁO")
    assert (letterhead(district).province, letterhead(district).agency) == (
        "Bà Rịa - Vũng Tàu", "UBND HUYỆN XUYÊN MỘC")
    # capitals after the title are the title, not a letterhead
    assert letterhead(report("BÁO CÁO", "SỞ TƯ PHÁP")).agency is None


def test_the_province_in_running_text():
    assert province_in_text(seed_report(), "Ban Dân tộc") == "Khánh Hòa"  # "Ban Dân tộc tỉnh Khánh Hòa"
    two = report("Phối hợp với tỉnh Phú Yên và tỉnh Khánh Hòa.", "Trên địa bàn tỉnh Khánh Hòa.")
    assert province_in_text(two, None) == "Khánh Hòa"
    tie = report("Phối hợp với tỉnh Phú Yên.", "Và tỉnh Khánh Hòa.")
    assert province_in_text(tie, None) is None  # named once each: not enough to tell


def test_a_word_letterhead_laid_out_in_a_table_names_agency_and_province(tmp_path):
    from docx import Document

    from cchc_analysis.parse.metadata import resolve
    from cchc_analysis.sources.docx import read_docx
    from builders import build_docx

    seed = seed_report()
    path = build_docx(seed, tmp_path / "r.docx")
    document = Document(str(path))
    top = document.tables[0]  # the builder's letterhead: replace it by a two-line block
    left = top.rows[0].cells[0]
    left.text = "UBND TỈNH PHÚ YÊN"
    left.add_paragraph("SỞ TƯ PHÁP")
    for paragraph in document.paragraphs:  # the report no longer names itself in its text
        if "Ban Dân tộc báo cáo" in paragraph.text:
            paragraph.text = paragraph.text.replace("Ban Dân tộc báo cáo", "cơ quan báo cáo")
        if "TẠI BAN DÂN TỘC" in paragraph.text:
            paragraph.text = paragraph.text.replace(" TẠI BAN DÂN TỘC", "")
    document.save(str(path))
    meta = resolve(read_docx(path))
    assert (meta.agency, meta.agency_from, meta.province, meta.province_from) == (
        "Sở Tư pháp", "letterhead", "Phú Yên", "letterhead")
