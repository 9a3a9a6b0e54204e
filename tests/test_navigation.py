"""Navigation between a render's pages and inside a report: the breadcrumb and the links of the
index, overview, province and agency pages (relative, resolving to files of the folder), the PDF's
bookmarks, tags, language and contents with page numbers, and the appendix's sorting and filters.

The seed is rendered once for the module (HTML and PDF, the real kernels and Chromium)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import pytest

from cchc_analysis.report.page import navigation
from cchc_analysis.report.run.render import render

from browser import CHROMIUM, open_page

PAGES = {
    "report": Path("khanh-hoa/ban-dan-toc/2023-H1/report.html"),
    "overview": Path("khanh-hoa/2023-H1/overview.html"),
    "province": Path("khanh-hoa/toan-tinh/2023-H1/province.html"),
    "index": Path("index.html"),
}
#: The report's sections as its contents name them, in order (templates/report/title.html.j2).
SECTIONS = (
    "Cần làm rõ với cơ quan",
    "Chỉ số chính",
    "Chất lượng dữ liệu",
    "Số liệu nêu trong thuyết minh",
    "Phụ lục số liệu",
)


@pytest.fixture(scope="module")
def rendered(seed_store, tmp_path_factory) -> Path:
    """The seed's reports, overview, province page and index, rendered once (HTML and PDF)."""
    if not CHROMIUM:
        pytest.skip("no Chromium to print the PDF")
    out = tmp_path_factory.mktemp("nav") / "reports"
    result = render(seed_store, out, formats=("html", "pdf"), jobs=1, progress=False, log=None)
    assert result.exit_code == 0, [o.error for o in result.outcomes]
    return out


class Links(HTMLParser):
    """Every ``href`` of a page, the ids it defines, and its breadcrumb's items (label, href)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.crumbs: list[list] = []
        self._in_crumbs = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "nav" and attrs.get("class") == "breadcrumb":
            self._in_crumbs = True
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if self._in_crumbs and tag == "li":
            self.crumbs.append(["", None])
        if self._in_crumbs and tag == "a":
            self.crumbs[-1][1] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_crumbs = False

    def handle_data(self, data):
        if self._in_crumbs and self.crumbs:
            self.crumbs[-1][0] += data


def links_of(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_each_page_has_its_breadcrumb_province_period_agency(rendered):
    crumbs = {kind: links_of(rendered / page).crumbs for kind, page in PAGES.items()}
    labels = {kind: [label for label, _ in c] for kind, c in crumbs.items()}
    assert labels["report"] == ["Danh mục báo cáo", "Khánh Hòa", "6 tháng đầu năm 2023", "Ban Dân tộc"]
    assert labels["overview"] == ["Danh mục báo cáo", "Khánh Hòa", "6 tháng đầu năm 2023"]
    assert labels["province"] == ["Danh mục báo cáo", "Khánh Hòa"]
    assert labels["index"] == []  # the index is the top
    # the page itself is the last crumb, not a link; every crumb above it is one
    for kind in ("report", "overview", "province"):
        assert crumbs[kind][-1][1] is None
        assert all(href for _, href in crumbs[kind][:-1])
    report = dict(crumbs["report"])
    assert (rendered / PAGES["report"].parent / report["Khánh Hòa"]).resolve() == (
        rendered / PAGES["province"]
    ).resolve()
    assert (rendered / PAGES["report"].parent / report["6 tháng đầu năm 2023"]).resolve() == (
        rendered / PAGES["overview"]
    ).resolve()


def test_every_link_between_pages_is_relative_and_leads_to_a_file_and_its_anchor(rendered):
    followed = set()
    for page in PAGES.values():
        path = rendered / page
        for href in links_of(path).hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (page, href)
            if not parts.path:  # an anchor in the page itself
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page, href)
            assert rendered.resolve() in target.parents  # never outside the shared folder
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in links_of(target).ids, (page, href)
            followed.add(target.relative_to(rendered.resolve()).as_posix())
    # the pages reach one another: overview ↔ agency ↔ province, each ↔ the index
    assert {p.as_posix() for p in PAGES.values()} <= followed


def test_the_overview_links_each_agency_report_and_the_province_page_its_overview(rendered):
    overview = links_of(rendered / PAGES["overview"]).hrefs
    assert "../ban-dan-toc/2023-H1/report.html" in overview
    province = links_of(rendered / PAGES["province"]).hrefs
    assert "../../2023-H1/overview.html" in province


def test_reports_of_no_province_link_no_province_page():
    """A report whose province is unknown has no province page: its crumb is text, not a link."""
    model = {
        "kind": "report",
        "agency": "Sở Thử Nghiệm",
        "period": "2023-Q3",
        "sections": {"title": {"province": None, "period_label": "quý III năm 2023"}},
    }
    crumbs = navigation.crumbs(model)
    assert [c["label"] for c in crumbs] == [
        "Danh mục báo cáo",
        "Chưa rõ tỉnh",
        "quý III năm 2023",
        "Sở Thử Nghiệm",
    ]
    assert [c["href"] for c in crumbs] == [
        "../../../index.html#ky-chua-ro-tinh-2023-q3",
        None,
        "../../2023-Q3/overview.html",
        None,
    ]


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page from 1), in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_the_pdf_has_bookmarks_tags_and_says_it_is_vietnamese(rendered):
    reader = pypdf.PdfReader(rendered / PAGES["report"].with_suffix(".pdf"))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "vi"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    marks = outline(reader)
    assert marks[0][:2] == (0, "Ban Dân tộc")
    sections = [title for depth, title, _ in marks if depth == 1]
    assert [s for s in sections if s in SECTIONS] == list(SECTIONS)
    assert "1 Lỗi: Mẫu số khác dòng tổng · mục 7.6.3" in {title for depth, title, _ in marks if depth == 2}


def test_the_contents_give_the_page_each_section_starts_on(rendered):
    reader = pypdf.PdfReader(rendered / PAGES["report"].with_suffix(".pdf"))
    first = reader.pages[0].extract_text()
    contents = first[first.index("Nội dung") :]
    listed = dict(re.findall(r"^\d+\. (.+?) (\d+)$", contents, re.M))
    marks = {title: page for depth, title, page in outline(reader) if depth == 1}
    for section in SECTIONS:
        assert int(listed[section]) == marks[section], section
    assert int(listed["Phụ lục số liệu"]) > int(listed["Chất lượng dữ liệu"]) > 1  # not all page 1
    assert int(listed["Nguồn gốc dữ liệu"]) in (
        len(reader.pages) - 1,
        len(reader.pages),
    )  # the last section, ending the PDF


def test_the_appendix_rows_carry_their_full_code_domain_and_findings(rendered):
    html = (rendered / PAGES["report"]).read_text(encoding="utf-8")
    rows = {
        m.group(2): m.group(1)
        for m in re.finditer(r'<tr ([^>]*)><td class="stt">(?:<span class="subcode">)?([^<]+)<', html)
    }
    # 7.6.3 carries the contradictions of its sub-rows (errors); 1.1 only a warning
    assert 'data-severity="error' in rows["7.6.3[1]"] and "7. Xây dựng" in rows["7.6.3[1]"]
    assert 'data-severity="warning"' in rows["1.1"] and 'data-domain="1. Công tác chỉ đạo' in rows["1.1"]
    assert "data-severity" not in rows["1.2"]


@pytest.fixture(scope="module")
def browser(rendered, tmp_path_factory):
    page = open_page((rendered / PAGES["report"]).as_uri(), tmp_path_factory.mktemp("profile"))
    yield page
    page.close()


ROWS = """Array.from(document.querySelectorAll('#tbl-appendix tbody tr')).map(r => [
  r.classList.contains('sub'), r.cells[0].textContent, r.cells[2].textContent.trim()])"""


def test_sorting_keeps_sub_rows_under_their_parent_and_units_apart(browser):
    browser.evaluate(
        "new DataTable.Api(document.querySelector('#tbl-appendix')).order([3, 'desc']).draw(); 1"
    )
    rows = browser.evaluate(ROWS)
    groups: list[list] = []  # a parent row and its sub-rows: [code, unit, sub-row codes]
    for sub, code, unit in rows:
        if sub:
            assert code.startswith(groups[-1][0] + "["), (code, groups[-1][0])  # under its parent
        else:
            groups.append([code, "", []])
        groups[-1][1] = groups[-1][1] or unit  # the group's unit: its parent's, or its first row's
    units = [unit for _, unit, _ in groups]
    runs = [unit for n, unit in enumerate(units) if n == 0 or units[n - 1] != unit]
    assert len(runs) == len(set(runs)), runs  # each unit's rows together, none coming back
    assert rows[0][1] != "1"  # it did sort (the table begins with area 1)
    # within the unit Văn bản, the largest first: 7.6.3 (655 văn bản) before 1.2 (10)
    codes = [code for _, code, _ in rows]
    assert codes.index("7.6.3") < codes.index("1.2") < codes.index("2.1")


def test_the_appendix_filters_by_domain_and_by_severity(browser):
    choose = """(value, n) => {{ const s = document.querySelector('#tbl-appendix').closest('.dt-container')
      .querySelectorAll('.dt-filters select')[n]; s.value = value; s.dispatchEvent(new Event('change')); }}"""
    browser.evaluate(f"({choose})('error', 1)")
    shown = [code for _, code, _ in browser.evaluate(ROWS)]
    # the errors of the seed: 7.6.3 (its sub-rows' rates and their denominator) and 3.4.7.1 (the
    # narrative's count of online files); each code's rows whole
    errors = [
        "7.6.3",
        "7.6.3[1]",
        "7.6.3[2]",
        "3.4.7.1",
        "3.4.7.1[1]",
        "3.4.7.1[2]",
        "3.4.7.1[3]",
        "3.4.7.1[4]",
    ]
    assert sorted(shown) == sorted(errors)
    browser.evaluate(f"({choose})('', 1)")
    browser.evaluate(f"({choose})('2. Cải cách thể chế', 0)")
    shown = [code for _, code, _ in browser.evaluate(ROWS)]
    assert shown[0] == "2" and len(shown) > 3 and all(c.split(".")[0].split("[")[0] == "2" for c in shown)
    assert browser.console == []


def test_at_phone_width_the_page_never_scrolls_sideways(browser):
    browser.call(
        "Emulation.setDeviceMetricsOverride", width=390, height=800, deviceScaleFactor=1, mobile=True
    )
    browser.settle(0.3)
    assert browser.evaluate("document.documentElement.scrollWidth") == 390
    # the appendix scrolls inside its own box
    assert (
        browser.evaluate(
            "(() => { const w = document.querySelector('#tbl-appendix').closest('.table-wrap');"
            " return getComputedStyle(w).overflowX; })()"
        )
        == "auto"
    )
    # findings are cards: no header row shown, one block per finding
    assert (
        browser.evaluate("getComputedStyle(document.querySelector('table.findings tbody tr')).display")
        == "block"
    )


def test_no_page_of_the_pdf_ends_with_a_heading_or_a_caption(rendered):
    reader = pypdf.PdfReader(rendered / PAGES["report"].with_suffix(".pdf"))
    html = (rendered / PAGES["report"]).read_text(encoding="utf-8")
    captions = set(re.findall(r"<caption>([^<]+)</caption>", html))
    assert "Phụ lục: thống kê số liệu cải cách hành chính" in captions
    headings = {title for _, title, _ in outline(reader)} | captions
    for number, page in enumerate(reader.pages[:-1], start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"Trang \d+/\d+", line)]
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"
