"""Scans as agencies file them — grey recycled paper, a page fed askew, a phone photo of a page
in a multi-page TIFF — read against the text version of the same pages.

Each scan is built from LibreOffice's print of the seed (tests/builders_pdf.py) once per session,
and only the appendix's first two pages are OCR'd by default (a few seconds a page); the whole
appendix scanned on grey paper runs under the ``slow`` marker (CI).
"""

from __future__ import annotations

import numpy as np
import pdfplumber
import pytest

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.sources import ocr, read_report
from cchc_analysis.sources.pdf import read_pdf, text_page
from cchc_analysis.sources.scan_image import find_rules, paper_outline, prepare

from builders_pdf import SCAN_DPI, phone_photo, photo_tiff, scans_pdf

#: The appendix's title block as printed above its table (seed lines 176–179, typed by hand).
TITLE = ["Phụ lục 2", "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC", "CẢI CÁCH HÀNH CHÍNH TẠI BAN DÂN TỘC"]


@pytest.fixture(scope="module")
def text_version(text_pdf_read):
    return text_pdf_read


@pytest.fixture(scope="module")
def first_page(text_version) -> int:
    """The page on which "Phụ lục 2" and its table start."""
    return int(text_version.appendix[0].locator.split()[1])


@pytest.fixture(scope="module")
def tiff(text_pdf, pdf_dir, first_page):
    """A two-page TIFF: the appendix's first page from a scanner on grey paper, the next a phone
    photo on a desk."""
    return read_report(photo_tiff(text_pdf, pdf_dir / "phu_luc.tiff", [first_page, first_page + 1]))


@pytest.fixture(scope="module")
def skewed(text_pdf, pdf_dir, first_page):
    return read_pdf(scans_pdf(text_pdf, pdf_dir / "lech.pdf", "skewed", pages=[first_page + 1]))


def page_as_read(text_version, scanned, page: int, scan_page: int) -> dict[str, tuple[dict, dict | None]]:
    """The text version's rows of ``page`` → (that row, the scan's row on ``scan_page``)."""
    got = {o["locator"]: o for o in to_observations(scanned.appendix)}
    return {
        o["locator"]: (o, got.get(o["locator"].replace(f"page {page} ", f"page {scan_page} ")))
        for o in to_observations(text_version.appendix)
        if o["locator"].startswith(f"page {page} row ")
    }


def assert_right_or_flagged(rows: dict[str, tuple[dict, dict | None]], least_right: float) -> None:
    """Every row found; no figure taken that differs from the text's; most of them right."""
    assert all(got is not None for _, got in rows.values()), [k for k, (_, g) in rows.items() if g is None]
    wrong = [
        k for k, (want, got) in rows.items() if got["value"] is not None and got["value"] != want["value"]
    ]
    assert wrong == []
    right = sum(got["value"] == want["value"] for want, got in rows.values() if want["value"] is not None)
    assert right >= least_right * sum(want["value"] is not None for want, _ in rows.values())


def test_grey_paper_page_keeps_its_appendix_title_and_rows(tiff, text_version, first_page):
    assert (tiff.reader, tiff.pages, tiff.ocr_pages) == ("image", 2, 2)
    assert tiff.skipped == []
    assert tiff.appendix_heading[:3] == TITLE
    rows = page_as_read(text_version, tiff, first_page, 1)
    assert len(rows) == 3  # "1." Công tác chỉ đạo…, "1.1." its decision, the tasks planned
    assert_right_or_flagged(rows, least_right=1.0)
    assert {got["raw_value"] for _, got in rows.values()} >= {"1", "30"}  # seed lines 185, 189


def test_phone_photo_in_a_tiff_yields_its_table(tiff, text_version, first_page):
    rows = page_as_read(text_version, tiff, first_page + 1, 2)
    assert len(rows) >= 10
    assert_right_or_flagged(rows, least_right=0.9)
    assert {"20", "10"} <= {got["raw_value"] for _, got in rows.values()}  # 1.1 and 1.2 (lines 193, 197)
    assert {got["code"] for _, got in rows.values()} >= {"1.2", "1.3", "1.3.1", "1.3.2", "1.4", "1.5"}


@pytest.mark.slow  # one more page OCR'd (~2,5 s); benchmarks/scan_pages.py scores whole skewed scans
def test_skewed_page_is_straightened_and_read(skewed, text_version, first_page):
    assert_right_or_flagged(page_as_read(text_version, skewed, first_page + 1, 1), least_right=0.9)


def test_straightened_rules_run_the_tables_width_as_printed(text_pdf, pdf_dir, first_page):
    """A page fed 2.2° askew: after straightening, each of its table's rules is found whole,
    at the places the text layer draws them (within a point or two)."""
    scan = scans_pdf(text_pdf, pdf_dir / "lech_1.pdf", "skewed", pages=[first_page + 1])
    with pdfplumber.open(scan) as document:
        image = document.pages[0].to_image(resolution=SCAN_DPI).original.convert("L")
    horizontal, vertical, _ = find_rules(prepare(np.asarray(image), SCAN_DPI))
    with pdfplumber.open(text_pdf) as document:
        printed = text_page(document.pages[first_page], first_page + 1)
    rows = sorted({round(r.at) for r in printed.horizontal if r.end - r.start > 400})
    found = sorted(r.at for r in horizontal if r.end - r.start > 400)
    assert len(found) == len(rows)
    shift = found[0] - rows[0]  # the scan's page may sit a little lower or higher as a whole
    assert all(abs(f - shift - r) < 2.5 for f, r in zip(found, rows))
    assert len({round(r.at) for r in vertical}) >= 5  # the five columns' edges


def test_phone_photo_is_flattened_by_the_papers_outline(text_pdf, first_page):
    """The desk around a photo's page is cut away: the paper's corners are found, also where the
    shadow darkens one of them as much as the desk, and a page filling the image (a scanner's)
    has none to find."""
    with pdfplumber.open(text_pdf) as document:
        page = document.pages[first_page - 1].to_image(resolution=100).original.convert("L")
    for seed in range(4):
        photo = np.asarray(phone_photo(page, np.random.default_rng(seed)).convert("L"))
        corners = paper_outline(photo)
        height, width = photo.shape
        # the builder lays the page's corners at 7 % and 92 % of the photo's width (top), 4 % and
        # 96 % of its height (left, right), each moved up to 40 px (here 4 % and 3 %); the top
        # left corner lies in the phone's shadow
        assert corners is not None
        (left, top), (right, _), (_, bottom) = corners[0], corners[1], corners[2]
        assert 0.025 * width < left < 0.115 * width and 0.005 * height < top < 0.075 * height, (seed, corners)
        assert 0.875 * width < right < 0.965 * width and 0.925 * height < bottom < 0.995 * height, (
            seed,
            corners,
        )
    assert paper_outline(np.asarray(page)) is None


def test_missing_vietnamese_data_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "_TESSDATA", (str(tmp_path),))
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    with pytest.raises(SourceError) as caught:
        ocr.require_engine("scan.pdf")
    assert str(caught.value) == (
        "scan.pdf: a scanned document (no text layer): Tesseract lacks its Vietnamese data: "
        "apt-get install tesseract-ocr tesseract-ocr-vie"
    )


@pytest.mark.slow
def test_whole_appendix_on_grey_paper(text_pdf, pdf_dir, text_version, first_page):
    """All the appendix's pages scanned on grey paper: every row found, none wrong taken."""
    scan = read_pdf(
        scans_pdf(
            text_pdf,
            pdf_dir / "phu_luc_xam.pdf",
            "grey",
            pages=list(range(first_page, text_version.pages + 1)),
        )
    )
    assert scan.appendix_heading[:3] == TITLE
    rows = {}
    for page in range(first_page, text_version.pages + 1):
        rows |= page_as_read(text_version, scan, page, page - first_page + 1)
    assert len(rows) == len(text_version.appendix)
    assert_right_or_flagged(rows, least_right=0.95)
