"""Agency names matched to the roster by evidence: folded spellings, abbreviations read as the
initials of the name's fields, aliases; one roster line or no match. Expectations typed by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.parse.names import Roster

PROVINCE = "Khánh Hòa"
LINES = [
    "Sở Kế hoạch và Đầu tư",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Giáo dục và Đào tạo",
    "Sở Giao thông vận tải",
    "Sở Thông tin và Truyền thông",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Xây dựng",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
    "Ban Quản lý Khu kinh tế Vân Phong",
    "Văn phòng UBND tỉnh",
    "UBND thị xã Ninh Hòa",
    "UBND huyện Vạn Ninh",
    "UBND thành phố Nha Trang",
    "UBND thành phố Cam Ranh",
    "Đài Phát thanh và Truyền hình",
    "Bảo hiểm xã hội tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh",
]
ROSTER = Roster([{"agency": name, "province": PROVINCE} for name in LINES])


@pytest.mark.parametrize(
    "written,line,evidence",
    [
        ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", "exact"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", "abbreviation"),
        ("Sở KH-ĐT", "Sở Kế hoạch và Đầu tư", "abbreviation"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư", "normalised"),
        ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư", "normalised"),
        ("Sở KHĐT", "Sở Kế hoạch và Đầu tư", "abbreviation"),
        ("Sở KH&ĐT tỉnh Khánh Hòa", "Sở Kế hoạch và Đầu tư", "abbreviation"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ", "abbreviation"),
        ("Sở KHCN", "Sở Khoa học và Công nghệ", "abbreviation"),
        ("SỞ KH-CN", "Sở Khoa học và Công nghệ", "abbreviation"),
        ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch", "abbreviation"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "abbreviation"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch", "normalised"),
        ("Sở Văn hoá - Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch", "normalised"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường", "abbreviation"),
        ("Sở TNMT", "Sở Tài nguyên và Môi trường", "abbreviation"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội", "abbreviation"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội", "abbreviation"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", "normalised"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo", "abbreviation"),
        ("Sở GDĐT", "Sở Giáo dục và Đào tạo", "abbreviation"),
        ("Sở GTVT", "Sở Giao thông vận tải", "abbreviation"),
        ("Sở Giao thông – Vận tải", "Sở Giao thông vận tải", "normalised"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông", "abbreviation"),
        ("Sở TTTT", "Sở Thông tin và Truyền thông", "abbreviation"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", "abbreviation"),
        ("Sở NN-PTNT", "Sở Nông nghiệp và Phát triển nông thôn", "abbreviation"),
        ("BQL các KCN", "Ban Quản lý các khu công nghiệp", "abbreviation"),
        ("Ban quản lý các Khu công nghiệp tỉnh Khánh Hòa", "Ban Quản lý các khu công nghiệp", "normalised"),
        ("BQL KKT Vân Phong", "Ban Quản lý Khu kinh tế Vân Phong", "abbreviation"),
        ("VP UBND tỉnh", "Văn phòng UBND tỉnh", "abbreviation"),
        ("Văn phòng Ủy ban nhân dân tỉnh Khánh Hòa", "Văn phòng UBND tỉnh", "normalised"),
        ("TX. Ninh Hòa", "UBND thị xã Ninh Hòa", "normalised"),
        ("Ủy ban nhân dân thị xã Ninh Hoà", "UBND thị xã Ninh Hòa", "normalised"),
        ("UBND TX Ninh Hòa", "UBND thị xã Ninh Hòa", "normalised"),
        ("Uỷ ban nhân dân thị xã Ninh Hòa tỉnh Khánh Hòa", "UBND thị xã Ninh Hòa", "normalised"),
        ("UBND TP. Nha Trang", "UBND thành phố Nha Trang", "normalised"),
        ("UBND TP.Nha Trang", "UBND thành phố Nha Trang", "normalised"),
        ("Thành phố Nha Trang", "UBND thành phố Nha Trang", "normalised"),
        ("UBND H. Vạn Ninh", "UBND huyện Vạn Ninh", "normalised"),
        ("Huyện Vạn Ninh", "UBND huyện Vạn Ninh", "normalised"),
        ("Sở Tư pháp tỉnh Khánh Hoà", "Sở Tư pháp", "normalised"),
        ("sở  tư   Pháp", "Sở Tư pháp", "normalised"),
        ("Sở Nội vụ Khánh Hòa", "Sở Nội vụ", "normalised"),
        ("Sở Y tế tỉnh", "Sở Y tế", "normalised"),
        ("Đài PT-TH", "Đài Phát thanh và Truyền hình", "abbreviation"),
        ("Đài PT&TH tỉnh", "Đài Phát thanh và Truyền hình", "abbreviation"),
        ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh", "abbreviation"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "abbreviation"),
        ("Đoàn TNCS Hồ Chí Minh tỉnh", "Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh", "abbreviation"),
        ("Tỉnh đoàn", "Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh", "alias"),
        ("Tỉnh đoàn Khánh Hòa", "Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh", "alias"),
    ],
)
def test_a_name_as_written_is_its_one_roster_line(written, line, evidence):
    found = ROSTER.match(written, PROVINCE)
    assert (found.line and found.line["agency"], found.evidence) == (line, evidence)
    assert ROSTER.match(written).line["agency"] == line  # the province unknown: still the one line


@pytest.mark.parametrize(
    "written,line",
    [
        ("Sở Tư pháp", "Sở Tài chính"),
        ("Sở KH&CN", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH&ĐT", "Sở Khoa học và Công nghệ"),
        ("UBND huyện Vạn Ninh", "UBND thị xã Ninh Hòa"),
        ("UBND huyện Ninh Hòa", "UBND thị xã Ninh Hòa"),  # a district is not the town
        ("Sở KH", "Sở Kế hoạch và Đầu tư"),  # initials of part of the name
        ("Sở Kế hoạch", "Sở Kế hoạch và Đầu tư"),
        ("Sở VH-TT", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHT-TDL", "Sở Văn hóa, Thể thao và Du lịch"),  # a group starting inside a field
        ("Sở GD&ĐT", "Sở Giao thông vận tải"),
        ("Ban Dân tộc", "Ban Tôn giáo"),
        ("UBND thành phố Nha Trang", "UBND thành phố Cam Ranh"),
        ("Văn phòng UBND tỉnh", "UBND tỉnh Khánh Hòa"),
        ("Sở Y tế", "Sở Xây dựng"),
        ("Ban Quản lý Khu kinh tế Vân Phong", "Ban Quản lý các khu công nghiệp"),
        ("Phòng Nội vụ", "Sở Nội vụ"),
        ("UBND", "UBND huyện Vạn Ninh"),
        ("Sở Tài nguyên", "Sở Tài nguyên và Môi trường"),
        ("Sở tp", "Sở Tư pháp"),  # "TP" is the city's short form, not the initials of Tư pháp
    ],
)
def test_a_name_is_not_another_roster_line(written, line):
    found = Roster([{"agency": line, "province": PROVINCE}]).match(written, PROVINCE)
    assert (found.line, found.evidence, found.closest) == (None, "none", (line,))


def test_a_line_of_another_province_is_not_the_agency():
    roster = Roster([{"agency": "Sở Tư pháp", "province": "Phú Yên"}])
    assert roster.match("Sở Tư pháp", "Khánh Hòa").line is None
    assert roster.match("Sở Tư pháp", "Phú Yên").evidence == "exact"
    assert Roster([{"agency": "Sở Tư pháp", "province": None}]).match("Sở Tư pháp", "Phú Yên").line


def test_two_lines_that_fit_are_no_match_and_both_are_named():
    twice = Roster(
        [{"agency": "Ban Dân tộc", "province": "Khánh Hòa"}, {"agency": "Ban Dân tộc", "province": "Phú Yên"}]
    )
    assert twice.match("Ban Dân tộc") == type(twice.match("x"))(None, "none", ("Ban Dân tộc",) * 2)
    assert twice.match("Ban Dân tộc", "Phú Yên").line["province"] == "Phú Yên"
    both = Roster(
        [
            {"agency": "Sở Khoa học và Công nghệ", "province": None},
            {"agency": "Sở Kế hoạch và Công nghệ", "province": None},
        ]
    )
    found = both.match("Sở KH&CN")
    assert (found.line, set(found.closest)) == (
        None,
        {"Sở Khoa học và Công nghệ", "Sở Kế hoạch và Công nghệ"},
    )


def test_no_match_names_the_closest_lines_first():
    found = ROSTER.match("UBND thị xã Ninh Hải", PROVINCE)
    assert found.line is None and found.closest[0] == "UBND thị xã Ninh Hòa" and len(found.closest) == 3


# ------------------------------------------------------------------ variants, generated
#: Old and new tone placement: "hòa"/"hoà", "thủy"/"thuỷ", "ủy"/"uỷ".
TONES = [
    ("òa", "oà"),
    ("óa", "oá"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("ủy", "uỷ"),
    ("úy", "uý"),
    ("ùy", "uỳ"),
    ("ụy", "uỵ"),
    ("ũy", "uỹ"),
]
SEPARATORS = [" và ", ", ", " - ", " – ", " & "]
#: The kinds of body whose name is followed by fields, and how each is shortened.
HEADS = {
    "Sở": ["Sở"],
    "Ban Quản lý": ["Ban Quản lý", "BQL", "Ban quản lý"],
    "Văn phòng": ["Văn phòng", "VP"],
    "Đài": ["Đài"],
}
COMMITTEE = ["UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "ủy ban nhân dân"]
PLACES = {
    "thị xã": ["thị xã", "TX.", "TX", "Thị xã"],
    "thành phố": ["thành phố", "TP.", "TP", "Tp."],
    "huyện": ["huyện", "H.", "Huyện"],
}


def _initials(field: str) -> str:
    return "".join(word[0] for word in field.split()).upper()


@st.composite
def variants(draw: st.DrawFn) -> tuple[str, str]:
    """(roster line, the line written another way) — the clerk's ways, drawn."""
    line = draw(st.sampled_from(LINES))
    name = line
    if place := re.match(r"^UBND (thị xã|thành phố|huyện) (.+)$", line):
        committee = draw(st.sampled_from(COMMITTEE + [""]))
        name = f"{committee} {draw(st.sampled_from(PLACES[place[1]]))} {place[2]}".strip()
    elif head := next((h for h in HEADS if line.startswith(h + " ")), None):
        rest = line[len(head) + 1 :]
        fields = [f for f in re.split(r",\s*|\s+-\s+|\s+và\s+", rest) if f]
        if len(fields) > 1 and draw(st.booleans()):  # abbreviated: initials of each field
            rest = _initials(fields[0]) + "".join(
                draw(st.sampled_from(["&", "-", ""])) + _initials(f) for f in fields[1:]
            )
        else:
            rest = fields[0] + "".join(draw(st.sampled_from(SEPARATORS)) + f for f in fields[1:])
        name = f"{draw(st.sampled_from(HEADS[head]))} {rest}"
        name = name.replace("UBND", draw(st.sampled_from(COMMITTEE)))
    name += draw(st.sampled_from(["", " tỉnh Khánh Hòa", " tỉnh Khánh Hoà", " Khánh Hòa"]))
    for old, new in TONES:
        if draw(st.booleans()):
            name = name.replace(old, new)
        elif draw(st.booleans()):
            name = name.replace(new, old)
    name = draw(st.sampled_from([name, name.upper(), name.lower(), f"  {name} "]))
    return line, name


@settings(max_examples=120, deadline=None)
@given(variants())
def test_a_roster_name_written_any_usual_way_is_that_line_and_no_other(case):
    line, written = case
    found = ROSTER.match(written, PROVINCE)
    assert found.line is not None and found.line["agency"] == line, found
