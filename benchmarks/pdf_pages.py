"""Benchmark: seconds per page of the two PDF routes — the text layer and OCR of a scan.

    python benchmarks/pdf_pages.py [--ocr-pages 4]

Builds the seed's Word report, prints it to PDF with LibreOffice headless (libreoffice-writer),
reads it from its text layer, then scans ``--ocr-pages`` pages of its appendix (300 dpi, turned,
noisy, as tests/builders_pdf.py does) and reads them by OCR. Prints ``name: value`` lines and
the load average, since OCR shares the machine's cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cchc_analysis.sources.pdf import read_pdf  # noqa: E402

from builders import seed_report  # noqa: E402
from builders_pdf import build_pdf_docx, scan_pdf, to_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-pages", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        pdf = to_pdf(build_pdf_docx(seed_report(), folder / "bao_cao.docx"), folder)
        print(f"libreoffice_convert_s: {time.perf_counter() - started:.2f}")
        started = time.perf_counter()
        report = read_pdf(pdf)
        elapsed = time.perf_counter() - started
        print(f"text_layer_pages: {report.pages}")
        print(f"text_layer_s_per_page: {elapsed / report.pages:.3f}")
        start = int(report.appendix[0].locator.split()[1])  # the appendix's first page
        pages = list(range(start, min(start + args.ocr_pages, report.pages + 1)))
        scan = scan_pdf(pdf, folder / "scan.pdf", pages=pages)
        started = time.perf_counter()
        scanned = read_pdf(scan)
        elapsed = time.perf_counter() - started
        print(f"ocr_pages: {scanned.ocr_pages}")
        print(f"ocr_s_per_page: {elapsed / scanned.ocr_pages:.2f}")
        print(f"ocr_workers: {os.cpu_count()}")
    print("load_average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
