"""Build PDF fixtures at test time from the seed report: the Word report (tests/builders.py) laid
out as agencies print it and converted by LibreOffice, and scans of those pages.

The appendix tables get the template's column widths and their two header rows marked to repeat
on every page, so that LibreOffice repeats the header, wraps long labels over several lines and
cuts rows at page breaks, as signed PDFs of the template do. A scan is each page rasterised at an
office scanner's 300 dpi, turned a little and speckled with noise, saved as an image-only PDF.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pdfplumber
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image, ImageFilter

from cchc_analysis.sources.model import Report

from builders import build_docx

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
