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
