"""Benchmark: the OCR route on scans as agencies file them — seconds and peak memory a page, and
the appendix as read against the text version.

    python benchmarks/scan_pages.py [--pages 13] [--kinds clean,grey,skewed,dpi200,photo,tiff] [--show]

Builds the seed's Word report, prints it to PDF with LibreOffice headless, reads its text layer
(the reference), then scans the appendix's pages (from its "Phụ lục" page on, ``--pages`` of
them) as each kind of tests/builders_pdf.py (``tiff``: a multi-page TIFF, its first page from a
scanner, the others phone photos). Each scan is read in a fresh process, so that its peak
resident memory (ru_maxrss, numpy's and Tesseract's included) is its own. Per appendix row of
the reference: ``right`` (value and denominator as the text reads), ``flagged`` (kept raw, no
value), ``wrong`` (a value that differs, with no flag to stop it), ``missing`` (row not found);
Keys are scored as the store holds them, after the template's grammar has checked the OCR'd row
numbers (derive/ocr_codes.py): ``code_flagged`` counts rows whose code is not the text's but
carry ``ocr_code`` (placed by label or kept as read, for a person to check), ``code_wrong``
rows stored under another code WITHOUT that flag (a sub-row takes its code from the row above,
so one misread code counts once per sub-row); ``code_fixed`` rows whose misread STT the grammar
put back under the right code. Peak memory is the reading process's,
with as many pages in flight as there are cores (``ocr_workers``): ``peak_mb_over_baseline``
divided by them is the cost of a page. Prints ``name: value`` lines.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from cchc_analysis.derive.catalogue import Catalog  # noqa: E402
from cchc_analysis.derive.ocr_codes import place_codes  # noqa: E402
from cchc_analysis.parse.appendix import to_observations  # noqa: E402
from cchc_analysis.sources import read_report  # noqa: E402

KINDS = ("clean", "grey", "skewed", "dpi200", "photo", "tiff")


def _peak_kb() -> int:
    """This process's peak resident memory (kB): VmHWM, its own since exec (ru_maxrss keeps the
    parent's peak across exec on Linux), else ru_maxrss."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def read_one(path: Path) -> None:
    """Child process: read ``path``, print its observations, pages, seconds and peak RSS (JSON)."""
    baseline = _peak_kb()
    started = time.perf_counter()
    report = read_report(path)
    elapsed = time.perf_counter() - started
    peak = _peak_kb()
    skipped = [str(s) for s in report.skipped]
    print(
        json.dumps(
            {
                # keyed as the store keys them: OCR'd row numbers checked with the template
                "rows": place_codes(to_observations(report.appendix), Catalog.load()),
                "pages": report.ocr_pages,
                "seconds": elapsed,
                "peak_mb": peak / 1024,
                "baseline_mb": baseline / 1024,
                "skipped": skipped,
            },
            default=str,
        )
    )


def score(reference: list[dict], scanned: list[dict], first_page: int, show: bool = False) -> dict[str, int]:
    """Each reference row as the scan read it (rows matched by page and row number)."""
    by_row = {}
    for row in scanned:
        _, page, rest = row["locator"].split(" ", 2)
        by_row[f"page {int(page) + first_page - 1} {rest}"] = row
    counts = dict.fromkeys(
        ("right", "flagged", "wrong", "missing", "code_fixed", "code_flagged", "code_wrong"), 0
    )
    for want in reference:
        got = by_row.get(want["locator"])
        if got is None:
            counts["missing"] += 1
            continue
        key_flagged = "ocr_code" in str(got.get("flags") or "").split()
        if (got["code"], got["item"]) != (want["code"], want["item"]):
            counts["code_flagged" if key_flagged else "code_wrong"] += 1
        elif got.get("code_read") not in (None, "", want["code"]):
            counts["code_fixed"] += 1
        if (got["value"], got["denominator"]) == (want["value"], want["denominator"]):
            counts["right"] += 1
            continue
        if show:
            print(
                f"  {want['locator']} {want['code']}: text {want['raw_value']!r} = {want['value']}, "
                f"scan {got['raw_value']!r} = {got['value']} ({got.get('flags')}; {got.get('note')})"
            )
        if got["value"] is None or any(f.startswith("ocr_") for f in str(got.get("flags") or "").split()):
            counts["flagged"] += 1
        else:
            counts["wrong"] += 1
    return counts


def main() -> None:
    from builders import seed_report
    from builders_pdf import build_pdf_docx, photo_tiff, scans_pdf, to_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=13)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--show", action="store_true", help="print each row not read right")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = to_pdf(build_pdf_docx(seed_report(), folder / "bao_cao.docx"), folder)
        text = read_report(pdf)
        first = int(text.appendix[0].locator.split()[1])  # the page "Phụ lục 2" opens
        pages = list(range(first, min(first + args.pages, text.pages + 1)))
        reference = [o for o in to_observations(text.appendix) if int(o["locator"].split()[1]) in pages]
        print(f"reference_rows: {len(reference)}")
        print(f"pages_per_kind: {len(pages)}")
        for kind in args.kinds.split(","):
            if kind == "tiff":
                scan = photo_tiff(pdf, folder / "scan_tiff.tiff", pages)
            else:
                scan = scans_pdf(pdf, folder / f"scan_{kind}.pdf", kind, pages)
            child = subprocess.run(
                [sys.executable, __file__, "--read", str(scan)],
                capture_output=True,
                text=True,
                env={
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
                },
            )
            if child.returncode:
                print(f"{kind}_error: {child.stderr.strip().splitlines()[-1]}")
                continue
            result = json.loads(child.stdout.strip().splitlines()[-1])
            print(f"{kind}_s_per_page: {result['seconds'] / result['pages']:.2f}")
            print(f"{kind}_peak_mb: {result['peak_mb']:.0f}")
            print(f"{kind}_peak_mb_over_baseline: {result['peak_mb'] - result['baseline_mb']:.0f}")
            for name, count in score(reference, result["rows"], first, args.show).items():
                print(f"{kind}_{name}: {count}")
            if result["skipped"]:
                print(f"{kind}_skipped: {' | '.join(result['skipped'])}")
    print(f"ocr_workers: {os.cpu_count()}")
    print("load_average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        read_one(Path(sys.argv[2]))
    else:
        main()
