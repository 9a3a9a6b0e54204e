"""A second province written by hand after the first: five reports of Khánh Hòa for 2024 (a
district, two departments with three periods between them, an economic zone's board), a roster
with their full names and one agency that filed nothing, and the forms the first province did not
have — periods stated as reporting windows and in words, names abbreviated or wrapped over two
letterhead lines, rates written around their counts in every way. Expected figures typed by hand."""

from heldout import p2_bql_van_phong_h1, p2_khdt_9m, p2_khdt_q3, p2_van_ninh_h1, p2_vhttdl_nam

REPORTS = tuple(
    module.REPORT for module in (p2_van_ninh_h1, p2_khdt_9m, p2_khdt_q3, p2_vhttdl_nam, p2_bql_van_phong_h1)
)
PROVINCE = "Khánh Hòa"
ROSTER = """agency,province
UBND huyện Vạn Ninh,Khánh Hòa
Sở Kế hoạch và Đầu tư,Khánh Hòa
"Sở Văn hóa, Thể thao và Du lịch",Khánh Hòa
Ban Quản lý Khu kinh tế Vân Phong,Khánh Hòa
UBND thị xã Ninh Hòa,Khánh Hòa
"""
