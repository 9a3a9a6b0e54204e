"""Sở Thông tin và Truyền thông, quý III/2023: the appendix alone in Excel (sheet "Phụ lục 2",
title rows 1–3, header rows 5–6, data from row 7), numbers typed as numbers and rates as
percents, counts written with a rate as text. Its heading names neither the agency nor the
period, so a sidecar says who and when. One planted contradiction, twice: both 7.6.3 rates are
computed on 2.000 documents while the total row says 1.900 (``denominator_vs_total``, cells D30 and
D31) — a shared denominator other than the total, not parts of it."""

from pathlib import Path

from heldout.office import table, write_xlsx
from heldout.spec import Held, row

HEADING = [
    "Phụ lục 2",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    "(Kèm theo Báo cáo số 980/BC-STTTT)",
]
ROWS = table("""
1.|Công tác chỉ đạo điều hành CCHC|||
1.1.|Kế hoạch CCHC năm 2023|Quyết định|1|Văn phòng Sở
|- Số nhiệm vụ đề ra trong kế hoạch|Nhiệm vụ|26|
|- Số nhiệm vụ đã hoàn thành|Nhiệm vụ|19|
1.5.|Thực hiện nhiệm vụ UBND tỉnh giao|||Văn phòng Sở
|- Tổng số nhiệm vụ được giao|Nhiệm vụ|45|
|- Số nhiệm vụ đã hoàn thành đúng hạn|Nhiệm vụ|43|
|- Số nhiệm vụ đã hoàn thành nhưng quá hạn|Nhiệm vụ|1|
3.|Cải cách thủ tục hành chính|||
3.2.|Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:|Thủ tục|47|Văn phòng Sở
|- Số TTHC cấp tỉnh|Thủ tục|41|
|- Số TTHC cấp huyện|Thủ tục|6|
|- Số TTHC cấp xã|Thủ tục|0|
3.4.6.|Kết quả giải quyết TTHC|Hồ sơ|612|
|- Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn|%|100 %|
4.|Cải cách tổ chức bộ máy hành chính nhà nước|||
4.2.|Số liệu về biên chế công chức|||Văn phòng Sở
|- Tổng số biên chế được giao trong năm 2023|Người|38|
|- Tổng số biên chế có mặt tại thời điểm báo cáo|Người|36|
|- Số biên chế đã tinh giản trong kỳ báo cáo|Người|1|
|- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015|%|10,5|
7.|Xây dựng và phát triển Chính quyền điện tử, Chính quyền số|||
7.6.3.|Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:|Văn bản|1.900|Văn phòng Sở
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)|%|1.840/2.000 đạt tỷ lệ 92 %|
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy|%|160/2.000 đạt tỷ lệ 8 %|
7.6.4.|Thư điện tử công vụ đang sử dụng. Trong đó:||38|
|- Cấp tỉnh|Email|38|
""")


def build(path: Path) -> None:
    write_xlsx(path, HEADING, ROWS)


REPORT = Held(
    file="q3_so_thong_tin.xlsx",
    fmt="xlsx",
    agency="Sở Thông tin và Truyền thông",
    period="2023-Q3",
    build=build,
    sidecar='agency = "Sở Thông tin và Truyền thông"\nperiod = "2023-Q3"\nprovince = "Khánh Hòa"\n'
    'source_url = "https://stttt.khanhhoa.gov.vn/bao-cao-cchc-quy-3-2023"\n'
    "received = 2023-09-25\n",
    planted=frozenset(
        {
            ("denominator_vs_total", "error", "Phụ lục 2!D30"),
            ("denominator_vs_total", "error", "Phụ lục 2!D31"),
        }
    ),
    values={
        ("1.1", 1): row(26, "Nhiệm vụ"),
        ("1.1", 2): row(19, "Nhiệm vụ"),
        ("1.5", 1): row(45, "Nhiệm vụ"),
        ("1.5", 2): row(43, "Nhiệm vụ"),
        ("1.5", 3): row(1, "Nhiệm vụ"),
        ("3.2", 0): row(47, "Thủ tục"),
        ("3.2", 1): row(41, "Thủ tục"),
        ("3.2", 2): row(6, "Thủ tục"),
        ("3.4.6", 0): row(612, "Hồ sơ"),
        ("3.4.6", 1): row(100, "%"),
        ("4.2", 1): row(38, "Người"),
        ("4.2", 2): row(36, "Người"),
        ("4.2", 3): row(1, "Người"),
        ("4.2", 4): row(10.5, "%"),
        ("7.6.3", 0): row(1900, "Văn bản"),
        ("7.6.3", 1): row(92, "%", 1840, 2000),
        ("7.6.3", 2): row(8, "%", 160, 2000),
        ("7.6.4", 1): row(38, "Email"),
    },
)
