"""Who wrote a report, as its letterhead says: the block in capitals above "BÁO CÁO" — the
province's people's committee ("UBND TỈNH KHÁNH HÒA"), then the agency ("SỞ TƯ PHÁP") — and, in
running text, the province named after the agency ("Ban Dân tộc tỉnh Khánh Hòa")."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cchc_analysis.cleaning import clean_text
from cchc_analysis.sources.model import Report

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME = rf"[{_UPPER}][{_UPPER}\- ]*?[{_UPPER}]"
#: Where the letterhead's left block ends: the motto of the right block, or the line's end.
_ENDS = r"(?=\s+(?:CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|Độc lập|Cộng hòa)|\s*$)"
_PROVINCE_HEAD = re.compile(
    rf"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(?P<kind>TỈNH|THÀNH PHỐ|TP\.?)\s+(?P<name>{_NAME}){_ENDS}")
_AGENCY_HEAD = re.compile(
    rf"^(?P<agency>(?:SỞ|BAN|VĂN PHÒNG|THANH TRA|ĐÀI|BỘ CHỈ HUY|CÔNG AN|KHO BẠC|CỤC|CHI CỤC|"
    rf"BẢO HIỂM XÃ HỘI|TRƯỜNG|UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+{_NAME}){_ENDS}")
_WORD = r"[A-ZÀ-ỸĐ][a-zà-ỹđ]*"
_PROVINCE_IN_TEXT = re.compile(rf"\b(?:tỉnh|thành phố)\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})")
#: How many paragraphs from the top the letterhead may take.
_TOP = 8


@dataclass(frozen=True)
class Letterhead:
    """What the letterhead says, as written (capitals): the province and the agency."""

    province: str | None = None
    agency: str | None = None


def _title(name: str) -> str:
    """A place name from capitals: "KHÁNH HÒA" → "Khánh Hòa"; "BÀ RỊA - VŨNG TÀU" kept hyphenated."""
    return " ".join(word.capitalize() for word in name.split(" ")).replace(" - ", " - ")


_HEADS = ("bảo hiểm xã hội", "bộ chỉ huy", "văn phòng", "thanh tra", "công an", "kho bạc",
          "chi cục", "trường", "sở", "ban", "đài", "cục", "ủy ban nhân dân", "uỷ ban nhân dân")
#: Words of "tỉnh", "huyện", "thị xã", "thành phố", "thị trấn"…: lower case, a place name follows.
_PLACES = frozenset({"tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "phố", "trấn"})
_ACRONYMS = frozenset({"ubnd", "hđnd", "tp", "tp."})


def agency_case(shouted: str) -> str:
    """An agency's name written in capitals, in the usual Vietnamese casing: the kind of body and
    each field of work capitalised on its first word ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ" → "Sở Kế hoạch và
    Đầu tư"), acronyms kept ("UBND"), place names after huyện/tỉnh/thị xã capitalised."""
    words = shouted.lower().split()
    head = next((h for h in _HEADS if " ".join(words[:len(h.split())]) == h), words[0] if words else "")
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


def letterhead(report: Report) -> Letterhead:
    """The province and agency of the letterhead above "BÁO CÁO" (None where it names none)."""
    province = agency = None
    for paragraph in report.paragraphs[:_TOP]:
        text = clean_text(paragraph.text)
        if text.upper() == "BÁO CÁO":
            break
        if province is None and (found := _PROVINCE_HEAD.match(text)):
            name, _, rest = found.group("name").partition(" - ")
            if rest and _AGENCY_HEAD.match(rest):  # "UBND TỈNH PHÚ YÊN - SỞ KẾ HOẠCH VÀ ĐẦU TƯ"
                agency = agency or clean_text(rest)
            else:
                name = found.group("name")
            province = _title(name)
        elif agency is None and (found := _AGENCY_HEAD.match(text)):
            agency = clean_text(found.group("agency"))
    return Letterhead(province, agency)


def province_in_text(report: Report, agency: str | None) -> str | None:
    """The province the running text names: after the agency's own name ("Ban Dân tộc tỉnh
    Khánh Hòa") first, else the one named at least twice and more often than any other."""
    texts = [p.text for p in report.paragraphs]
    if agency:
        after = re.compile(rf"{re.escape(agency)}\s+(?:tỉnh|thành phố)\s+(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})")
        for text in texts:
            if found := after.search(text):
                return found.group("name")
    counts = Counter(m.group("name") for text in texts for m in _PROVINCE_IN_TEXT.finditer(text))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


#: An agency's name that ends with its province: "Sở Nội vụ tỉnh Phú Yên".
_WITH_PROVINCE = re.compile(rf"^(?P<agency>.+?)\s+(?:tỉnh|thành phố)\s+(?P<province>{_WORD}(?:\s+{_WORD}){{0,3}})$")
#: Names that are the province's own bodies: "UBND tỉnh Phú Yên" keeps its province.
_OWN_BODIES = re.compile(r"^(?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Tỉnh ủy)$",
                         re.IGNORECASE)


def split_province(agency: str) -> tuple[str, str | None]:
    """An agency's name without the province it ends with, and that province ("Sở Nội vụ tỉnh
    Phú Yên" → ("Sở Nội vụ", "Phú Yên")): one agency is one name, whatever way its report put
    it. The province's own bodies ("UBND tỉnh Phú Yên") keep their whole name."""
    found = _WITH_PROVINCE.match(agency)
    if found is None or _OWN_BODIES.match(found.group("agency")):
        return agency, None
    return found.group("agency"), found.group("province")
