"""PDF reports as filed — LibreOffice's print of the seed's Word report, its scan, a signed copy —
against the text export and values typed by hand from the bundled report.

PDFs and scans are built once per session (LibreOffice ~3 s, OCR ~3–5 s a page); the default suite
scans one appendix page, the whole report's scan runs under the ``slow`` marker (CI).
"""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher
from pathlib import Path

import matplotlib
import pdfplumber
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.parse.narrative import sections
from cchc_analysis.report.content.finding_words import ocr_summary, paged_source
from cchc_analysis.report.content.formats import locator as vietnamese_locator
from cchc_analysis.report.page.html import render_template
from cchc_analysis.sources import read_report
from cchc_analysis.sources.common import clean_text
from cchc_analysis.sources.limits import Limits
from cchc_analysis.sources.ocr import INSTALL
from cchc_analysis.sources.pdf import read_pdf
from cchc_analysis.sources.signature import read_signature
from cchc_analysis.store.ingest import Inputs, ingest_file, manifest

from builders import data_rows, seed_report
from builders_pdf import scan_pdf

#: Typed by hand from data/raw/000_8a77118b8e337001.txt (lines 180–338): (code, item) → the
#: "Số liệu" cell as written.
EXPECTED = {
    ("1.1", 0): "1",
    ("1.1", 1): "30",
    ("1.1", 2): "20",
    ("1.2", 0): "10",
    ("1.3", 0): "1",
    ("1.3.1", 0): "0",
    ("1.5", 1): "96",
    ("1.5", 2): "73",
    ("2.1", 0): "01",
    ("3.2", 0): "02",
    ("3.2", 1): "02",
    ("4.1.1", 0): "3",
    ("7.6.3", 0): "655",
    ("7.6.3", 1): "681/712 đạt tỷ lệ 95,7 %",
    ("7.6.3", 2): "31/712 đạt tỷ lệ 4, 3%",
}
#: The report's five sections, as its headings read (seed lines 9, 55, 127, 131, 149).
SECTIONS = [
    "I. TÌNH HÌNH TRIỂN KHAI CÔNG TÁC CCHC",
    "II. KẾT QUẢ THỰC HIỆN",
    "III. ĐÁNH GIÁ CHUNG",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
]


@pytest.fixture(scope="module")
def from_pdf(text_pdf_read):
    return text_pdf_read


@pytest.fixture(scope="module")
def opening_pdf(text_pdf, pdf_dir) -> Path:
    """The report's first two pages (letterhead, title, section I), a PDF of their own."""
    writer = PdfWriter()
    for page in PdfReader(text_pdf).pages[:2]:
        writer.add_page(page)
    path = pdf_dir / "mo_dau.pdf"
    writer.write(path)
    return path


@pytest.fixture(scope="module")
def appendix_pages(text_pdf) -> list[int]:
    """The page that opens "Phụ lục 2" and the next, found by pdfplumber's own text."""
    with pdfplumber.open(text_pdf) as document:
        first = next(
            n for n, page in enumerate(document.pages, start=1) if "Phụ lục 2" in (page.extract_text() or "")
        )
    return [first, first + 1]


@pytest.fixture(scope="module")
def scanned_appendix(text_pdf, appendix_pages, pdf_dir):
    """The appendix's second page (its header repeated) scanned (300 dpi, turned 0,6°, noisy)
    and read by OCR."""
    return read_pdf(scan_pdf(text_pdf, pdf_dir / "scan_appendix.pdf", pages=appendix_pages[1:]))


def by_key(observations: list[dict]) -> dict[tuple[str, int], dict]:
    return {(o["code"], o["item"]): o for o in observations}


# --- text layer -------------------------------------------------------------------------------


def test_text_layer_appendix_is_the_text_exports_row_by_row(from_pdf):
    seed = seed_report()
    assert from_pdf.reader == "pdf" and from_pdf.ocr_pages == 0
    expected = [tuple(clean_text(c) for c in row.cells) for row in data_rows(seed)]
    got = [tuple(clean_text(c) for c in row.cells) for row in data_rows(from_pdf)]
    assert got == expected  # 151 rows: wrapped cells joined, rows cut by page breaks rejoined
    assert from_pdf.appendix_heading[0] == "Phụ lục 2"


def test_text_layer_every_value_equals_the_text_exports(from_pdf):
    text, pdf = to_observations(seed_report().appendix), to_observations(from_pdf.appendix)
    assert len(pdf) == len(text) == 151
    for want, got in zip(text, pdf):
        for column in ("code", "item", "value", "raw_value", "numerator", "denominator", "unit"):
            assert got[column] == want[column], (got["locator"], column)
        assert got["ocr_confidence"] is None and "ocr" not in (got["flags"] or "")
    for key, raw in EXPECTED.items():
        assert by_key(pdf)[key]["raw_value"] == raw, key
    assert by_key(pdf)[("7.6.3", 1)]["value"] == 95.7


def test_text_layer_narrative_sections(from_pdf):
    headings = [s["heading"] for s in sections(from_pdf.paragraphs) if s["level"] == 1]
    assert headings == SECTIONS
    assert from_pdf.title.startswith("Tình hình thực hiện công tác cải cách hành chính 6 tháng")


def test_page_locators(from_pdf, text_pdf, appendix_pages):
    first = appendix_pages[0]
    rows = data_rows(from_pdf)
    # the table opens with its two header rows on the title's page: the first data row is row 3
    assert rows[0].locator == f"page {first} row 3" and rows[0].stt == "1."
    sample = rows[::10]  # every tenth row's label starts on the page its locator names
    with pdfplumber.open(text_pdf) as document:
        texts = {
            n: clean_text(document.pages[n - 1].extract_text())
            for n in {int(row.locator.split()[1]) for row in sample}
        }
    for row in sample:
        words = clean_text(row.label).lstrip("- ").split()[:2]
        assert " ".join(words) in texts[int(row.locator.split()[1])], row.locator
    assert vietnamese_locator("page 12 row 7") == "trang 12, hàng 7"
    assert vietnamese_locator("page 3 line 5") == "trang 3, dòng 5"
    assert from_pdf.paragraphs[0].locator == "page 1 line 1"


# --- scanned ----------------------------------------------------------------------------------


def test_scan_values_are_right_or_flagged(from_pdf, scanned_appendix, appendix_pages):
    assert scanned_appendix.reader == "pdf" and scanned_appendix.ocr_pages == 1
    page = appendix_pages[1]
    reference = [
        o for o in to_observations(from_pdf.appendix) if o["locator"].startswith(f"page {page} row ")
    ]
    scanned = to_observations(scanned_appendix.appendix)
    assert all("ocr" in o["flags"].split() for o in scanned)
    # the scan's page 1 is the PDF's page ``page``: the same rows of the page's table
    by_row = {o["locator"].replace("page 1 ", f"page {page} "): o for o in scanned}
    assert set(by_row) == {o["locator"] for o in reference}
    right = wrong_taken = 0
    for want in reference:
        got = by_row[want["locator"]]
        if got["value"] == want["value"] and got["denominator"] == want["denominator"]:
            right += 1
        elif got["value"] is not None:
            wrong_taken += 1
    assert right >= 0.9 * sum(o["value"] is not None for o in reference)
    assert wrong_taken == 0  # a misread figure is never a number: flagged, kept raw
    raw = {o["raw_value"] for o in scanned}
    assert {EXPECTED[("1.1", 2)], EXPECTED[("1.2", 0)], EXPECTED[("1.5", 1)]} <= raw


def test_scan_low_confidence_and_letters_are_kept_raw():
    from cchc_analysis.sources.model import AppendixRow

    rows = [
        AppendixRow(
            ("1.", "Số phòng", "phòng", "3", ""), "page 1 row 3", confidence=(40.0, 95.0, 96.0, 41.0, None)
        ),
        AppendixRow(
            ("", "- Số nhiệm vụ", "Nhiệm vụ", "1O", ""),
            "page 1 row 4",
            confidence=(None, 95.0, 96.0, 93.0, None),
        ),
        AppendixRow(
            ("", "- Số văn bản", "Văn bản", "12", ""),
            "page 1 row 5",
            confidence=(None, 95.0, 96.0, 93.0, None),
        ),
    ]
    low, letter, good = to_observations(rows)
    assert low["value"] is None and low["raw_value"] == "3" and low["ocr_confidence"] == 41.0
    assert low["flags"] == "ocr ocr_low_confidence" and "41/100" in low["note"]
    assert "STT “1.” đọc bằng OCR không chắc chắn (độ tin cậy 40/100)" in low["note"]
    assert letter["value"] is None and letter["raw_value"] == "1O"
    assert "ocr_letter_for_digit" in letter["flags"] and "O/0" in letter["note"]
    assert good["value"] == 12.0 and good["flags"] == "ocr" and good["ocr_confidence"] == 93.0


def test_scan_without_tesseract_is_one_line_and_text_layer_still_reads(
    scanned_appendix, opening_pdf, pdf_dir, monkeypatch, tmp_path
):
    scan = pdf_dir / "scan_appendix.pdf"
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    with pytest.raises(SourceError) as caught:
        read_report(scan)
    assert str(caught.value) == (
        "scan_appendix.pdf: a scanned document (no text layer): reading it needs the OCR engine "
        f"Tesseract, which is not installed: {INSTALL}"
    )
    assert INSTALL == "apt-get install tesseract-ocr tesseract-ocr-vie"
    opening = read_report(opening_pdf)  # a text layer needs no OCR engine
    assert opening.ocr_pages == 0 and opening.paragraphs[3].text == "BÁO CÁO"


def test_scanned_image_is_read_by_ocr(tmp_path):
    """A photo/scan saved as PNG: its lines typed here in DejaVu Sans at 300 dpi, 12 pt."""
    font = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"), 50)
    lines = ["BAN DÂN TỘC", "BÁO CÁO", "Kết quả cải cách hành chính 6 tháng đầu năm 2023"]
    image = Image.new("L", (1800, 420), 255)
    for n, line in enumerate(lines):
        ImageDraw.Draw(image).text((60, 40 + n * 120), line, font=font, fill=0)
    path = tmp_path / "anh_chup.png"
    image.save(path, dpi=(300, 300))
    report = read_report(path)
    assert (report.reader, report.pages, report.ocr_pages) == ("image", 1, 1)
    assert [p.text for p in report.paragraphs] == lines
    assert [p.locator for p in report.paragraphs] == ["page 1 line 1", "page 1 line 2", "page 1 line 3"]
    (tmp_path / "hong.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    with pytest.raises(SourceError, match=r"^hong.png: not a readable image"):
        read_report(tmp_path / "hong.png")


# --- signature, limits, damage ----------------------------------------------------------------


def _signed_copy(source: Path, path: Path, name: str | None) -> Path:
    """``source`` with a signature field whose CMS holds a certificate for "Nguyễn Văn An"
    (self-signed) and, when ``name``, a /Name; the digest is not over the file (never checked)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An")])
    now = dt.datetime(2023, 7, 5, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(12)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    cms = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"report")
        .add_signer(certificate, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])
    )
    writer = PdfWriter(clone_from=PdfReader(source))
    value = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Sig"),
            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
            NameObject("/M"): TextStringObject("D:20230705091500+07'00'"),
            NameObject("/Contents"): ByteStringObject(cms + bytes(64)),
            NameObject("/ByteRange"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    if name:
        value[NameObject("/Name")] = TextStringObject(name)
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("Signature1"),
            NameObject("/V"): writer._add_object(value),
        }
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
    )
    writer.write(path)
    return path


def test_signature_recorded_not_validated(opening_pdf, pdf_dir):
    signed = _signed_copy(opening_pdf, pdf_dir / "signed.pdf", name=None)
    assert read_signature(opening_pdf) is None
    signature = read_signature(signed)
    assert signature.signer == "Nguyễn Văn An"  # from the certificate: no /Name
    assert signature.signed_at == "2023-07-05T09:15:00+07:00"
    named = read_signature(_signed_copy(opening_pdf, pdf_dir / "named.pdf", name="Lê Thị Bình"))
    assert named.signer == "Lê Thị Bình"
    result = ingest_file(signed, "signed.pdf")
    source = result.rows["sources"][0]
    assert (
        source["reader"],
        source["signed"],
        source["signer"],
        source["signature_validated"],
        source["pages"],
        source["ocr_pages"],
    ) == ("pdf", True, "Nguyễn Văn An", False, 2, 0)
    entry = manifest([result], Inputs())["inputs"][0]
    assert entry["signed"] is True and entry["signature"] == {
        "signer": "Nguyễn Văn An",
        "signed_at": "2023-07-05T09:15:00+07:00",
        "validated": False,
        "note": "recorded as the PDF declares it; not validated (certificate chain, revocation "
        "and the signed digest are not checked)",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "the file is empty"),
        ("text.pdf", "BÁO CÁO\tx".encode(), "not a readable PDF file: it does not start with '%PDF-'"),
        ("cut.pdf", None, "not a readable PDF file"),
    ],
)
def test_bad_pdf_is_one_line_naming_it(text_pdf, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if content is not None else text_pdf.read_bytes()[:3000])
    with pytest.raises(SourceError) as caught:
        read_report(path)
    assert str(caught.value).startswith(f"{name}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_page_limit(text_pdf):
    with pytest.raises(SourceError, match=r"over the limit of 5 \(raise it with --max-pages\)"):
        read_report(text_pdf, Limits(max_pages=5))


def test_report_marks_the_figures_read_by_ocr():
    row = {
        "code": "4.1.1",
        "item": 0,
        "label": "Số phòng thuộc Ban",
        "unit": "phòng",
        "value": 3.0,
        "numerator": None,
        "denominator": None,
        "codes": None,
        "note": None,
        "ocr_confidence": 93.0,
        "locator": "page 19 row 21",
        "implementer": None,
        "decimals": 0,
        "anchor": "dong-scan-pdf-21",
        "issues": [],
    }
    typed = {**row, "code": "4.1.2", "ocr_confidence": None, "value": 2.0, "anchor": "dong-scan-pdf-22"}
    section = {"rows": [row, typed], "ocr_line": ocr_summary(1, 2)}
    html = render_template("report/appendix.html.j2", s=section, model={"kind": "report"})
    assert html.count('<span class="ocr"') == 1  # the OCR figure only
    assert 'title="Số liệu đọc bằng OCR từ bản quét (độ tin cậy 93/100): đối chiếu với bản gốc"' in html
    assert (
        "1 số liệu của phụ lục được đọc bằng OCR từ bản quét (đánh dấu OCR); OCR có thể đọc "
        "nhầm chữ số, hãy đối chiếu với bản gốc trước khi dùng. 2 ô OCR không đọc chắc chắn "
        "được giữ nguyên văn, không lấy làm số liệu."
    ) in html
    assert ocr_summary(0, 0) == ""
    assert paged_source(25, 25, True, "Nguyễn Văn An", "2023-07-05T09:15:00+07:00") == (
        "25 trang, 25 trang là bản quét, đọc bằng OCR; có chữ ký số (Nguyễn Văn An lúc "
        "2023-07-05T09:15:00+07:00), chưa được kiểm tra tính hợp lệ"
    )
    assert paged_source(24, 0, False, None, None) == "24 trang; không có chữ ký số"
    assert paged_source(None, None, None, None, None) == ""  # a text or Office file


@pytest.mark.slow
def test_whole_scan_reads_like_the_report(text_pdf, pdf_dir, from_pdf):
    """The whole report scanned: at least 95 % of the appendix's figures right, none wrong taken
    as a number, every row in its place; the narrative's sections found, their headings as OCR
    read them (it may misread a heading's numeral or a diacritic: "III." as "II.")."""
    scanned = read_pdf(scan_pdf(text_pdf, pdf_dir / "scan_full.pdf"))
    assert scanned.ocr_pages == scanned.pages == from_pdf.pages
    reference = to_observations(from_pdf.appendix)
    by_row = {o["locator"]: o for o in to_observations(scanned.appendix)}
    assert set(by_row) == {o["locator"] for o in reference}
    with_value = [o for o in reference if o["value"] is not None]
    right = sum(by_row[o["locator"]]["value"] == o["value"] for o in with_value)
    assert right >= 0.95 * len(with_value)
    wrong = [
        o["locator"]
        for o in reference
        if by_row[o["locator"]]["value"] is not None and by_row[o["locator"]]["value"] != o["value"]
    ]
    assert wrong == []
    headings = [s["heading"] for s in sections(scanned.paragraphs) if s["level"] == 1]
    found = [max(SECTIONS, key=lambda h: SequenceMatcher(None, h, got).ratio()) for got in headings]
    assert len(set(found)) >= 4 and all(
        SequenceMatcher(None, want, got).ratio() > 0.8 for want, got in zip(found, headings)
    )
