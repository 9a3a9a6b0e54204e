"""The province's roll-up as an Excel workbook in the template's layout, ready to paste into the
province's report: sheet "Phụ lục tổng hợp" (STT, Chỉ tiêu, Đơn vị tính, Số liệu, and how many
agencies gave each row), sheet "Từng cơ quan" (every agency's contribution with its file and
line). Numbers stay numbers (rates with one decimal, Vietnamese display comes from Excel's own
locale); every text a string cell, never a formula (:mod:`cchc_analysis.shared.spreadsheets`); fixed
document properties, so the same model gives the same bytes."""

from __future__ import annotations

import io

from cchc_analysis.report.content import formats
from cchc_analysis.report.content.finding_words import ROLLUP_FLAG_MARKS
from cchc_analysis.shared.spreadsheets import PROPERTIES, XLSX_OPTIONS

ROLLUP_SHEET, INPUTS_SHEET = "Phụ lục tổng hợp", "Từng cơ quan"
ROLE_WORDS = {
    "summed": "cộng vào tổng",
    "answer": "trả lời",
    "numerator": "tử số",
    "denominator": "mẫu số",
    "stated": "chỉ ghi tỷ lệ (không cộng)",
}
SEVERITY_WORDS = {"error": "Lỗi", "warning": "Cảnh báo"}


def _figure(row: dict) -> object:
    """What the "Số liệu" cell holds: a number, or for a coded row "k trên n cơ quan: Có"."""
    if row["kind"] == "code" and row["value"] is not None:
        return f"{formats.number(row['value'])} trên {formats.number(row['agencies'])} cơ quan: {row['top_code']}"
    return row["value"]


def _note(row: dict) -> str:
    """The flags of a province figure (its marks as on the page), naming the agencies."""
    notes = [f"{ROLLUP_FLAG_MARKS[f].mark} {ROLLUP_FLAG_MARKS[f].short}" for f in row["flags"]]
    if row["errors"]:
        notes.append("số liệu bị chính cơ quan báo lỗi, vẫn cộng như đã ghi: " + ", ".join(row["errors"]))
    if row["warnings"]:
        notes.append("có cảnh báo ở số liệu của: " + ", ".join(row["warnings"]))
    return "; ".join(notes)


def province_workbook(model: dict) -> bytes:
    """The province report's model (``kind == "province"``) as .xlsx bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, XLSX_OPTIONS)  # every text a string cell, never a formula
    book.set_properties({**PROPERTIES, "title": f"Phụ lục tổng hợp {model['period']}"})
    bold = book.add_format(
        {"bold": True, "bg_color": "#E6EBF0", "border": 1, "text_wrap": True, "valign": "top"}
    )
    text = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    area = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    number = book.add_format({"num_format": "#,##0", "valign": "top", "border": 1})
    rate = book.add_format({"num_format": "0.0", "valign": "top", "border": 1})
    sections = model["sections"]

    sheet = book.add_worksheet(ROLLUP_SHEET)
    heads = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Số liệu",
        "Số cơ quan có số liệu",
        "Số cơ quan phải báo cáo",
        "Ghi chú",
    ]
    for col, width in enumerate((10, 60, 16, 14, 12, 12, 50)):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, heads, bold)
    sheet.freeze_panes(1, 0)
    for n, r in enumerate(sections["rollup"]["rows"], start=1):
        style = area if not r["item"] and "." not in (r["code"] or "") else text
        sheet.write_string(n, 0, "" if r["item"] else r["code"] or "", style)
        sheet.write_string(n, 1, ("- " if r["item"] else "") + r["label"], style)
        sheet.write_string(n, 2, r["unit"] or "", text)
        figure = _figure(r)
        if isinstance(figure, str):
            sheet.write_string(n, 3, figure, text)
        elif figure is None:
            sheet.write_blank(n, 3, None, text)
        else:
            sheet.write_number(n, 3, figure, rate if r["kind"] == "rate" else number)
        for col, count in ((4, r["reported"]), (5, r["agencies"] if r["reported"] is not None else None)):
            if count is None:
                sheet.write_blank(n, col, None, text)
            else:
                sheet.write_number(n, col, count, number)
        sheet.write_string(n, 6, _note(r), text)
    sheet.autofilter(0, 0, len(sections["rollup"]["rows"]), len(heads) - 1)

    sheet = book.add_worksheet(INPUTS_SHEET)
    heads = ["STT", "Dòng", "Chỉ tiêu", "Cơ quan", "Số liệu", "Vai trò", "Tệp nguồn", "Vị trí", "Kiểm tra"]
    for col, width in enumerate((10, 6, 50, 28, 12, 22, 32, 16, 10)):
        sheet.set_column(col, col, width)
    sheet.write_row(0, 0, heads, bold)
    sheet.freeze_panes(1, 0)
    rows = sections["drilldown"]["rows"]
    for n, r in enumerate(rows, start=1):
        sheet.write_string(n, 0, r["code"] or "", text)
        sheet.write_number(n, 1, r["item"] or 0, number)
        sheet.write_string(n, 2, r["label"], text)
        sheet.write_string(n, 3, r["agency"], text)
        if r["value"] is None:
            sheet.write_blank(n, 4, None, text)
        else:
            sheet.write_number(n, 4, r["value"], text)
        sheet.write_string(n, 5, ROLE_WORDS[r["role"]], text)
        sheet.write_string(n, 6, r["key"]["source"], text)
        sheet.write_string(n, 7, formats.locator(r["locator"]), text)
        sheet.write_string(n, 8, SEVERITY_WORDS.get(r["flag"] or "", ""), text)
    sheet.autofilter(0, 0, max(len(rows), 1), len(heads) - 1)
    book.close()
    return buffer.getvalue()


def attachments(model: dict) -> dict[str, bytes]:
    """Files a page's model brings besides its HTML and PDF, by format: the province report's
    workbook; nothing for the others."""
    return {"xlsx": province_workbook(model)} if model.get("kind") == "province" else {}
