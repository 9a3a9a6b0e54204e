"""`cchc render` / `cchc verify` on the real seed: content, model, PDF, browser view, escaping,
failures, incremental reuse, verification.

The seed is ingested and rendered ONCE per module, by real kernels, into a relative output folder
with two jobs in parallel (:func:`batch`); tests that are about the batch's bookkeeping (reuse,
invalidation, failures, a missing Pango) replay that batch's executed notebooks instead of
starting kernels again (:func:`replay`). ``cchc verify`` re-renders for real. Navigation
between the batch's pages and inside a report (breadcrumb, relative links, the PDF's bookmarks,
tags, language and contents with page numbers, the appendix's sorting and filters) is read off
the same batch, at the end.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import papermill as pm
import pypdf
import pytest

from cchc_analysis.cli import main
from cchc_analysis.report import dependencies as cache
from cchc_analysis.report.content import model
from cchc_analysis.report.page import convert as export
from cchc_analysis.report.page import html as page
from cchc_analysis.report.page import navigation
from cchc_analysis.report.page import searchable as tables
from cchc_analysis.report.paths import agency_slugs, inside, period_folder, slugify
from cchc_analysis.report.run import render as render_module
from cchc_analysis.report.run.jobs import REPORT_NOTEBOOK, plan
from cchc_analysis.report.run.render import render
from cchc_analysis.report.run.verify import verify
from cchc_analysis.store import open_store

from browser import HEADLESS, open_page, scripts_of
from builders import SEED
from replay import Replay, in_process_lanes, render_b

ROOT = SEED.parents[2]
AGENCY, PERIOD = "Ban Dân tộc", "2023-H1"
#: The seed's province, from its running text ("Ban Dân tộc tỉnh Khánh Hòa"): its reports' folder.
PROVINCE = "khanh-hoa"
OTHER = "Sở Thử Nghiệm"
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
QUIET = {"progress": False, "log": None}
#: The mark beside a flagged figure (681/712: two errors and a warning on its inputs), its legend.
FLAG = '<span class="flag" title="2 lỗi/cảnh báo ở số liệu đầu vào (xem Chất lượng dữ liệu)">&#x26A0;</span>'
LEGEND = '<p class="legend"><span class="flag">&#x26A0;</span> Chỉ số có lỗi hoặc cảnh báo ở số liệu đầu vào'


def only_the_bundled_script(html: str) -> None:
    """The page's only script is the vendored table library, by its hash, and no markup of the
    page carries an event handler."""
    found = scripts_of(html)
    assert [hashlib.sha256(s.encode("utf-8")).hexdigest() for s in found.scripts] == [tables.script_sha256()]
    assert found.handlers == []
    policy = f'<meta http-equiv="Content-Security-Policy" content="{tables.policy()}">'
    assert policy in unescape(html) and "default-src 'none'" in policy  # allowed: it alone


def ingest(raw: Path, out: Path) -> Path:
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    return out


def seed_variant(folder: Path, name: str, replacements: dict[str, str]) -> Path:
    """A copy of the seed with some text replaced (the raw seed itself is never touched)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_explore(data: Path, out: Path):
    """The analyst's notebook executed on the store (no ``cwd=``: that would chdir the process)."""
    return pm.execute_notebook(
        str(ROOT / "notebooks" / "explore.ipynb"),
        str(out),
        parameters={"data_dir": str(data)},
        progress_bar=False,
        kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The seed ingested and rendered once (HTML + PDF, 2 workers) into the RELATIVE folder "rel",
    with every chdir recorded (``data``, ``out``, ``result``, ``work``, ``moves``)."""
    base = tmp_path_factory.mktemp("seed")
    data = ingest(SEED, base / "processed")
    work = base / "work"
    work.mkdir()
    moves: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.setenv("PYTHONPATH", str(ROOT))  # the kernels import this checkout
        mp.setattr(os, "chdir", moves.append)  # a chdir elsewhere during the run is a race
        result = render(data, "rel", formats=("html", "pdf"), jobs=2, **QUIET)
        assert Path.cwd() == work
    return SimpleNamespace(data=data, out=work / "rel", result=result, work=work, moves=moves)


class _Runs:
    """The replayed runs, compared and counted like a list of their parameters."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay

    def __len__(self) -> int:
        return len(self.replay.runs())

    def __eq__(self, other: object) -> bool:
        return self.replay.runs() == other


@pytest.fixture()
def replay(batch, monkeypatch, tmp_path_factory):
    """Notebooks replayed from the module's batch instead of run by kernels (:mod:`replay`), in
    this process; a report of OTHER fails in its second cell. Compares and counts like the
    runs' parameters."""
    stand_in = Replay(batch.out, tmp_path_factory.mktemp("replay") / "runs.jsonl", PROVINCE, PERIOD, OTHER)
    monkeypatch.setattr(render_module, "EXECUTE", stand_in)
    monkeypatch.setattr(render_module, "_lanes", in_process_lanes)
    return _Runs(stand_in)


def copy_of(published: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(published, out)
    return out


def report_dir(out: Path) -> Path:
    return out / PROVINCE / "ban-dan-toc" / PERIOD


# --------------------------------------------------------------------------- the seed's report


def test_render_writes_reports_models_overview_and_index(batch):
    out, result, work, moves = batch.out, batch.result, batch.work, batch.moves
    assert result.exit_code == 0
    assert [(o.job.kind, o.status) for o in result.outcomes] == [
        ("report", "rendered"),
        ("overview", "rendered"),
        ("province", "rendered"),
    ]
    for name in ("report.ipynb", "report.json", "report.html", "report.pdf", "render.json"):
        assert (report_dir(out) / name).is_file(), name
    for name in ("overview.ipynb", "overview.json", "overview.html", "overview.pdf", "render.json"):
        assert (out / PROVINCE / PERIOD / name).is_file(), name
    for name in ("province.ipynb", "province.json", "province.html", "province.pdf", "province.xlsx"):
        assert (out / PROVINCE / "toan-tinh" / PERIOD / name).is_file(), name
    manifest = json.loads((report_dir(out) / "render.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and manifest["render_seconds"] > 0 and manifest["rendered_at"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="khanh-hoa/ban-dan-toc/2023-H1/report.html"' in index
    assert 'href="khanh-hoa/2023-H1/overview.pdf"' in index and "Khánh Hòa — 6 tháng đầu năm 2023" in index
    assert 'href="khanh-hoa/toan-tinh/2023-H1/province.html"' in index
    assert 'href="khanh-hoa/toan-tinh/2023-H1/province.xlsx"' in index
    # the index counts issues, as the report header does: one contradiction over sub-rows is one
    assert "Ban Dân tộc" in index and "2 / 7 / 27" in index and not EXTERNAL.search(index)
    assert f"Tỷ lệ văn bản gửi hoàn toàn dưới dạng điện tử: 95,6\u00a0%{FLAG}" in index  # 681/712, flagged
    assert "Tỷ lệ nhiệm vụ kế hoạch CCHC đã hoàn thành: 66,7\u00a0%</li>" in index  # 20/30: clean
    assert LEGEND in index
    # jobs run in threads: nothing changed the process's working folder under them
    assert {str(m) for m in moves} <= {str(work)}  # papermill's own reads chdir to "." and back


def test_the_published_model_is_the_seed_report(batch):
    out = batch.out
    text = (report_dir(out) / "report.json").read_text(encoding="utf-8")
    published = json.loads(text)
    assert text == model.model_json(published)
    documents = published["sections"]["documents"]
    assert (documents["documents"], documents["citations"]) == (51, 64)
    assert published["sections"]["provenance"]["parameters"] == {
        "province": "Khánh Hòa",
        "agency": AGENCY,
        "period": PERIOD,
    }
    assert published["sections"]["title"]["province"] == "Khánh Hòa"
    charts = model.charts_of(published)
    # the rates of the key indicators and the province's tasks as one stacked bar
    assert len(charts) >= 2 and all(len(c["svg_sha256"]) == 64 for c in charts)


def test_report_html_is_vietnamese_self_contained_and_has_no_code(batch):
    out = batch.out
    html = (report_dir(out) / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    for text in (
        "Ban Dân tộc",
        "6 tháng đầu năm 2023",
        "Số liệu phụ lục",
        "Cải cách thủ tục hành chính",
        "Chất lượng dữ liệu",
        "Văn bản được trích dẫn",
        "Nguồn gốc dữ liệu",
        "51 văn bản khác nhau, được trích dẫn 64 lần",
    ):
        assert text in html, text
    assert "5,88\u00a0%" in html and "95,7\u00a0%" in html  # decimal comma, NBSP
    # charts inline, their text as text in the page's embedded font (not drawn as paths)
    assert '<figure class="chart" role="img"' in html and "<svg" in html and "<text " in html
    assert "@font-face" in html and "font/woff2" in html  # the Vietnamese font travels with the file
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    only_the_bundled_script(html)
    assert "require.js" not in html and "MathJax" not in html
    assert "injected-parameters" not in html and "papermill" not in html and "vnd.cchc" not in html
    assert "report.section" not in html and "import " not in html and "In&nbsp;[" not in html
    assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", html)  # no render timestamp
    assert html.count('id="tbl-appendix"') == 1
    # the 62 notes (60 blank rows, 2 rates within rounding): a paragraph per rule, their table
    # folded (errors and warnings listed above)
    listed, folded = html.split('<details class="all-findings">')[:2]  # then the narrative's figures
    assert listed.count('<p class="finding-summary') == 2 and "Dòng để trống</strong>: 60 lưu ý" in listed
    assert (
        listed.count('<tr class="sev-error" id=') + listed.count('<tr class="sev-warning" id=') == 11
    )  # 3 errors, 8 warnings (4.1.1 counted in phòng among them)
    assert folded.split("</details>")[0].count('<tr class="sev-info" id=') == 62
    assert f"95,6\u00a0%{FLAG}</td>" in html  # the report marks the figure as the overview does


def test_report_notebook_keeps_no_run_times(batch):
    out = batch.out
    nb = nbformat.read(report_dir(out) / "report.ipynb", as_version=4)
    assert "start_time" not in nb.metadata["papermill"]
    assert all("execution" not in c.metadata for c in nb.cells)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)  # kept in the ipynb


def test_pdf_is_a4_with_vietnamese_text_and_page_numbers(batch):
    out = batch.out
    pdf = report_dir(out) / "report.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for word in (
        "Số liệu",
        "Ban Dân tộc",
        "Trang 1/",
        "Cải cách thể chế",
        "chính quyền số",
        "95,7",
        "51 văn bản khác nhau",
    ):
        assert word in text, word
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    # the notes are summarised, not printed one per row (24 pages when they were; the summary of
    # the narrative's figures, added since, takes a few lines of its own, and the first screen's
    # issues to raise with the agency two pages and a half)
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) <= 25
    assert "Dòng để trống: 60 lưu ý, ở 26 mục: 1.3.1 (2 dòng), 1.3.2 (2 dòng)" in text
    # the first page: what to raise with the agency, the rates within rounding written out
    assert "Cần làm rõ với cơ quan" in text.split("\f")[0] and "9 vấn đề cần trao đổi" in text.split("\f")[0]
    assert "95,646" in text and "4,354" in text and "95,65" not in text
    assert "Xem từng lưu ý (60 dòng)" not in text and "Phát hiện mức “Lưu ý”" not in text
    assert "“Số sở, ngành đã kiểm tra” để trống" not in text  # the first note's own sentence


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium (CI must have it)")
def test_html_shows_in_a_headless_browser_without_errors(batch, tmp_path):
    from PIL import Image, ImageStat

    out = batch.out
    shot = tmp_path / "report.png"
    run = subprocess.run(
        [
            CHROMIUM,
            *HEADLESS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            (report_dir(out) / "report.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot.is_file(), run.stderr[-2000:]
    assert "Uncaught" not in run.stderr and "CONSOLE" not in run.stderr
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 2000)
    assert ImageStat.Stat(image).stddev[0] > 20  # text, tables and a chart, not a blank page


def test_the_province_report_of_the_bundled_data_is_its_one_agency_summed(batch):
    folder = batch.out / PROVINCE / "toan-tinh" / PERIOD
    shown = json.loads((folder / "province.json").read_text(encoding="utf-8"))
    rows = {(r["code"], r["item"]): r for r in shown["sections"]["rollup"]["rows"]}
    assert (rows[("1.5", 1)]["value"], rows[("1.5", 1)]["reported"], rows[("1.5", 1)]["agencies"]) == (
        96,
        1,
        1,
    )
    assert rows[("7.6.3", 1)]["errors"] == [AGENCY]  # 681/712 against 655: flagged, kept as written
    html = (folder / "province.html").read_text(encoding="utf-8")
    only_the_bundled_script(html)
    assert 'id="tbl-rollup"' in html and 'id="tbl-drilldown"' in html and not EXTERNAL.search(html)
    assert "Tổng hợp 1/1 cơ quan" in html  # no roster: the agencies that filed in 2023
    assert "Không có danh sách cơ quan phải báo cáo (data/raw/agencies.csv): 1 là số cơ quan" in html
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(folder / "province.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "Phụ lục tổng hợp" in text and "1 trên 1 cơ quan: Có" in text and "95,6" in text
    assert "Tìm trong bảng" not in text  # the PDF is the static table, no search box
    assert (folder / "province.xlsx").read_bytes()[:2] == b"PK"


def test_overview_lists_agencies_and_findings(batch):
    out = batch.out
    html = (out / PROVINCE / PERIOD / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "Tổng hợp 6 tháng đầu năm 2023" in html
    assert 'id="tbl-overview-indicators"' in html and 'id="tbl-overview-findings"' in html
    assert (
        "1 cơ quan đã báo cáo kỳ này." in html and "không kết luận cơ quan nào chưa báo cáo" in html
    )  # no roster
    assert not EXTERNAL.search(html) and "<script" not in html.lower()  # no searchable table here
    index = (out / "index.html").read_text(encoding="utf-8")
    for page_ in (html, index):  # no script may run on a page that has none, whatever it holds
        assert (
            '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;none&#39;;'
        ) in page_
    assert '<a href="../toan-tinh/2023-H1/province.html">' in html  # the province's own report
    assert f"95,6\u00a0%{FLAG}</td>" in html and "66,7\u00a0%</td>" in html and LEGEND in html
    shown = json.loads((out / PROVINCE / PERIOD / "overview.json").read_text(encoding="utf-8"))
    rows = {r["indicator_id"]: r for r in shown["sections"]["indicators"]["rows"]}
    docs = rows["docs_electronic_share"]["cautions"][AGENCY]
    assert (docs["errors"], docs["warnings"], len(docs["findings"])) == (1, 1, 2)  # 95,7: a rounding note


# --------------------------------------------------------------------------- incremental, verify


def test_reuse_when_nothing_changed_and_force(batch, replay, tmp_path):
    data, published = batch.data, batch.out
    out = copy_of(published, tmp_path)
    assert [o.status for o in render(data, out, **QUIET).outcomes] == ["reused"] * 3
    assert [o.status for o in render(data, out, formats=("html",), **QUIET).outcomes] == ["reused"] * 3
    moved = shutil.copytree(data, tmp_path / "moved", symlinks=True)  # the same store elsewhere
    assert [o.status for o in render(moved, out, **QUIET).outcomes] == ["reused"] * 3
    assert replay == []
    lines: list[str] = []
    forced = render(data, out, formats=("html",), force=True, progress=False, log=lines.append)
    assert [o.status for o in forced.outcomes] == ["rendered"] * 3 and len(replay) == 3
    assert any(line.startswith("rendered: Ban Dân tộc 2023-H1") for line in lines)


def test_changed_data_code_or_library_renders_again(batch, replay, tmp_path, monkeypatch):
    data, published = batch.data, batch.out
    out = copy_of(published, tmp_path)
    changed = ingest(
        seed_variant(tmp_path / "raw", SEED.name, {"Ban Dân tộc kính đề nghị": "Ban Dân tộc đề nghị"}),
        tmp_path / "changed",
    )
    assert [o.status for o in render(changed, out, formats=("html",), **QUIET).outcomes] == [
        "rendered"
    ] * 3  # the narrative changed: report, overview and the province's report
    html = {"formats": ("html",), **QUIET}  # no PDF: the bookkeeping is the point here
    assert [o.status for o in render(data, out, **html).outcomes] == ["rendered"] * 3  # back

    real_digest = cache.code_digest()
    monkeypatch.setattr(cache, "code_digest", lambda: real_digest[::-1])  # a code change
    assert [o.status for o in render(data, out, **html).outcomes] == ["rendered"] * 3
    assert [o.status for o in render(data, out, **html).outcomes] == ["reused"] * 3

    real_versions = cache.library_versions()
    monkeypatch.setattr(cache, "library_versions", lambda: {**real_versions, "matplotlib": "99.0"})
    assert [o.status for o in render(data, out, **html).outcomes] == ["rendered"] * 3
    assert len(replay) == 12


def test_verify_is_identical_after_a_rerender_and_names_a_modified_cell(batch, tmp_path):
    data, published = batch.data, batch.out
    out = copy_of(published, tmp_path)
    path = report_dir(out) / "report.json"
    tampered = json.loads(path.read_text(encoding="utf-8"))
    row = tampered["sections"]["appendix"]["rows"][141]
    assert (row["code"], row["item"], row["value"]) == ("7.6.3", 1, 95.7)
    row["value"] = 96.7
    path.write_text(model.model_json(tampered), encoding="utf-8")
    # the overview says it was published from another lock, with an older pandas
    render_json = out / PROVINCE / PERIOD / "render.json"
    then = json.loads(render_json.read_text(encoding="utf-8"))
    then["inputs"]["lock_sha256"] = "0" * 64
    then["inputs"]["libraries"]["pandas"] = "1.5.3"
    render_json.write_text(json.dumps(then), encoding="utf-8")

    checks = {c.label: c for c in verify(data, out, jobs=2)}
    overview = checks[f"overview {PERIOD}"]
    assert overview.identical and overview.same_bytes
    assert checks[f"{AGENCY} {PERIOD}"].environment == []
    lock, libraries = overview.environment
    assert lock.startswith("published with requirements.lock SHA-256 000000000000…")
    assert "check out the commit whose requirements.lock has that hash" in lock
    assert libraries.startswith("library versions differ (pandas 1.5.3 → ")
    assert "environment: library versions differ" in overview.line()
    report = checks[f"{AGENCY} {PERIOD}"]
    assert not report.identical and report.same_bytes  # the re-rendered HTML: the very same bytes
    assert report.problems == [
        "report.json was changed after it was published (its SHA-256 differs from render.json)",
        "sections.appendix.rows[141] (7.6.3 dòng con 1).value: published 96.7, rendered 95.7",
    ]
    assert "DIFFERS: Ban Dân tộc 2023-H1" in report.line()


def test_a_published_page_edited_by_hand_is_caught_and_rendered_again(batch, replay, tmp_path):
    out = copy_of(batch.out, tmp_path)
    page_ = report_dir(out) / "report.html"
    page_.write_text(page_.read_text(encoding="utf-8").replace("95,646", "95,746"), encoding="utf-8")
    (out / PROVINCE / PERIOD / "overview.json").write_text("{", encoding="utf-8")  # damaged
    result = render(batch.data, out, formats=("html",), jobs=1, **QUIET)
    assert {o.job.label: o.status for o in result.outcomes} == {
        f"{AGENCY} {PERIOD}": "rendered",
        f"overview {PERIOD}": "rendered",
        f"province {PERIOD}": "reused",
    }  # the edited and the damaged page are not reused
    assert "95,75" not in page_.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- hostile text, failures


def test_hostile_text_in_a_label_and_in_the_narrative_is_shown_as_text(tmp_path):
    raw = seed_variant(
        tmp_path / "raw",
        SEED.name,
        {
            # entities in a label cell: the appendix reader decodes them into literal markup
            "Số văn bản chỉ đạo CCHC đã ban hành:": "Số văn bản &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; chỉ đạo:",
            "Viết 12 tin bài": "<script>alert(1)</script> <img src=x onerror=alert(1)> Viết 12 tin bài",
        },
    )
    store = open_store(ingest(raw, tmp_path / "processed"))
    labels = " ".join(store.table("observations")["label"].astype(str))
    narrative = " ".join(store.table("narrative")["text"].astype(str))
    assert "<script>alert(1)</script>" in labels and "<script>alert(1)</script>" in narrative
    html = export.html_page(page.Page(model.build(store, AGENCY, PERIOD)).html(), "Thử")
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the label in 2 tables, the narrative
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    only_the_bundled_script(html)
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html


def test_a_failing_report_does_not_stop_the_batch(replay, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    seed_variant(raw, "001_other_agency.txt", {"Ban Dân tộc": OTHER, "BAN DÂN TỘC": OTHER.upper()})
    data = ingest(raw, tmp_path / "processed")
    out = tmp_path / "reports"
    lines: list[str] = []
    result = render(data, out, formats=("html",), jobs=2, progress=False, log=lines.append)
    assert result.exit_code == 1
    assert {o.job.label: o.status for o in result.outcomes} == {
        f"{AGENCY} 2023-H1": "rendered",
        f"{OTHER} 2023-H1": "failed",
        "overview 2023-H1": "rendered",
        "province 2023-H1": "rendered",
    }
    assert lines[-2].startswith(
        f"FAILED: {OTHER} 2023-H1: cell 2: RuntimeError: hỏng có chủ đích; "
        "no report is published for it; executed notebook: "
    )
    folder = out / PROVINCE / slugify(OTHER) / PERIOD
    assert not folder.exists()  # a failed render publishes nothing; it is kept beside, as failed
    failed = folder.with_name(f"{PERIOD}.failed")
    assert not (failed / "report.html").exists() and not (failed / "report.json").exists()
    assert json.loads(folder.with_name(f"{PERIOD}.failed.json").read_text(encoding="utf-8")) == {
        "job": f"{OTHER} 2023-H1",
        "kind": "notebook",
        "folder": str(folder),
        "error": "cell 2: RuntimeError: hỏng có chủ đích",
    }
    kept = nbformat.read(failed / "report.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    assert json.loads((failed / "render.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert "lỗi khi tạo báo cáo" in (out / "index.html").read_text(encoding="utf-8")
    assert (report_dir(out) / "report.html").is_file()
    # the failed report is not "current": a second run tries it again, reuses the others
    again = render(data, out, formats=("html",), **QUIET)
    assert {o.job.label: o.status for o in again.outcomes} == {
        f"{AGENCY} 2023-H1": "reused",
        f"{OTHER} 2023-H1": "failed",
        "overview 2023-H1": "reused",
        "province 2023-H1": "reused",
    }


def test_without_chromium_the_html_is_still_written(batch, replay, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CHROMIUM", "no-such-chromium")  # the render processes inherit it
    data = batch.data
    out = tmp_path / "reports"
    lines: list[str] = []
    result = render(
        data, out, agencies=["ban-dan-toc"], formats=("html", "pdf"), progress=False, log=lines.append
    )
    assert result.exit_code == 1
    assert (report_dir(out) / "report.html").is_file() and (report_dir(out) / "report.json").is_file()
    assert not (report_dir(out) / "report.pdf").exists()
    assert any("apt-get install chromium" in line for line in lines)
    # once a report is published, a render that cannot make its PDF leaves it as it was
    published = files_of(report_dir(out))
    again = render(
        data,
        out,
        agencies=["ban-dan-toc"],
        formats=("html", "pdf"),
        progress=False,
        force=True,
        log=lines.append,
    )
    assert again.exit_code == 1 and files_of(report_dir(out)) == published


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_full_disk_during_a_forced_render_keeps_the_published_report(batch, replay, tmp_path, monkeypatch):
    out = copy_of(batch.out, tmp_path)
    folder = report_dir(out).resolve()
    before = files_of(folder)
    monkeypatch.setattr(
        render_module,
        "EXECUTE",
        Replay(  # papermill's write meets a full disk
            batch.out, tmp_path / "runs.jsonl", PROVINCE, PERIOD, disk_full=AGENCY
        ),
    )
    lines: list[str] = []
    result = render(
        batch.data,
        out,
        agencies=["ban-dan-toc"],
        formats=("html",),
        force=True,
        index=False,
        progress=False,
        log=lines.append,
    )
    assert result.exit_code == 1 and [o.status for o in result.outcomes] == ["failed", "rendered", "rendered"]
    said = f"{folder}: No space left on device; free space on that disk and run again"
    assert lines[-2] == (
        f"FAILED: {AGENCY} 2023-H1: {said}; the previous report is still "
        f"published in {folder}; recorded in {folder}.failed.json"
    )
    assert files_of(folder) == before  # not one byte of the published report changed
    assert sorted(p.name for p in folder.parent.iterdir()) == [PERIOD, f"{PERIOD}.failed.json"]
    record = folder.with_name(f"{PERIOD}.failed.json").read_text(encoding="utf-8")
    assert record.count("\n") == 1 and json.loads(record) == {
        "job": f"{AGENCY} 2023-H1",
        "kind": "ENOSPC",
        "error": said,
        "folder": str(folder),
    }
    # the next run renders it again, not only when forced (publishing removes the record)
    assert not render_module.is_current(result.outcomes[0].job, ("html",))


def test_an_index_that_cannot_be_written_is_the_runs_failure_in_one_line(batch, tmp_path, monkeypatch):
    out = copy_of(batch.out, tmp_path)
    (out / "index.html").unlink()  # to be written again, on a full disk
    real = os.fsync

    def full(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(out / ".index.html.")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    lines: list[str] = []
    result = render(batch.data, out, progress=False, log=lines.append)
    assert result.exit_code == 1 and [o.status for o in result.outcomes] == ["reused"] * 3
    assert lines[-2:] == [
        f"FAILED: index: {out.resolve()}/index.html: No space left on device; free space on that disk and run again",
        "done: 0 rendered, 3 reused, 0 failed",
    ]


@pytest.fixture()
def small_disk(tmp_path):
    """A real 8 MB file system (tmpfs) to fill; skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True, text=True
        )
        if shutil.which("mount")
        else None
    )
    if mounted is None or mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (and a system that allows it)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_really_full_disk_while_writing_the_html_keeps_every_published_report(batch, replay, small_disk):
    out = small_disk / "reports"
    shutil.copytree(batch.out, out, ignore=shutil.ignore_patterns("*.pdf"))
    before = files_of(out)
    folder = report_dir(out)
    room = 2 * len(before[f"{PROVINCE}/ban-dan-toc/{PERIOD}/report.ipynb"]) + (64 << 10)
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - room))
    result = render(
        batch.data, out, agencies=["ban-dan-toc"], formats=("html",), force=True, jobs=1, index=False, **QUIET
    )
    report = result.outcomes[0]
    assert (report.status, report.error) == (
        "failed",
        f"{folder}/report.html: No space left on device; free space on that disk and run again",
    )
    after = files_of(out)
    for outcome in result.with_status("failed"):  # the others too, as the disk is full
        job = outcome.job.folder.relative_to(out).as_posix()
        assert {k: v for k, v in after.items() if k.startswith(f"{job}/")} == {
            k: v for k, v in before.items() if k.startswith(f"{job}/")
        }
        assert f"{job}.failed.json" in after
    assert not [p for p in out.rglob("*") if ".staging-" in p.name or p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- names and paths


class _Sources:
    """A stand-in snapshot that has only a sources table."""

    def __init__(self, data_dir: Path, agencies: list[str], province: str | None = "../../Khánh Hòa") -> None:
        import pandas as pd

        self.data_dir = data_dir
        self.manifest = {}
        self._sources = pd.DataFrame(
            {
                "province": [province] * len(agencies),
                "agency": agencies,
                "period": [PERIOD] * len(agencies),
                "source": [f"{n}.txt" for n in range(len(agencies))],
            }
        )
        self.version_dir = data_dir

    def has(self, name: str) -> bool:
        return name == "sources"

    def table(self, name: str):
        return self._sources


def test_reports_of_an_unknown_province_are_not_summed_as_if_they_were_one(tmp_path):
    planned = plan(_Sources(tmp_path, ["Sở Y tế", "Sở Tư pháp"], province=None), tmp_path / "out")
    assert sorted(job.kind for job in planned) == ["overview", "report", "report"]  # no roll-up
    assert {job.folder.relative_to((tmp_path / "out").resolve()).parts[0] for job in planned} == {
        "chua-ro-tinh"
    }
    named = plan(_Sources(tmp_path, ["Sở Y tế"], province="Phú Yên"), tmp_path / "out")
    assert sorted(job.kind for job in named) == ["overview", "province", "report"]


def test_slugs_are_ascii_and_cannot_escape_the_output_folder(tmp_path):
    assert slugify("Ban Dân tộc") == "ban-dan-toc"
    assert slugify("Sở Tư pháp") == "so-tu-phap"
    assert slugify("Đài Phát thanh - Truyền hình") == "dai-phat-thanh-truyen-hinh"
    assert slugify("Ủy ban nhân dân tỉnh") == "uy-ban-nhan-dan-tinh"
    for hostile in ("../../etc", "/", "..", ".", "a/../../b", "C:\\Windows", "~root"):
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slugify(hostile)), hostile
    assert len(set(agency_slugs(["Sở Y tế", "Sở Ý tế", "Sở y tế"]).values())) == 3
    with pytest.raises(ValueError):
        inside(tmp_path, "..", "x")
    with pytest.raises(ValueError):
        period_folder("../2023-H1")
    out = tmp_path / "reports"
    for job in plan(_Sources(tmp_path, ["../../evil", "/etc"]), out):  # a hostile province too
        assert out.resolve() in job.folder.parents
        assert job.folder.relative_to(out.resolve()).parts[0] == "khanh-hoa"


def test_cli_render_reports_unknown_names_and_formats(batch, replay, capsys):
    data, out = batch.data, batch.out
    assert main(["render", "--data", str(data), "--out", str(out), "--agency", "Sở Không Có"]) == 2
    assert "no agency 'Sở Không Có'" in capsys.readouterr().err
    assert main(["render", "--data", str(data), "--out", str(out), "--format", "docx"]) == 2
    assert main(["render", "--data", str(data), "--out", str(out), "--period", "2031-Q1"]) == 2
    # named by slug and period: that report only (reused unless the code changed meanwhile)
    assert (
        main(
            [
                "render",
                "--data",
                str(data),
                "--out",
                str(out),
                "--agency",
                "ban-dan-toc",
                "--period",
                "2023-H1",
                "--format",
                "html",
            ]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert re.search(r"^(reused|rendered): Ban Dân tộc 2023-H1", said, re.M) and "overview 2023-H1" in said


# --------------------------------------------------------------------------- the notebooks


@pytest.mark.slow  # a kernel running the whole notebook: ~5 s of CPU
def test_explore_notebook_runs(batch, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout
    nb = run_explore(batch.data, tmp_path / "explore.ipynb")
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    text = json.dumps(outputs, ensure_ascii=False)
    assert '"output_type": "error"' not in text
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)  # the indicator over time
    assert "95,6\u00a0%" in text  # the key indicators, written the Vietnamese way
    assert "denominator_vs_total" in text  # the findings table, errors first
    assert "Toàn tỉnh" in text and "top_code" in text  # the roll-up, one indicator across agencies


def test_notebooks_are_thin_and_parameterised():
    for name, params in (
        ("period_report", {"province", "agency", "period", "data_dir", "notebook_sha256"}),
        ("period_overview", {"province", "period", "data_dir", "notebook_sha256"}),
        ("province_report", {"province", "period", "data_dir", "notebook_sha256"}),
        ("explore", {"province", "agency", "period", "data_dir"}),
    ):
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        assert params <= set(re.findall(r"^(\w+)\s*=", tagged[0].source, re.M))
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        code = [c.source for c in nb.cells if c.cell_type == "code" and c not in tagged]
        assert max(len(src.splitlines()) for src in code) <= 8
    report = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    assert "report.bundle()" in report.cells[-1].source  # the model reaches cchc render


@pytest.mark.parametrize("name", ["period_report", "period_overview", "province_report", "explore"])
def test_every_package_name_a_notebook_uses_exists(name):
    """What a cell reaches only in JupyterLab (not under cchc render) must not rot either."""
    import importlib

    cells = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells
    source = re.sub(r"#.*", "", "\n".join(c.source for c in cells if c.cell_type == "code"))
    for package, names in re.findall(r"^from (cchc_analysis[\w.]*) import ([\w, ]+)$", source, re.M):
        for module_name, _, alias in (n.strip().partition(" as ") for n in names.split(",")):
            module = importlib.import_module(package)
            target = getattr(module, module_name, None) or importlib.import_module(f"{package}.{module_name}")
            for attribute in set(re.findall(rf"\b{alias or module_name}\.(\w+)", source)):
                assert hasattr(target, attribute), f"{name}: {alias or module_name}.{attribute}"


REPLAYED_RENDER = f"""
import sys
from pathlib import Path

sys.path.insert(0, {str(Path(__file__).parent)!r})
from replay import render_b

sys.exit(render_b(*map(Path, sys.argv[1:4])))
"""


def one_render(folder: Path) -> str:
    """The folder holds exactly what its render.json says it wrote, and the HTML shows the
    model's 7.6.3 figure: returns that figure (which render it was)."""
    manifest = json.loads((folder / "render.json").read_text(encoding="utf-8"))
    assert {p.name for p in folder.iterdir()} == {"render.json", *manifest["outputs"]}
    model = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    rate = next(r for r in model["sections"]["appendix"]["rows"] if r["locator"] == "line 338")
    shown = f"{rate['value']:.1f}".replace(".", ",")
    assert f"{shown}\u00a0%" in (folder / "report.html").read_text(encoding="utf-8")
    return shown


def kill_when(command: list[str], ready, signum: int = signal.SIGKILL) -> str:
    """Start a render and send it ``signum`` the moment ``ready()`` holds (polled every 2 ms): it
    must still be running then. What it said on stderr."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert process.poll() is None, "the render ended before the moment to stop it"
    os.kill(process.pid, signum)
    return process.communicate()[1]


@pytest.mark.slow  # a real render interrupted, then another: ~6 s
def test_ctrl_c_stops_a_render_with_one_line_and_leaves_whole_folders(batch, tmp_path):
    out = copy_of(batch.out, tmp_path)
    folder = report_dir(out)
    command = [sys.executable, "-c", REPLAYED_RENDER, str(batch.out), str(batch.data), str(out)]
    said = kill_when(command, lambda: any(folder.parent.glob(".2023-H1.staging-*")), signal.SIGINT)
    assert "Traceback" not in said and said.strip().splitlines()[-1].startswith("stopped: interrupted")
    assert one_render(folder) in ("95,7", "96,7")  # the old report or the new one, whole


@pytest.mark.slow  # real renders killed at several moments: ~6 s
def test_a_render_killed_at_any_moment_leaves_whole_folders_and_the_next_one_completes(
    batch, tmp_path, monkeypatch
):
    out = copy_of(batch.out, tmp_path)  # render A: the batch, HTML and PDF
    folder = report_dir(out)
    assert one_render(folder) == "95,7"
    command = [sys.executable, "-c", REPLAYED_RENDER, str(batch.out), str(batch.data), str(out)]

    def staged(name: str = "") -> bool:
        return any((s / name).exists() for s in folder.parent.glob(".2023-H1.staging-*"))

    kill_when(command, lambda: staged("report.json"))  # B's model written, its HTML being made
    assert one_render(folder) == "95,7"
    monkeypatch.setattr(render_module, "EXECUTE", render_module.EXECUTE)  # restored after
    monkeypatch.setattr(render_module, "_lanes", in_process_lanes)  # the killed one's were real
    assert render_b(batch.out, batch.data, out) == 0  # the next one, in this process
    assert one_render(folder) == "96,7" and not (folder / "report.pdf").exists()
    assert not [p for p in out.rglob("*") if ".staging-" in p.name]


# --- navigation between the batch's pages and inside a report -------------------------------

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
def rendered(batch) -> Path:
    """The batch's published folder: reports, overview, province page and index, HTML and PDF."""
    return batch.out


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
    for name in PAGES.values():
        path = rendered / name
        for href in links_of(path).hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (name, href)
            if not parts.path:  # an anchor in the page itself
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (name, href)
            assert rendered.resolve() in target.parents  # never outside the shared folder
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in links_of(target).ids, (name, href)
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
    text = subprocess.run(  # poppler's pdftotext: what pypdf reads in seconds, in a blink
        ["pdftotext", "-enc", "UTF-8", str(rendered / PAGES["report"].with_suffix(".pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for number, sheet in enumerate(text.split("\f")[: len(reader.pages) - 1], start=1):
        lines = [line.strip() for line in sheet.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"Trang \d+/\d+", line)]
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"
