"""The roster: which agencies of the province must report, from ``agencies.csv`` beside the raw
reports (columns ``agency`` and, optionally, ``province``; UTF-8, one agency a line). Without it
nobody is said to have "not reported": only the roster knows who had to."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.letterhead import split_province
from cchc_analysis.parse.metadata import checked_name
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, read_checked

ROSTER_NAME = "agencies.csv"
COLUMNS = ("agency", "province")


def read_roster(path: Path, source: str, limits: Limits = DEFAULT_LIMITS) -> list[dict]:
    """The roster's agencies (agency, province, source, line); an agency is one name in one
    province ("Ban Dân tộc" may stand twice, for two provinces). SourceError naming the file and
    line for a missing ``agency`` column, an empty or repeated agency, or a bad name, and for a
    roster that is no regular file (a pipe never blocks) or is over the size limit."""
    try:
        text = read_checked(path, limits, source).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(source, "not UTF-8 text; save the roster as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "agency" not in header:
        raise SourceError(
            source,
            "the roster needs a header line with the column 'agency' (and optionally 'province')",
            "line 1",
        )
    reader.fieldnames = header
    rows, seen = [], {}
    for line, record in enumerate(reader, start=2):
        if not any((v or "").strip() for v in record.values()):
            continue
        where = f"line {line}"
        agency, named = split_province(checked_name(record.get("agency") or "", "the agency", source))
        province = (record.get("province") or "").strip() or named
        province = checked_name(province, "the province", source) if province else None
        if (province, agency) in seen:
            shown = f"{agency} ({province})" if province else agency
            raise SourceError(
                source, f"{shown} is listed twice (first on line {seen[province, agency]})", where
            )
        seen[province, agency] = line
        rows.append({"agency": agency, "source": source, "line": line, "province": province})
    return rows
