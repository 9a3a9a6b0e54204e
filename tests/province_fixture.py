"""A province written by hand: five agencies of Phú Yên filed their 2023-H1 reports in the
template, a sixth filed only Q1 and Q2, a seventh nothing; the roster lists all seven. A second
raw folder (:func:`write_half_year`) is its 2024 half-year as it went wrong once: four agencies
filed the half-year, one only Q1, one a report whose title and opening window state different
periods, one nothing.

Each report is a tab-separated text export like the bundled one (title, a line of narrative, the
appendix with the template's two header lines), its agency, province and period in a sidecar.
The figures are typed here; ``tests/test_province.py`` holds the roll-up a clerk of the Sở Nội
vụ would compute from them by hand."""

from __future__ import annotations

from pathlib import Path

PROVINCE, PERIOD = "Phú Yên", "2023-H1"
ROSTER = (
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Công Thương",
    "Ban Dân tộc",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài chính",
)
HEADER = "STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tĐơn vị thực hiện\n\t\tĐơn vị tính\tSố liệu\t\n"
TITLES = {
    "2023-H1": "6 tháng đầu năm 2023",
    "2023-Q1": "quý I năm 2023",
    "2023-Q2": "quý II năm 2023",
    "2024-H1": "6 tháng đầu năm 2024",
    "2024-Q1": "quý I năm 2024",
}
#: The 2024 half-year: who filed what (the sidecar states the period, except for the conflict).
HALF_YEAR, CONFLICTED = "2024-H1", "Ban Dân tộc"
#: Its opening lines state the data window of nine months (Decree 09/2019, art. 12), not of H1.
WINDOW = "Thời gian lấy số liệu báo cáo: từ ngày 15/12/2023 đến ngày 14/9/2024."
RATE = (
    "Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số "
    "và gửi trên môi trường điện tử)"
)
#: Cells of each agency's appendix, by row: "" is a cell left blank.
FIGURES = {
    #               1.2   assigned on time late  7.6.3   rate cell                     3.2  tỉnh huyện xã   7.5 tỉnh
    "Sở Tư pháp": ("2", "11", "11", "0", "2.950", "97,6", "10", "10", "0", "0", "1"),
    "Sở Xây dựng": ("5", "20", "18", "2", "1.200", "1.150/1.200", "20", "15", "5", "0", "1"),
    "Sở Y tế": ("", "8", "8", "0", "", "", "", "", "", "", "0"),
    "Sở Công Thương": ("3", "15", "12", "1", "800", "790/800 đạt tỷ lệ 98,75 %", "5", "4", "3", "0", "1"),
    "Ban Dân tộc": ("10", "96", "73", "0", "655", "681/712 đạt tỷ lệ 95,7 %", "2", "2", "0", "0", ""),
}
#: What the agency that filed only quarters wrote (its 1.2 must not reach the H1 roll-up).
QUARTERS = {
    "2023-Q1": ("100", "40", "40", "0", "5.000", "", "30", "30", "0", "0", "1"),
    "2023-Q2": ("50", "30", "29", "1", "4.000", "", "30", "30", "0", "0", "1"),
}


def appendix(cells: tuple[str, ...], hostile: str = "") -> str:
    """An appendix in the template: the rows the figures go in, in the template's order."""
    docs, assigned, on_time, late, outgoing, rate, total, prov, dist, comm, portal = cells
    rows = [
        ("1", "Công tác chỉ đạo điều hành CCHC", "", ""),
        ("1.2", f"Số văn bản chỉ đạo CCHC đã ban hành{hostile}", "Văn bản", docs),
        ("1.5", "Thực hiện nhiệm vụ UBND tỉnh giao", "", ""),
        ("-", "Tổng số nhiệm vụ được giao", "Nhiệm vụ", assigned),
        ("-", "Số nhiệm vụ đã hoàn thành đúng hạn", "Nhiệm vụ", on_time),
        ("-", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", "Nhiệm vụ", late),
        ("3", "Cải cách thủ tục hành chính", "", ""),
        ("3.2", "Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:", "Thủ tục", total),
        ("-", "Số TTHC cấp tỉnh", "Thủ tục", prov),
        ("-", "Số TTHC cấp huyện", "Thủ tục", dist),
        ("-", "Số TTHC cấp xã", "Thủ tục", comm),
        ("3.4.5", "Thống kê TTHC cho phép thanh toán trực tuyến", "Thủ tục", ""),
        ("7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "", ""),
        ("7.5", "Cổng/trang thông tin điện tử", "Cổng/trang", ""),
        ("-", "Cấp tỉnh", "Chưa = 0 Có = 1", portal),
        (
            "7.6.3",
            "Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:",
            "Văn bản",
            outgoing,
        ),
        ("-", RATE, "%", rate),
    ]
    return HEADER + "".join(f"{stt}\t{label}\t{unit}\t{value}\t\n" for stt, label, unit, value in rows)


def report(agency: str, period: str, cells: tuple[str, ...], hostile: str = "", window: str = "") -> str:
    """One agency's report: title, a line of narrative (after ``window``, a line stating the
    reporting window, when given), the appendix."""
    return document(agency, period, appendix(cells, hostile), window)


def document(agency: str, period: str, table: str, window: str = "") -> str:
    """A report around an appendix table (header included): title, a line of narrative (after
    ``window``, when given), the appendix's title, the table."""
    when = TITLES[period]
    return (
        f"BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính {when}\n\n"
        + (f"{window}\n" if window else "")
        + f"{agency} báo cáo kết quả thực hiện công tác cải cách hành chính {when} như sau.\n\n"
        f"Phụ lục\nTHỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\n\n" + table
    )


def write_province(folder: Path, hostile: str = "") -> Path:
    """The province's raw folder: seven files with sidecars and the roster; ``hostile`` is
    appended to Sở Xây dựng's label of row 1.2 (markup a browser must show as text)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [(agency, PERIOD, cells) for agency, cells in FIGURES.items()]
    files += [("Sở Giáo dục và Đào tạo", period, cells) for period, cells in QUARTERS.items()]
    for number, (agency, period, cells) in enumerate(files, start=1):
        mark = hostile if agency == "Sở Xây dựng" else ""
        _write(folder / f"{number:02d}_{period}.txt", agency, period, report(agency, period, cells, mark))
    return _roster(folder)


def write_half_year(folder: Path) -> Path:
    """Phú Yên's 2024-H1 raw folder: Tư pháp, Xây dựng, Y tế and Công Thương filed the
    half-year; Giáo dục only Q1; Ban Dân tộc a report titled "6 tháng đầu năm 2024" whose opening
    window is nine months (its sidecar names no period: the report alone says it); Tài chính
    nothing. The roster lists all seven."""
    folder.mkdir(parents=True, exist_ok=True)
    filed = [(agency, HALF_YEAR, FIGURES[agency]) for agency in ROSTER[:4]]
    filed.append(("Sở Giáo dục và Đào tạo", "2024-Q1", QUARTERS["2023-Q1"]))
    for number, (agency, period, cells) in enumerate(filed, start=1):
        _write(folder / f"{number:02d}_{period}.txt", agency, period, report(agency, period, cells))
    _write(
        folder / "06_ban_dan_toc.txt",
        CONFLICTED,
        None,
        report(CONFLICTED, HALF_YEAR, FIGURES[CONFLICTED], window=WINDOW),
    )
    return _roster(folder)


def _write(path: Path, agency: str, period: str | None, text: str) -> None:
    """A report and its sidecar (agency, province and, when given, period)."""
    path.write_text(text, encoding="utf-8")
    stated = f'period = "{period}"\n' if period else ""
    path.with_name(path.name + ".meta.toml").write_text(
        f'agency = "{agency}"\nprovince = "{PROVINCE}"\n{stated}', encoding="utf-8"
    )


def _roster(folder: Path) -> Path:
    """The roster of the seven agencies, beside the reports."""
    roster = "agency,province\n" + "".join(f"{a},{PROVINCE}\n" for a in ROSTER)
    (folder / "agencies.csv").write_text(roster, encoding="utf-8")
    return folder
