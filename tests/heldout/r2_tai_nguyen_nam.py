"""Sở Tài nguyên và Môi trường, năm 2023, Word, consistent, in a clerk's shorthand: labels and units
abbreviated (NV, KH, VB, QĐ, TTHC, HS, Biên chế, "Tỷ lệ %"), rates typed "99,5%", "95,0%", "5%",
coded rows answered in words (Chưa, Hoàn thành, Có, Không). The narrative uses the same
shorthand ("04 VBQPPL", "112 TTHC (cấp tỉnh 98, cấp huyện 14)", "tinh giản 03 biên chế")."""

from pathlib import Path

from heldout.office import table, write_docx
from heldout.spec import Held, row

PARAGRAPHS = [
    "BÁO CÁO",
    "Kết quả công tác cải cách hành chính năm 2023 và nhiệm vụ năm 2024",
    "Thực hiện Kế hoạch số 3604/KH-UBND ngày 28/12/2022 của UBND tỉnh, Sở Tài nguyên và Môi trường "
    "báo cáo kết quả công tác cải cách hành chính năm 2023 như sau:",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "- Năm 2023, Sở hoàn thành 28/30 nhiệm vụ đề ra trong Kế hoạch CCHC (đạt 93,3%).",
    "- Tỷ lệ nhiệm vụ UBND tỉnh giao hoàn thành đúng hạn đạt 96,2%; còn 02 NV hoàn thành quá hạn "
    "do phải xin ý kiến các bộ, ngành Trung ương.",
    "II. KẾT QUẢ THỰC HIỆN",
    "1. Cải cách thể chế",
    "- Tham mưu ban hành 04 VBQPPL; rà soát 35 VBQPPL thuộc lĩnh vực tài nguyên và môi trường.",
    "2. Cải cách TTHC",
    "- Tổng số TTHC thuộc thẩm quyền giải quyết của Sở: 112 TTHC (cấp tỉnh 98, cấp huyện 14); "
    "100% TTHC đã được công khai trên Cổng DVC quốc gia.",
    "- Năm 2023, Sở tiếp nhận 8.450 HS; giải quyết đúng hạn 8.405 HS, tỷ lệ đúng hạn đạt 99,5%.",
    "3. Cải cách tổ chức bộ máy",
    "- Biên chế được giao năm 2023: 85 biên chế; có mặt 81 người; tinh giản 03 biên chế.",
    "4. Chính quyền điện tử, chính quyền số",
    "- Tổng số văn bản đi: 4.820 VB, trong đó 4.579 VB gửi hoàn toàn dưới dạng điện tử, đạt 95%.",
    "- Sở đã hoàn thành cập nhật Kiến trúc chính quyền điện tử phiên bản 2.0.",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    "- Phấn đấu 100% hồ sơ TTHC được giải quyết đúng hạn.",
]
HEADING = [
    "Phụ lục",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC",
    "CẢI CÁCH HÀNH CHÍNH TẠI SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "(Kèm theo Báo cáo số 45/BC-STNMT ngày 08/12/2023 của Sở Tài nguyên và Môi trường)",
]
PAGE_1 = table("""
1.|Công tác chỉ đạo điều hành CCHC|||
1.1.|Kế hoạch CCHC năm 2023|QĐ|1|Văn phòng Sở
|- Số NV đề ra trong KH|NV|30|
|- Số NV đã hoàn thành|NV|28|
1.2.|Số VB chỉ đạo CCHC đã ban hành|VB|12|Văn phòng Sở
1.5.|Thực hiện nhiệm vụ UBND tỉnh giao|||Văn phòng Sở
|- Tổng số NV được giao|NV|52|
|- Số NV đã hoàn thành đúng hạn|NV|50|
|- Số NV đã hoàn thành nhưng quá hạn|NV|2|
2.|Cải cách thể chế|||
2.1.|Số VBQPPL đã ban hành/tham mưu ban hành|VB|04|Phòng Pháp chế
2.3.|Số VBQPPL đã rà soát|VB|35|Phòng Pháp chế
3.|Cải cách thủ tục hành chính|||
3.2.|Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:|TTHC|112|Văn phòng Sở
|- Số TTHC cấp tỉnh|TTHC|98|
|- Số TTHC cấp huyện|TTHC|14|
|- Số TTHC cấp xã|TTHC|0|
""")
PAGE_2 = table("""
3.3.|Công khai TTHC trên Cổng dịch vụ công quốc gia|||
|- Số TTHC đã cập nhật, công khai trên Cổng DVC quốc gia|TTHC|112|
3.4.6.|Kết quả giải quyết TTHC|HS|8.450|Văn phòng đăng ký đất đai
|- Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn|Tỷ lệ %|99,5%|
4.|Cải cách tổ chức bộ máy hành chính nhà nước|||
4.2.|Số liệu về biên chế công chức|||Văn phòng Sở
|- Tổng số biên chế được giao trong năm 2023|Biên chế|85|
|- Tổng số biên chế có mặt tại thời điểm báo cáo|Biên chế|81|
|- Số biên chế đã tinh giản trong kỳ báo cáo|Biên chế|03|
|- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015|%|10,0%|
5.|Cải cách chế độ công vụ|||
5.3.|Số liệu về bổ nhiệm công chức lãnh đạo|||
|- Thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển|Đã thực hiện = 1 Chưa thực hiện = 0|Chưa|
7.|Xây dựng và phát triển Chính quyền điện tử, Chính quyền số|||
7.1.|Cập nhật Kiến trúc chính quyền điện tử phiên bản 2.0|Chưa = 0 Hoàn thành = 1|Hoàn thành|
7.3.|Hệ thống thông tin báo cáo và kết nối với Hệ thống thông tin báo cáo quốc gia|Chưa = 0 Đang làm = 1 Hoàn thành = 2|Hoàn thành|
7.5.|Cổng/trang thông tin điện tử|Cổng/trang|1|
|- Cấp tỉnh|Chưa = 0 Có = 1|Có|
|- Cấp huyện|Chưa = 0 Có = 1|Không|
7.6.3.|Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:|VB|4.820|Văn phòng Sở
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)|Tỷ lệ %|95,0%|
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy|Tỷ lệ %|5%|
""")


def build(path: Path) -> None:
    write_docx(
        path, "UBND TỈNH KHÁNH HÒA\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", PARAGRAPHS, HEADING, [PAGE_1, PAGE_2]
    )


REPORT = Held(
    file="nam2023_so_tai_nguyen.docx",
    fmt="docx",
    agency="Sở Tài nguyên và Môi trường",
    period="2023",
    build=build,
    values={
        ("1.1", 0): row(1, "QĐ"),
        ("1.1", 1): row(30, "NV"),
        ("1.1", 2): row(28, "NV"),
        ("1.2", 0): row(12, "VB"),
        ("1.5", 1): row(52, "NV"),
        ("1.5", 2): row(50, "NV"),
        ("1.5", 3): row(2, "NV"),
        ("2.1", 0): row(4, "VB"),
        ("2.3", 0): row(35, "VB"),
        ("3.2", 0): row(112, "TTHC"),
        ("3.2", 1): row(98, "TTHC"),
        ("3.2", 2): row(14, "TTHC"),
        ("3.2", 3): row(0, "TTHC"),
        ("3.3", 1): row(112, "TTHC"),
        ("3.4.6", 0): row(8450, "HS"),
        ("3.4.6", 1): row(99.5, "Tỷ lệ %"),
        ("4.2", 1): row(85, "Biên chế"),
        ("4.2", 2): row(81, "Biên chế"),
        ("4.2", 3): row(3, "Biên chế"),
        ("4.2", 4): row(10.0, "%"),
        ("5.3", 1): row(0, "Đã thực hiện = 1 Chưa thực hiện = 0"),
        ("7.1", 0): row(1, "Chưa = 0 Hoàn thành = 1"),
        ("7.3", 0): row(2, "Chưa = 0 Đang làm = 1 Hoàn thành = 2"),
        ("7.5", 1): row(1, "Chưa = 0 Có = 1"),
        ("7.5", 2): row(0, "Chưa = 0 Có = 1"),
        ("7.6.3", 0): row(4820, "VB"),
        ("7.6.3", 1): row(95.0, "Tỷ lệ %"),
        ("7.6.3", 2): row(5, "Tỷ lệ %"),
    },
)
