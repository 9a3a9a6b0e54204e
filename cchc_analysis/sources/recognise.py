"""Which table is the statistics appendix, and whether a file is a CCHC report at all.

A report may carry other appendices and tables (a list of documents, a plan) before or after
"Phụ lục … THỐNG KÊ SỐ LIỆU …": only the statistics table becomes observations. It is known by
its title or by the template's header columns, so a reordered or renumbered appendix is still
found and a numbered table of another kind is never read as its rows. Every reader uses these
rules; each one lists what it skipped (title and place) on ``Report.skipped``.

A file without the statistics appendix is still a report when its narrative says it is one
(``cải cách hành chính``/``CCHC`` in its title or opening, or the template's section headings);
anything else is refused with :func:`not_a_report`, which says what was looked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cchc_analysis.errors import SourceError
from cchc_analysis.shared.cleaning import clean_text
from cchc_analysis.sources.model import Report

_STATISTICS_TITLE = re.compile(r"THỐNG\s+KÊ\s+SỐ\s+LIỆU|SỐ\s+LIỆU\s+THỐNG\s+KÊ")
#: The template's header words: the label column and the two halves of "Kết quả thống kê".
_COLUMNS = ("chỉ tiêu", "đơn vị tính", "số liệu")
_CCHC = re.compile(r"cải\s+cách\s+hành\s+chính|\bCCHC\b", re.IGNORECASE)
#: The template's sections I–V: "I. TÌNH HÌNH TRIỂN KHAI …", "II. KẾT QUẢ …", …, "V. KIẾN NGHỊ".
_SECTION = re.compile(
    r"^(?:I|II|III|IV|V)\.\s+(?:TÌNH HÌNH TRIỂN KHAI|KẾT QUẢ|ĐÁNH GIÁ|"
    r"PHƯƠNG HƯỚNG|KIẾN NGHỊ)"
)
#: A report's title line: "BÁO CÁO" alone or opening the title, in capitals.
_TITLE = re.compile(r"^BÁO CÁO\b")
#: Paragraphs read as the title and opening (letterhead, title, introduction).
_OPENING = 15
#: Template sections a narrative must show to count as a report without naming CCHC.
_MIN_SECTIONS = 3
_SHOWN = 100  # characters of a skipped table's title kept in its description


def is_statistics_table(heading: Sequence[str], header: Sequence[Sequence[str]]) -> bool:
    """The statistics appendix: its title says "THỐNG KÊ SỐ LIỆU", or its header (one or two
    rows) has the template's columns "Chỉ tiêu thống kê", "Đơn vị tính" and "Số liệu"."""
    if any(_STATISTICS_TITLE.search(clean_text(line).upper()) for line in heading):
        return True
    words = " | ".join(clean_text(cell).lower() for row in header[:2] for cell in row)
    return all(column in words for column in _COLUMNS)


def describe(heading: Sequence[str], header: Sequence[str], locator: str) -> str:
    """One skipped table in words: its title (else its header row) and where it stands."""
    title = " ".join(clean_text(line) for line in heading if clean_text(line))
    if not title:
        title = " | ".join(clean_text(cell) for cell in header if clean_text(cell))
    if len(title) > _SHOWN:
        title = title[:_SHOWN].rstrip() + " …"
    return f"{title or 'untitled table'} ({locator})"


def looks_like_report(texts: Sequence[str], titled: bool = True) -> bool:
    """A CCHC report by its narrative: a report's title ("BÁO CÁO") and "cải cách hành chính"/
    "CCHC" in its opening — a press article about CCHC has no such title — or at least three of
    the template's section headings I–V. A workbook (``titled`` False) has no narrative to hold a
    title: its words about CCHC suffice."""
    filled = [clean_text(text) for text in texts if clean_text(text)]
    opening = filled[:_OPENING]
    entitled = not titled or any(_TITLE.match(text) for text in opening)
    if entitled and any(_CCHC.search(text) for text in opening):
        return True
    return len({m.group(0).split(".")[0] for t in filled if (m := _SECTION.match(t))}) >= _MIN_SECTIONS


def not_a_report(source: str, skipped: Sequence[str]) -> SourceError:
    """The refusal of a file that is no CCHC report, saying what was looked for and not found."""
    shown = "; ".join(skipped[:2]) + (" …" if len(skipped) > 2 else "")
    return SourceError(
        source,
        "does not look like a CCHC report: found no statistics appendix ('Phụ lục … THỐNG KÊ SỐ "
        "LIỆU' or a table with the columns 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu'), no "
        "report title 'BÁO CÁO' about 'cải cách hành chính' or 'CCHC' in its opening, and not "
        "the template's sections I–V" + (f"; it holds instead: {shown}" if skipped else ""),
    )


def require_report(report: Report) -> Report:
    """The report itself when it has its statistics appendix or reads as a CCHC report without
    one (it is ingested with the finding ``missing_appendix``); refused otherwise."""
    if report.appendix or looks_like_report([p.text for p in report.paragraphs]):
        return report
    raise not_a_report(report.source, report.skipped)
