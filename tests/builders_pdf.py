"""Build PDF fixtures at test time from the seed report: the Word report (tests/builders.py) laid
out as agencies print it and converted by LibreOffice, and scans of those pages.

The appendix tables get the template's column widths and their two header rows marked to repeat
on every page, so that LibreOffice repeats the header, wraps long labels over several lines and
cuts rows at page breaks, as signed PDFs of the template do. A scan is each page rasterised at an
office scanner's 300 dpi, turned a little and speckled with noise, saved as an image-only PDF.
"""

from __future__ import annotations

import html
import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pdfplumber
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image, ImageFilter

from cchc_analysis.sources.model import Report

from browser import print_to_pdf
from builders import build_docx, data_rows

#: STT, label, unit, value, implementer (cm): the template's proportions on A4.
WIDTHS_CM = (1.6, 7.4, 2.8, 2.2, 3.0)
SCAN_DPI = 300


def build_pdf_docx(seed: Report, path: Path) -> Path:
    """The seed as a Word report whose appendix tables print like the template's."""
    build_docx(seed, path)
    document = Document(str(path))
    for table in document.tables[1:]:
        if len(table.columns) != len(WIDTHS_CM):
            continue
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, WIDTHS_CM):
                cell.width = Cm(width)
        for tr in table._tbl.tr_lst[:2]:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        grid = table._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), WIDTHS_CM):
            col.set(qn("w:w"), str(int(Cm(width).twips)))
    document.save(str(path))
    return path


def to_pdf(docx: Path, out_dir: Path) -> Path:
    """``docx`` converted to PDF by LibreOffice headless (its own throwaway profile)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out_dir)},
    )
    return out_dir / (docx.stem + ".pdf")


# --- text PDFs as agencies file them: narrow value columns, landscape, a web form printed --------

#: The value column squeezed to 1.1 cm (labels get the room): "681/712 đạt tỷ lệ 95,7 %" wraps
#: inside its cell, "681/712" itself cut by the cell's edge, as a clerk's narrow "Số liệu" cuts it.
NARROW_WIDTHS_CM = (1.4, 9.2, 2.4, 1.1, 2.9)
#: A4 landscape: the template's columns widened to the page's 25 cm of text.
LANDSCAPE_WIDTHS_CM = (1.6, 13.4, 3.2, 3.0, 4.0)


def relaid_docx(docx: Path, widths: tuple[float, ...], landscape: bool = False) -> Path:
    """``docx`` (from :func:`build_pdf_docx`) with other appendix column widths, its sections
    turned to A4 landscape when ``landscape``."""
    document = Document(str(docx))
    if landscape:
        for section in document.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
            section.left_margin = section.right_margin = Cm(2.0)
    for table in document.tables[1:]:
        if len(table.columns) != len(widths):
            continue
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
        for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(Cm(width).twips)))
    document.save(str(docx))
    return docx


def appendix_html(seed: Report, path: Path) -> Path:
    """The seed's appendix as a clerk's web form shows it: its heading, then one bordered
    ``<table>`` with the two-row header (repeated on each printed page) and every data row, its
    labels long enough that Chromium cuts rows at page breaks."""
    top, bottom = seed.appendix[0].cells, seed.appendix[1].cells
    cell = "<td>{}</td>".format
    rows = "\n".join(
        "<tr>" + "".join(cell(html.escape(text)) for text in row.cells) + "</tr>" for row in data_rows(seed)
    )
    heading = "\n".join(f"<p>{html.escape(line)}</p>" for line in seed.appendix_heading)
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm 1.5cm; }}
body {{ font-family: "DejaVu Serif", serif; font-size: 12pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }}
col.stt {{ width: 9%; }} col.label {{ width: 47%; }} col.unit {{ width: 14%; }}
col.value {{ width: 12%; }} col.who {{ width: 18%; }}
</style></head><body>
{heading}
<table><colgroup><col class="stt"><col class="label"><col class="unit"><col class="value">
<col class="who"></colgroup>
<thead><tr><th rowspan="2">{html.escape(top[0])}</th><th rowspan="2">{html.escape(top[1])}</th>
<th colspan="2">{html.escape(top[2])}</th><th rowspan="2">{html.escape(top[4])}</th></tr>
<tr><th>{html.escape(bottom[2])}</th><th>{html.escape(bottom[3])}</th></tr></thead>
<tbody>
{rows}
</tbody></table></body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


def print_html(page: Path, out: Path) -> Path:
    """``page`` printed to PDF by headless Chromium (its own throwaway profile, no header or
    footer), as a browser's "Save as PDF" files a web form."""
    return print_to_pdf(page.resolve().as_uri(), out, out.parent / "chromium-profile", timeout=180)


def scan_pdf(
    pdf: Path,
    path: Path,
    pages: list[int] | None = None,
    angle: float = 0.6,
    noise: float = 16.0,
    seed: int = 12,
) -> Path:
    """An image-only PDF of ``pdf``'s pages (all, or the 1-based ``pages``) as a scanner gives
    them: 300 dpi grey, turned by ``angle`` degrees, Gaussian noise and specks, blurred a little
    by the optics, JPEG-compressed (~0,5 MB a page)."""
    rng = np.random.default_rng(seed)
    images = []
    with pdfplumber.open(pdf) as document:
        for number in pages or range(1, len(document.pages) + 1):
            page = document.pages[number - 1].to_image(resolution=SCAN_DPI).original.convert("L")
            page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
            pixels = np.asarray(page, dtype=np.float64)
            pixels = pixels + rng.normal(0, noise, pixels.shape)
            pixels[rng.random(pixels.shape) < 0.0008] = 0  # specks of dust
            blurred = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(
                ImageFilter.GaussianBlur(0.8)
            )  # the scanner's optics
            scanned = io.BytesIO()  # stored as JPEG, as scanners file grey pages
            blurred.save(scanned, "JPEG", quality=75)
            images.append(Image.open(scanned))
    images[0].save(path, save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return path


# --- scans as agencies file them: grey paper, skewed, 200 dpi, a phone photo ------------------

#: The kinds of scan the OCR route is measured on (benchmarks/scan_pages.py) and tested with.
SCAN_KINDS = ("clean", "grey", "skewed", "dpi200", "photo")


def _rendered(pdf: Path, pages: list[int] | None, dpi: int) -> list[Image.Image]:
    """``pdf``'s pages (all, or the 1-based ``pages``) rasterised grey at ``dpi``."""
    with pdfplumber.open(pdf) as document:
        numbers = pages or range(1, len(document.pages) + 1)
        return [document.pages[n - 1].to_image(resolution=dpi).original.convert("L") for n in numbers]


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    """``image`` as it comes back from JPEG at ``quality`` (phones and scanners store JPEG)."""
    stored = io.BytesIO()
    image.save(stored, "JPEG", quality=quality)
    return Image.open(stored)


def _on_paper(
    page: Image.Image, rng: np.random.Generator, paper: float, fall: float, noise: float
) -> np.ndarray:
    """The page's ink on recycled paper of brightness ``paper`` (0–255) lit unevenly: ``fall``
    of it lost towards one corner, with Gaussian ``noise`` and specks (float32, 0–255)."""
    ink = np.asarray(page, dtype=np.float32) / 255
    height, width = ink.shape
    ys, xs = np.ogrid[0:height, 0:width]
    light = 1 - fall * ((ys / height) * 0.6 + (xs / width) * 0.4).astype(np.float32)
    pixels = ink * paper * light
    pixels += rng.normal(0, noise, ink.shape).astype(np.float32)
    pixels[rng.random(ink.shape, dtype=np.float32) < 0.0008] = 30  # specks of dust
    return np.clip(pixels, 0, 255)


def _scanned(page: Image.Image, kind: str, rng: np.random.Generator) -> Image.Image:
    """One rendered page as a scanner of the ``kind`` gives it (JPEG-compressed)."""
    paper, fall, noise, angle = {
        "clean": (250.0, 0.0, 3.0, 0.0),
        "grey": (195.0, 0.12, 14.0, 0.4),
        "skewed": (240.0, 0.03, 8.0, 2.2),
        "dpi200": (230.0, 0.05, 10.0, -0.8),
    }[kind]
    pixels = Image.fromarray(_on_paper(page, rng, paper, fall, noise).astype(np.uint8))
    if angle:
        pixels = pixels.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=int(paper))
    return _jpeg(pixels.filter(ImageFilter.GaussianBlur(0.7)), 80)


def phone_photo(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A phone's photo of a printed page lying on a desk: the page seen in perspective on a
    darker wood-grain desk, the phone's shadow across it, slightly out of focus, colour JPEG."""
    import cv2

    width, height = page.width * 23 // 20, page.height * 11 // 10
    desk = rng.normal(95, 12, (height // 8, width // 8)).astype(np.float32)
    desk = cv2.resize(cv2.GaussianBlur(desk, (0, 0), 2), (width, height), interpolation=cv2.INTER_CUBIC)
    desk += 12 * np.sin(np.arange(width, dtype=np.float32) / 37)[None, :]  # grain
    corners = np.float32([[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]])
    jitter = rng.uniform(-40, 40, (4, 2)).astype(np.float32)
    placed = np.float32(
        [
            [width * 0.07, height * 0.04],
            [width * 0.92, height * 0.06],
            [width * 0.95, height * 0.96],
            [width * 0.05, height * 0.95],
        ]
    )
    warp = cv2.getPerspectiveTransform(corners, placed + jitter)
    paper = _on_paper(page, rng, 235.0, 0.0, 4.0)
    seen = cv2.warpPerspective(paper, warp, (width, height), flags=cv2.INTER_LINEAR, borderValue=-1)
    pixels = np.where(seen >= 0, seen, desk)
    ys, xs = np.ogrid[0:height, 0:width]
    shadow = np.clip(0.55 + 0.45 * (xs / width + ys / height), 0.55, 1.0).astype(
        np.float32
    )  # top left in shade
    pixels = cv2.GaussianBlur(pixels * shadow, (0, 0), 1.1)
    grey = np.clip(pixels, 0, 255).astype(np.uint8)
    tint = np.stack([grey, (grey * 0.97).astype(np.uint8), (grey * 0.9).astype(np.uint8)], axis=-1)
    return _jpeg(Image.fromarray(tint, "RGB"), 85)


def scans_pdf(pdf: Path, path: Path, kind: str, pages: list[int] | None = None, seed: int = 7) -> Path:
    """An image-only PDF of ``pdf``'s pages scanned as ``kind`` (one of :data:`SCAN_KINDS`):
    clean 300 dpi; grey recycled paper (~195) lit unevenly, noisy, 300 dpi; turned 2.2°; 200 dpi;
    or phone photos (:func:`phone_photo`), all seeded."""
    rng = np.random.default_rng(seed)
    dpi = 200 if kind == "dpi200" else SCAN_DPI
    rendered = _rendered(pdf, pages, dpi)
    images = [phone_photo(p, rng) if kind == "photo" else _scanned(p, kind, rng) for p in rendered]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def photo_tiff(pdf: Path, path: Path, pages: list[int], seed: int = 7) -> Path:
    """A multi-page TIFF as an agency files it: the first of ``pages`` from the office scanner
    (grey paper, 300 dpi), the others phone photos of the page (no resolution of their own)."""
    rng = np.random.default_rng(seed)
    first, *rest = _rendered(pdf, pages, SCAN_DPI)
    frames = [_scanned(first, "grey", rng).convert("RGB")] + [phone_photo(p, rng) for p in rest]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="jpeg")
    return path
