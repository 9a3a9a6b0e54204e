"""OCR of scanned pages (Tesseract's Vietnamese model through pytesseract) into words and rules.

A scan is straightened first (the angle that makes its rows of ink sharpest), its table rules are
found as long runs of dark pixels and erased, so that the engine reads the cells' text and not the
grid, and each word keeps the engine's confidence. Nothing is corrected here: what the engine read
is what the parser gets, with its confidence, and the parser decides what may become a number.
Without the engine or its Vietnamese data, a scanned file is one line saying what to install.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import warnings
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image, ImageFilter, UnidentifiedImageError

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_page_pixels, check_pages
from cchc_analysis.sources.model import Report
from cchc_analysis.sources.paged import read_pages
from cchc_analysis.sources.pages import Page, Rule, Word, grids
from cchc_analysis.sources.recognise import require_report

#: Resolution scanned PDF pages are rasterised at, and assumed for an image that does not say.
OCR_DPI = 300
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
_LANGUAGE = "vie"
#: A run of dark pixels at least this long (points) is a table rule, not a letter.
_MIN_RULE_PT = 24.0
#: Darker than this (0–255) is ink (a scanner's optics leave a thin rule grey).
_INK = 160
#: A table's cells are handed to the engine in black and white, black below this.
_BLACK = 150
#: A table column narrower than this share of the table holds short entries (units, figures).
_NARROW = 0.2
#: White margin (pixels) around each part handed to the engine.
_FRAME = 20
#: Angles tried when straightening, in degrees (a scanner feeds pages a little askew).
_ANGLES = np.arange(-3.0, 3.01, 0.1)


def require_engine(source: str) -> None:
    """The OCR engine and its Vietnamese data are installed, or one line saying what to install."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise SourceError(
            source,
            "a scanned document (no text layer): reading it needs the OCR "
            f"engine Tesseract, which is not installed: {INSTALL}",
        )
    if _LANGUAGE not in pytesseract.get_languages(config=""):
        raise SourceError(
            source, f"a scanned document (no text layer): Tesseract lacks its Vietnamese data: {INSTALL}"
        )


def _straighten(gray: Image.Image) -> Image.Image:
    """The page rotated by the angle at which its rows of ink are sharpest (projection profile)."""
    small = gray.reduce(4)
    ink = Image.fromarray(((np.asarray(small) < _INK) * 255).astype(np.uint8))
    best = max(
        _ANGLES,
        key=lambda a: float(
            np.var(np.asarray(ink.rotate(a, resample=Image.Resampling.BILINEAR)).sum(axis=1, dtype=np.int64))
        ),
    )
    if abs(best) < 0.05:
        return gray
    return gray.rotate(float(best), resample=Image.Resampling.BICUBIC, fillcolor=255)


def _runs(ink: np.ndarray, length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of ink at least ``length`` long along each row."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    keep = ends - starts >= length
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _rules(runs: list[tuple[int, int, int]], scale: float) -> list[Rule]:
    """Runs on neighbouring pixel rows that overlap, or nearly meet (a rule broken by noise),
    merged into one rule, in points."""
    merged: list[list[int]] = []  # [first row, last row, start, end]
    gap = int(3 / scale)
    for row, start, end in sorted(runs):
        near = (rule for rule in reversed(merged) if row - rule[1] <= 3)
        rule = next((r for r in near if start <= r[3] + gap and end >= r[2] - gap), None)
        if rule is None:
            merged.append([row, row, start, end])
        else:
            rule[1], rule[2], rule[3] = row, min(rule[2], start), max(rule[3], end)
    return [Rule((a + b) / 2 * scale, s * scale, e * scale) for a, b, s, e in merged]


def _words(image: np.ndarray, left: int, top: int, scale: float, psm: int, block: int) -> list[Word]:
    """The engine's words in ``image`` (a part of the page at ``left``, ``top``), in points; the
    engine's line numbers are kept apart per ``block`` (one per part read)."""
    framed = Image.fromarray(np.pad(image, _FRAME, constant_values=255))  # it wants a margin
    data = pytesseract.image_to_data(
        framed, lang=_LANGUAGE, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    left, top = left - _FRAME, top - _FRAME
    return [
        Word(
            unicodedata.normalize("NFC", text.strip()),
            (left + x) * scale,
            (left + x + width) * scale,
            (top + y) * scale,
            (top + y + height) * scale,
            float(conf),
            (block, b, p * 1000 + n),
        )
        for text, x, y, width, height, conf, b, p, n in zip(
            data["text"],
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["conf"],
            data["block_num"],
            data["par_num"],
            data["line_num"],
        )
        if text.strip() and float(conf) >= 0
    ]


def _erase(pixels: np.ndarray, horizontal: list[Rule], vertical: list[Rule], scale: float) -> np.ndarray:
    """The page with its rules painted white over their whole thickness (a trace of a rule next
    to a figure is read as a letter)."""
    cleaned, pad = pixels.copy(), int(1.2 / scale)
    for rule in horizontal:
        y = round(rule.at / scale)
        cleaned[max(y - pad, 0) : y + pad + 1, int(rule.start / scale) : int(rule.end / scale) + 1] = 255
    for rule in vertical:
        x = round(rule.at / scale)
        cleaned[int(rule.start / scale) : int(rule.end / scale) + 1, max(x - pad, 0) : x + pad + 1] = 255
    return cleaned


def _psm(column: int, width: float, table_width: float) -> int:
    """Tesseract's page segmentation for one column of a table: the
    first (STT codes) as sparse text, a narrow one (units, figures) as one block, a wide one
    (labels) as a column of lines. (Enlarging short figures was tried: it reads worse.)"""
    if column == 0:
        return 11
    return 6 if width < _NARROW * table_width else 4


def scan_page(image: Image.Image, number: int, dpi: float) -> Page:
    """One scanned page → words with confidences and the rules of its tables. Each column of a
    table is read on its own (the engine then never runs a line across cells), the rest of the
    page with the tables blanked out."""
    gray = _straighten(image.convert("L")).filter(ImageFilter.MedianFilter(3))  # specks off
    pixels = np.asarray(gray)
    ink = pixels < _INK
    ink[:, 1:-1] |= ink[:, :-2] & ink[:, 2:]  # bridge one-pixel breaks of a rule (noise)
    ink[1:-1, :] |= ink[:-2, :] & ink[2:, :]
    scale = 72.0 / dpi
    length = int(_MIN_RULE_PT / scale)
    page = Page(
        number,
        gray.width * scale,
        gray.height * scale,
        [],
        _rules(_runs(ink, length), scale),
        _rules(_runs(ink.T, length), scale),
        ocr=True,
    )
    cleaned = _erase(pixels, page.horizontal, page.vertical, scale)
    rest = cleaned.copy()
    parts = []
    for grid in grids(page):
        top, bottom = int(grid.ys[0] / scale), int(grid.ys[-1] / scale) + 1
        for column, (x0, x1) in enumerate(zip(grid.xs, grid.xs[1:])):
            left, right = int(x0 / scale), int(x1 / scale) + 1
            psm = _psm(column, x1 - x0, grid.xs[-1] - grid.xs[0])
            strip = np.where(cleaned[top:bottom, left:right] < _BLACK, 0, 255).astype(np.uint8)
            parts.append((strip, left, top, psm))  # black on white: a grey speck is no stroke
        rest[top:bottom, int(grid.xs[0] / scale) : int(grid.xs[-1] / scale) + 1] = 255
    parts.append((rest, 0, 0, 3))
    for block, (part, left, top, psm) in enumerate(parts):
        if part.size and part.min() < _INK:
            page.words += _words(part, left, top, scale, psm, block)
    return page


def ocr_pages(render: Callable[[int], Image.Image], numbers: list[int], dpi: float) -> list[Page]:
    """The pages ``numbers`` OCR'd, as many at a time as there are cores (one engine thread
    each); ``render`` gives a page's image, called here in turn (renderers are not thread-safe)
    and only as a worker frees up, so that a long scan never holds all its images at once."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    workers = os.cpu_count() or 1
    pending: deque[Future[Page]] = deque()
    pages = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for number in numbers:
            if len(pending) >= workers:
                pages.append(pending.popleft().result())
            pending.append(pool.submit(scan_page, render(number), number, dpi))
        pages += [future.result() for future in pending]
    return pages


def read_image(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read a scanned report saved as images (PNG, JPEG, a multi-page TIFF) by OCR."""
    source = path.name
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: the page limit says it
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            count = getattr(image, "n_frames", 1)
            check_pages(source, count, limits)
            check_page_pixels(source, 1, *image.size, limits)
            require_engine(source)
            dpi = float((image.info.get("dpi") or (OCR_DPI, OCR_DPI))[0]) or OCR_DPI

            def frame(number: int) -> Image.Image:
                image.seek(number - 1)
                check_page_pixels(source, number, *image.size, limits)
                return image.convert("L")

            pages = ocr_pages(frame, list(range(1, count + 1)), dpi)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, EOFError) as exc:
        raise SourceError(source, f"not a readable image ({type(exc).__name__})") from None
    report = Report(path=path, reader="image", pages=count, ocr_pages=count)
    return require_report(read_pages(report, pages, limits))
