"""Sở Kế hoạch và Đầu tư (Khánh Hòa), chín tháng năm 2024, Word. It names itself by its usual
abbreviation ("Sở KH&ĐT báo cáo …") while the roster has its full name, and states its period in
words in the title ("chín tháng đầu năm 2024") and as "09 tháng" in the opening. Values in the
forms clerks write: a unit in the value cell ("1.800 hồ sơ"), a rate before its counts
("98,9% (1.780/1.800)"), counts then "đạt r %", a footnote marker ("15*"), "đạt 100%".
Two planted contradictions:

- table 2 row 26: a share of 108,3 % of level-3 online dossiers (``rate_above_100``);
- table 2 row 21: 1.800 dossiers received in nine months, fewer than the 1.950 the same agency
  received in the third quarter alone (p2_khdt_q3.txt) — the nine months contain that quarter
  (``cumulative_below_part``).

The narrative agrees with the appendix; "1.102 hồ sơ đăng ký doanh nghiệp qua mạng" counts dossiers
of one kind (online business registration) and must not be compared with any total."""

from pathlib import Path

from heldout.office import table, write_docx
from heldout.spec import Held, row

PARAGRAPHS = [
    "Số: 1245/BC-SKHĐT",
    "Khánh Hòa, ngày 20 tháng 9 năm 2024",
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính chín tháng đầu năm 2024",
    "Thực hiện Công văn số 1958/UBND-KSTT ngày 09/3/2022 của UBND tỉnh về chế độ báo cáo định kỳ "
    "công tác cải cách hành chính; Sở KH&ĐT báo cáo kết quả thực hiện công tác cải cách hành chính "
    "09 tháng năm 2024 như sau:",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "- Sở đã ban hành Kế hoạch CCHC năm 2024 với 28 nhiệm vụ, đến nay đã hoàn thành 21 nhiệm vụ.",
    "- Trong 9 tháng, Sở được UBND tỉnh giao 36 nhiệm vụ, hoàn thành đúng hạn 33 nhiệm vụ, hoàn "
    "thành nhưng quá hạn 02 nhiệm vụ.",
    "II. KẾT QUẢ THỰC HIỆN",
    "1. Cải cách thể chế",
    "- Sở đã tham mưu UBND tỉnh ban hành 03 văn bản quy phạm pháp luật.",
    "2. Cải cách thủ tục hành chính",
    "- Tổng số TTHC thuộc thẩm quyền giải quyết của Sở là 128 thủ tục, trong đó 121 TTHC cấp tỉnh và 7 TTHC cấp huyện.",
    "- Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận 1.800 hồ sơ của Sở, đã giải quyết đúng "
    "hạn 1.780 hồ sơ (đạt 98,9 %). Số hồ sơ trực tuyến mức độ 3 là 410 hồ sơ, mức độ 4 là 1.204 "
    "hồ sơ; trong đó số hồ sơ đăng ký doanh nghiệp qua mạng là 1.102 hồ sơ.",
    "3. Xây dựng chính quyền điện tử",
    "- Số văn bản đi trong kỳ là 4.118 văn bản, trong đó 4.036 văn bản điện tử có ký số.",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2024",
    "- Hoàn thành 100% nhiệm vụ của Kế hoạch CCHC năm 2024.",
]
HEADING = [
    "Phụ lục 2",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC",
    "CẢI CÁCH HÀNH CHÍNH TẠI SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
    "(Kèm theo Báo cáo số 1245/BC-SKHĐT ngày 20/9/2024 của Sở Kế hoạch và Đầu tư)",
]
PAGE = table("""
1.|Công tác chỉ đạo điều hành CCHC|||
1.1.|Kế hoạch CCHC năm 2024|Quyết định|1|Văn phòng Sở
|- Số nhiệm vụ đề ra trong kế hoạch|Nhiệm vụ|28|
|- Số nhiệm vụ đã hoàn thành|Nhiệm vụ|21|
1.5.|Thực hiện nhiệm vụ UBND tỉnh giao|||Văn phòng Sở
|- Tổng số nhiệm vụ được giao|Nhiệm vụ|36|
|- Số nhiệm vụ đã hoàn thành đúng hạn|Nhiệm vụ|33|
|- Số nhiệm vụ đã hoàn thành nhưng quá hạn|Nhiệm vụ|02|
2.|Cải cách thể chế|||
2.1.|Số VBQPPL đã ban hành/tham mưu ban hành|Văn bản|03|Phòng Tổng hợp
3.|Cải cách thủ tục hành chính|||
3.2.|Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:|Thủ tục|128|Văn phòng Sở
|- Số TTHC cấp tỉnh|Thủ tục|121|
|- Số TTHC cấp huyện|Thủ tục|7|
|- Số TTHC cấp xã|Thủ tục|0|
3.3.|Công khai TTHC trên Cổng dịch vụ công quốc gia|||Văn phòng Sở
|- Số TTHC đã cập nhật, công khai trên Cổng DVC quốc gia|Thủ tục|128|
|- Số TTHC mức độ 3 và 4 đã tích hợp lên Cổng DVC quốc gia|Thủ tục|15*|
3.4.6.|Kết quả giải quyết TTHC|Hồ sơ|1.800 hồ sơ|Văn phòng Sở
|- Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn|%|98,9% (1.780/1.800)|
3.4.7.1.|Hồ sơ trực tuyến|||
|- Số lượng hồ sơ trực tuyến mức độ 3|Hồ sơ|410|
|- Số lượng hồ sơ trực tuyến mức độ 4|Hồ sơ|1.204|
|- Tỷ lệ hồ sơ trực tuyến mức độ 3|%|108,3|
4.|Cải cách tổ chức bộ máy hành chính nhà nước|||
4.2.|Số liệu về biên chế công chức|||Văn phòng Sở
|- Tổng số biên chế được giao trong năm 2024|Người|52|
|- Tổng số biên chế có mặt tại thời điểm báo cáo|Người|49|
|- Số hợp đồng lao động làm việc tại cơ quan hành chính nhà nước|Người|4|
|- Số biên chế đã tinh giản trong kỳ báo cáo|Người|1|
|- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015|%|12,1|
7.|Xây dựng và phát triển Chính quyền điện tử, Chính quyền số|||
7.6.3.|Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:|Văn bản|4.118|Văn phòng Sở
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)|%|4.036/4.118 đạt 98,0 %|
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy|%|82/4.118 (2,0%)|
7.7.|Vận hành Hệ thống thông tin một cửa điện tử của tỉnh|||
|- Tỷ lệ sở, ngành đã kết nối liên thông với Hệ thống|%|đạt 100%|
""")


def build(path: Path) -> None:
    write_docx(path, "UBND TỈNH KHÁNH HÒA\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ", PARAGRAPHS, HEADING, [PAGE])


REPORT = Held(
    file="p2_khdt_9m.docx",
    fmt="docx",
    agency="Sở Kế hoạch và Đầu tư",
    period="2024-9M",
    build=build,
    planted=frozenset(
        {("rate_above_100", "error", "table 2 row 26"), ("cumulative_below_part", "error", "table 2 row 21")}
    ),
    values={
        ("1.1", 1): row(28, "Nhiệm vụ"),
        ("1.1", 2): row(21, "Nhiệm vụ"),
        ("1.5", 1): row(36, "Nhiệm vụ"),
        ("1.5", 2): row(33, "Nhiệm vụ"),
        ("1.5", 3): row(2, "Nhiệm vụ"),
        ("2.1", 0): row(3, "Văn bản"),
        ("3.2", 0): row(128, "Thủ tục"),
        ("3.2", 1): row(121, "Thủ tục"),
        ("3.2", 2): row(7, "Thủ tục"),
        ("3.2", 3): row(0, "Thủ tục"),
        ("3.4.6", 0): row(1800, "Hồ sơ"),
        ("3.4.6", 1): row(98.9, "%", 1780, 1800),
        ("3.4.7.1", 1): row(410, "Hồ sơ"),
        ("3.4.7.1", 2): row(1204, "Hồ sơ"),
        ("3.4.7.1", 3): row(108.3, "%"),
        ("3.3", 1): row(128, "Thủ tục"),
        ("3.3", 2): row(15, "Thủ tục"),
        ("4.2", 1): row(52, "Người"),
        ("4.2", 2): row(49, "Người"),
        ("4.2", 4): row(1, "Người"),
        ("4.2", 5): row(12.1, "%"),
        ("7.6.3", 0): row(4118, "Văn bản"),
        ("7.6.3", 1): row(98.0, "%", 4036, 4118),
        ("7.6.3", 2): row(2.0, "%", 82, 4118),
        ("7.7", 1): row(100, "%"),
    },
)
