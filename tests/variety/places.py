"""Who reports: provinces, their district-level units, the provincial agencies, and the ways a
clerk writes each name — the roster's full name, the letterhead in capitals (over one or two
lines), and the short forms of running text ("Sở KH&ĐT", "Sở VH-TT&DL", "BQL các KCN")."""

from __future__ import annotations

import random
from dataclasses import dataclass

#: Province → its district-level units (kind, name), real ones.
PROVINCES: dict[str, tuple[tuple[str, str], ...]] = {
    "Khánh Hòa": (("huyện", "Diên Khánh"), ("thị xã", "Ninh Hòa"), ("thành phố", "Cam Ranh")),
    "Phú Yên": (("huyện", "Tuy An"), ("thị xã", "Đông Hòa"), ("thành phố", "Tuy Hòa")),
    "Bình Định": (("huyện", "Phù Cát"), ("thị xã", "An Nhơn"), ("thành phố", "Quy Nhơn")),
    "Ninh Thuận": (("huyện", "Ninh Hải"), ("huyện", "Thuận Bắc"), ("thành phố", "Phan Rang - Tháp Chàm")),
    "Lâm Đồng": (("huyện", "Đức Trọng"), ("thành phố", "Bảo Lộc"), ("thành phố", "Đà Lạt")),
    "Quảng Nam": (("huyện", "Duy Xuyên"), ("thị xã", "Điện Bàn"), ("thành phố", "Hội An")),
    "Gia Lai": (("huyện", "Chư Păh"), ("thị xã", "An Khê"), ("thành phố", "Pleiku")),
    "Đắk Lắk": (("huyện", "Krông Pắc"), ("thị xã", "Buôn Hồ"), ("thành phố", "Buôn Ma Thuột")),
    "Bình Thuận": (("huyện", "Hàm Thuận Bắc"), ("thị xã", "La Gi"), ("thành phố", "Phan Thiết")),
    "Bà Rịa - Vũng Tàu": (("huyện", "Đất Đỏ"), ("thị xã", "Phú Mỹ"), ("thành phố", "Bà Rịa")),
    "Thừa Thiên Huế": (("huyện", "Phú Vang"), ("thị xã", "Hương Thủy"), ("thị xã", "Hương Trà")),
    "Đồng Nai": (("huyện", "Trảng Bom"), ("thành phố", "Long Khánh"), ("thành phố", "Biên Hòa")),
    "Tây Ninh": (("huyện", "Gò Dầu"), ("thị xã", "Hòa Thành"), ("thị xã", "Trảng Bàng")),
    "Long An": (("huyện", "Đức Hòa"), ("thị xã", "Kiến Tường"), ("thành phố", "Tân An")),
    "An Giang": (("huyện", "Chợ Mới"), ("thị xã", "Tân Châu"), ("thành phố", "Long Xuyên")),
    "Nghệ An": (("huyện", "Diễn Châu"), ("thị xã", "Cửa Lò"), ("thành phố", "Vinh")),
    "Thanh Hóa": (("huyện", "Quảng Xương"), ("thị xã", "Nghi Sơn"), ("thành phố", "Sầm Sơn")),
    "Quảng Trị": (("huyện", "Gio Linh"), ("huyện", "Hải Lăng"), ("thành phố", "Đông Hà")),
    "Kon Tum": (("huyện", "Đắk Hà"), ("huyện", "Ngọc Hồi"), ("huyện", "Sa Thầy")),
    "Hà Tĩnh": (("huyện", "Cẩm Xuyên"), ("thị xã", "Kỳ Anh"), ("thành phố", "Hà Tĩnh")),
}

#: Provincial agencies: (roster name, short forms a clerk writes for it, symbol in "Số: …/BC-…").
AGENCIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Sở Tư pháp", (), "STP"),
    ("Sở Nội vụ", (), "SNV"),
    ("Sở Tài chính", (), "STC"),
    ("Sở Xây dựng", (), "SXD"),
    ("Sở Y tế", (), "SYT"),
    ("Sở Công Thương", (), "SCT"),
    ("Sở Ngoại vụ", (), "SNgV"),
    ("Sở Giao thông vận tải", ("Sở GTVT",), "SGTVT"),
    ("Sở Kế hoạch và Đầu tư", ("Sở KH&ĐT", "Sở KHĐT"), "SKHĐT"),
    ("Sở Văn hóa, Thể thao và Du lịch", ("Sở VH-TT&DL", "Sở VHTTDL"), "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", ("Sở KH&CN", "Sở KHCN"), "SKHCN"),
    ("Sở Lao động - Thương binh và Xã hội", ("Sở LĐ-TB&XH", "Sở LĐTBXH"), "SLĐTBXH"),
    ("Sở Tài nguyên và Môi trường", ("Sở TN&MT", "Sở TNMT"), "STNMT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", ("Sở NN&PTNT",), "SNN"),
    ("Sở Thông tin và Truyền thông", ("Sở TT&TT", "Sở TTTT"), "STTTT"),
    ("Sở Giáo dục và Đào tạo", ("Sở GD&ĐT", "Sở GDĐT"), "SGDĐT"),
    ("Ban Quản lý các khu công nghiệp", ("BQL các KCN", "Ban Quản lý các KCN"), "BQL"),
    ("Ban Dân tộc", (), "BDT"),
    ("Thanh tra tỉnh", (), "TTr"),
    ("Văn phòng UBND tỉnh", ("VP UBND tỉnh",), "VPUBND"),
)
#: District-level units carry this symbol in "Số: …/BC-UBND".
DISTRICT_SYMBOL = "UBND"
YEARS = (2021, 2022, 2023, 2024, 2025)


@dataclass(frozen=True)
class Who:
    """The reporting agency: its roster name and province, its kind, and how it may be written."""

    province: str
    agency: str  # as the roster spells it
    district: tuple[str, str] | None  # (kind, name) for a district-level unit
    short: tuple[str, ...]  # short forms of the running text
    symbol: str

    @property
    def self_word(self) -> str:
        """How the report calls itself in a sentence ("Sở", "Ban", "UBND huyện")."""
        if self.district:
            return f"UBND {self.district[0]}"
        return self.agency.split()[0] if not self.agency.startswith("Văn phòng") else "Văn phòng"


def units() -> list[tuple[str, str | None, tuple[str, ...], str]]:
    """Every (province, district or None, short forms, symbol) reporting unit, in a fixed order."""
    out = []
    for province, districts in PROVINCES.items():
        out += [(province, None, (name, short), symbol) for name, short, symbol in AGENCIES]
        out += [(province, district, (), DISTRICT_SYMBOL) for district in districts]
    return out


UNITS = units()
#: Consecutive seeds below this number name distinct (agency, year): no two reports of one batch
#: are the same agency in the same year, so none is another's part or cumulative.
DISTINCT = len(UNITS) * len(YEARS)


def who_and_year(seed: int) -> tuple[Who, int]:
    """The agency and year of a seed: a fixed walk over agencies × years (see :data:`DISTINCT`)."""
    index = seed % DISTINCT
    province, district, names, symbol = UNITS[index % len(UNITS)]
    year = YEARS[index // len(UNITS)]
    if district:
        return Who(province, f"UBND {district[0]} {district[1]}", district, (), symbol), year
    name, short = names
    return Who(province, name, None, short, symbol), year


def roster() -> list[tuple[str, str]]:
    """(agency, province) of every unit: the ``agencies.csv`` a batch ships with."""
    return [(who_and_year(i)[0].agency, who_and_year(i)[0].province) for i in range(len(UNITS))]


# ------------------------------------------------------------------- how the name is written


def _upper(text: str) -> str:
    return text.upper()


def letterhead(who: Who, rng: random.Random) -> tuple[list[str], str]:
    """The left block of the letterhead (lines in capitals) and the variant's name."""
    if who.district:
        kind, name = who.district
        unit = rng.choice((f"UBND {kind} {name}", f"Ủy ban nhân dân {kind} {name}"))
        if rng.random() < 0.5:
            return [_upper(unit)], "district_alone"
        return [_upper(f"UBND tỉnh {who.province}"), _upper(unit)], "district_under_province"
    top = _upper(rng.choice((f"UBND tỉnh {who.province}", f"Ủy ban nhân dân tỉnh {who.province}")))
    choice = rng.random()
    if who.short and choice < 0.3:
        return [top, _upper(rng.choice(who.short))], "abbreviated"
    words = who.agency.split()
    if len(words) >= 5 and choice < 0.6:
        cut = rng.randint(2, len(words) - 2)
        return [top, _upper(" ".join(words[:cut])), _upper(" ".join(words[cut:]))], "wrapped"
    return [top, _upper(who.agency)], "full"


def running_name(who: Who, rng: random.Random) -> tuple[str, str]:
    """How the opening sentence names the agency (and the variant's name)."""
    if who.district:
        kind, name = who.district
        short_kind = {"thị xã": "TX.", "thành phố": "TP."}.get(kind)
        forms = [(who.agency, "roster"), (f"Ủy ban nhân dân {kind} {name}", "spelled_out")]
        if short_kind:
            forms.append((f"UBND {short_kind} {name}", "dotted_kind"))
        return rng.choice(forms)
    if who.short and rng.random() < 0.5:
        return rng.choice(who.short), "abbreviated"
    if rng.random() < 0.25:  # "Thanh tra tỉnh Ninh Thuận", "Sở Y tế tỉnh Ninh Thuận"
        place = "" if who.agency.endswith(" tỉnh") else " tỉnh"
        return f"{who.agency}{place} {who.province}", "with_province"
    return who.agency, "roster"
