"""Where reports are written: ASCII slugs of agency names, canonical period folders, and a check
that no name can make a path outside the output folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from cchc_analysis.parse.periods import parse_period

#: The longest slug: a folder name well within every file system's limit.
MAX_SLUG = 60


def slugify(text: str) -> str:
    """ "Sở Tư pháp" → "so-tu-phap": ASCII, lowercase, hyphenated; đ → d; never "", "." or "..".

    Every character that is not a letter or digit (``/``, ``\\``, ``.``, spaces) becomes a hyphen,
    so a slug can never name a parent folder or a path.
    """
    text = str(text).replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "khong-ten"


#: The folder of a province's own reports (``<province>/toan-tinh/<period>/``), beside its
#: agencies' folders; no agency's slug is ever this name.
PROVINCE_FOLDER = "toan-tinh"
#: The folder of the reports whose province is unknown (neither the user nor the report says it).
UNKNOWN_PROVINCE = "chua-ro-tinh"


def province_slug(province: str | None) -> str:
    """The folder of a province's reports ("Khánh Hòa" → "khanh-hoa"), bounded like any slug."""
    return slugify(province)[:MAX_SLUG].rstrip("-") if province else UNKNOWN_PROVINCE


def period_folder(period: str) -> str:
    """The canonical period code used as a folder name ("2023-H1"); ValueError if not a period."""
    return str(parse_period(str(period)))


def inside(base: Path, *parts: str) -> Path:
    """``base/parts…``, refusing anything that would land outside ``base``."""
    root = base.resolve()
    path = root.joinpath(*parts).resolve()
    if path != root and root not in path.parents:
        raise ValueError(f"refusing to write outside {root}: {path}")
    return path


def agency_slugs(agencies: Iterable[str]) -> dict[str, str]:
    """A slug per agency, at most :data:`MAX_SLUG` characters before a suffix; a slug that was
    cut or that collides with another gets a short hash of the agency's name appended."""
    names = sorted(set(agencies))
    full = {name: slugify(name) for name in names}
    slugs = {name: slug[:MAX_SLUG].rstrip("-") for name, slug in full.items()}
    counts: dict[str, int] = {}
    for slug in slugs.values():
        counts[slug] = counts.get(slug, 0) + 1
    return {
        name: slug
        if counts[slug] == 1 and slug == full[name] and slug != PROVINCE_FOLDER
        else f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
        for name, slug in slugs.items()
    }


# ---------------------------------------------------------------- the folders of a render's pages
# One place for the layout of an output folder (``cchc render`` writes there, pages link within
# it): relative POSIX paths from the output folder, so that links between pages stay relative and
# the folder can be shared as it is.

#: The index of every report, in the output folder itself.
INDEX_FILE = "index.html"
#: The file of each kind of page in its folder.
PAGE_FILES = {"report": "report.html", "overview": "overview.html", "province": "province.html"}


def report_folder(province: str | None, slug: str, period: str) -> PurePosixPath:
    """An agency's report of one period: ``<province>/<agency-slug>/<period>``."""
    return PurePosixPath(province_slug(province), slug, period_folder(period))


def overview_folder(province: str | None, period: str) -> PurePosixPath:
    """A province's overview of one period: ``<province>/<period>``."""
    return PurePosixPath(province_slug(province), period_folder(period))


def province_folder(province: str | None, period: str) -> PurePosixPath:
    """A province's own report of one period: ``<province>/toan-tinh/<period>``."""
    return PurePosixPath(province_slug(province), PROVINCE_FOLDER, period_folder(period))


#: How many folders below the output folder each kind of page is (its links climb that many).
PAGE_DEPTH = {
    "report": len(report_folder(None, "x", "2023").parts),
    "overview": len(overview_folder(None, "2023").parts),
    "province": len(province_folder(None, "2023").parts),
}


def link(kind: str, province: str | None, target: PurePosixPath | str) -> str:
    """A relative link from a page of ``kind`` in ``province``'s folder to ``target`` (a path from
    the output folder): up to the nearest folder both share, then down. Every page lies in its
    province's folder at a fixed depth, so the link holds whatever the page's own folder is named."""
    target = PurePosixPath(target)
    up = PAGE_DEPTH[kind]
    if len(target.parts) > 1 and target.parts[0] == province_slug(province):
        up, target = up - 1, PurePosixPath(*target.parts[1:])
    return "../" * up + target.as_posix()
