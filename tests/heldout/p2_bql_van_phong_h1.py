"""Ban Quản lý Khu kinh tế Vân Phong (Khánh Hòa): the title says "6 tháng đầu năm 2024" while the
opening's reporting window "từ ngày 15/12/2023 đến ngày 14/9/2024" is nine months by Decree
09/2019/NĐ-CP. The report is stored under the title's half-year (precedence) with a
``period_conflict`` warning naming both statements — never silently. Its name is wrapped over
two letterhead lines and abbreviated in the text ("BQL Khu kinh tế Vân Phong"). Figures
consistent."""

from heldout.spec import Held, row

REPORT = Held(
    file="p2_bql_van_phong_h1.txt",
    fmt="txt",
    agency="Ban Quản lý Khu kinh tế Vân Phong",
    period="2024-H1",
    extra={"warning_rules": {"period_conflict"}},
    values={
        ("3.4.6", 0): row(64, "Hồ sơ"),
        ("3.4.6", 1): row(100, "%", 64, 64),
        ("4.2", 1): row(45, "Người"),
        ("4.2", 2): row(43, "Người"),
    },
)
