"""Sections I–V of the report: headings numbered "I."/"A." over "1."/"a)", sections merged or
left out, and sentences stating the appendix's figures in many shapes — some of the row's own
subject (compared with it), some of a qualified subject (online, a level, on time, being fixed,
by level of government) written next to an unqualified total (never compared with it)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from variety.facts import Facts
from variety.forms import number, rate, spoken


@dataclass(frozen=True)
class Shape:
    """A sentence shape: its name, section, text with ``{indicator_id}`` / ``{x_…}`` slots, and
    the indicators it states of their own subject (which a planted mismatch may change)."""

    name: str
    section: str  # "I", "II.1" … "II.6", "IV"
    text: str
    states: tuple[str, ...] = ()
    when: str = ""  # a condition on the facts, see :func:`_holds`


SHAPES = (
    Shape(
        "plan_with",
        "I",
        "{self} đã ban hành Kế hoạch cải cách hành chính năm {year} với "
        "{plan_tasks_total} nhiệm vụ, đến nay đã hoàn thành {plan_tasks_done} nhiệm vụ.",
    ),
    Shape(
        "plan_declared",
        "I",
        "Kế hoạch CCHC năm {year} của {self} đề ra {plan_tasks_total} "
        "nhiệm vụ; đến hết kỳ báo cáo đã hoàn thành {plan_tasks_done} nhiệm vụ.",
        ("plan_tasks_total",),
    ),
    Shape(
        "province_given",
        "I",
        "Trong kỳ, {self} được UBND tỉnh giao {province_tasks_assigned} "
        "nhiệm vụ, đã hoàn thành đúng hạn {province_tasks_on_time} nhiệm vụ.",
    ),
    Shape(
        "province_total",
        "I",
        "Tổng số nhiệm vụ được UBND tỉnh giao trong kỳ là {province_tasks_assigned} nhiệm vụ.",
        ("province_tasks_assigned",),
    ),
    Shape(
        "province_all_on_time",
        "I",
        "100% nhiệm vụ được UBND tỉnh giao hoàn thành đúng hạn, không có nhiệm vụ nào quá hạn.",
        when="all_on_time",
    ),
    Shape(
        "issues",
        "I",
        "Qua kiểm tra đã phát hiện {inspection_issues_found} vấn đề, đã xử lý "
        "xong {inspection_issues_resolved} vấn đề.",
        ("inspection_issues_found",),
    ),
    Shape(
        "issues_open",
        "I",
        "Hiện còn {x_issues_open} vấn đề đang khắc phục, dự kiến hoàn thành trong quý tới.",
        when="issues_open",
    ),
    Shape(
        "direction",
        "I",
        "{self} đã ban hành {direction_docs_issued} văn bản chỉ đạo, điều hành về công tác CCHC.",
    ),
    Shape(
        "articles",
        "I",
        "Đăng tải {x_articles} tin bài về cải cách hành chính trên Trang thông tin điện tử của cơ quan.",
    ),
    Shape(
        "legal_issued",
        "II.1",
        "{self} đã tham mưu ban hành {legal_docs_issued} văn bản quy phạm pháp luật.",
        ("legal_docs_issued",),
    ),
    Shape(
        "legal_reviewed",
        "II.1",
        "Trong kỳ đã rà soát {legal_docs_reviewed} văn bản quy phạm "
        "pháp luật, kiểm tra {legal_docs_checked} văn bản theo thẩm quyền.",
    ),
    Shape(
        "tthc_total",
        "II.2",
        "Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết của {self} là {tthc_total} thủ tục.",
        ("tthc_total",),
    ),
    Shape(
        "tthc_levels",
        "II.2",
        "Hiện có {tthc_total} thủ tục hành chính đang có hiệu lực, "
        "trong đó cấp tỉnh {tthc_provincial} thủ tục, cấp huyện {tthc_district} thủ tục, cấp "
        "xã {tthc_commune} thủ tục.",
    ),
    Shape(
        "tthc_one_level",
        "II.2",
        "Có {tthc_district} thủ tục hành chính cấp huyện được tiếp nhận tại Bộ phận Một cửa.",
    ),
    Shape(
        "tthc_published",
        "II.2",
        "Đã cập nhật, công khai {tthc_published_portal} thủ tục hành chính trên Cổng Dịch vụ công quốc gia.",
        ("tthc_published_portal",),
    ),
    Shape(
        "dossiers_received", "II.2", "{self} đã tiếp nhận {dossiers_total} hồ sơ TTHC.", ("dossiers_total",)
    ),
    Shape(
        "dossiers_online_within",
        "II.2",
        "Tổng số hồ sơ tiếp nhận trong kỳ là {dossiers_total} hồ sơ, trong đó {x_online} hồ sơ trực tuyến.",
    ),
    Shape(
        "online_levels",
        "II.2",
        "Số hồ sơ trực tuyến mức độ 3 là {dossiers_online_l3} hồ sơ, mức độ 4 là {dossiers_online_l4} hồ sơ.",
    ),
    Shape(
        "online_l4",
        "II.2",
        "Qua Cổng dịch vụ công của tỉnh, đã tiếp nhận {dossiers_online_l4} hồ sơ trực tuyến mức độ 4.",
        ("dossiers_online_l4",),
    ),
    Shape(
        "online_pair",
        "II.2",
        "Tiếp nhận {dossiers_online_l3} hồ sơ trực tuyến mức độ 3 và {dossiers_online_l4} mức độ 4.",
    ),
    Shape("on_time", "II.2", "Đã giải quyết đúng hạn {x_on_time} hồ sơ."),
    Shape(
        "commune_received",
        "II.2",
        "UBND cấp xã tiếp nhận {x_commune} hồ sơ, giải quyết đúng hạn {x_commune_on_time} hồ sơ.",
        when="district",
    ),
    Shape(
        "staff",
        "II.3",
        "Tổng số biên chế công chức được giao năm {year} là {staff_quota} biên chế, hiện có mặt {staff_present} người.",
        ("staff_quota",),
    ),
    Shape("staff_reduced", "II.3", "Trong kỳ đã tinh giản {staff_reduced} biên chế theo quy định."),
    Shape("divisions", "II.3", "Cơ cấu tổ chức gồm {org_specialised_agencies} phòng chuyên môn."),
    Shape(
        "docs",
        "II.6",
        "Tổng số văn bản đi trong kỳ là {docs_outgoing_total} văn bản, trong "
        "đó {x_electronic} văn bản được gửi hoàn toàn dưới dạng điện tử.",
        ("docs_outgoing_total",),
    ),
    Shape(
        "docs_rate", "II.6", "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử đạt {x_electronic_rate}%."
    ),
    Shape("target_dossiers", "IV", "Phấn đấu 100% hồ sơ TTHC được giải quyết đúng hạn."),
    Shape("target_tasks", "IV", "Phấn đấu hoàn thành 100% nhiệm vụ được UBND tỉnh giao đúng hạn."),
)
_SLOT = re.compile(r"\{(\w+)\}")


def extras(facts: Facts, rng: random.Random) -> dict[str, object]:
    """Figures the narrative states that are no appendix row (qualified subjects)."""
    n = facts.n
    levels = [
        v
        for k, v in n.items()
        if k.startswith("dossiers_on_time_rate_") and isinstance(v, tuple) and not hasattr(v[0], "as_tuple")
    ]
    communes = n.get("dossiers_on_time_rate_communes")
    electronic, sent = n["docs_electronic_rate"]
    return {
        "x_issues_open": n["inspection_issues_found"] - n["inspection_issues_resolved"],
        "x_articles": rng.randint(3, 40),
        "x_online": n["dossiers_online_l3"] + n["dossiers_online_l4"],
        "x_on_time": sum(a for a, _ in levels),
        "x_commune": communes[1] if communes else None,
        "x_commune_on_time": communes[0] if communes else None,
        "x_electronic": electronic,
        "x_electronic_rate": number(rate(electronic, sent, 1), 1) if sent else None,
    }


def _holds(shape: Shape, facts: Facts, extra: dict) -> bool:
    n = facts.n
    return {
        "": True,
        "district": extra["x_commune"] is not None,
        "issues_open": extra["x_issues_open"] > 0,
        "all_on_time": n["province_tasks_assigned"] > 0
        and n["province_tasks_late"] == 0
        and n["province_tasks_on_time"] == n["province_tasks_assigned"],
    }[shape.when]


def usable(shape: Shape, facts: Facts, extra: dict) -> bool:
    """Can the shape be written for these facts without restating a figure a mutation changed?"""
    slots = set(_SLOT.findall(shape.text)) - {"self", "year"}
    if slots & facts.touched or (shape.name == "docs_rate" and "docs_electronic_rate" in facts.touched):
        return False
    values = [facts.n.get(s, extra.get(s)) for s in slots]
    return all(v is not None for v in values) and _holds(shape, facts, extra)


def sentence(
    shape: Shape,
    facts: Facts,
    extra: dict,
    self_name: str,
    year: int,
    rng: random.Random,
    shift: dict[str, int] | None = None,
) -> str:
    """The shape's text with its figures (``shift`` adds to a stated figure: a mismatch)."""
    shift = shift or {}

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot == "self":
            return self_name
        if slot == "year":
            return str(year)
        value = facts.n.get(slot, extra.get(slot))
        return value if isinstance(value, str) else spoken(value + shift.get(slot, 0), rng)

    text = _SLOT.sub(fill, shape.text)
    return text[0].upper() + text[1:]


# ------------------------------------------------------------------------- headings

SECTIONS = {
    "I": "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
    "II": "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
    "III": "ĐÁNH GIÁ CHUNG",
    "IV": "PHƯƠNG HƯỚNG, NHIỆM VỤ {next}",
    "V": "KIẾN NGHỊ, ĐỀ XUẤT",
}
SUBSECTIONS = {
    "II.1": "Cải cách thể chế",
    "II.2": "Cải cách thủ tục hành chính",
    "II.3": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "II.4": "Cải cách chế độ công vụ",
    "II.5": "Cải cách tài chính công",
    "II.6": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}
FILLER = {
    "III": "Nhìn chung, công tác cải cách hành chính của đơn vị được triển khai đồng bộ, đạt kết quả tích cực.",
    "II.4": "Cán bộ, công chức chấp hành nghiêm kỷ luật, kỷ cương hành chính.",
    "II.5": "Thực hiện tốt cơ chế tự chủ tài chính theo quy định.",
    "V": "Đề nghị UBND tỉnh tiếp tục quan tâm bố trí kinh phí cho công tác CCHC.",
}
ROMAN = ("I", "II", "III", "IV", "V")


def headings(rng: random.Random) -> tuple[dict[str, str], str]:
    """Numbering of the top sections and sub-sections (``I.``/``A.`` over ``1.``/``a)``), which
    are merged (III with IV) or missing (III, V), and the variant's name."""
    top = rng.choice(("roman", "roman", "letters"))
    sub = rng.choice(("arabic", "arabic", "letter_paren"))
    layout = rng.choice(("full", "full", "merged", "no_v", "no_iii"))
    order = {
        "full": ROMAN,
        "merged": ("I", "II", "III+IV", "V"),
        "no_v": ROMAN[:4],
        "no_iii": ("I", "II", "IV", "V"),
    }[layout]
    out = {}
    for index, section in enumerate(order):
        mark = ROMAN[index] if top == "roman" else "ABCDE"[index]
        title = f"{SECTIONS['III']} VÀ {SECTIONS['IV']}" if section == "III+IV" else SECTIONS[section]
        out[section] = f"{mark}. {title}"
    for index, section in enumerate(SUBSECTIONS, start=1):
        mark = f"{index}." if sub == "arabic" else f"{'abcdef'[index - 1]})"
        out[section] = f"{mark} {SUBSECTIONS[section]}"
    if layout == "merged":
        out["III"], out["IV"] = out["III+IV"], out.pop("III+IV")
    return out, f"{top}_{sub}_{layout}"
