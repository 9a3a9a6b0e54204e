"""Sở Văn hóa, Thể thao và Du lịch (Khánh Hòa), năm 2024: the appendix alone in Excel (sheet
"Phụ lục 2", title rows 1–3, header rows 5–6, data from row 7). Its heading names the agency by
its usual abbreviation ("TẠI SỞ VH-TT&DL") and the year ("NĂM 2024"); the roster has the full
name. Rates written as "a/b (r%)" and "a/b = r%" are typed as text. Consistent: no error."""

from pathlib import Path

from heldout.office import table, write_xlsx
from heldout.spec import Held, row

HEADING = [
    "Phụ lục 2",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2024 TẠI SỞ VH-TT&DL",
    "(Kèm theo Báo cáo số 2150/BC-SVHTTDL ngày 10/12/2024)",
]
ROWS = table("""
1.|Công tác chỉ đạo điều hành CCHC|||
1.5.|Thực hiện nhiệm vụ UBND tỉnh giao|||Văn phòng Sở
|- Tổng số nhiệm vụ được giao|Nhiệm vụ|40|
|- Số nhiệm vụ đã hoàn thành đúng hạn|Nhiệm vụ|40|
|- Số nhiệm vụ đã hoàn thành nhưng quá hạn|Nhiệm vụ|0|
3.|Cải cách thủ tục hành chính|||
3.2.|Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:|Thủ tục|156|Văn phòng Sở
|- Số TTHC cấp tỉnh|Thủ tục|149|
|- Số TTHC cấp huyện|Thủ tục|7|
|- Số TTHC cấp xã|Thủ tục|0|
3.4.6.|Kết quả giải quyết TTHC|Hồ sơ|2.310|Văn phòng Sở
|- Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn|%|2.301/2.310 (99,6%)|
4.|Cải cách tổ chức bộ máy hành chính nhà nước|||
4.2.|Số liệu về biên chế công chức|||Văn phòng Sở
|- Tổng số biên chế được giao trong năm 2024|Người|61|
|- Tổng số biên chế có mặt tại thời điểm báo cáo|Người|58|
|- Số hợp đồng lao động làm việc tại cơ quan hành chính nhà nước|Người|3|
|- Số biên chế đã tinh giản trong kỳ báo cáo|Người|2|
|- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015|%|9,8|
7.|Xây dựng và phát triển Chính quyền điện tử, Chính quyền số|||
7.6.3.|Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:|Văn bản|6.020|Văn phòng Sở
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)|%|5.960/6.020 = 99,0%|
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy|%|60/6.020 = 1,0%|
""")


def build(path: Path) -> None:
    write_xlsx(path, HEADING, ROWS)


REPORT = Held(
    file="p2_vhttdl_nam.xlsx",
    fmt="xlsx",
    agency="Sở Văn hóa, Thể thao và Du lịch",
    period="2024",
    build=build,
    values={
        ("1.5", 1): row(40, "Nhiệm vụ"),
        ("1.5", 2): row(40, "Nhiệm vụ"),
        ("1.5", 3): row(0, "Nhiệm vụ"),
        ("3.2", 0): row(156, "Thủ tục"),
        ("3.2", 1): row(149, "Thủ tục"),
        ("3.2", 2): row(7, "Thủ tục"),
        ("3.4.6", 0): row(2310, "Hồ sơ"),
        ("3.4.6", 1): row(99.6, "%", 2301, 2310),
        ("4.2", 1): row(61, "Người"),
        ("4.2", 2): row(58, "Người"),
        ("4.2", 4): row(2, "Người"),
        ("4.2", 5): row(9.8, "%"),
        ("7.6.3", 0): row(6020, "Văn bản"),
        ("7.6.3", 1): row(99.0, "%", 5960, 6020),
        ("7.6.3", 2): row(1.0, "%", 60, 6020),
    },
)
