"""UBND thị xã Ninh Hòa, 6 tháng cuối năm 2023, Word, consistent, every rate stated per part:
the on-time rates of the town's and the communes' dossiers over their own 1.200 and 3.000
(which add up to the 4.200 of row 3.4.6), the online rates of level 3 and level 4 over their own
procedures' dossiers, and two document rates over the one total, each in the narrative too:
"cấp thị xã tiếp nhận 1.200 hồ sơ, cấp xã tiếp nhận 3.000 hồ sơ" (parts, not the total),
"tỷ lệ văn bản gửi điện tử song song với văn bản giấy đạt 2,5 %" (the paper-too rate, not the
purely electronic one)."""

from pathlib import Path

from heldout.office import table, write_docx
from heldout.spec import Held, row

PARAGRAPHS = [
    "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính 6 tháng cuối năm 2023",
    "Thực hiện Công văn số 1958/UBND-KSTT ngày 09/3/2022 của UBND tỉnh, UBND thị xã Ninh Hòa báo "
    "cáo kết quả thực hiện công tác cải cách hành chính 6 tháng cuối năm 2023 như sau:",
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Cải cách thủ tục hành chính",
    "- Trong kỳ, Bộ phận Một cửa thị xã và các xã, phường tiếp nhận 4.200 hồ sơ TTHC; trong đó cấp "
    "thị xã tiếp nhận 1.200 hồ sơ, cấp xã tiếp nhận 3.000 hồ sơ.",
    "- Tỷ lệ hồ sơ giải quyết đúng hạn ở cấp thị xã đạt 98,3 % (1.180/1.200 hồ sơ), ở cấp xã đạt "
    "98,3 % (2.950/3.000 hồ sơ).",
    "2. Cải cách tổ chức bộ máy",
    "- Biên chế công chức được giao 42, có mặt 40; số hợp đồng lao động 5 người.",
    "3. Xây dựng chính quyền điện tử",
    "- Tổng số văn bản đi trong kỳ là 3.600 văn bản; tỷ lệ văn bản gửi hoàn toàn dưới dạng điện tử "
    "đạt 97,5 % (3.510/3.600), tỷ lệ văn bản gửi điện tử song song với văn bản giấy đạt 2,5 % "
    "(90/3.600).",
    "4. Công tác chỉ đạo, điều hành",
    "- 100% nhiệm vụ được UBND tỉnh giao hoàn thành đúng hạn (15/15 nhiệm vụ).",
    "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
    "- Tiếp tục nâng cao tỷ lệ hồ sơ trực tuyến toàn trình.",
]
HEADING = [
    "Phụ lục 2",
    "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC",
    "CẢI CÁCH HÀNH CHÍNH TẠI UBND THỊ XÃ NINH HÒA",
    "(Kèm theo Báo cáo số 512/BC-UBND ngày 12/12/2023 của UBND thị xã Ninh Hòa)",
]
PAGE_1 = table("""
1.|Công tác chỉ đạo điều hành CCHC|||
1.1.|Kế hoạch CCHC năm 2023|Quyết định|1|Phòng Nội vụ
|- Số nhiệm vụ đề ra trong kế hoạch|Nhiệm vụ|20|
|- Số nhiệm vụ đã hoàn thành|Nhiệm vụ|18|
1.5.|Thực hiện nhiệm vụ UBND tỉnh giao|||Văn phòng HĐND và UBND
|- Tổng số nhiệm vụ được giao|Nhiệm vụ|15|
|- Số nhiệm vụ đã hoàn thành đúng hạn|Nhiệm vụ|15|
|- Số nhiệm vụ đã hoàn thành nhưng quá hạn|Nhiệm vụ|0|
3.|Cải cách thủ tục hành chính|||
3.4.6.|Kết quả giải quyết TTHC|Hồ sơ|4.200|Bộ phận Một cửa
|- Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn|%||
|- Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn|%|1.180/1.200 đạt tỷ lệ 98,3 %|
|- Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn|%|2.950/3.000 đạt tỷ lệ 98,3 %|
|- Tỷ lệ hồ sơ TTHC về lĩnh vực đất đai được giải quyết đúng hạn (ở cả 3 cấp)|%|96,5|
3.4.7.|Kết quả cung cấp dịch vụ công|||
3.4.7.1.|Hồ sơ trực tuyến|||
|- Số lượng hồ sơ trực tuyến mức độ 3|Hồ sơ|950|
|- Số lượng hồ sơ trực tuyến mức độ 4|Hồ sơ|1.850|
|- Tỷ lệ hồ sơ trực tuyến mức độ 3|%|950/1.400 đạt tỷ lệ 67,9 %|
|- Tỷ lệ hồ sơ trực tuyến mức độ 4|%|1.850/2.800 đạt tỷ lệ 66,1 %|
""")
PAGE_2 = table("""
4.|Cải cách tổ chức bộ máy hành chính nhà nước|||
4.2.|Số liệu về biên chế công chức|||Phòng Nội vụ
|- Tổng số biên chế được giao trong năm 2023|Người|42|
|- Tổng số biên chế có mặt tại thời điểm báo cáo|Người|40|
|- Số hợp đồng lao động làm việc tại cơ quan hành chính nhà nước|Người|5|
|- Số biên chế đã tinh giản trong kỳ báo cáo|Người|0|
|- Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015|%|9,5|
7.|Xây dựng và phát triển Chính quyền điện tử, Chính quyền số|||
7.6.3.|Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:|Văn bản|3.600|Văn phòng HĐND và UBND
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử)|%|3.510/3.600 đạt tỷ lệ 97,5 %|
|- Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy|%|90/3.600 đạt tỷ lệ 2,5 %|
""")


def build(path: Path) -> None:
    write_docx(path, "UBND THỊ XÃ NINH HÒA", PARAGRAPHS, HEADING, [PAGE_1, PAGE_2])


REPORT = Held(
    file="h2_ubnd_thi_xa_ninh_hoa.docx",
    fmt="docx",
    agency="UBND thị xã Ninh Hòa",
    period="2023-H2",
    build=build,
    values={
        ("1.5", 1): row(15, "Nhiệm vụ"),
        ("1.5", 2): row(15, "Nhiệm vụ"),
        ("3.4.6", 0): row(4200, "Hồ sơ"),
        ("3.4.6", 1): row(None, "%"),
        ("3.4.6", 2): row(98.3, "%", 1180, 1200),
        ("3.4.6", 3): row(98.3, "%", 2950, 3000),
        ("3.4.6", 4): row(96.5, "%"),
        ("3.4.7.1", 1): row(950, "Hồ sơ"),
        ("3.4.7.1", 2): row(1850, "Hồ sơ"),
        ("3.4.7.1", 3): row(67.9, "%", 950, 1400),
        ("3.4.7.1", 4): row(66.1, "%", 1850, 2800),
        ("4.2", 1): row(42, "Người"),
        ("4.2", 2): row(40, "Người"),
        ("4.2", 3): row(5, "Người"),
        ("7.6.3", 0): row(3600, "Văn bản"),
        ("7.6.3", 1): row(97.5, "%", 3510, 3600),
        ("7.6.3", 2): row(2.5, "%", 90, 3600),
    },
)
