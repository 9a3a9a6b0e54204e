"""Appendix rows → observations: one tidy record per row of the template table.

Rules, each general (none names a row of a particular report):
- the two-line table header, repeated at every page break, is skipped wherever it appears;
- ``1.``, ``1.3.1.``, ``3.4.7.4`` are codes (stored without the trailing dot);
- a row without a code is a sub-row ("- …") of the last coded row: same code, item 1, 2, …,
  also across page breaks;
- HTML fragments are stripped; text in ``<i>…</i>`` leaves the label and becomes a note;
- " - " inside a label separates the template's wording from the agency's additions
  (dates, documents, explanations): the first part is the label, the rest a note;
- values are read by :mod:`cchc_analysis.numbers`; a figure in the unit column is noted and only
  taken as the value when it is a rate (``95,7 %``, ``681/712 đạt tỷ lệ 95,7 %``) and the value
  cell is blank; a word from a coded unit ("Có") is read as its code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from cchc_analysis.parse.numbers import MAX_NAME_WORDS, Reading, code_of, codes_text, read_unit, read_value
from cchc_analysis.sources.common import clean_text, is_table_header
from cchc_analysis.sources.model import AppendixRow

_CODE = re.compile(r"^(?P<code>\d+(?:\.\d+)*)\.?$")
_BULLET = re.compile(r"^[-+•–]\s*")
_BULLETS = frozenset("-+•–")
_PART = re.compile(r"\s+[-–]\s+(?=[A-ZÀ-ỸĐ(])")
#: Inline tags whose text is an aside (a note), not part of the indicator's name.
_ASIDE_TAGS = frozenset({"i", "em"})
#: Tags read as markup in a cell; any other "<…>" is text as written.
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "br",
        "div",
        "em",
        "font",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "s",
        "script",
        "small",
        "span",
        "strong",
        "style",
        "sub",
        "sup",
        "table",
        "td",
        "tr",
        "u",
        "ul",
    }
)
_TAG = re.compile(r"</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>")


class _LabelHTML(HTMLParser):
    """Splits a cell with HTML fragments into its plain text, its asides and the tags removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.asides: list[str] = []
        self.removed: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in _ASIDE_TAGS and tag not in self.removed:
            self.removed.append(tag)
        if tag in _ASIDE_TAGS:
            self._depth += 1
            self.asides.append("")
        elif tag in ("br", "p", "div", "li"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _ASIDE_TAGS and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.asides[-1] += data
        else:
            self.text.append(data)


def _known_tags_only(raw: str) -> str:
    """Escape every "<" that does not open or close a known HTML tag, so that text such as
    "Số văn bản <trong kỳ>" stays text instead of vanishing as an unknown tag."""
    out, at = [], 0
    for match in _TAG.finditer(raw):
        out.append(raw[at : match.start()].replace("<", "&lt;"))
        known = match.group("name").lower() in _HTML_TAGS
        out.append(match.group(0) if known else match.group(0).replace("<", "&lt;"))
        at = match.end()
    out.append(raw[at:].replace("<", "&lt;"))
    return "".join(out)


def split_label(raw: str) -> tuple[str, list[str], set[str]]:
    """A label cell → (clean label, notes, flags): HTML stripped, asides and additions moved to
    notes; removing any other tag is said in a note."""
    label, notes, flags = _split_label(raw)
    return label, list(notes), set(flags)


@lru_cache(maxsize=8192)
def _split_label(raw: str) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """:func:`split_label`, memoised (the template's labels recur in every report)."""
    parser = _LabelHTML()
    parser.feed(_known_tags_only(raw))
    parser.close()
    text = clean_text("".join(parser.text))
    notes = [clean_text(a) for a in parser.asides if clean_text(a)]
    flags = {"html_aside"} if notes else set()
    if parser.removed:
        notes.append("bỏ thẻ HTML " + ", ".join(f"<{tag}>" for tag in parser.removed))
        flags.add("html_removed")
    text = _BULLET.sub("", text)
    parts = [p.strip() for p in _PART.split(text) if p.strip()]
    label = parts[0] if parts else ""
    if len(parts) > 1:
        flags.add("label_addition")
    return label, tuple(parts[1:] + notes), frozenset(flags)


def _coded_word(value: Reading, raw: str, codes: dict[str, int] | None) -> Reading:
    """A word of a coded scale ("Có" under "Chưa = 0 Có = 1") read as its code, said in a note."""
    word = clean_text(raw)
    code = code_of(word, codes) if codes and word and value.value is None else None
    if code is None:
        return value
    return Reading(
        value=float(code), note=f"“{word}” được đọc là mã {code}", flags=frozenset({"coded_word"}), decimals=0
    )


def _value_and_unit(
    cells: tuple[str, ...], notes: list[str], flags: set[str]
) -> tuple[Reading, str | None, dict[str, int] | None]:
    """Reconcile the unit and value cells into one reading, one unit and the unit's coded scale,
    noting (in words and flags) every repair."""
    unit = read_unit(cells[2])
    value = read_value(cells[3], unit.unit)
    if unit.note:
        notes.append(unit.note)
    flags |= unit.flags
    value = _coded_word(value, cells[3], unit.codes)
    if value.note:
        notes.append(value.note)
    flags |= value.flags
    unit_text = unit.unit
    if unit.figure is not None:
        rate = unit.figure.percent
        if not clean_text(cells[3]) and rate:
            value = unit.figure
            notes.append("số liệu lấy từ cột đơn vị tính")
            flags |= unit.figure.flags | {"value_from_unit_column"}
        elif not value.is_figure:
            notes.append("không lấy làm số liệu")
        elif rate and value.value is not None and unit.figure.value != value.value:
            notes.append("tỷ lệ ở cột đơn vị tính khác số liệu")
            flags.add("unit_rate_differs")
    if value.percent and not unit_text:
        unit_text = "%"
    return value, unit_text, unit.codes


#: An OCR'd figure cell whose engine confidence (0–100) is below this is never taken as a number.
OCR_MIN_CONFIDENCE = 70.0
#: A figure with a letter OCR confuses with a digit ("1O", "l5", "2I"): kept raw, never repaired.
_LETTER_FOR_DIGIT = re.compile(r"^(?=.*\d)(?=.*[OoIl])[\dOoIl.,/%\s]+$")


def _screen_ocr(
    row: AppendixRow, value: Reading, notes: list[str], flags: set[str]
) -> tuple[Reading, float | None]:
    """A row read by OCR: flagged ``ocr`` with the engine's confidence in the cell its figure was
    read from (the value cell, or the unit cell holding it); a figure below
    :data:`OCR_MIN_CONFIDENCE`, or with letters OCR confuses with digits, is kept raw (value NA)
    with a note — never guessed or repaired; an STT or a unit below it is noted and flagged (the
    row's code or unit may be wrong) without costing a figure read surely ("Chưa = 0 Có = 1"
    beside a clear "1")."""
    if not row.confidence:
        return value, None
    flags.add("ocr")
    figure_cells = (2, 3) if "value_in_unit_column" in flags else (3,)
    known = [row.confidence[k] for k in figure_cells if row.confidence[k] is not None and row.cells[k]]
    confidence = min(known) if known else None
    for k, what in ((0, "STT"), (2, "Đơn vị tính")):
        text, sure = clean_text(row.cells[k]), row.confidence[k]
        if k not in figure_cells and text and sure is not None and sure < OCR_MIN_CONFIDENCE:
            notes.append(f"{what} “{text}” đọc bằng OCR không chắc chắn (độ tin cậy {sure:.0f}/100)")
            flags.add("ocr_low_confidence")
    if any(_LETTER_FOR_DIGIT.match(clean_text(cell)) for cell in row.cells[2:4]):
        notes.append("OCR có thể đã đọc nhầm chữ số thành chữ cái (O/0, l/1): giữ nguyên văn, không sửa")
        flags.add("ocr_letter_for_digit")
    if value.is_figure and confidence is not None and confidence < OCR_MIN_CONFIDENCE:
        notes.append(
            f"OCR không chắc chắn (độ tin cậy {confidence:.0f}/100): giữ nguyên văn, không lấy làm số liệu"
        )
        flags.add("ocr_low_confidence")
        return Reading(), confidence
    return value, confidence


def to_observations(rows: list[AppendixRow]) -> list[dict]:
    """Turn the appendix rows of one report into observation records (without agency/period)."""
    records: list[dict] = []
    code, item = "", 0
    for row in rows:
        if is_table_header(row.cells):
            continue
        stt = clean_text(row.cells[0])
        label, notes, flags = split_label(row.cells[1])
        dash_in_stt = stt in _BULLETS  # "- " typed in the STT column: a sub-row all the same
        stt = "" if dash_in_stt else stt
        match = _CODE.match(stt)
        if stt and match:
            code, item = match.group("code"), 0
        elif stt:
            code, item = stt, 0
            notes.append(f"STT “{stt}” không phải mã số")
            flags.add("stt_not_code")
        else:
            item += 1
            if not code:
                notes.append("dòng con đứng trước mọi dòng có mã số")
                flags.add("orphan_sub_row")
            if not dash_in_stt and not _BULLET.match(clean_text(row.cells[1])):
                notes.append("dòng không có STT và không có “- ”: coi là dòng con")
                flags.add("unbulleted_sub_row")
        value, unit, codes = _value_and_unit(row.cells, notes, flags)
        value, confidence = _screen_ocr(row, value, notes, flags)
        implementer = _BULLET.sub("", clean_text(row.cells[4])).strip()
        if len(implementer.split()) > MAX_NAME_WORDS:
            notes.append(implementer)
            flags.add("implementer_is_text")
            implementer = ""
        records.append(
            {
                "seq": len(records) + 1,
                "code": code or None,
                "item": item,
                "label": label or None,
                "unit": unit,
                "value": value.value,
                "decimals": value.decimals if value.value is not None else None,
                "raw_value": row.cells[3] or None,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "raw_unit": row.cells[2] or None,
                "implementer": implementer or None,
                "codes": codes_text(codes),
                "flags": " ".join(sorted(flags)) or None,
                "note": "; ".join(notes) or None,
                "ocr_confidence": confidence,
                "locator": row.value_cell or row.locator,
            }
        )
    return records
