"""OCR of scanned pages (Tesseract's Vietnamese model through tesserocr) into words and rules.

A scan is made ready first (:mod:`scan_image`: a photo flattened, the paper's shade and shadows
lifted, straightened, binarised), its table rules are found by line morphology and erased, so
that the engine reads the cells' text and not the grid, and each word keeps the engine's
confidence. Each worker thread keeps one engine, loaded once; a page is handed to it once and
read part by part (a rectangle per table column, then the rest of the page). Nothing is
corrected here: what the engine read is what the parser gets, with its confidence, and the
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
#: Page segmentation modes (Tesseract's --psm): automatic, one block, a column of lines, sparse.
_AUTO, _BLOCK, _COLUMN = 3, 6, 4
#: Engines loaded so far, each used by one thread at a time (loading the model takes ~0.3 s).
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
def _engine() -> Iterator[Any]:
    """An engine of the pool for this thread's page, loaded if none is free."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per engine: the pages share them
    import tesserocr

    try:
        api = _ENGINES.get_nowait()
    except queue.Empty:
        api = tesserocr.PyTessBaseAPI(path=_tessdata() or "", lang=_LANGUAGE)
    try:
        yield api
    finally:
        _ENGINES.put(api)


def _words(api: Any, box: tuple[int, int, int, int], psm: int, scale: float, block: int) -> list[Word]:
    """The engine's words in ``box`` (left, top, width, height) of the page it holds, in points;
    its lines are numbered apart per ``block`` (one per part read)."""
    import tesserocr

    api.SetPageSegMode(psm)
    api.SetRectangle(*box)
    api.Recognize()
    level, words = tesserocr.RIL.WORD, []
    paragraph = line = 0
    iterator = api.GetIterator()
    if iterator is None:
        return words
    for word in tesserocr.iterate_level(iterator, level):
        if word.IsAtBeginningOf(tesserocr.RIL.PARA):
            paragraph += 1
        if word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            line += 1
        try:
            text = word.GetUTF8Text(level).strip()
        except RuntimeError:  # an empty box ("No text returned")
            continue
        conf = word.Confidence(level)
        bounds = word.BoundingBox(level)
        if not text or conf < 0 or bounds is None:
            continue
        x0, y0, x1, y1 = bounds
        words.append(
            Word(
                unicodedata.normalize("NFC", text),
                x0 * scale,
                x1 * scale,
                y0 * scale,
                y1 * scale,
                float(conf),
                (block, paragraph, line),
            )
        )
    return words


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
    del prepared
    height, width = cleaned.shape
    page = Page(number, width * scale, height * scale, [], horizontal, vertical, ocr=True)
    parts, rest = [], cleaned.copy()
    for grid in grids(page):
        top, bottom = int(grid.ys[0] / scale), int(grid.ys[-1] / scale) + 1
        for column, (x0, x1) in enumerate(zip(grid.xs, grid.xs[1:])):
            left, right = int(x0 / scale), int(x1 / scale) + 1
            psm = _psm(column, x1 - x0, grid.xs[-1] - grid.xs[0])
            if cleaned[top:bottom, left:right].min() == 0:
                parts.append(((left, top, right - left, bottom - top), psm))
        rest[top:bottom, int(grid.xs[0] / scale) : int(grid.xs[-1] / scale) + 1] = 255
    with _engine() as api:
        if rest.min() == 0:
            api.SetImage(Image.fromarray(rest))
            page.words += _words(api, (0, 0, width, height), _AUTO, scale, 0)
        del rest
        if parts:
            api.SetImage(Image.fromarray(cleaned))
            for block, (box, psm) in enumerate(parts, start=1):
                page.words += _words(api, box, psm, scale, block)
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
