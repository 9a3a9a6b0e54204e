"""Text PDFs as agencies file them read exactly, every appendix cell: LibreOffice's export of the
seed's Word report with a narrow "Số liệu" column (figures cut by the cell's edge), the same
signed, the appendix as a web form printed by Chromium (rows cut by page breaks, drawn without
the border on the cut), and a landscape appendix.

Each PDF is built and read once per session (LibreOffice ~3 s, Chromium ~2 s, a read ~3 s) and
scored against the seed's text version, observation by observation; a few wrapped or split cells
are typed by hand. The signed and landscape copies run under the ``slow`` marker (CI).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest
from test_sources_pdf import _signed_copy

from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.sources.pages import Page, Rule, Word, layout
from cchc_analysis.sources.pdf import read_pdf

from builders import seed_report
from builders_pdf import (
    LANDSCAPE_WIDTHS_CM,
    NARROW_WIDTHS_CM,
    appendix_html,
    build_pdf_docx,
    print_html,
    relaid_docx,
    to_pdf,
)

#: Every column of an observation the reader's cells decide.
COLUMNS = ("code", "item", "label", "unit", "value", "raw_value")
#: Typed by hand from data/raw/000_8a77118b8e337001.txt: (code, item) → (unit, raw "Số liệu").
WRAPPED = {
    ("7.6.3", 0): ("Văn bản", "655"),
    ("7.6.3", 1): ("%", "681/712 đạt tỷ lệ 95,7 %"),
    ("7.6.3", 2): ("%", "31/712 đạt tỷ lệ 4, 3%"),
    ("3.4.7.1", 3): ("%", "100"),
    ("4.2", 5): ("%", "5,88"),
    ("7.5", 0): ("Cổng/trang", None),
    ("7.5", 1): ("Chưa = 0 Có = 1", "1"),
}


def _appendix_only():
    """The seed without its narrative (the text_pdf tests read that): half the pages to read."""
    return dataclasses.replace(seed_report(), paragraphs=[])


@pytest.fixture(scope="session")
def narrow_pdf(pdf_dir: Path) -> Path:
    """The Word report with the value column squeezed to 1.1 cm, printed by LibreOffice."""
    docx = build_pdf_docx(_appendix_only(), pdf_dir / "cot_hep.docx")
    return to_pdf(relaid_docx(docx, NARROW_WIDTHS_CM), pdf_dir)


@pytest.fixture(scope="session")
def signed_pdf(narrow_pdf: Path, pdf_dir: Path) -> Path:
    return _signed_copy(narrow_pdf, pdf_dir / "cot_hep_da_ky.pdf", name=None)


@pytest.fixture(scope="session")
def landscape_pdf(pdf_dir: Path) -> Path:
    docx = build_pdf_docx(_appendix_only(), pdf_dir / "trang_ngang.docx")
    return to_pdf(relaid_docx(docx, LANDSCAPE_WIDTHS_CM, landscape=True), pdf_dir)


@pytest.fixture(scope="session")
def web_pdf(pdf_dir: Path) -> Path:
    """The appendix as a bordered HTML table, printed to PDF by headless Chromium."""
    return print_html(appendix_html(seed_report(), pdf_dir / "phu_luc.html"), pdf_dir / "phu_luc_web.pdf")


@pytest.fixture(scope="session")
def read(request):
    """Each PDF fixture (by name) read once for the session."""
    reports = {}

    def reading(name: str):
        if name not in reports:
            reports[name] = read_pdf(request.getfixturevalue(name))
        return reports[name]

    return reading


def _words(pdf: Path, pages: set[int]) -> list[list[str]]:
    with pdfplumber.open(pdf) as document:
        return [[w["text"] for w in document.pages[n - 1].extract_words()] for n in sorted(pages)]


def _page_of(report, code: str) -> int:
    return int(next(row for row in report.appendix if row.stt.rstrip(".") == code).locator.split()[1])


def test_fixtures_wrap_figures_and_cut_rows(narrow_pdf, web_pdf, read):
    """The fixtures do what they are for: figures cut inside their cells, a row cut by a page."""
    narrow = read("narrow_pdf")
    pages = {_page_of(narrow, code) for code in ("7.6.3", "4.3", "3.4.1.1")}
    words = [w for page in _words(narrow_pdf, pages) for w in page]
    assert {"68", "1/7", "12", "65", "5,8", "3.4.1"} <= set(words)  # "681/712" "655" "5,88" "3.4.1.1."
    pages = _words(web_pdf, {1, 2})
    assert "Thực" in pages[0] and pages[1][pages[1].index("tính") + 1] == "theo"  # 1.4 goes on


@pytest.mark.parametrize(
    "pdf",
    [
        "narrow_pdf",
        "web_pdf",
        pytest.param("signed_pdf", marks=pytest.mark.slow),  # ~3 s more: CI
        pytest.param("landscape_pdf", marks=pytest.mark.slow),  # ~5 s more: CI
    ],
)
def test_every_cell_equals_the_text_exports(pdf, read, request):
    report = read(pdf)
    want, got = to_observations(seed_report().appendix), to_observations(report.appendix)
    assert len(got) == len(want) == 151
    for expected, found in zip(want, got):
        for column in COLUMNS:
            assert found[column] == expected[column], (pdf, found["locator"], column)
    by_key = {(o["code"], o["item"]): o for o in got}
    for key, (unit, raw) in WRAPPED.items():
        assert (by_key[key]["unit"], by_key[key]["raw_value"]) == (unit, raw), (pdf, key)
    assert by_key[("7.6.3", 1)]["value"] == 95.7 and by_key[("7.6.3", 0)]["value"] == 655
    assert (report.signature is not None) == (pdf == "signed_pdf")
    if pdf == "landscape_pdf":
        with pdfplumber.open(request.getfixturevalue(pdf)) as document:
            assert all(page.width > page.height for page in document.pages)


def test_row_cut_by_the_page_is_whole(read):
    """Row 1.4 starts at page 1's foot (no border below) and ends under page 2's header."""
    row = next(r for r in read("web_pdf").appendix if r.stt == "1.4.")
    assert row.locator == "page 1 row 15"
    assert row.label.endswith("được lồng ghép trong quy chế đánh giá cán bộ, công chức)</i>")
    assert row.cells[2] == "Tháng" and row.cells[4] == "- Ban Dân tộc"


# --- a cell's lines, from the characters' evidence --------------------------------------------


def _cell_page(lines: list[list[tuple[str, float, bool]]], top_rule: float = 100.0) -> Page:
    """One ruled cell from x 100 to 140 (text 104–136) holding ``lines`` of (word, x0, space
    drawn after it); glyphs 6 pt wide, 11 pt high, a space 3.5 pt; sides from y 100 to 200."""
    words = []
    for n, line in enumerate(lines):
        top = 104 + 13 * n
        for text, x0, space in line:
            words.append(Word(text, x0, x0 + 6 * len(text), top, top + 11, space_after=space))
    horizontal = [Rule(top_rule, 100, 140), Rule(200, 100, 140)]
    vertical = [Rule(100, 100, 200), Rule(140, 100, 200)]
    return Page(1, 600, 800, words, horizontal, vertical, space=3.5)


def _cell(page: Page) -> str:
    tables, _ = layout(page)
    return tables[0].rows[-1][0].text


def test_a_figure_cut_by_the_cells_edge_is_one_figure():
    # "68123" fills the line to 134 (the next 6 pt glyph would end past 136), "45" goes on
    assert _cell(_cell_page([[("68123", 104, False)], [("45", 104, False)]])) == "6812345"
    assert _cell(_cell_page([[("1.3.1", 104, False)], [(".", 104, False)]])) == "1.3.1."


def test_real_words_keep_their_space():
    # a drawn space at the line's end: a space, whatever the figures
    assert _cell(_cell_page([[("68123", 104, True)], [("45", 104, False)]])) == "68123 45"
    # "12" and "15" fit side by side: no renderer cut them, the line broke at a space
    assert _cell(_cell_page([[("12", 104, False), ("1", 122, False)], [("15", 104, False)]])) == "12 1 15"
    # letters cut at the edge with no drawn space: unsure, the space is kept
    assert _cell(_cell_page([[("đạtab", 104, False)], [("tỷ", 104, False)]])) == "đạtab tỷ"
    # a short line that ended its paragraph ("Chưa = 0" then "Có = 1"): a space
    assert _cell(_cell_page([[("0", 104, False)], [("Có", 104, False)]])) == "0 Có"


def test_a_table_without_its_top_border_keeps_its_first_words():
    """The sides reach above the first rule (a browser's continuation drawn without the border
    on the cut): the words there are the table's, not text."""
    page = _cell_page([[("theo", 104, False)], [("số", 104, False)]], top_rule=115.0)
    tables, lines = layout(page)
    assert [row[0].text for row in tables[0].rows] == ["theo", "số"] and lines == []
