"""The register of documents the narrative cites: "Quyết định số 02/QĐ-BDT ngày 11/01/2023".

A citation is a document type followed by a symbol ("số" optional): number, then codes joined by
"/" or "-" (``02/QĐ-BDT``, ``1958/UBND-KSTT``, ``03/2023/NQ-HĐND``, ``12-CTr/TU``), then an
optional "ngày dd/mm/yyyy". Laws or plans named without a number are not citations.
The issuer is the code after the type code (``QĐ-BDT`` → BDT) or, for letters that have no
type code, the first code (``1958/UBND-KSTT`` → UBND; KSTT is the drafting office).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from cchc_analysis.parse.narrative import Block
from cchc_analysis.parse.periods import Period

#: Document types as written (lower case) → the canonical name reported in ``doc_type``.
DOC_TYPES = {
    name.lower(): name
    for name in (
        "Quyết định",
        "Kế hoạch",
        "Công văn",
        "Văn bản",
        "Chỉ thị",
        "Nghị quyết",
        "Thông tư liên tịch",
        "Thông tư",
        "Báo cáo",
        "Chương trình hành động",
        "Chương trình",
        "Nghị định",
        "Luật",
        "Pháp lệnh",
        "Tờ trình",
        "Thông báo",
        "Hướng dẫn",
        "Công điện",
        "Kết luận",
        "Quy định",
        "Quy chế",
        "Đề án",
    )
}
#: The type code each document type carries in its symbol (Công văn and Luật carry none).
TYPE_CODE = {
    "Quyết định": "QĐ",
    "Kế hoạch": "KH",
    "Chỉ thị": "CT",
    "Nghị quyết": "NQ",
    "Thông tư liên tịch": "TTLT",
    "Thông tư": "TT",
    "Báo cáo": "BC",
    "Chương trình hành động": "CTr",
    "Chương trình": "CTr",
    "Nghị định": "NĐ",
    "Pháp lệnh": "PL",
    "Tờ trình": "TTr",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Công điện": "CĐ",
    "Kết luận": "KL",
    "Quy định": "QyĐ",
    "Quy chế": "QC",
    "Đề án": "ĐA",
}
#: Codes that name a document type, not an issuer (plus unaccented spellings seen in the wild).
TYPE_CODES = frozenset(TYPE_CODE.values()) | {"CV", "QD", "ND", "CTR"}

_TYPE_ALT = "|".join(name.replace(" ", r"\s+") for name in sorted(DOC_TYPES, key=len, reverse=True))
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*(?!\w)"
# "/" or "-" right before a code; with spaces around it ("530/UBND - TH") only before a code
# with two capitals in its first three letters (TH, TTg, CTr), never before a word ("Trung").
_SEP = r"(?:[/-](?=[A-ZĐ])|\s*[/-]\s*(?=[A-ZĐ][a-zđ]?[A-ZĐ]))"
_CITATION = re.compile(
    rf"(?<!\w)(?P<type>(?i:{_TYPE_ALT}))\s+(?:(?i:số)\s*:?\s*)?"
    rf"(?P<number>\d+(?:/(?:19|20)\d{{2}})?)(?P<codes>(?:{_SEP}{_CODE})+)"
    r"(?:\s*,?\s*(?i:ngày)\s+(?P<day>\d{1,2})"
    r"(?:\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*"
    r"|\s+(?i:tháng)\s+(?P<month_w>\d{1,2})\s+(?i:năm)\s+)"
    r"(?P<year>\d{4}))?"
)
_CODE_PART = re.compile(r"\s*([/-])\s*([^\s/-]+)")
_LIST_MARK = re.compile(r"^(?:[-+•–*]\s+)?(?:(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s+)?")
_SENTENCE_END = re.compile(r"[.!?…]+\s+")
# The agency's own report in the appendix heading: "(Kèm theo Báo cáo số /BC-BDT ngày …)".
_OWN_REPORT = re.compile(rf"(?i:báo\s+cáo\s+số)\s*:?\s*[\d.]*\s*/\s*BC\s*-\s*(?P<code>{_CODE})")
# "… đã ban hành Quyết định …", but not "… về (việc) ban hành …" (the subject of a document).
_ISSUES = re.compile(r"(?<!về )(?<!về việc )\bban hành\b", re.IGNORECASE)
_ADVISES = re.compile(r"\btham mưu\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (after a leading list mark such as "- " or "1. ").

    A sentence ends at ".", "!", "?" or "…" followed by a space and a capital letter or digit.
    """
    text = _LIST_MARK.sub("", text.strip(), count=1)
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 1]
        if following.isupper() or following.isdigit():
            out.append(text[start : match.end()].strip())
            start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _codes(doc_type: str, raw: str) -> list[tuple[str, str]]:
    """The symbol's codes with their separators; a type code glued to the issuer is split.

    "Kế hoạch số 10316/KHUBND" → [("/", "KH"), ("-", "UBND")].
    """
    parts = _CODE_PART.findall(raw)
    code = TYPE_CODE.get(doc_type)
    if len(parts) == 1 and code and parts[0][1].startswith(code) and parts[0][1] != code:
        return [(parts[0][0], code), ("-", parts[0][1][len(code) :])]
    return parts


def _issuer(parts: list[tuple[str, str]]) -> str | None:
    """The issuing body's code: the one after the type code, else the first code."""
    codes = [code for _, code in parts]
    if codes[0] in TYPE_CODES:
        return codes[1] if len(codes) > 1 else None
    return codes[0]


def _date(match: re.Match[str]) -> date | None:
    """The "ngày dd/mm/yyyy" (or "ngày dd tháng mm năm yyyy") after the symbol, else None."""
    if match.group("day") is None:
        return None
    month = match.group("month") or match.group("month_w")
    try:
        return date(int(match.group("year")), int(month), int(match.group("day")))
    except ValueError:
        return None


def citations(text: str) -> list[re.Match[str]]:
    """Every document citation in a piece of text, in order."""
    return list(_CITATION.finditer(text))


def register(blocks: list[Block], agency_code: str | None, period: Period | None) -> list[dict]:
    """One record per document citation in the narrative blocks, in reading order.

    ``issued_by_agency`` is None when the agency is unknown; ``in_period`` is None without a
    date or a period. ``sentence`` keeps the sentence the citation stands in.
    """
    records = []
    for block in blocks:
        for sentence in sentences(block.text):
            for match in citations(sentence):
                doc_type = DOC_TYPES[" ".join(match.group("type").lower().split())]
                parts = _codes(doc_type, match.group("codes"))
                issuer = _issuer(parts)
                when = _date(match)
                symbol = match.group("number") + "".join(s + c for s, c in parts)
                records.append(
                    {
                        "document": f"{doc_type} {symbol}",
                        "doc_type": doc_type,
                        "number": match.group("number"),
                        "symbol": symbol,
                        "issuer_code": issuer,
                        "date": when.isoformat() if when else None,
                        "section_id": block.section_id,
                        "paragraph": block.seq,
                        "locator": block.locator,
                        "citation": match.group(0),
                        "issued_by_agency": None if agency_code is None else issuer == agency_code,
                        "in_period": (None if when is None or period is None else period.contains(when)),
                        "sentence": sentence,
                    }
                )
    return records


def agency_code_from(report_heading_lines: list[str], citations: list[dict]) -> str | None:
    """The reporting agency's code: from "Kèm theo Báo cáo số …/BC-XXX" in the appendix heading.

    Fallback: the issuer cited most often right after the agency says it "(đã) ban hành" —
    "ban hành" earlier in the citation's sentence, not as "về (việc) ban hành" (a document's
    subject) and not in a sentence about advising ("tham mưu") another body to issue.
    """
    for line in report_heading_lines:
        match = _OWN_REPORT.search(line)
        if match:
            return match.group("code")
    issued = Counter(
        record["issuer_code"]
        for record in citations
        if record["issuer_code"]
        and _issues(record["sentence"][: record["sentence"].find(record["citation"])])
    )
    return issued.most_common(1)[0][0] if issued else None


def _issues(lead: str) -> bool:
    """True when the text before a citation says the agency issued it."""
    return bool(_ISSUES.search(lead)) and not _ADVISES.search(lead)


def unique_documents(records: list[dict]) -> list[dict]:
    """One row per distinct (doc_type, symbol): the first citation, ``citations`` = how many.

    The date (and ``in_period``) comes from the first citation that gives one, so a document
    cited once with its date and later by symbol alone keeps its date.
    """
    groups: dict[tuple[str, str], list[dict]] = {}
    for record in records:
        groups.setdefault((record["doc_type"], record["symbol"]), []).append(record)
    rows = []
    for group in groups.values():
        dated = next((r for r in group if r["date"] is not None), group[0])
        rows.append(
            {**group[0], "date": dated["date"], "in_period": dated["in_period"], "citations": len(group)}
        )
    return rows
