"""Synthetic corpus for benchmarks: N agencies × M periods of reports built from the seed.

    python benchmarks/corpus.py OUT --agencies 250 --periods 4 [--seed 0] [--roster]

Every file is the bundled report's structure with another agency, province and period (its
title and text say "Quý I/2023", "6 tháng đầu năm 2023", "năm 2023" …), figures varied but
consistent (parts add up to their total, done ≤ planned, each rate is its counts at the written
precision, the narrative's dossier count is the appendix's, a cumulative period's counts of what
happened in it at least those of a period inside it), some labels in wordings the
catalogue's aliases know, and a line saying it is synthetic. The seed's own contradictions
(7.6.3's rates and total, 3.4.7.1 against the narrative) are corrected, so a corpus ingests with
no error finding. Files go to OUT, which must not be under data/raw/ (raw reports are real).
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_8a77118b8e337001.txt"
RAW = ROOT / "data" / "raw"

#: The line every synthetic file carries (after the title, so it is no letterhead).
MARK = "DỮ LIỆU TỔNG HỢP GIẢ LẬP — chỉ dùng để đo hiệu năng, không phải báo cáo của cơ quan nào."
AGENCIES = (
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài nguyên và Môi trường",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Du lịch",
    "Sở Văn hóa và Thể thao",
    "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông",
    "Ban Dân tộc",
    "Sở Ngoại vụ",
    "Ban Quản lý Khu kinh tế",
    "Sở Lao động, Thương binh và Xã hội",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân",
)
PROVINCES = (
    "Khánh Hòa",
    "Phú Yên",
    "Ninh Thuận",
    "Bình Định",
    "Lâm Đồng",
    "Đắk Lắk",
    "Gia Lai",
    "Kon Tum",
    "Quảng Ngãi",
    "Quảng Nam",
    "Bình Thuận",
    "Đồng Nai",
    "Bình Dương",
    "Tây Ninh",
    "Long An",
    "An Giang",
    "Kiên Giang",
    "Cà Mau",
    "Bạc Liêu",
    "Sóc Trăng",
)
#: Periods of a year in the order agencies file them; then the next year.
KINDS = ("Q1", "H1", "Q3", "9M", "Y")
#: Each kind's wordings (any of them reads as the same canonical period).
WORDINGS = {
    "Q1": ("Quý I/{y}", "quý I năm {y}"),
    "Q2": ("Quý II/{y}",),
    "H1": ("6 tháng đầu năm {y}",),
    "Q3": ("Quý III/{y}", "quý III năm {y}"),
    "9M": ("9 tháng năm {y}", "9 tháng đầu năm {y}"),
    "Q4": ("Quý IV/{y}",),
    "H2": ("6 tháng cuối năm {y}",),
    "Y": ("năm {y}",),
}
#: The period whose tasks a report's closing part announces.
NEXT = {"Q1": "Q2", "H1": "H2", "Q3": "Q4", "9M": "Q4", "Y": "Y"}
#: Seed labels → a wording the catalogue's aliases know (each used in about half the files).
VARIANTS = {
    "- Số nhiệm vụ đề ra trong kế hoạch": "- Tổng số nhiệm vụ đề ra trong kế hoạch",
    "- Số nhiệm vụ đã hoàn thành\t": "- Số nhiệm vụ hoàn thành\t",
    "- Tổng số nhiệm vụ được giao": "- Số nhiệm vụ UBND tỉnh giao",
    "- Số nhiệm vụ đã hoàn thành đúng hạn": "- Số nhiệm vụ hoàn thành đúng hạn",
    "- Tổng số biên chế có mặt tại thời điểm báo cáo": "- Tổng số công chức có mặt tại thời điểm báo cáo",
    "- Tỷ lệ hồ sơ trực tuyến mức độ 3": "- Tỉ lệ hồ sơ nộp trực tuyến mức độ 3",
}


def period_of(index: int) -> tuple[int, str]:
    """The ``index``-th period an agency files: (year, kind), from 2023 on."""
    return 2023 + index // len(KINDS), KINDS[index % len(KINDS)]


def canonical(year: int, kind: str) -> str:
    """``2023-Q1`` … ``2023`` (the year itself)."""
    return str(year) if kind == "Y" else f"{year}-{kind}"


def agency_of(index: int) -> tuple[str, str]:
    """The ``index``-th agency: (name, province), distinct for every index."""
    if index >= len(AGENCIES) * len(PROVINCES):
        raise ValueError(f"at most {len(AGENCIES) * len(PROVINCES)} synthetic agencies")
    return AGENCIES[index % len(AGENCIES)], PROVINCES[index // len(AGENCIES)]


def _rate(part: int, whole: int) -> str:
    """part/whole in per cent, half up to one decimal, written the Vietnamese way."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}".replace(".", ",")


#: The quarters a period spans: counts of what happens in a period (flows) are the sums of its
#: quarters', so a cumulative period is never below a period inside it.
QUARTERS = {
    "Q1": (1,),
    "Q2": (2,),
    "H1": (1, 2),
    "Q3": (3,),
    "9M": (1, 2, 3),
    "Q4": (4,),
    "H2": (3, 4),
    "Y": (1, 2, 3, 4),
}


def flows(seed: int, agency: int, year: int, kind: str) -> dict[str, int]:
    """An agency's flow counts over a period: each quarter's drawn once (for every period that
    spans it) and summed; within a quarter done ≤ assigned and electronic ≤ sent."""
    total = dict.fromkeys(("done", "issued", "assigned", "on_time", "sent", "electronic"), 0)
    for quarter in QUARTERS[kind]:
        rng = random.Random(f"{seed}:{agency}:{year}:Q{quarter}")
        assigned, sent = rng.randint(5, 40), rng.randint(80, 500)
        for key, value in (
            ("done", rng.randint(0, 4)),
            ("issued", rng.randint(1, 8)),
            ("assigned", assigned),
            ("on_time", rng.randint(0, assigned)),
            ("sent", sent),
            ("electronic", rng.randint(int(sent * 0.85), sent)),
        ):
            total[key] += value
    return total


def _figures(rng: random.Random, flow: dict[str, int]) -> list[tuple[str, str]]:
    """(seed text, replacement): the appendix's figures, other but mutually consistent; the
    flows over the report's period given, the rest (stocks) drawn here."""
    planned = rng.randint(16, 60)  # the year's plan: at least the 4 × 4 tasks a year may finish
    assigned, procedures = flow["assigned"], rng.randint(1, 40)
    sent, electronic = flow["sent"], flow["electronic"]
    paper = sent - electronic
    return [  # each seed line named by its label, so that no new figure is replaced again
        ("kế hoạch\tNhiệm vụ\t30\t", f"kế hoạch\tNhiệm vụ\t{planned}\t"),
        ("đã hoàn thành\tNhiệm vụ\t20\t", f"đã hoàn thành\tNhiệm vụ\t{flow['done']}\t"),
        ("đã ban hành:\tVăn bản\t10\t", f"đã ban hành:\tVăn bản\t{flow['issued']}\t"),
        ("được giao\tNhiệm vụ\t96\t", f"được giao\tNhiệm vụ\t{assigned}\t"),
        ("đúng hạn\tNhiệm vụ\t73\t", f"đúng hạn\tNhiệm vụ\t{flow['on_time']}\t"),
        ("Trong đó:\tThủ tục\t02\t", f"Trong đó:\tThủ tục\t{procedures:02d}\t"),
        ("cấp tỉnh\tThủ tục\t02\t", f"cấp tỉnh\tThủ tục\t{procedures:02d}\t"),  # its only part
        ("quốc gia\tThủ tục\t02", f"quốc gia\tThủ tục\t{rng.randint(0, procedures):02d}"),
        ("đối với 02 thủ tục hành chính", f"đối với {procedures:02d} thủ tục hành chính"),
        ("mức độ 3\tHồ sơ\t02\t", "mức độ 3\tHồ sơ\t03\t"),  # the narrative's "03 hồ sơ … cấp độ 3"
        ("thuộc Ban\tphòng\t3\t", f"thuộc Ban\tphòng\t{rng.randint(2, 7)}\t"),
        ("Trong đó:\tVăn bản\t655\t", f"Trong đó:\tVăn bản\t{sent}\t"),
        (
            "95,7 %\t681/712 đạt tỷ lệ 95,7 %",
            f"{_rate(electronic, sent)} %\t{electronic}/{sent} đạt tỷ lệ {_rate(electronic, sent)} %",
        ),
        (
            "4,3%\t31/712 đạt tỷ lệ 4, 3%",
            f"{_rate(paper, sent)}%\t{paper}/{sent} đạt tỷ lệ {_rate(paper, sent)}%",
        ),
        ("Cấp tỉnh\tEmail\t8\t", f"Cấp tỉnh\tEmail\t{rng.randint(3, 60)}\t"),
    ]


def report_text(
    seed_text: str, agency: str, province: str, year: int, kind: str, rng: random.Random, flow: dict[str, int]
) -> str:
    """One synthetic report: the seed's structure, this agency, province and period."""
    wording = rng.choice(WORDINGS[kind]).format(y=year)
    ahead_year = year + 1 if kind == "Y" else year
    ahead = rng.choice(WORDINGS[NEXT[kind]]).format(y=ahead_year)
    lines = seed_text.split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("Tình hình thực hiện"))
    lines.insert(title + 1, "")
    lines.insert(title + 2, MARK)
    text = "\n".join(lines)
    for old, new in _figures(rng, flow):
        if text.count(old) != 1:
            raise ValueError(f"the seed has not one {old!r}: update benchmarks/corpus.py")
        text = text.replace(old, new)
    for old, new in VARIANTS.items():
        if rng.random() < 0.5:
            text = text.replace(old, new, 1)
    text = text.replace("6 tháng đầu năm 2023", wording).replace("6 tháng cuối năm 2023", ahead)
    text = text.replace("Ban Dân tộc", agency).replace("BAN DÂN TỘC", agency.upper())
    return text.replace("Khánh Hòa", province).replace("KHÁNH HÒA", province.upper())


def build_corpus(
    folder: Path, agencies: int, periods: int, seed: int = 0, roster: bool = False
) -> list[Path]:
    """Write ``agencies × periods`` synthetic reports into ``folder`` (created; never under
    data/raw/) and, with ``roster``, ``agencies.csv``; the reports' paths, sorted."""
    folder = Path(folder)
    if folder.resolve().is_relative_to(RAW.resolve()):
        raise ValueError(f"{folder} is under data/raw/, which holds real reports only")
    folder.mkdir(parents=True, exist_ok=True)
    seed_text = SEED.read_text(encoding="utf-8")
    paths = []
    for a in range(agencies):
        agency, province = agency_of(a)
        for p in range(periods):
            year, kind = period_of(p)
            rng = random.Random(f"{seed}:{a}:{p}")
            path = folder / f"a{a:04d}_{canonical(year, kind)}.txt"
            text = report_text(seed_text, agency, province, year, kind, rng, flows(seed, a, year, kind))
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    if roster:
        rows = ["agency,province"] + [",".join(f'"{x}"' for x in agency_of(a)) for a in range(agencies)]
        (folder / "agencies.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sorted(paths)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into (not under data/raw/)")
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--roster", action="store_true", help="also write agencies.csv")
    args = parser.parse_args(argv)
    try:
        paths = build_corpus(args.out, args.agencies, args.periods, args.seed, args.roster)
    except ValueError as exc:
        sys.exit(f"corpus: {exc}")
    print(f"reports: {len(paths)}")


if __name__ == "__main__":
    main()
