"""One generated report (or, for a cumulative check, a pair) from a seed: identity, period
statement, narrative and appendix chosen by a seeded ``random.Random``, and what a careful reader
must read from it — typed from the generator's own choices, never read back from the program.

``generate(seed)`` decides by the seed whether the report is consistent (three in four) or carries
one planted contradiction (:data:`mutate.MUTATIONS`, in turn), and its format (mostly .txt, one in
ten .docx, one in ten .xlsx); ``generate(seed, mutation=…, fmt=…)`` asks for one."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from variety import narrative, periods
from variety.appendix import GROUPS, Row, rows
from variety.document import Doc, write
from variety.facts import Facts, draw, set_dossiers
from variety.forms import Read
from variety.mutate import APPENDIX, MUTATIONS, Planted, _keys, plant
from variety.places import Who, letterhead, running_name, who_and_year

AUTO = "auto"
SIGNERS = {
    "Sở": ("GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"),
    "Ban": ("TRƯỞNG BAN",),
    "Thanh": ("CHÁNH THANH TRA",),
    "Văn": ("CHÁNH VĂN PHÒNG",),
    "UBND": ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
}
TITLES = (
    "Kết quả thực hiện công tác cải cách hành chính {P}",
    "Tình hình thực hiện công tác cải cách hành chính {P} và phương hướng, nhiệm vụ {N}",
    "Kết quả công tác cải cách hành chính {P}, phương hướng nhiệm vụ {N}",
    "Về kết quả thực hiện công tác cải cách hành chính {P}",
)
STATEMENTS = ("title", "title_window", "title_broken", "title_caps", "window_only")


@dataclass
class Written:
    """One report file and the reading expected of it: identity, every appendix cell (its
    reading and unit), and the variants chosen (``tags``, for the scoreboard's classes)."""

    name: str
    fmt: str
    province: str
    agency: str
    period: str
    values: dict[tuple[str, int], tuple[Read, str | None]]
    tags: dict[str, str]
    sentences: list[tuple[str, str]]
    doc: Doc

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        write(self.doc, self.fmt, path)
        return path


@dataclass
class Generated:
    """A seed's report(s); ``planted``: the one error expected (None: a consistent report, on
    which no error may be found); ``warnings``: rules that must warn (a period conflict)."""

    seed: int
    mutation: str | None
    reports: list[Written]
    planted: Planted | None = None
    warnings: frozenset[str] = field(default_factory=frozenset)
    planted_forms: str = ""  # how the planted rows' figures are written (the scoreboard's class)


def plan_of(seed: int) -> tuple[str, str | None]:
    """(format, mutation) a seed stands for."""
    mutation = MUTATIONS[(seed // 4) % len(MUTATIONS)] if seed % 4 == 3 else None
    fmt = {4: "docx", 8: "xlsx"}.get(seed % 10, "txt")
    if fmt == "xlsx" and mutation in ("narrative_vs_appendix", "period_conflict"):
        fmt = "txt"
    return fmt, mutation


def generate(seed: int, mutation: str | None = AUTO, fmt: str | None = None) -> Generated:
    """The report(s) of ``seed`` with what is expected of them."""
    auto_fmt, auto_mutation = plan_of(seed)
    mutation = auto_mutation if mutation == AUTO else mutation
    fmt = fmt or auto_fmt
    rng = random.Random(seed)
    who, year = who_and_year(seed)
    kind = "9M" if mutation == "cumulative_below_part" else rng.choice(periods.KINDS)
    facts = draw(who, rng)
    groups = {g for g in GROUPS if rng.random() < 0.55}
    planted, shift, force, window_kind = None, {}, None, None
    if mutation in APPENDIX:
        group = rng.choice(APPENDIX[mutation])
        groups.add(group)
        planted = plant(mutation, group, facts, rng)
    elif mutation == "narrative_vs_appendix":
        extra = narrative.extras(facts, rng)
        force = rng.choice([s for s in narrative.SHAPES if s.states and narrative.usable(s, facts, extra)])
        indicator = force.states[0]
        groups.add(next(g for g, ids in GROUPS.items() if indicator in ids))
        shift, facts.plain = {indicator: rng.randint(1, 9)}, {indicator}
        planted = Planted("narrative_vs_appendix", "error", _keys(indicator))
    elif mutation == "cumulative_below_part":
        groups.add("dossiers")
    elif mutation == "period_conflict":
        window_kind = rng.choice([k for k in periods.KINDS if k != kind])
    written = [
        _report(
            f"v{seed:05d}.{fmt}",
            fmt,
            who,
            year,
            kind,
            facts,
            [g for g in GROUPS if g in groups],
            rng,
            shift,
            force,
            window_kind,
        )
    ]
    if mutation == "cumulative_below_part":
        part = draw(who, rng)  # the quarter: its total above the nine months', no rates
        set_dossiers(part, facts["dossiers_total"] + rng.randint(1, 500), who.district is not None, rng)
        part.n = {k: v for k, v in part.n.items() if not k.startswith("dossiers_on_time_rate_")}
        written.append(
            _report(f"v{seed:05d}q3.txt", "txt", who, year, "Q3", part, ["dossiers"], rng, {}, None, None)
        )
        planted = Planted("cumulative_below_part", "error", _keys("dossiers_total"))
    warnings = frozenset({"period_conflict"}) if mutation == "period_conflict" else frozenset()
    forms = sorted(
        {written[0].values[k][0].form for k in (planted.rows if planted else ()) if k in written[0].values}
    )
    shape = [force.name] if force is not None else []
    return Generated(seed, mutation, written, planted, warnings, "/".join(shape + forms))


def _report(
    name: str,
    fmt: str,
    who: Who,
    year: int,
    kind: str,
    facts: Facts,
    groups: list[str],
    rng: random.Random,
    shift: dict,
    force,
    window_kind: str | None,
) -> Written:
    tags = {"fmt": fmt}
    left, tags["letterhead"] = letterhead(who, rng)
    self_name, tags["name"] = running_name(who, rng)
    phrase, tags["phrase"] = periods.phrase(kind, year, rng)
    statement = "heading" if fmt == "xlsx" else ("title_window" if window_kind else rng.choice(STATEMENTS))
    tags["statement"] = statement
    top = _top(who, year, kind, rng) + _title(statement, phrase, kind, year, rng, tags)
    if statement in ("title_window", "window_only"):
        window, tags["window"] = periods.window(window_kind or kind, year, rng)
        top.append(window)
    if window_kind:
        tags["statement"] = "period_conflict"
    if rng.random() < 0.3:
        top.append(rng.choice(("Kính gửi: Sở Nội vụ", f"Kính gửi: UBND tỉnh {who.province}")))
    said = "" if statement == "window_only" else periods.phrase(kind, year, rng)[0] + " "
    paragraphs, sentences, tags["headings"] = _narrative(
        who, year, kind, facts, self_name, said, rng, shift, force
    )
    heading_period = statement == "heading" or rng.random() < 0.3
    heading = _appendix_heading(
        who, year, kind, phrase if heading_period else "", rng, named_province=fmt == "xlsx"
    )
    body = rows(groups, facts, who, year, rng)
    values = {row.key: (row.read, row.unit) for row in body if row.read is not None}
    doc = Doc(
        left,
        rng.random() < 0.4,
        top,
        paragraphs,
        _closing(who, self_name, said, rng),
        heading,
        _pages(body, rng),
    )
    period = periods.canonical(kind, year)
    return Written(name, fmt, who.province, who.agency, period, values, tags, sentences, doc)


def _top(who: Who, year: int, kind: str, rng: random.Random) -> list[str]:
    """ "Số: …/BC-…" and the place and date line (Decree 30/2020/NĐ-CP), then "BÁO CÁO"."""
    month = periods.CALENDAR[kind][1][1]
    place = who.district[1] if who.district else who.province
    number = rng.choice((str(rng.randint(1, 999)), "     "))
    return [
        f"Số: {number}/BC-{who.symbol}",
        f"{place}, ngày {rng.randint(15, 28)} tháng {month} năm {year}",
        "BÁO CÁO",
    ]


def _title(statement: str, phrase: str, kind: str, year: int, rng: random.Random, tags: dict) -> list[str]:
    """The title line(s) under "BÁO CÁO": with the period (maybe broken inside it over two
    lines, maybe in capitals), or without it (the window then states it)."""
    template = rng.choice(TITLES)
    if statement in ("window_only", "heading"):
        return [template.split(" {P}")[0]]
    title = template.format(P=phrase, N=periods.next_phrase(kind, year, rng))
    if statement == "title_caps":
        return [title.upper()]
    if statement == "title_broken":
        words = phrase.split()
        cut = rng.randint(1, len(words) - 1)
        start = title.index(phrase)
        head = title[:start] + " ".join(words[:cut])
        tags["statement"] = f"title_broken_{cut}_of_{len(words)}"
        return [f"{head}\n{title[len(head) :].strip()}"]
    return [title]


def _narrative(
    who: Who,
    year: int,
    kind: str,
    facts: Facts,
    self_name: str,
    said: str,
    rng: random.Random,
    shift: dict,
    force,
) -> tuple[list[str], list, str]:
    """The opening paragraph and sections I–V with their sentences."""
    marks, variant = narrative.headings(rng)
    extra = narrative.extras(facts, rng)
    opening = (
        f"Thực hiện Công văn số {rng.randint(100, 9999)}/UBND-KSTT ngày "
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12)}/{year - 1} của UBND tỉnh về việc "
        f"thực hiện báo cáo công tác cải cách hành chính định kỳ, {self_name} báo cáo "
        f"kết quả thực hiện công tác cải cách hành chính {said}như sau:"
    )
    paragraphs, sentences, printed = [opening], [], None
    next_phrase = periods.next_phrase(kind, year, rng).upper()
    for section in ("I", "II", *narrative.SUBSECTIONS, "III", "IV", "V"):
        title = marks.get(section)
        if title is None:
            continue
        if title != printed:
            paragraphs.append(title.format(next=next_phrase))
            printed = title
        if section in narrative.FILLER:
            paragraphs.append(narrative.FILLER[section])
        for shape in narrative.SHAPES:
            chosen = (
                shape is force
                or (force is None or shape.states[:1] != force.states[:1])
                and rng.random() < 0.5
            )
            if shape.section != section or not chosen or not narrative.usable(shape, facts, extra):
                continue
            text = narrative.sentence(
                shape, facts, extra, self_name, year, rng, shift if shape is force else None
            )
            sentences.append((shape.name, text))
            paragraphs.append(("- " if rng.random() < 0.5 else "") + text)
    return paragraphs, sentences, variant


def _closing(who: Who, self_name: str, said: str, rng: random.Random) -> list[str]:
    head = "UBND" if who.district else who.agency.split()[0]
    signer = rng.choice(SIGNERS.get(head, SIGNERS["Sở"]))
    return [
        f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {said}của {self_name}./.",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Sở Nội vụ;",
        "- Lưu: VT.",
        *signer.split("\n"),
        rng.choice(("Nguyễn Văn An", "Trần Thị Bích", "Lê Quang Minh")),
    ]


def _appendix_heading(
    who: Who, year: int, kind: str, phrase: str, rng: random.Random, named_province: bool = False
) -> list[str]:
    """The appendix heading; ``named_province``: it must name the province (an appendix alone of
    an agency every province has: else nobody can tell whose it is, and two such files of one
    period would be one agency's twice)."""
    name = who.agency
    place = "" if name.endswith(" tỉnh") else " tỉnh"
    where = (
        f"{name}{place} {who.province}"
        if not who.district and (named_province or rng.random() < 0.6)
        else name
    )
    period = f" {phrase.upper()}" if phrase else ""
    return [
        rng.choice(("Phụ lục 2", "Phụ lục", "PHỤ LỤC 02")),
        "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC",
        f"CẢI CÁCH HÀNH CHÍNH{period} TẠI {name.upper()}",
        f"(Kèm theo Báo cáo số {rng.randint(1, 999)}/BC-{who.symbol} ngày "
        f"{rng.randint(1, 28)}/{periods.CALENDAR[kind][1][1]}/{year} của {where})",
    ]


def _pages(body: list[Row], rng: random.Random) -> list[list[Row]]:
    pages, start = [], 0
    while start < len(body):
        size = rng.randint(12, 30)
        pages.append(body[start : start + size])
        start += size
    return pages or [[]]
