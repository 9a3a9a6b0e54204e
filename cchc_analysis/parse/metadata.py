"""Who reported, in which province, for which period: what the user states wins over what is
guessed.

Order of precedence: ``--agency``/``--province``/``--period`` on the command line, then the
sidecar ``<file>.meta.toml`` kept beside the raw file (also the home of ``source_url`` and
``received``), then what the report says (for the period: every statement of it in the title,
appendix heading, a reporting window and the opening, weighed in parse/period_evidence.py, a
conflict kept and flagged; for the agency: where it names itself "… báo cáo"), then its
letterhead (capitals above "BÁO CÁO", or the appendix heading's "… TẠI BAN DÂN TỘC"); the province
from the letterhead, else the running text after the agency's name ("Ban Dân tộc tỉnh Khánh
Hòa"), else the province the running text names most (origin "text": with a roster, the roster's
province outranks it). So a sidecar can correct a wrong guess. A file whose agency or
period cannot be told is an error that says what its top reads and how to supply them; an
unknown province stays unknown (NA).
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.letterhead import (
    agency_case,
    letterhead,
    province_after,
    province_in_text,
    split_province,
)
from cchc_analysis.parse.narrative import front_matter
from cchc_analysis.parse.period_evidence import Evidence, given, statements_of, weigh
from cchc_analysis.parse.periods import Period
from cchc_analysis.sources.common import clean_text
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, read_checked
from cchc_analysis.sources.model import Report

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_KEYS = ("agency", "period", "province", "source_url", "received")
#: The longest agency, province or period text accepted (the longest real agency name is ~100).
MAX_NAME = 200
MAX_URL = 2000

_AGENCY_HEAD = (
    r"(?:Sở|Ban|Văn phòng|Thanh tra|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Đài|Bộ Chỉ huy|"
    r"Công an|Trường|Kho bạc|Cục|Chi cục|Bảo hiểm xã hội|Quỹ|Hội)"
)
#: The dot of a short form inside a name: "UBND TX. Ninh Hòa", "UBND TP. Nha Trang", "H. Vạn Ninh".
_SHORT_DOT = r"(?<=TP|TX|Tp|Tx|\sH|\sQ)\."
# "…; Ban Dân tộc báo cáo tình hình …" — an agency naming itself as the one that reports.
_SELF_NAMED = re.compile(
    rf"(?:^|[;,.:]\s*)(?P<agency>{_AGENCY_HEAD}\s(?:[^;,.:]|{_SHORT_DOT}){{1,60}}?)\s+(?:kính\s+)?báo cáo\b"
)
# "… CẢI CÁCH HÀNH CHÍNH TẠI BAN DÂN TỘC" in the appendix heading.
_HEADING_AGENCY = re.compile(r"\bTẠI\s+(?P<agency>[^()]+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    """The resolved identity of one report, where each part came from, and what the sidecar added.

    ``agency_from``/``period_from``: "option", "sidecar", "report" or "letterhead"."""

    agency: str
    period: Period
    extra: dict = field(default_factory=dict)
    agency_from: str = "report"
    period_from: str = "report"
    province: str | None = None
    province_from: str | None = None
    #: every statement of the period, the one chosen, and the conflicts (parse/period_evidence.py)
    period_evidence: Evidence | None = None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path, limits: Limits = DEFAULT_LIMITS) -> dict:
    """The sidecar's known keys (``{}`` when there is none); a broken sidecar is an error, and so
    is one that is no regular file (a pipe, a broken link), by the check every input passes."""
    meta = sidecar_path(path)
    if not os.path.lexists(meta):
        return {}
    try:
        data = tomllib.loads(read_checked(meta, limits).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(meta.name, f"not a valid TOML metadata file: {exc}") from None
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise SourceError(meta.name, f"unknown keys {unknown}; allowed: {', '.join(SIDECAR_KEYS)}")
    found = {}
    for key, value in data.items():
        allowed = (str, date) if key == "received" else (str,)
        if isinstance(value, datetime) or not isinstance(value, allowed):
            kind = "a date (2023-07-05) or text" if key == "received" else "text in quotes"
            raise SourceError(meta.name, f"{key} must be {kind}, not {type(value).__name__} {value!r}")
        limit = MAX_URL if key == "source_url" else MAX_NAME
        if key == "received" and isinstance(value, str):
            value = _date_text(value, meta.name)
        found[key] = (
            value.isoformat() if isinstance(value, date) else checked_name(value, key, meta.name, limit)
        )
    return found


def _date_text(text: str, source: str) -> date:
    """A date written as text in a sidecar: 2023-07-05 or 05/07/2023."""
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise SourceError(source, f"received must be a date (2023-07-05 or 05/07/2023), not {text!r}")


#: Characters that reorder or hide text (bidirectional controls): never in a name.
_HIDDEN = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def checked_name(text: str, what: str, source: str, limit: int = 0) -> str:
    """A name given by a person or a file, cleaned; refused when it is empty, holds control
    characters or is longer than ``limit`` (default :data:`MAX_NAME`) characters."""
    limit = limit or MAX_NAME
    if any((unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in _HIDDEN for ch in text):
        raise SourceError(source, f"{what} holds a control character: {text!r}")
    name = clean_text(text)
    if not name:
        raise SourceError(source, f"{what} is empty")
    if len(name) > limit:
        raise SourceError(source, f"{what} is {len(name)} characters long, more than {limit}: “{name[:60]}…”")
    return name


def agency_in_report(report: Report) -> str | None:
    """The agency as the report names itself in its opening ("… Ban Dân tộc báo cáo …")."""
    for text in (p.text for p in front_matter(report.paragraphs)):
        match = _SELF_NAMED.search(text)
        if match:
            return clean_text(match.group("agency"))
    return None


def shouted_agency(report: Report) -> str | None:
    """The agency as the appendix heading writes it in capitals ("… TẠI BAN DÂN TỘC")."""
    for line in report.appendix_heading:
        match = _HEADING_AGENCY.search(line)
        if match:
            return clean_text(match.group("agency"))
    return None


def _first(*candidates: tuple[str, object]) -> tuple[str, object] | None:
    """The first (origin, value) whose value is set."""
    return next(((origin, value) for origin, value in candidates if value), None)


def resolve(
    report: Report,
    agency: str | None = None,
    period: str | None = None,
    province: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Metadata:
    """Agency and period of a report, by the precedence above; SourceError when unknown."""
    extra = read_sidecar(report.path, limits)
    where = f"add it to {sidecar_path(report.path).name}"
    stated = []
    try:
        stated += [given(period, "option")] if period else []
    except ValueError as exc:
        raise SourceError(report.source, f"--period: {exc}") from None
    try:
        stated += [given(extra["period"], "sidecar")] if "period" in extra else []
    except ValueError as exc:  # the sidecar's own mistake: named by the sidecar
        raise SourceError(sidecar_path(report.path).name, f"period: {exc}") from None
    evidence = weigh(stated + statements_of(report))
    if evidence.chosen is None:
        unmatched = "".join(f"; its window “{s.text}” fits no period" for s in evidence.unmatched)
        raise SourceError(
            report.source,
            "cannot tell the reporting period: the title, appendix heading and opening name "
            f'none{unmatched}; pass --period 2023-H1 or {where} as period = "2023-H1"',
        )
    top = letterhead(report)
    chosen_agency = _first(
        ("option", agency),
        ("sidecar", extra.get("agency")),
        ("report", agency_in_report(report)),
        # only capitals to go by: written as the running text writes them, else "Sở tư pháp"
        ("letterhead", as_written(report, top.agency or shouted_agency(report))),
    )
    if chosen_agency is None:
        raise SourceError(
            report.source,
            "cannot tell which agency reports: "
            + _what_the_top_says(report)
            + f'; pass --agency "…" or {where} as agency = "…"',
        )
    agency_name, named = split_province(checked_name(str(chosen_agency[1]), "the agency", report.source))
    chosen_province = _first(
        ("option", province),
        ("sidecar", extra.get("province")),
        ("letterhead", top.province),
        (chosen_agency[0], named),  # "Sở Nội vụ tỉnh Phú Yên": the agency said where it is
        ("report", province_after(report, agency_name)),  # "Ban Dân tộc tỉnh Khánh Hòa"
        ("text", province_in_text(report, None)),  # the roster outranks it (store/ingest.py)
    )
    chosen = evidence.chosen.where
    return Metadata(
        agency_name,
        evidence.chosen.period,
        extra,
        agency_from=chosen_agency[0],
        period_from=chosen if chosen in ("option", "sidecar") else "report",
        period_evidence=evidence,
        province=checked_name(chosen_province[1], "the province", report.source) if chosen_province else None,
        province_from=chosen_province[0] if chosen_province else None,
    )


def as_written(report: Report, shouted: str | None) -> str | None:
    """A name the report writes in capitals, as its running text writes it; else in the usual
    casing of agency names ("SỞ TƯ PHÁP" → "Sở Tư pháp"), the best guess."""
    if not shouted:
        return None
    for para in report.paragraphs:
        at = para.text.lower().find(shouted.lower())
        found = para.text[at : at + len(shouted)] if at >= 0 else ""
        if found and not found.isupper():
            return found
    return agency_case(shouted)


def _what_the_top_says(report: Report) -> str:
    """What the report's first lines say, for a message that asks the user who wrote it."""
    first = [p.text for p in report.paragraphs[:3] if p.text.strip()]
    if not first:
        return "the report has no text before its appendix"
    return "it does not name itself; its first lines read “" + " / ".join(first)[:160] + "”"
