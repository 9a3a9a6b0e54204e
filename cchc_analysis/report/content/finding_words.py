"""Findings in words: the Vietnamese sentence of each rule and the evidence behind it, written
from the stored facts (``findings.details`` and ``finding_inputs`` keys) where they are shown."""

from __future__ import annotations

import json
from typing import NamedTuple

import pandas as pd

from cchc_analysis.derive.checks import RULES
from cchc_analysis.derive.checks.context import place
from cchc_analysis.parse.periods import parse_period, period_label
from cchc_analysis.report.content import formats
from cchc_analysis.report.content.formats import number

#: What each role of an input is called in the evidence.
ROLE_WORDS = {
    "stated": "ghi",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "total": "dòng tổng",
    "part": "thành phần",
    "left": "vế trái",
    "right": "vế phải",
    "row": "dòng",
    "claim": "thuyết minh",
}
#: Rules whose evidence is the row itself: its raw cell says it all.
_RAW_EVIDENCE = {"rate_vs_counts", "rate_above_100", "negative_count", "code_outside_scale"}


def message(rule: str, details: str | dict) -> str:
    """The Vietnamese sentence of one finding, as its rule declares it (derive/checks)."""
    facts = json.loads(details) if isinstance(details, str) else details
    return RULES[rule].message(facts, formats)


def question(rule: str, details: str | dict, said: str) -> str:
    """The question a report suggests putting to the agency about a finding, as its rule declares
    it; for a rule that declares none, a request to clarify its message ``said``."""
    facts = json.loads(details) if isinstance(details, str) else details
    asked = RULES[rule].question
    return asked(facts, formats) if asked else f"Đề nghị cơ quan kiểm tra và làm rõ: {said}."


def _evidence(rule: str, details: dict, inputs: list[dict], observations: dict, claims: dict) -> str:
    """What a finding rests on, in words: each input's raw cell or sentence and its place."""
    parts = []
    if rule == "narrative_vs_appendix":
        claim = next((claims.get(i["seq"]) for i in inputs if i["table"] == "claims"), None)
        if claim is not None:
            parts.append(f"“{claim['sentence']}”")
        if details.get("from") == "indicator":
            rows = [observations.get(i["seq"]) for i in inputs if i["table"] == "observations"]
            places = ", ".join(f"{r['code']}[{r['item']}] {formats.locator(r['locator'])}" for r in rows if r)
            parts.append(
                f"tính từ phụ lục: {details['name']} = {number(details['numerator'])}/"
                f"{number(details['denominator'])} ({places})"
            )
        else:
            row = next((observations.get(i["seq"]) for i in inputs if i["table"] == "observations"), None)
            if row is not None:
                parts.append(f"phụ lục {place(row)}, {formats.locator(row['locator'])}")
        return " — ".join(parts)
    if rule == "parts_vs_total":
        return "; ".join(f"{p}={number(v)}" for p, v in details["parts"])
    if rule == "relation":
        return f"{details['left_ids']} {details['op']} {details['right_ids']}"
    if rule == "documents_vs_count":
        return "; ".join(details["listed"])
    if rule == "missing_template_rows":
        return ""

    for item in inputs:
        row = observations.get(item["seq"]) if item["table"] == "observations" else None
        if row is None:
            continue
        if item["role"] == "stated" and rule in _RAW_EVIDENCE:
            parts.append(f"ghi: {row['raw_value']}")
        elif item["role"] in ("total", "numerator", "denominator"):
            parts.append(f"{ROLE_WORDS[item['role']]} tại {formats.locator(row['locator'])}")
        elif rule == "value_in_unit_column":
            raw = row["raw_value"]
            parts.append(f"cột số liệu: “{raw}”" if isinstance(raw, str) else "cột số liệu để trống")
    return "; ".join(parts)


def _across_evidence(details: dict, inputs: list[dict], observations: dict) -> str:
    """Where each period's figure stands: its file and place (the inputs are of two files)."""
    periods = {"total": details["period"], "part": details["part_period"]}
    return "; ".join(
        f"{period_label(periods[i['role']])}: {i['source']}, {formats.locator(row['locator'])}"
        for i in inputs
        if (row := observations.get(i["source"], {}).get(int(i["seq"]))) is not None
    )


def _finding_key(record: dict) -> tuple:
    """Which finding a record is of: its agency × period and number (a blank province is one)."""
    province = record["province"]
    return (
        None if pd.isna(province) else province,
        record["agency"],
        record["period"],
        int(record["finding"]),
    )


def findings_view(
    findings: pd.DataFrame, inputs: pd.DataFrame, observations: pd.DataFrame, claims: pd.DataFrame
) -> pd.DataFrame:
    """Findings as people read them: the stored facts plus ``message``, ``evidence`` and the
    machine ``locator`` of the row (or narrative paragraph) each finding points at."""
    obs: dict[str, dict[int, dict]] = {}
    for r in observations.to_dict("records"):
        obs.setdefault(r["source"], {})[int(r["seq"])] = r
    said: dict[str, dict[int, dict]] = {}
    for r in claims.to_dict("records"):
        said.setdefault(r["source"], {})[int(r["seq"])] = r
    grouped: dict[tuple, list[dict]] = {}  # a finding's inputs may be of another period's file
    for i in inputs.to_dict("records"):
        grouped.setdefault(_finding_key(i), []).append(i)
    rows = []
    for f in findings.to_dict("records"):
        details = json.loads(f["details"])
        mine = grouped.get(_finding_key(f), [])
        source_obs, source_claims = obs.get(f["source"], {}), said.get(f["source"], {})

        if not pd.isna(f["claim"]):
            where = source_claims.get(int(f["claim"]), {}).get("locator")
        elif not pd.isna(f["seq"]):
            where = source_obs.get(int(f["seq"]), {}).get("locator")
        else:  # a finding on the report itself: the line of the statement it names, if any
            where = (details.get("chosen") or details.get("window") or {}).get("locator")
        evidence = (
            _across_evidence(details, mine, obs)
            if f["rule"] == "cumulative_below_part"
            else _evidence(f["rule"], details, mine, source_obs, source_claims)
        )
        rows.append(
            {**f, "message": message(f["rule"], details), "evidence": evidence or None, "locator": where}
        )
    columns = [*findings.columns, "message", "evidence", "locator"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"message": "string", "evidence": "string", "locator": "string"}
    )


#: The mark beside a figure read by OCR from a scan, and what it says on hover.
OCR_MARK = "OCR"
OCR_MARK_TITLE = "Số liệu đọc bằng OCR từ bản quét (độ tin cậy {confidence}/100): đối chiếu với bản gốc"


def ocr_summary(figures: int, kept_raw: int) -> str:
    """The report's line on figures read by OCR: how many, how many were kept raw, and what OCR
    can and cannot promise. Empty when none was."""
    if not figures and not kept_raw:
        return ""
    said = (
        f"{number(figures)} số liệu của phụ lục được đọc bằng OCR từ bản quét (đánh dấu "
        f"{OCR_MARK}); OCR có thể đọc nhầm chữ số, hãy đối chiếu với bản gốc trước khi dùng."
    )
    if kept_raw:
        said += f" {number(kept_raw)} ô OCR không đọc chắc chắn được giữ nguyên văn, không lấy làm số liệu."
    return said


#: What each OCR flag of an appendix cell means, for the data-quality listing of OCR'd cells.
OCR_FLAG_WORDS = {
    "ocr_code": "STT đọc bằng OCR không phải mã số của mẫu đúng thứ tự (hoặc bị mất): dòng được xếp lại theo "
    "tên chỉ tiêu, hoặc giữ mã như đọc được nếu không xếp được",
    "ocr_low_confidence": "OCR không chắc chắn (độ tin cậy dưới ngưỡng): số liệu giữ nguyên văn, không dùng",
    "ocr_letter_for_digit": "OCR có thể đọc nhầm chữ số thành chữ cái (O/0, l/1): giữ nguyên văn, không sửa",
}


def ocr_problems(flags: object) -> str:
    """What is doubtful in an OCR'd cell, in words, from its flags (those of :data:`OCR_FLAG_WORDS`)."""
    found = str(flags or "").split()
    return "; ".join(words for flag, words in OCR_FLAG_WORDS.items() if flag in found)


def paged_source(pages: object, ocr_pages: object, signed: object, signer: object, signed_at: object) -> str:
    """What a PDF or scan was, for the provenance: its pages, those read by OCR, its digital
    signature as declared (never validated). Empty for other files."""
    if formats.is_na(pages):
        return ""
    said = f"{number(pages)} trang"
    if not formats.is_na(ocr_pages) and ocr_pages:
        said += f", {number(ocr_pages)} trang là bản quét, đọc bằng OCR"
    if signed is True:
        who = signer if not formats.is_na(signer) else "không rõ người ký"
        when = f" lúc {signed_at}" if not formats.is_na(signed_at) else ""
        said += f"; có chữ ký số ({who}{when}), chưa được kiểm tra tính hợp lệ"
    elif signed is False:
        said += "; không có chữ ký số"
    return said


class RollupMark(NamedTuple):
    """How a roll-up flag is shown: its mark beside the figure, a short note, the legend."""

    mark: str
    short: str
    legend: str


#: Each roll-up flag (``rollup.flags``) as shown with the province's figure.
ROLLUP_FLAG_MARKS = {
    "partial": RollupMark(
        "*",
        "chưa đủ cơ quan",
        "Chưa đủ cơ quan: chỉ cộng các cơ quan có báo "
        "cáo đúng kỳ này, ít hơn số cơ quan phải báo cáo (danh sách cơ quan "
        "chưa cộng ở đầu trang)",
    ),
    "period_conflict": RollupMark(
        "†",
        "có báo cáo kỳ không thống nhất chưa cộng",
        "Một báo cáo có kỳ báo cáo ghi không thống nhất có số liệu ở dòng này; báo cáo đó chưa được cộng",
    ),
    "unread_input": RollupMark(
        "‡",
        "có ô số liệu không đọc được",
        "Có ô số liệu của cơ quan đã "
        "cộng không đọc được (ghi không rõ hoặc OCR kém tin cậy): phần đó "
        "không có trong số liệu của tỉnh",
    ),
}


def _beside(period: str, other: str) -> str:
    """How another period lies against the roll-up's: within it, around it, or across it."""
    mine, theirs = parse_period(period), parse_period(other)
    if mine.covers(theirs):
        return "nằm trong kỳ này"
    return "bao trùm kỳ này" if theirs.covers(mine) else "giao với kỳ này"


def not_summed(period: str, rows: list[dict]) -> str:
    """Why a province's roll-up of ``period`` did not sum an agency, in words, from the agency's
    ``rollup_coverage`` rows (``status``, ``other_period``, ``source``); the other periods it
    filed are named together."""
    said, others = [], []
    for r in rows:
        other = None if formats.is_na(r["other_period"]) else r["other_period"]
        if r["status"] == "not_filed":
            said.append("chưa có báo cáo nào của kỳ này hoặc kỳ giao với kỳ này")
        elif r["status"] == "other_period":
            others.append(other)
        elif r["status"] == "period_conflict":
            placed = f"; đang xếp vào kỳ {period_label(other)}" if other else ""
            said.append(
                f"kỳ báo cáo ghi không thống nhất trong chính báo cáo ({r['source']}), chưa cộng{placed}"
            )
        elif r["status"] == "province_unknown":
            which = f"kỳ {period_label(other)}" if other else "kỳ này"
            said.append(f"báo cáo {which} không ghi tỉnh ({r['source']})")
        else:
            raise ValueError(f"not a reason for not summing: {r['status']}")
    if others:
        shown = ", ".join(f"{period_label(o)} ({_beside(period, o)})" for o in others)
        said.insert(0, f"chỉ báo cáo kỳ khác: {shown}")
    return "; ".join(said)
