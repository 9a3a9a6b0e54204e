"""DejaVu Sans, subset to Latin + Vietnamese, embedded in reports as a base64 ``@font-face``.

Why: many machines lack a font with precomposed Vietnamese letters and print "Số" as "Sô ́";
embedding one makes the HTML and the PDF look the same everywhere, offline. DejaVu Sans comes
with matplotlib (``mpl-data/fonts/ttf``), so no extra download is needed, and the charts use the
same face. The subset keeps only what Vietnamese text needs (Latin, Latin Extended, combining
marks, Latin Extended Additional, punctuation, ₫, ⚠ …) and is compressed as WOFF2 when Brotli is
installed (TrueType otherwise). Subsetting takes seconds, so the subset is kept in the on-disk
cache (:mod:`~cchc_analysis.report.byte_cache`), keyed by the font file, fontTools' version and the options below. Output is deterministic: the source font's ``head`` timestamps
are kept (``recalcTimestamp=False``), so two runs give identical bytes.
"""

from __future__ import annotations

import base64
import io
import threading
from functools import cache
from pathlib import Path

import matplotlib

from cchc_analysis.report import byte_cache

#: The CSS family name under which the embedded font is declared.
FAMILY = "CCHC DejaVu Sans"
FILES = {400: "DejaVuSans.ttf", 700: "DejaVuSans-Bold.ttf"}
#: Code points kept: Latin + Vietnamese, general punctuation, arrows and a few symbols.
RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x024F),  # Basic Latin, Latin-1, Latin Extended-A/B (đ Đ ơ ư …)
    (0x0300, 0x036F),  # combining diacritics (text that arrives decomposed)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ạ ả ấ … ỷ ỹ)
    (0x2000, 0x206F),  # general punctuation (– — ‘ ’ “ ” … no-break and thin spaces)
    (0x20AB, 0x20AC),  # ₫ €
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # ≤ ≥
    (0x25B2, 0x25BC),  # ▲ ▼
    (0x26A0, 0x26A0),  # ⚠ beside a flagged figure
)
_LOCK = threading.Lock()


def font_path(weight: int = 400) -> Path:
    """The DejaVu Sans file matplotlib ships for this weight (400 regular, 700 bold)."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FILES[weight]


def _flavor() -> str | None:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return None
    return "woff2"


def codepoints() -> list[int]:
    """Every code point the subset keeps."""
    return [cp for start, end in RANGES for cp in range(start, end + 1)]


#: Bump when the options of :func:`_make_subset` change (old cache entries are then unused).
SUBSET_VERSION = 1


@cache
def _subset(weight: int, flavor: str | None) -> bytes:
    import fontTools

    path = font_path(weight)
    name = byte_cache.key(path.read_bytes(), fontTools.version, RANGES, flavor, SUBSET_VERSION)
    return byte_cache.cached("fonts", name, lambda: _make_subset(path, flavor))


def _make_subset(path: Path, flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False, lazy=False)
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]  # keep mark positioning for decomposed diacritics
    options.name_IDs = ["*"]  # keep the licence and names
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's build timestamps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=False)
    return buffer.getvalue()


def subset_font(weight: int = 400) -> tuple[bytes, str]:
    """The subset font for ``weight`` and its CSS format (``woff2`` or ``truetype``); cached."""
    flavor = _flavor()
    with _LOCK:  # fontTools objects are not shared, but one build per process is enough
        data = _subset(weight, flavor)
    return data, ("woff2" if flavor == "woff2" else "truetype")


def font_face_css() -> str:
    """``@font-face`` rules for the regular and bold subset, as data URIs (no external file)."""
    rules = []
    for weight in sorted(FILES):
        data, fmt = subset_font(weight)
        mime = "font/woff2" if fmt == "woff2" else "font/ttf"
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            "@font-face {"
            f'font-family: "{FAMILY}"; font-style: normal; font-weight: {weight}; '
            f'src: url(data:{mime};base64,{encoded}) format("{fmt}");'
            "}"
        )
    return "\n".join(rules)
