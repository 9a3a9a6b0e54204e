"""Generated workbooks, Word documents and PDFs fed to the readers: sparse far cells, wrong or
absent dimensions, merged cells, many columns, nested tables, spans, broken XML, odd page sizes
and empty pages. Each is read or refused with the reader's one-line SourceError naming the file,
within a few seconds (a guard turns a hang into a failure); never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from cchc_analysis.errors import SourceError
from cchc_analysis.sources import read_report
from cchc_analysis.sources.limits import Limits

from hostile import deadline, raw_docx, raw_xlsx

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: Limits small enough that a generated file reaches them; a blank page is never sent to OCR.
LIMITS = Limits(max_rows=2_000, max_columns=300, max_cells=20_000, max_pages=4, max_page_pixels=1)
GUARD = 5  # seconds: far over any refusal, far under a hang
TEXTS = st.sampled_from(
    [
        "STT",
        "Chỉ tiêu thống kê",
        "Phụ lục 2",
        "BÁO CÁO",
        "Đơn vị tính",
        "Số liệu",
        "5,88",
        "95,7 %",
        "",
        " ",
        "1.402",
        "<&>",
        "\u202e",
    ]
)


def outcome(path: Path) -> None:
    """Read the file within the guard: a report, or a one-line SourceError naming the file."""
    try:
        with deadline(GUARD):
            read_report(path, LIMITS)
    except SourceError as exc:
        assert str(exc).startswith(f"{path.name}: ") and "\n" not in str(exc), str(exc)


@st.composite
def cells(draw) -> str:
    """One cell: a far or near position (or none), any type tag, a value that may not fit it."""
    row = draw(st.one_of(st.integers(1, 40), st.integers(1, 1_048_576)))
    column = draw(st.one_of(st.integers(1, 12), st.integers(1, 16_384)))
    where = f' r="{get_column_letter(column)}{row}"' if draw(st.booleans()) else ""
    kind, value = draw(
        st.sampled_from(
            [("n", "1"), ("n", "5.88"), ("n", "abc"), ("s", "0"), ("b", "1"), ("e", "#DIV/0!"), ("str", "x")]
        )
    )
    if draw(st.booleans()):
        text = draw(TEXTS).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'
    return f'<c{where} t="{kind}"><v>{value}</v></c>'


@st.composite
def sheet_rows(draw) -> list[str]:
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        number = draw(st.one_of(st.integers(1, 60), st.integers(1, 1_048_576), st.none()))
        body = "".join(draw(st.lists(cells(), max_size=6)))
        if draw(st.integers(0, 9)) == 0:  # a row of many columns
            body += "<c><v>1</v></c>" * draw(st.integers(1, 600))
        where = f' r="{number}"' if number else ""
        rows.append(f"<row{where}>{body}</row>")
    return rows


DIMENSIONS = st.one_of(
    st.none(),
    st.sampled_from(
        ["A1", "A1:E40", "A1:XFD1048576", "A1:XFD10", "B2:A1", "ZZZZ1", "A0", "", "A1:E40:F1", "XFE1"]
    ),
)
MERGED = st.lists(st.sampled_from(["A1:E1", "A5:A6", "C5:D5", "A1:XFD1048576", "B2", "Z9:A1"]), max_size=3)


@FUZZ
@given(sheet_rows(), DIMENSIONS, MERGED, st.integers(0, 40))
def test_generated_workbooks_are_read_or_refused_in_one_line(tmp_path_factory, rows, dimension, merged, cut):
    path = raw_xlsx(tmp_path_factory.mktemp("x") / "w.xlsx", rows, dimension, merged)
    if cut == 1:  # a package cut off mid-file
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    outcome(path)


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


@st.composite
def word_tables(draw, depth: int = 0) -> str:
    """A table of a few rows, its cells spanning, merging vertically, or nesting a table."""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        cells_xml = []
        for _ in range(draw(st.integers(0, 6))):
            props = ""
            if draw(st.integers(0, 3)) == 0:
                props += (
                    f'<w:gridSpan w:val="{draw(st.sampled_from(["2", "0", "-3", "400", "5000000", "x"]))}"/>'
                )
            if draw(st.booleans()):
                props += "<w:vMerge/>" if draw(st.booleans()) else '<w:vMerge w:val="restart"/>'
            inner = draw(word_tables(depth + 1)) if depth < 3 and draw(st.integers(0, 4)) == 0 else ""
            cells_xml.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_paragraph(draw(TEXTS))}{inner}</w:tc>")
        before = f'<w:trPr><w:gridBefore w:val="{draw(st.integers(0, 2))}"/></w:trPr>'
        rows.append(f"<w:tr>{before if draw(st.booleans()) else ''}{''.join(cells_xml)}</w:tr>")
    grid = "<w:gridCol/>" * draw(st.sampled_from([0, 1, 5, 2000]))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


@FUZZ
@given(
    st.lists(st.one_of(TEXTS.map(_paragraph), word_tables()), max_size=6),
    st.sampled_from([0, 0, 0, 2000]),
    st.integers(0, 9),
)
def test_generated_word_documents_are_read_or_refused_in_one_line(tmp_path_factory, blocks, many, cut):
    body = "".join(blocks) + _paragraph("a") * many  # many paragraphs, within every limit
    if cut == 1:  # broken XML: an element cut off
        body = body[: len(body) // 2]
    outcome(raw_docx(tmp_path_factory.mktemp("d") / "r.docx", body))


SIZES = st.one_of(st.floats(1, 50), st.floats(50, 2000), st.floats(2000, 20_000))


@FUZZ
@given(st.lists(st.tuples(SIZES, SIZES), max_size=6), st.integers(0, 9))
def test_generated_pdfs_are_read_or_refused_in_one_line(tmp_path_factory, pages, cut):
    writer = pypdf.PdfWriter()
    for width, height in pages:
        writer.add_blank_page(width, height)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    path = tmp_path_factory.mktemp("p") / "r.pdf"
    path.write_bytes(data[: len(data) // 2] if cut == 1 else data)
    outcome(path)
