"""Who wrote a report, as its letterhead says: the block in capitals above "BÁO CÁO" — the
province's people's committee ("UBND TỈNH KHÁNH HÒA"), then the agency ("SỞ TƯ PHÁP") — and, in
running text, the province named after the agency ("Ban Dân tộc tỉnh Khánh Hòa")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cchc_analysis.parse.names import same_province
from cchc_analysis.shared.cleaning import clean_text
from cchc_analysis.sources.model import Report

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_LOWER = _UPPER.lower()
_NAME = rf"[{_UPPER}][{_UPPER}\-–&,.() ]*?[{_UPPER}.)]"
_COMMITTEE = r"(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)"
#: The left block of a letterhead line: capitals up to the motto, a word in lower case, or the end.
_LEFT = re.compile(
    rf"^(?!CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP)(?P<caps>{_NAME}|[{_UPPER}])"
    rf"(?=\s+(?:CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP)|\s+\S*[{_LOWER}]|\s*$)"
)
_PROVINCE_HEAD = re.compile(rf"^{_COMMITTEE}\s+(?P<kind>TỈNH|THÀNH PHỐ|TP\.?)\s*(?P<name>{_NAME})$")
_AGENCY_WORDS = (
    r"SỞ|BAN|VĂN PHÒNG|THANH TRA|ĐÀI|BỘ CHỈ HUY|CÔNG AN|KHO BẠC|CỤC|CHI CỤC|"
    r"BẢO HIỂM XÃ HỘI|TRƯỜNG|PHÒNG|TRUNG TÂM|BQL|VP"
)
_AGENCY_HEAD = re.compile(rf"^(?P<agency>(?:{_AGENCY_WORDS}|{_COMMITTEE})\s+{_NAME})$")
#: A line that starts a body of its own: never the wrapped end of the line above.
_OWN_LINE = re.compile(rf"^(?:{_AGENCY_WORDS}|{_COMMITTEE}|BÁO CÁO)\b")
#: A line cut inside a name: it ends on a joining word or sign, or the next one starts with one.
_CUT_AFTER = re.compile(rf"(?:^{_COMMITTEE}|[,&\-–]|\sVÀ)$")
_CUT_BEFORE = re.compile(r"^(?:VÀ\s|[,&\-–])")
_WORD = r"[A-ZÀ-ỸĐ][a-zà-ỹđ]*"
#: A province's name in running text: capitalised words, or the one name written with a dash.
_PLACE = rf"(?:Bà Rịa\s*[-–]\s*Vũng Tàu|{_WORD}(?:\s+{_WORD}){{0,2}})"
_PROVINCE_IN_TEXT = re.compile(rf"\b(?P<kind>tỉnh|thành phố)\s+(?P<name>{_PLACE})")
#: How many paragraphs from the top the letterhead may take.
_TOP = 10
#: Centrally-run cities: "UBND THÀNH PHỐ" of one of them is a province's committee; of any other
#: city (Nha Trang, Tuy Hòa …) it is a local government, an agency that reports to its province.
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")


def is_central_city(name: str) -> bool:
    """Is ``name`` ("HÀ NỘI", "Cần Thơ", "Hồ Chí Minh") a centrally-run city (a province)?"""
    return any(same_province(name, city) for city in CENTRAL_CITIES)


@dataclass(frozen=True)
class Letterhead:
    """What the letterhead says, as written (capitals): the province and the agency."""

    province: str | None = None
    agency: str | None = None


def _title(name: str) -> str:
    """A place name from capitals: "KHÁNH HÒA" → "Khánh Hòa"; "BÀ RỊA - VŨNG TÀU" kept hyphenated."""
    return " ".join(word.capitalize() for word in name.split(" ")).replace(" - ", " - ")


_HEADS = (
    "bảo hiểm xã hội",
    "bộ chỉ huy",
    "văn phòng",
    "thanh tra",
    "công an",
    "kho bạc",
    "chi cục",
    "trung tâm",
    "trường",
    "phòng",
    "sở",
    "ban",
    "đài",
    "cục",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
)
#: Words of "tỉnh", "huyện", "thị xã", "thành phố", "thị trấn"…: lower case, a place name follows.
_PLACES = frozenset({"tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "phố", "trấn"})
_ACRONYMS = frozenset({"ubnd", "hđnd", "tp", "tp.", "bql", "vp"})


def agency_case(shouted: str) -> str:
    """An agency's name written in capitals, in the usual Vietnamese casing: the kind of body and
    each field of work capitalised on its first word ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ" → "Sở Kế hoạch và
    Đầu tư"), acronyms kept ("UBND"), place names after huyện/tỉnh/thị xã capitalised."""
    words = shouted.lower().split()
    head = next((h for h in _HEADS if " ".join(words[: len(h.split())]) == h), words[0] if words else "")
    n = len(head.split())
    out = [head.upper() if head in _ACRONYMS else head.capitalize()] if words else []
    start_field, place = True, False
    for word in words[n:]:
        if word in _ACRONYMS:
            out.append(word.upper())
            continue
        after_place_word = out[-1] in ("thị", "thành") or out[-1].upper() in _ACRONYMS or len(out) == n
        if word in _PLACES and (word not in ("xã", "phố", "trấn") or after_place_word):
            out.append(word)
            place = True
            continue
        if word in ("và", "-", "–"):
            out.append(word)
            start_field = True
            continue
        out.append(word.capitalize() if place or start_field else word)
        start_field = False
    return " ".join(out)


def _left_lines(report: Report) -> list[str]:
    """The left block's lines above "BÁO CÁO", a name wrapped over two lines joined back
    ("SỞ VĂN HÓA, THỂ THAO" / "VÀ DU LỊCH"; "ỦY BAN NHÂN DÂN" / "THỊ XÃ NINH HÒA"; "BAN QUẢN LÝ
    CÁC KHU" / "CÔNG NGHIỆP" below an agency's line). A line in lower case or a blank one ends
    a name: a wrap is never read across it."""
    lines: list[str] = []
    joinable = False
    for paragraph in report.paragraphs[:_TOP]:
        text = clean_text(paragraph.text)
        if text.upper() == "BÁO CÁO":
            break
        found = _LEFT.match(text)
        caps = found.group("caps") if found else None
        if caps is None:
            joinable = False
            continue
        cut = lines and (_CUT_AFTER.search(lines[-1]) or _CUT_BEFORE.match(caps))
        wrapped = lines and _AGENCY_HEAD.match(lines[-1]) and not _OWN_LINE.match(caps)
        if joinable and (cut or wrapped):
            lines[-1] = f"{lines[-1]} {caps}"
        else:
            lines.append(caps)
        joinable = True
    return lines


#: Where an agency's name starts inside a province's line ("KHÁNH HÒA SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
#: "PHÚ YÊN - SỞ TƯ PHÁP", "PHÚ YÊN ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG HÒA"): one cell of a Word
#: letterhead read as one line, or one typed line.
_AGENCY_AFTER = re.compile(rf"(?:\s+[-–])?\s+(?=(?:{_AGENCY_WORDS}|{_COMMITTEE})\s)")


def _province_then_agency(name: str) -> tuple[str, str | None]:
    """A province line's name, and the agency written on the same line after it (or None)."""
    for cut in _AGENCY_AFTER.finditer(name):
        rest = name[cut.end() :]
        if _AGENCY_HEAD.match(rest):
            return name[: cut.start()], clean_text(rest)
    return name, None


def letterhead(report: Report) -> Letterhead:
    """The province and agency of the letterhead above "BÁO CÁO" (None where it names none).

    The first province's committee ("UBND TỈNH X", "UBND THÀNH PHỐ <centrally-run city>") is the
    province; the lowest agency line is the agency (the lines above it are its superiors); a
    local government ("UBND THÀNH PHỐ NHA TRANG", "UBND HUYỆN …") is an agency like any other,
    its province the line above it or, lacking one, the roster's or the running text's."""
    province = agency = None
    for text in _left_lines(report):
        found = _PROVINCE_HEAD.match(text)
        if found and found.group("kind") != "TỈNH" and not is_central_city(found.group("name")):
            found = None  # another city: a local government, the reporting agency
        if found and province is None:
            name, rest = _province_then_agency(found.group("name"))
            if rest:
                agency = rest
            province = _title(name)
        elif not found and (head := _AGENCY_HEAD.match(text)):
            agency = clean_text(head.group("agency"))
    return Letterhead(province, agency)


def province_after(report: Report, agency: str | None) -> str | None:
    """The province the running text names after the agency's own name ("Ban Dân tộc tỉnh
    Khánh Hòa")."""
    if not agency:
        return None
    # "Thanh tra tỉnh Khánh Hòa": a name that ends with "tỉnh" is followed by the province alone
    place = r"\s+" if agency.endswith((" tỉnh", " thành phố")) else r"\s+(?:tỉnh|thành phố)\s+"
    after = re.compile(rf"{re.escape(agency)}{place}(?P<name>{_PLACE})")
    for paragraph in report.paragraphs:
        if found := after.search(paragraph.text):
            return found.group("name")
    return None


def province_in_text(report: Report, agency: str | None) -> str | None:
    """The province the running text names: after the agency's own name first, else the one
    named at least twice and more often than any other ("thành phố X" only of a centrally-run
    city: "thành phố Nha Trang" is a city of a province)."""
    if named := province_after(report, agency):
        return named
    counts = Counter(
        m.group("name")
        for p in report.paragraphs
        for m in _PROVINCE_IN_TEXT.finditer(p.text)
        if m.group("kind") == "tỉnh" or is_central_city(m.group("name"))
    )
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


#: An agency's name that ends with its province: "Sở Nội vụ tỉnh Phú Yên".
_WITH_PROVINCE = re.compile(
    rf"^(?P<agency>.+?)\s+(?:tỉnh|thành phố)\s+(?P<province>{_PLACE}|{_WORD}(?:\s+{_WORD}){{3}})$"
)
#: Names that are the province's own bodies: "UBND tỉnh Phú Yên" keeps its province.
_OWN_BODIES = re.compile(
    r"^(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Tỉnh ủy)$", re.IGNORECASE
)


def split_province(agency: str) -> tuple[str, str | None]:
    """An agency's name without the province it ends with, and that province ("Sở Nội vụ tỉnh
    Phú Yên" → ("Sở Nội vụ", "Phú Yên")): one agency is one name, whatever way its report put
    it. The province's own bodies ("UBND tỉnh Phú Yên") keep their whole name."""
    found = _WITH_PROVINCE.match(agency)
    if found is None or _OWN_BODIES.match(found.group("agency")):
        return agency, None
    return found.group("agency"), found.group("province")
