"""OCR of scanned pages (Tesseract's Vietnamese model through tesserocr) into words and rules.

A scan is made ready first (:mod:`scan_image`: a photo flattened, the paper's shade and shadows
lifted, straightened, binarised), its table rules are found by line morphology and erased, so
that the engine reads the cells' text and not the grid, and each word keeps the engine's
confidence. Each worker thread takes an engine loaded once and kept; it reads the rest of the
page (tables blanked), then each table column from a montage of the column (its blank stretches
cut short), at 210 dpi; the STT codes are read a second time by the English model, and a code
the two read differently gets a low confidence. Nothing is corrected here: what the engine read is what the parser gets, with its confidence, and the
parser decides what may become a number. Without the engine or its Vietnamese data, a scanned
file is one line saying what to install.
"""

from __future__ import annotations

import os
import queue
import shutil
import unicodedata
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_page_pixels, check_pages
from cchc_analysis.sources.model import Report
from cchc_analysis.sources.paged import read_pages
from cchc_analysis.sources.pages import Page, Word, grids
from cchc_analysis.sources.recognise import require_report
from cchc_analysis.sources.scan_image import find_rules, prepare

#: Resolution scanned PDF pages are rasterised at, and assumed for an image that does not say.
OCR_DPI = 300
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
_LANGUAGE = "vie"
#: Where Debian's and others' packages keep the models (TESSDATA_PREFIX first, as Tesseract does).
_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)
#: A table column narrower than this share of the table holds short entries (units, figures).
_NARROW = 0.2
#: Page segmentation modes (Tesseract's --psm): automatic, one block, a column of lines.
_AUTO, _BLOCK, _COLUMN = 3, 6, 4
#: White (pixels) around what the engine is given, and the most blank between two entries of a
#: column it is given (longer stretches are cut down to this).
_FRAME, _GAP = 20, 40
#: Resolution the engine reads at: its Vietnamese model misreads large, sharp digits ("5.2." as
#: "9.2.", "3.1." as "4.1.") at 300 dpi and reads them right a little smaller, and faster.
_READ_DPI = 210
#: The model that reads the STT codes a second time: where it reads a code otherwise, the code's
#: confidence is at most ``_DISAGREE`` (the parser then notes that the row's code is unsure).
_CHECKER, _DISAGREE = "eng", 40.0
#: Engines loaded so far, each pair used by one thread at a time (loading takes ~0.3 s).
_ENGINES: queue.SimpleQueue[Any] = queue.SimpleQueue()


def _tessdata() -> str | None:
    """The folder holding the Vietnamese model, or None."""
    folders = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA]
    return next((f for f in folders if f and Path(f, f"{_LANGUAGE}.traineddata").is_file()), None)


def require_engine(source: str) -> None:
    """The OCR engine and its Vietnamese data are installed, or one line saying what to install
    (the package the hint names brings the ``tesseract`` command with the library)."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        installed = False
    else:
        installed = shutil.which("tesseract") is not None
    if not installed:
        raise SourceError(
            source,
            "a scanned document (no text layer): reading it needs the OCR "
            f"engine Tesseract, which is not installed: {INSTALL}",
        )
    if _tessdata() is None:
        raise SourceError(
            source, f"a scanned document (no text layer): Tesseract lacks its Vietnamese data: {INSTALL}"
        )


@contextmanager
def _engine() -> Iterator[tuple[Any, Any | None]]:
    """Engines of the pool for this thread's page — the Vietnamese one, and the English one
    where installed (it checks the STT codes) — loaded if none is free."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per engine: the pages share them
    import tesserocr

    try:
        engines = _ENGINES.get_nowait()
    except queue.Empty:
        folder = _tessdata() or ""
        english = Path(folder, f"{_CHECKER}.traineddata").is_file()
        engines = (
            tesserocr.PyTessBaseAPI(path=folder, lang=_LANGUAGE),
            tesserocr.PyTessBaseAPI(path=folder, lang=_CHECKER) if english else None,
        )
    try:
        yield engines
    finally:
        _ENGINES.put(engines)


#: What the engine read: text, its box (pixels of the image it was given), confidence, and its
#: paragraph and line numbers.
_Read = tuple[str, tuple[int, int, int, int], float, int, int]


def _read(api: Any, box: tuple[int, int, int, int], psm: int) -> list[_Read]:
    """The engine's words in ``box`` (left, top, width, height) of the image it holds."""
    import tesserocr

    api.SetPageSegMode(psm)
    api.SetRectangle(*box)
    api.Recognize()
    iterator = api.GetIterator()
    if iterator is None:
        return []
    level, found = tesserocr.RIL.WORD, []
    paragraph = line = 0
    for word in tesserocr.iterate_level(iterator, level):
        paragraph += word.IsAtBeginningOf(tesserocr.RIL.PARA)
        line += word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE)
        try:
            text = word.GetUTF8Text(level).strip()
        except RuntimeError:  # an empty box ("No text returned")
            continue
        conf, bounds = word.Confidence(level), word.BoundingBox(level)
        if text and conf >= 0 and bounds is not None:
            found.append((unicodedata.normalize("NFC", text), bounds, float(conf), paragraph, line))
    return found


def _word(read: _Read, shrink: float, dx: float, dy: float, scale: float, block: int) -> Word:
    """A word read in an image shrunk by ``shrink`` whose origin is at (``dx``, ``dy``) page
    pixels, in points."""
    text, (x0, y0, x1, y1), conf, paragraph, line = read
    x0, x1, y0, y1 = x0 / shrink + dx, x1 / shrink + dx, y0 / shrink + dy, y1 / shrink + dy
    return Word(text, x0 * scale, x1 * scale, y0 * scale, y1 * scale, conf, (block, paragraph, line))


def _shrunk(image: np.ndarray, shrink: float) -> Image.Image:
    """``image`` at ``shrink`` of its size (grey at the edges of strokes), as the engine takes it."""
    if shrink < 1:
        image = cv2.resize(image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    return Image.fromarray(image)


def _montage(strip: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """A table column with its blank stretches taller than ``_GAP`` cut down to it, framed in
    white: the engine reads short entries far apart badly (a lone "0" as "lÂ)"), and wants a
    margin. Also its pieces of ink: (top in the montage, top in the column, height)."""
    rows = np.flatnonzero((strip < 128).any(axis=1))
    breaks = np.flatnonzero(np.diff(rows) > _GAP)
    starts, ends = rows[np.r_[0, breaks + 1]], rows[np.r_[breaks, rows.size - 1]] + 1
    height = int((ends - starts).sum()) + _GAP * (len(starts) - 1) + 2 * _FRAME
    montage = np.full((height, strip.shape[1] + 2 * _FRAME), 255, dtype=np.uint8)
    pieces, at = [], _FRAME
    for start, end in zip(starts.tolist(), ends.tolist()):
        montage[at : at + end - start, _FRAME:-_FRAME] = strip[start:end]
        pieces.append((at, start, end - start))
        at += end - start + _GAP
    return montage, pieces


def _column(
    engines: tuple[Any, Any | None],
    strip: np.ndarray,
    at: tuple[int, int],
    psm: int,
    codes: bool,
    shrink: float,
    scale: float,
    block: int,
) -> list[Word]:
    """The words of one table column (``strip``, its top-left corner ``at`` on the page) read
    from its montage, each put back in its place on the page; for the STT column (``codes``)
    the checker's reading lowers the confidence of a code it reads otherwise."""
    montage, pieces = _montage(strip)
    image = _shrunk(montage, shrink)
    api, checker = engines
    api.SetImage(image)
    reads = _read(api, (0, 0, *image.size), psm)
    if checker is not None and codes:
        checker.SetImage(image)
        reads = _checked(reads, _read(checker, (0, 0, *image.size), _BLOCK))
    words = []
    for read in reads:
        middle = (read[1][1] + read[1][3]) / 2 / shrink
        m_top, start, _ = next((p for p in reversed(pieces) if p[0] - _GAP / 2 <= middle), pieces[0])
        words.append(_word(read, shrink, at[0] - _FRAME, at[1] + start - m_top, scale, block))
    return words


def _checked(reads: list[_Read], checks: list[_Read]) -> list[_Read]:
    """``reads`` with the confidence of each word the check read otherwise (or not at all, at
    its middle) at most ``_DISAGREE``."""
    out = []
    for text, box, conf, paragraph, line in reads:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        same = [c for c in checks if c[1][0] <= x <= c[1][2] and c[1][1] <= y <= c[1][3]]
        agreed = len(same) == 1 and same[0][0] == text
        out.append((text, box, conf if agreed else min(conf, _DISAGREE), paragraph, line))
    return out


def _psm(column: int, width: float, table_width: float) -> int:
    """Tesseract's page segmentation for one column of a table: the first (STT codes) and a
    narrow one (units, figures) as one block, a wide one (labels) as a column of lines."""
    if column == 0:
        return _BLOCK
    return _BLOCK if width < _NARROW * table_width else _COLUMN


def scan_page(image: Image.Image, number: int, dpi: float) -> Page:
    """One scanned page → words with confidences and the rules of its tables. Each column of a
    table is read on its own (the engine then never runs a line across cells), the rest of the
    page with the tables blanked out."""
    prepared = prepare(np.asarray(image.convert("L")), dpi)
    image.close()
    scale = 72.0 / prepared.dpi
    horizontal, vertical, cleaned = find_rules(prepared)
    prepared_dpi = prepared.dpi
    del prepared
    height, width = cleaned.shape
    page = Page(number, width * scale, height * scale, [], horizontal, vertical, ocr=True)
    columns, rest = [], cleaned.copy()
    for grid in grids(page):
        top, bottom = int(grid.ys[0] / scale), int(grid.ys[-1] / scale) + 1
        for column, (x0, x1) in enumerate(zip(grid.xs, grid.xs[1:])):
            left, right = int(x0 / scale), int(x1 / scale) + 1
            psm = _psm(column, x1 - x0, grid.xs[-1] - grid.xs[0])
            if cleaned[top:bottom, left:right].min() == 0:
                columns.append((cleaned[top:bottom, left:right], left, top, psm, column == 0))
        rest[top:bottom, int(grid.xs[0] / scale) : int(grid.xs[-1] / scale) + 1] = 255
    shrink = min(1.0, _READ_DPI / prepared_dpi)
    with _engine() as engines:
        api = engines[0]
        if rest.min() == 0:
            image = _shrunk(rest, shrink)
            api.SetImage(image)
            reads = _read(api, (0, 0, *image.size), _AUTO)
            page.words += [_word(read, shrink, 0, 0, scale, 0) for read in reads]
        del rest
        for block, (strip, left, top, psm, codes) in enumerate(columns, start=1):
            page.words += _column(engines, strip, (left, top), psm, codes, shrink, scale, block)
        api.Clear()
    return page


def ocr_pages(render: Callable[[int], Image.Image], numbers: list[int], dpi: float) -> list[Page]:
    """The pages ``numbers`` OCR'd, as many at a time as there are cores (one engine thread
    each); ``render`` gives a page's image, called here in turn (renderers are not thread-safe)
    and only as a worker frees up, so that a long scan never holds all its images at once."""
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
            dpi = float((image.info.get("dpi") or (OCR_DPI, OCR_DPI))[0])
            dpi = dpi if dpi >= 72 else OCR_DPI  # a photo says none, or 1 (TIFF's default)

            def frame(number: int) -> Image.Image:
                image.seek(number - 1)
                check_page_pixels(source, number, *image.size, limits)
                return image.convert("L")

            pages = ocr_pages(frame, list(range(1, count + 1)), dpi)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, EOFError) as exc:
        raise SourceError(source, f"not a readable image ({type(exc).__name__})") from None
    report = Report(path=path, reader="image", pages=count, ocr_pages=count)
    return require_report(read_pages(report, pages, limits))
