"""Findings in words: the Vietnamese sentence of each rule and the evidence behind it, written
from the stored facts (``findings.details`` and ``finding_inputs`` keys) where they are shown."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd

from cchc_analysis.shared.decimals import decimals_of
from cchc_analysis.derive.catalog import ALIASES_FILE, TEMPLATE_FILE
from cchc_analysis.parse.periods import parse_period, period_label
from cchc_analysis.report.content import formats
from cchc_analysis.report.content.formats import number, percent

_CATALOG = "cchc_analysis/derive/catalog/"
#: What each role of an input is called in the evidence.
ROLE_WORDS = {"stated": "ghi", "numerator": "tử số", "denominator": "mẫu số", "total": "dòng tổng",
              "part": "thành phần", "left": "vế trái", "right": "vế phải", "row": "dòng",
              "claim": "thuyết minh"}
#: Rules whose evidence is the row itself: its raw cell says it all.
_RAW_EVIDENCE = {"rate_vs_counts", "rate_above_100", "negative_count", "code_outside_scale"}


def _where(d: dict) -> str:
    return f"{d.get('code')}" + (f" (dòng con {d['item']})" if d.get("item") else "")


def _pct(value: object, decimals: int | None = None) -> str:
    return percent(value, decimals)


def _narrative(d: dict) -> str:
    show: Callable = _pct if d["percent"] else (lambda v, _d=None: number(v))
    said = (f"Thuyết minh (mục {d['section_id']}) ghi {show(d['stated'], None)} {d['noun']} "
            f"nhưng phụ lục cho {show(d['actual'], 1 if d['percent'] else None)}")
    if d.get("possible"):  # the counts do not settle it: say what they allow
        low, high = d["possible"]
        said += (f"; số liệu phụ lục chưa đủ để kết luận: tỷ lệ thực có thể từ {_bound(low)} "
                 f"đến {_bound(high)}")
    return said


def _places(d: dict) -> int:
    """The decimals a stated rate was written with (from the float where they were not kept)."""
    return d["decimals"] if d.get("decimals") is not None else decimals_of(d["stated"])


def _bound(rate: float) -> str:
    """A bound of a possible rate: one decimal, none when whole (100 %, 76,0 %)."""
    return _pct(rate, 0 if float(rate).is_integer() else 1)


def _missing_rows(d: dict) -> str:
    rows = [_where({"code": code, "item": item}) for code, item in d["rows"]]
    shown = ", ".join(rows[:8]) + (" …" if len(rows) > 8 else "")
    after = _where({"code": d["after"][0], "item": d["after"][1]}) if d["after"] else None
    if d["after_last_row"]:
        where = f"từ sau dòng cuối cùng, {after} — tệp có thể bị cắt"
    else:
        where = f"sau dòng {after}" if after else "ở đầu phụ lục"
    return f"Phụ lục thiếu {number(d['count'])} dòng của biểu mẫu {where}: {shown}"


#: Where a statement of the period stands (``sources.period_statements``), in words.
_PERIOD_PLACES = {"option": "tham số --period", "sidecar": "tệp .meta.toml", "title": "tiêu đề",
                  "appendix_heading": "tiêu đề phụ lục", "window": "thời gian báo cáo",
                  "text": "phần mở đầu"}


def _period_name(period: str) -> str:
    """"2024" → "năm 2024", "2024-H1" → "6 tháng đầu năm 2024" (inside a sentence)."""
    label = period_label(period)
    return "n" + label[1:] if label.startswith("Năm") else label


def _stated(statement: dict) -> str:
    """“tiêu đề (dòng 5) ghi “sáu tháng đầu năm 2024” (6 tháng đầu năm 2024)”."""
    place = _PERIOD_PLACES[statement["where"]]
    if statement.get("locator"):
        place += f" ({formats.locator(statement['locator'])})"
    said = f"{place} ghi “{statement['text']}”"
    period = statement.get("period")
    if period and _period_name(period).lower() != statement["text"].lower():
        said += f" ({_period_name(period)})"
    return said


def _period_conflict(d: dict) -> str:
    others = "; ".join(_stated(other) for other in d["others"])
    return (f"Kỳ báo cáo không thống nhất: {_stated(d['chosen'])}, nhưng {others}. Báo cáo được "
            f"xếp vào kỳ {_period_name(d['period'])} theo {_PERIOD_PLACES[d['chosen']['where']]}; "
            "nếu sai, ghi kỳ đúng bằng --period hoặc trong tệp .meta.toml bên cạnh tệp báo cáo")


MESSAGES: dict[str, Callable[[dict], str]] = {
    "rate_vs_counts": lambda d: (
        f"{_where(d)}: tỷ lệ ghi {_pct(d['stated'], d.get('decimals'))} nhưng "
        f"{number(d['numerator'])}/{number(d['denominator'])} = "
        f"{_pct(100 * d['numerator'] / d['denominator'], 2)}, làm tròn thành "
        f"{_pct(100 * d['numerator'] / d['denominator'], _places(d))}"),
    "denominator_vs_total": lambda d: (
        f"{_where(d)}: tỷ lệ tính trên {number(d['denominator'])} nhưng dòng tổng "
        f"{d['total_code']} ghi {number(d['total'])}"),
    "parts_vs_total": lambda d: (
        f"{_where(d)}: tổng ghi {number(d['total'])} nhưng các dòng thành phần cộng lại "
        f"{'' if d['complete'] else 'ít nhất '}{number(d['parts_sum'])}"),
    "relation": lambda d: f"{d['relation']}: {number(d['left'])} so với {number(d['right'])}",
    "rate_above_100": lambda d: f"{_where(d)}: tỷ lệ {_pct(d['value'], None)} vượt 100 %",
    "negative_count": lambda d: f"{_where(d)}: số liệu âm ({number(d['value'])})",
    "code_outside_scale": lambda d: (
        f"{_where(d)}: giá trị {number(d['value'])} không thuộc thang mã “{d['unit']}”"),
    "value_in_unit_column": lambda d: (
        f"{_where(d)}: cột đơn vị tính ghi số liệu “{d['raw_unit']}”"),
    "unreadable_value": lambda d: f"{_where(d)}: không đọc được số liệu “{d['raw_value']}”",
    "narrative_vs_appendix": _narrative,
    "documents_vs_count": lambda d: (
        f"{_where(d)}: ghi {number(d['value'])} {str(d['unit']).lower()} nhưng liệt kê "
        f"{len(d['listed'])} văn bản ban hành trong kỳ"),
    "stale_year": lambda d: (
        f"{_where(d)}: nhãn “{d['label']}” ghi năm {d['year']} trong báo cáo {d['period']}"),
    "blank_template_row": lambda d: f"{_where(d)}: “{d['label']}” để trống",
    "unknown_row": lambda d: (
        f"Chỉ tiêu '{d['label'] or ''}' (STT {d['code']}, dòng {d['item']}) chưa có trong danh mục: "
        f"nếu là chỉ tiêu mới, thêm một dòng vào {_CATALOG}{TEMPLATE_FILE}; nếu là cách viết khác "
        f"của một chỉ tiêu đã có, thêm vào {_CATALOG}{ALIASES_FILE}"),
    "missing_template_rows": _missing_rows,
    "cumulative_below_part": lambda d: (
        f"{_where(d)}: {period_label(d['period'])} ghi {number(d['value'])} nhưng "
        f"{period_label(d['part_period'])}, nằm trong kỳ này, đã ghi {number(d['part_value'])} "
        "(chỉ tiêu cộng dồn: kỳ lũy kế không thể nhỏ hơn)"),
    "missing_appendix": lambda d: (
        f"Tệp {d['source']} không có phụ lục “THỐNG KÊ SỐ LIỆU”: báo cáo chỉ có phần thuyết minh, "
        "không có số liệu để tính chỉ tiêu và đối chiếu"),
    "agency_not_in_roster": lambda d: (
        f"Cơ quan “{d['agency']}” không khớp đúng một dòng của danh sách cơ quan phải báo cáo "
        "(agencies.csv)" + (": gần nhất là " + "; ".join(f"“{n}”" for n in d["closest"])
                            if d["closest"] else "")
        + "; nếu đúng là cơ quan này, sửa tên trong danh sách hoặc ghi agency trong tệp .meta.toml"),
    "period_conflict": _period_conflict,
    "period_window_unmatched": lambda d: (
        f"{_stated(d['window'])}: khoảng thời gian này không trùng kỳ báo cáo nào (theo lịch, hay "
        "theo thời gian chốt số liệu của Nghị định 09/2019/NĐ-CP, như quý I từ 15/12 năm trước "
        f"đến 14/3) nên không dùng để xác định kỳ; báo cáo được xếp vào kỳ "
        f"{_period_name(d['period'])}"),
}


def message(rule: str, details: str | dict) -> str:
    """The Vietnamese sentence of one finding."""
    facts = json.loads(details) if isinstance(details, str) else details
    return MESSAGES[rule](facts)


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
            parts.append(f"tính từ phụ lục: {details['name']} = {number(details['numerator'])}/"
                         f"{number(details['denominator'])} ({places})")
        else:
            row = next((observations.get(i["seq"]) for i in inputs if i["table"] == "observations"), None)
            if row is not None:
                parts.append(f"phụ lục {_where(row)}, {formats.locator(row['locator'])}")
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
    return "; ".join(f"{period_label(periods[i['role']])}: {i['source']}, "
                     f"{formats.locator(row['locator'])}" for i in inputs
                     if (row := observations.get(i["source"], {}).get(int(i["seq"]))) is not None)


def _finding_key(record: dict) -> tuple:
    """Which finding a record is of: its agency × period and number (a blank province is one)."""
    province = record["province"]
    return (None if pd.isna(province) else province, record["agency"], record["period"],
            int(record["finding"]))


def findings_view(findings: pd.DataFrame, inputs: pd.DataFrame, observations: pd.DataFrame,
                  claims: pd.DataFrame) -> pd.DataFrame:
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
        evidence = (_across_evidence(details, mine, obs) if f["rule"] == "cumulative_below_part"
                    else _evidence(f["rule"], details, mine, source_obs, source_claims))
        rows.append({**f, "message": message(f["rule"], details), "evidence": evidence or None,
                     "locator": where})
    columns = [*findings.columns, "message", "evidence", "locator"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"message": "string", "evidence": "string", "locator": "string"})


#: The mark beside a figure read by OCR from a scan, and what it says on hover.
OCR_MARK = "OCR"
OCR_MARK_TITLE = "Số liệu đọc bằng OCR từ bản quét (độ tin cậy {confidence}/100): đối chiếu với bản gốc"


def ocr_summary(figures: int, kept_raw: int) -> str:
    """The report's line on figures read by OCR: how many, how many were kept raw, and what OCR
    can and cannot promise. Empty when none was."""
    if not figures and not kept_raw:
        return ""
    said = (f"{number(figures)} số liệu của phụ lục được đọc bằng OCR từ bản quét (đánh dấu "
            f"{OCR_MARK}); OCR có thể đọc nhầm chữ số, hãy đối chiếu với bản gốc trước khi dùng.")
    if kept_raw:
        said += (f" {number(kept_raw)} ô OCR không đọc chắc chắn được giữ nguyên văn, không lấy "
                 "làm số liệu.")
    return said


def paged_source(pages: object, ocr_pages: object, signed: object, signer: object,
                 signed_at: object) -> str:
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
    "partial": RollupMark("*", "chưa đủ cơ quan", "Chưa đủ cơ quan: chỉ cộng các cơ quan có báo "
                          "cáo đúng kỳ này, ít hơn số cơ quan phải báo cáo (danh sách cơ quan "
                          "chưa cộng ở đầu trang)"),
    "period_conflict": RollupMark("†", "có báo cáo kỳ không thống nhất chưa cộng",
                                  "Một báo cáo có kỳ báo cáo ghi không thống nhất có số liệu ở "
                                  "dòng này; báo cáo đó chưa được cộng"),
    "unread_input": RollupMark("‡", "có ô số liệu không đọc được", "Có ô số liệu của cơ quan đã "
                               "cộng không đọc được (ghi không rõ hoặc OCR kém tin cậy): phần đó "
                               "không có trong số liệu của tỉnh"),
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
            said.append(f"kỳ báo cáo ghi không thống nhất trong chính báo cáo ({r['source']}), "
                        f"chưa cộng{placed}")
        elif r["status"] == "province_unknown":
            which = f"kỳ {period_label(other)}" if other else "kỳ này"
            said.append(f"báo cáo {which} không ghi tỉnh ({r['source']})")
        else:
            raise ValueError(f"not a reason for not summing: {r['status']}")
    if others:
        shown = ", ".join(f"{period_label(o)} ({_beside(period, o)})" for o in others)
        said.insert(0, f"chỉ báo cáo kỳ khác: {shown}")
    return "; ".join(said)
