"""Reader for PDF reports as they are filed: digitally signed exports with a text layer, and scans
of the signed paper (pages without text, read by OCR, :mod:`cchc_analysis.sources.ocr`).

A page with characters is read from its text layer (pdfplumber: words, and the drawn lines and
rectangle edges that rule its tables); a page without any — or with only a signing stamp's few
over a full-page image — is rasterised and read by OCR. Either
way the page becomes words and rules (:mod:`pages`), and :mod:`paged` reads the narrative and the
appendix from them. The signature, if any, is recorded (:mod:`signature`), never validated.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
from pdfplumber.page import Page as PlumberPage

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.limits import DEFAULT_LIMITS, Limits, check_page_pixels, check_pages
from cchc_analysis.sources.model import Report
from cchc_analysis.sources.ocr import OCR_DPI, ocr_pages, require_engine
from cchc_analysis.sources.paged import read_pages
from cchc_analysis.sources.pages import Page, Rule, Word
from cchc_analysis.sources.recognise import require_report
from cchc_analysis.sources.signature import read_signature

#: Shortest drawn segment (points) taken for a table's ruling, not a stroke of text.
_MIN_RULE = 8.0
#: A space character this close (points) to a word's end, on its line, follows the word.
_TOUCH = 1.0
#: A page with no more characters than a signing stamp, over an image covering this share of
#: it, is a scan.
_STAMP_CHARS = 200
_SCAN_COVER = 0.5


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    """Read a PDF report (text layer, or OCR for pages without one) into a :class:`Report`."""
    source = path.name
    with path.open("rb") as stream:
        head = stream.read(1024)
    if not head:
        raise SourceError(source, "the file is empty")
    if b"%PDF-" not in head:
        raise SourceError(source, "not a readable PDF file: it does not start with '%PDF-'")
    try:
        document = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file: it is unreadable
        raise SourceError(
            source,
            f"not a readable PDF file ({type(exc).__name__}: {str(exc).replace(str(path), source) or 'damaged'})",
        ) from None
    with document:
        try:
            check_pages(source, len(document.pages), limits)
            report = Report(path=path, reader="pdf", pages=len(document.pages))
            text_pages, scanned = {}, []
            for number, page in enumerate(document.pages, start=1):
                if is_scanned(page):
                    check_page_pixels(
                        source, number, page.width * OCR_DPI / 72, page.height * OCR_DPI / 72, limits
                    )
                    scanned.append(number)
                else:
                    text_pages[number] = text_page(page, number)
            if scanned:
                require_engine(source)
                text_pages |= {
                    p.number: p
                    for p in ocr_pages(
                        lambda n: document.pages[n - 1].to_image(resolution=OCR_DPI).original,
                        scanned,
                        OCR_DPI,
                    )
                }
        except SourceError:
            raise
        except Exception as exc:  # a damaged page or stream inside an openable file
            raise SourceError(source, f"not a readable PDF file ({type(exc).__name__})") from None
    report.ocr_pages = len(scanned)
    report.signature = read_signature(path)
    return require_report(read_pages(report, [text_pages[n] for n in sorted(text_pages)], limits))


def is_scanned(page: PlumberPage) -> bool:
    """A page without a text layer: no characters, or only a few (the stamp a signing tool adds
    to a scan, "Ký bởi: …") over an image covering most of the page."""
    if not page.chars:
        return True
    if len(page.chars) > _STAMP_CHARS:
        return False
    area = sum((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in page.images)
    return area > _SCAN_COVER * float(page.width) * float(page.height)


def text_page(page: PlumberPage, number: int) -> Page:
    """A page of the text layer as words and ruling lines; each word says whether a space
    character follows it (the evidence a cell's wrapped lines are rebuilt from)."""
    spaces: dict[int, list[float]] = {}  # line (rounded top) → where its space characters start
    for char in page.chars:
        if not char["text"].strip():
            spaces.setdefault(round(char["top"]), []).append(char["x0"])
    words = [
        Word(
            unicodedata.normalize("NFC", w["text"]),
            w["x0"],
            w["x1"],
            w["top"],
            w["bottom"],
            space_after=_space_after(spaces, w["x1"], w["top"]),
        )
        for w in page.extract_words(keep_blank_chars=False, x_tolerance=1.5)
    ]
    horizontal, vertical = [], []
    for edge in page.edges:
        if edge["orientation"] == "h" and edge["x1"] - edge["x0"] >= _MIN_RULE:
            horizontal.append(Rule(edge["top"], edge["x0"], edge["x1"]))
        elif edge["orientation"] == "v" and edge["bottom"] - edge["top"] >= _MIN_RULE:
            vertical.append(Rule(edge["x0"], edge["top"], edge["bottom"]))
    widths = sorted(c["x1"] - c["x0"] for c in page.chars if not c["text"].strip())
    space = widths[len(widths) // 2] if widths else None
    return Page(number, float(page.width), float(page.height), words, horizontal, vertical, space=space)


def _space_after(spaces: dict[int, list[float]], x1: float, top: float) -> bool:
    """A space character starts where the word ends, on its line."""
    line = round(top)
    return any(abs(x - x1) <= _TOUCH for key in (line - 1, line, line + 1) for x in spaces.get(key, ()))
