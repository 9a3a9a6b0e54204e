"""Who wrote a report, from its letterhead: province and agency in capitals, written back in the
usual casing; the province named in running text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_analysis.parse.letterhead import agency_case, letterhead, province_in_text
from cchc_analysis.sources.model import Paragraph, Report

from builders import seed_report


@pytest.mark.parametrize(
    "shouted,written",
    [
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
        ("BAN DÂN TỘC", "Ban Dân tộc"),
        ("UBND HUYỆN XUYÊN MỘC", "UBND huyện Xuyên Mộc"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("VĂN PHÒNG UBND TỈNH", "Văn phòng UBND tỉnh"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA", "Ủy ban nhân dân thị xã Ninh Hòa"),
        ("UBND XÃ CAM HẢI ĐÔNG", "UBND xã Cam Hải Đông"),
        ("BẢO HIỂM XÃ HỘI TỈNH", "Bảo hiểm xã hội tỉnh"),
    ],
)
def test_agency_names_in_capitals_are_written_back_as_agencies_write_them(shouted, written):
    assert agency_case(shouted) == written


def report(*lines: str) -> Report:
    return Report(
        path=Path("r.txt"),
        reader="text",
        paragraphs=[Paragraph(text, f"line {n}") for n, text in enumerate(lines, 1)],
    )


def test_the_letterhead_block_above_the_title():
    top = report(
        "UBND TỈNH KHÁNH HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc",
        "Số: 1432/BC-STP",
        "BÁO CÁO",
        "Kết quả CCHC quý II năm 2023",
    )
    assert (letterhead(top).province, letterhead(top).agency) == ("Khánh Hòa", "SỞ TƯ PHÁP")
    district = report("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "UBND HUYỆN XUYÊN MỘC", "BÁO CÁO")
    assert (letterhead(district).province, letterhead(district).agency) == (
        "Bà Rịa - Vũng Tàu",
        "UBND HUYỆN XUYÊN MỘC",
    )
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
        "Sở Tư pháp",
        "letterhead",
        "Phú Yên",
        "letterhead",
    )


@pytest.mark.parametrize(
    "lines,province,agency",
    [
        # a name wrapped over two lines, joined back
        (
            (
                "UBND TỈNH KHÁNH HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "SỞ VĂN HÓA, THỂ THAO Độc lập - Tự do - Hạnh phúc",
                "VÀ DU LỊCH",
            ),
            "Khánh Hòa",
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        ),
        (
            ("UBND TỈNH KHÁNH HÒA", "BAN QUẢN LÝ CÁC KHU", "CÔNG NGHIỆP", "-------", "Số: 12/BC-BQL"),
            "Khánh Hòa",
            "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
        ),
        (
            ("UBND TỈNH PHÚ YÊN", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"),
            "Phú Yên",
            "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        ),
        (("ỦY BAN NHÂN DÂN", "THỊ XÃ NINH HÒA"), None, "ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA"),
        (("UBND TỈNH KHÁNH HÒA", "SỞ KH&ĐT"), "Khánh Hòa", "SỞ KH&ĐT"),
        # the province's and the agency's lines read as one (one cell of a Word letterhead)
        (("UBND TỈNH KHÁNH HÒA SỞ KẾ HOẠCH VÀ ĐẦU TƯ",), "Khánh Hòa", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),
        (("UBND TỈNH PHÚ YÊN - SỞ TƯ PHÁP",), "Phú Yên", "SỞ TƯ PHÁP"),
        (("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU BAN DÂN TỘC",), "Bà Rịa - Vũng Tàu", "BAN DÂN TỘC"),
        (
            ("UBND TỈNH PHÚ YÊN ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG HÒA",),
            "Phú Yên",
            "ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG HÒA",
        ),
        (("UBND TỈNH ĐỒNG NAI UBND THÀNH PHỐ LONG KHÁNH",), "Đồng Nai", "UBND THÀNH PHỐ LONG KHÁNH"),
        # a city's, town's or district's committee on one line is the reporting agency
        (("UBND THÀNH PHỐ NHA TRANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",), None, "UBND THÀNH PHỐ NHA TRANG"),
        (("ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA",), None, "ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA"),
        (("UBND TP. TUY HÒA",), None, "UBND TP. TUY HÒA"),
        (("UBND TỈNH KHÁNH HÒA", "UBND THÀNH PHỐ NHA TRANG"), "Khánh Hòa", "UBND THÀNH PHỐ NHA TRANG"),
        # ... but a centrally-run city is a province, above its agency
        (("UBND THÀNH PHỐ HÀ NỘI", "SỞ TƯ PHÁP"), "Hà Nội", "SỞ TƯ PHÁP"),
        (("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "SỞ NỘI VỤ"), "Cần Thơ", "SỞ NỘI VỤ"),
        (("UBND TP. HỒ CHÍ MINH", "BAN DÂN TỘC"), "Hồ Chí Minh", "BAN DÂN TỘC"),
        # a blank line is no wrap; the lowest agency line is the one that writes
        (
            ("UBND TỈNH KHÁNH HÒA", "SỞ TƯ PHÁP", "", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ"),
            "Khánh Hòa",
            "TRUNG TÂM TRỢ GIÚP PHÁP LÝ",
        ),
        (("UBND HUYỆN VẠN NINH", "PHÒNG NỘI VỤ"), None, "PHÒNG NỘI VỤ"),
    ],
)
def test_letterheads_wrapped_and_of_local_governments(lines, province, agency):
    top = letterhead(report(*lines, "BÁO CÁO", "Kết quả CCHC 6 tháng đầu năm 2024"))
    assert (top.province, top.agency) == (province, agency)


def test_a_city_in_running_text_is_not_a_province():
    city = report(
        "UBND thành phố Nha Trang báo cáo.",
        "Trên địa bàn thành phố Nha Trang.",
        "Các phường của thành phố Nha Trang.",
    )
    assert province_in_text(city, None) is None
    assert (
        province_in_text(report("Tại thành phố Hà Nội.", "Trên địa bàn thành phố Hà Nội."), None) == "Hà Nội"
    )
    both = report(
        "Thành phố Nha Trang, tỉnh Khánh Hòa.",
        "Thành phố Nha Trang thuộc tỉnh Khánh Hòa.",
        "Các xã của thành phố Nha Trang.",
    )
    assert province_in_text(both, None) == "Khánh Hòa"


def test_a_one_line_city_letterhead_is_read_not_refused():
    from dataclasses import replace

    from cchc_analysis.parse.metadata import resolve

    seed = seed_report()
    text = [
        p.text.replace("Ban Dân tộc báo cáo", "cơ quan báo cáo")
        .replace(" TẠI BAN DÂN TỘC", "")
        .replace("Ban Dân tộc tỉnh Khánh Hòa", "cơ quan")
        for p in seed.paragraphs
    ]
    lines = ["ỦY BAN NHÂN DÂN THÀNH PHỐ NHA TRANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", *text]
    top = replace(
        seed,
        appendix_heading=[h.replace(" TẠI BAN DÂN TỘC", "") for h in seed.appendix_heading],
        paragraphs=[Paragraph(t, f"line {n}") for n, t in enumerate(lines, 1)],
    )
    meta = resolve(top)
    assert (meta.agency, meta.agency_from) == ("Ủy ban nhân dân thành phố Nha Trang", "letterhead")
    assert meta.province != "Nha Trang"


def test_a_province_written_with_a_dash_is_one_name():
    from cchc_analysis.parse.letterhead import split_province

    assert split_province("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu") == ("Sở Nội vụ", "Bà Rịa - Vũng Tàu")
    assert split_province("Sở Y tế tỉnh Thừa Thiên Huế") == ("Sở Y tế", "Thừa Thiên Huế")
    text = report("BÁO CÁO", "(Kèm theo Báo cáo số 257/BC-SNV của Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu)")
    assert province_in_text(text, "Sở Nội vụ") == "Bà Rịa - Vũng Tàu"
    assert (
        province_in_text(report("BÁO CÁO", "của Thanh tra tỉnh Khánh Hòa)"), "Thanh tra tỉnh") == "Khánh Hòa"
    )
