"""`cchc render` / `cchc verify` on the real seed: content, PDF, browser view, escaping, failures,
incremental reuse, verification. The seed is ingested and rendered once per module and reused."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from builders import SEED
from cchc_analysis.report import reporting
from cchc_analysis.cli import main
from cchc_analysis.report.render import (
    REPORT_NOTEBOOK,
    agency_slugs,
    inside,
    period_folder,
    plan,
    render,
    slugify,
)
from cchc_analysis.report.verify import verify

ROOT = SEED.parents[2]
AGENCY, PERIOD = "Ban Dân tộc", "2023-H1"
OTHER = "Sở Thử Nghiệm"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


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


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed ingested and rendered once (HTML + PDF, 2 workers): (store dir, out dir, result)."""
    base = tmp_path_factory.mktemp("seed")
    data = ingest(SEED, base / "processed")
    out = base / "reports"
    result = render(data, out, formats=("html", "pdf"), jobs=2, progress=False, log=None)
    return data, out, result


def report_html(out: Path) -> str:
    return (out / "ban-dan-toc" / PERIOD / "report.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the seed's report


def test_render_writes_reports_overview_and_index(seed):
    _, out, result = seed
    assert result.exit_code == 0
    assert [(o.job.kind, o.status) for o in result.outcomes] == [("report", "rendered"), ("overview", "rendered")]
    for name in ("report.ipynb", "report.html", "report.pdf", "render.json"):
        assert (out / "ban-dan-toc" / PERIOD / name).is_file()
    for name in ("overview.ipynb", "overview.html", "overview.pdf", "render.json"):
        assert (out / PERIOD / name).is_file()
    manifest = json.loads((out / "ban-dan-toc" / PERIOD / "render.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and manifest["render_seconds"] > 0 and manifest["rendered_at"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="ban-dan-toc/2023-H1/report.html"' in index and 'href="2023-H1/overview.pdf"' in index
    assert "Ban Dân tộc" in index and not EXTERNAL.search(index)


def test_report_html_is_vietnamese_self_contained_and_has_no_code(seed):
    _, out, _ = seed
    html = report_html(out)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    for text in ("Ban Dân tộc", "6 tháng đầu năm 2023", "Số liệu phụ lục", "Cải cách thủ tục hành chính",
                 "Chất lượng dữ liệu", "Văn bản được trích dẫn", "Nguồn gốc dữ liệu"):
        assert text in html
    assert "5,88\u00a0%" in html and "95,7\u00a0%" in html  # decimal comma, no-break space
    assert "data:image/svg+xml;base64," in html  # charts inline
    assert "@font-face" in html and "font/woff2" in html  # the Vietnamese font travels with the file
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "<script" not in html.lower() and "require.js" not in html and "MathJax" not in html
    assert "injected-parameters" not in html and "papermill" not in html
    assert "rp.title_block" not in html and "import " not in html and "In&nbsp;[" not in html
    assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", html)  # no render timestamp
    assert html.count('id="tbl-appendix"') == 1


def test_report_notebook_keeps_no_run_times(seed):
    _, out, _ = seed
    nb = nbformat.read(out / "ban-dan-toc" / PERIOD / "report.ipynb", as_version=4)
    assert "start_time" not in nb.metadata["papermill"]
    assert all("execution" not in c.metadata for c in nb.cells)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)  # kept in the ipynb


def test_pdf_is_a4_with_vietnamese_text_and_page_numbers(seed):
    _, out, _ = seed
    pdf = out / "ban-dan-toc" / PERIOD / "report.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("Số liệu", "Ban Dân tộc", "Trang 1/", "Cải cách thể chế", "chính quyền số", "95,7"):
        assert word in text, word
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="no Chromium (CI must have it)")
def test_html_shows_in_a_headless_browser_without_errors(seed, tmp_path):
    from PIL import Image, ImageStat

    _, out, _ = seed
    shot = tmp_path / "report.png"
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         "--enable-logging=stderr", "--v=0", f"--screenshot={shot}", "--window-size=1200,2000",
         (out / "ban-dan-toc" / PERIOD / "report.html").as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert shot.is_file(), run.stderr[-2000:]
    assert "Uncaught" not in run.stderr and "CONSOLE" not in run.stderr
    image = Image.open(shot).convert("L")
    assert image.size == (1200, 2000)
    assert ImageStat.Stat(image).stddev[0] > 20  # text, tables and a chart, not a blank page


def test_overview_lists_agencies_and_findings(seed):
    _, out, _ = seed
    html = (out / PERIOD / "overview.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "Tổng hợp 6 tháng đầu năm 2023" in html
    assert 'id="tbl-overview-indicators"' in html and 'id="tbl-overview-findings"' in html
    assert "Mọi cơ quan có trong dữ liệu đều đã báo cáo kỳ này." in html
    assert not EXTERNAL.search(html) and "<script" not in html.lower()


# --------------------------------------------------------------------------- incremental, verify


def test_second_run_reuses_force_renders_and_changed_data_renders(seed, tmp_path):
    data, published, _ = seed
    out = tmp_path / "reports"
    shutil.copytree(published, out)
    again = render(data, out, formats=("html", "pdf"), progress=False, log=None)
    assert [o.status for o in again.outcomes] == ["reused", "reused"]
    html_only = render(data, out, formats=("html",), progress=False, log=None)
    assert [o.status for o in html_only.outcomes] == ["reused", "reused"]  # its files are all there

    lines = []
    forced = render(data, out, formats=("html",), force=True, jobs=2, progress=False, log=lines.append)
    assert [o.status for o in forced.outcomes] == ["rendered", "rendered"]
    assert any(line.startswith("rendered: Ban Dân tộc 2023-H1") for line in lines)
    # a forced re-render gives the very same bytes (no clock, no random ids)
    for name in ("report.html", "report.ipynb"):
        assert (out / "ban-dan-toc" / PERIOD / name).read_bytes() == \
            (published / "ban-dan-toc" / PERIOD / name).read_bytes(), name

    changed = tmp_path / "changed"
    shutil.copytree(data, changed)
    narrative = reporting.load(changed).get("narrative").copy()
    narrative.loc[narrative["section_id"] == "III", "text"] = "Đánh giá đã sửa để thử."
    narrative.to_parquet(changed / "narrative.parquet", index=False)
    shutil.copytree(out, tmp_path / "reports2")
    rerun = render(changed, tmp_path / "reports2", formats=("html",), progress=False, log=None)
    assert [o.status for o in rerun.outcomes] == ["rendered", "rendered"]
    assert "Đánh giá đã sửa để thử." in report_html(tmp_path / "reports2")


def test_verify_is_identical_after_a_rerender_and_names_a_modified_table(seed, tmp_path):
    data, published, _ = seed
    out = tmp_path / "reports"
    shutil.copytree(published, out)
    page = out / "ban-dan-toc" / PERIOD / "report.html"
    html = page.read_text(encoding="utf-8")
    tampered = html.replace('<td class="num">5,88\u00a0%</td>', '<td class="num">6,88\u00a0%</td>', 1)
    assert tampered != html
    page.write_text(tampered, encoding="utf-8")

    checks = {c.label: c for c in verify(data, out, jobs=2)}
    overview = checks[f"overview {PERIOD}"]
    assert overview.identical and overview.same_bytes
    report = checks[f"{AGENCY} {PERIOD}"]
    assert not report.identical
    assert len(report.problems) == 1 and "tbl-appendix-to_chuc_bo_may" in report.problems[0]
    assert "6,88" in report.problems[0] and "5,88" in report.problems[0]
    assert main(["verify", "--data", str(data), "--out", str(out), "--period", PERIOD]) == 1

    page.write_text(html, encoding="utf-8")  # the published file again: everything identical
    assert all(c.identical and c.same_bytes for c in verify(data, out, jobs=2))


# --------------------------------------------------------------------------- hostile text, failures


def test_hostile_text_in_a_label_and_in_the_narrative_is_shown_as_text(tmp_path):
    raw = seed_variant(tmp_path / "raw", SEED.name, {
        # entities in a label cell: the appendix reader decodes them into literal markup
        "Số văn bản chỉ đạo CCHC đã ban hành:":
            "Số văn bản &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; chỉ đạo:",
        "Viết 12 tin bài": "<script>alert(1)</script> <img src=x onerror=alert(1)> Viết 12 tin bài",
    })
    data = ingest(raw, tmp_path / "processed")
    labels = " ".join(reporting.load(data).get("observations")["label"].astype(str))
    assert "<script>alert(1)</script>" in labels  # the store really holds the hostile label
    out = tmp_path / "reports"
    result = render(data, out, formats=("html",), jobs=2, progress=False, log=None)
    assert result.exit_code == 0
    html = report_html(out)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html.lower() and "<img src=x" not in html and "onerror=alert(1)>" not in html


def test_a_failing_report_does_not_stop_the_batch(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    seed_variant(raw, "001_other_agency.txt", {"Ban Dân tộc": OTHER, "BAN DÂN TỘC": OTHER.upper()})
    seed_variant(raw, "002_next_year.txt", {"6 tháng đầu năm 2023": "6 tháng đầu năm 2024"})
    data = ingest(raw, tmp_path / "processed")
    store = reporting.load(data)
    assert store.pairs() == [(AGENCY, "2023-H1"), (OTHER, "2023-H1"), (AGENCY, "2024-H1")]

    broken = tmp_path / "notebooks" / "period_report.ipynb"  # the real notebook + one failing cell
    broken.parent.mkdir()
    nb = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(
        f'if agency == "{OTHER}":\n    raise RuntimeError("hỏng có chủ đích")'))
    nbformat.write(nb, broken)

    out = tmp_path / "reports"
    lines: list[str] = []
    result = render(data, out, formats=("html",), jobs=2, report_notebook=broken, progress=False,
                    log=lines.append)
    assert result.exit_code == 1
    status = {o.job.label: o.status for o in result.outcomes}
    assert status == {f"{AGENCY} 2023-H1": "rendered", f"{OTHER} 2023-H1": "failed",
                      f"{AGENCY} 2024-H1": "rendered", "overview 2023-H1": "rendered",
                      "overview 2024-H1": "rendered"}
    assert lines[-2].startswith(f"FAILED: {OTHER} 2023-H1: cell") and "hỏng có chủ đích" in lines[-2]
    failed = out / slugify(OTHER) / "2023-H1"
    assert not (failed / "report.html").exists()
    kept = nbformat.read(failed / "report.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    assert "An Exception was encountered" in nbformat.writes(kept)  # papermill marks the cell
    assert json.loads((failed / "render.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert "lỗi khi tạo báo cáo" in (out / "index.html").read_text(encoding="utf-8")

    # the other reports are complete; the next period compares with the year before
    html_2024 = (out / "ban-dan-toc" / "2024-H1" / "report.html").read_text(encoding="utf-8")
    assert "6 tháng đầu năm 2024" in html_2024 and "Cùng kỳ năm trước" in html_2024
    overview_2024 = (out / "2024-H1" / "overview.html").read_text(encoding="utf-8")
    assert "chưa có báo cáo kỳ này" in overview_2024 and OTHER in overview_2024

    # the failed report is not "current": a second run tries it again, reuses the others
    again = render(data, out, formats=("html",), jobs=2, report_notebook=broken, progress=False, log=None)
    assert {o.job.label: o.status for o in again.outcomes}[f"{OTHER} 2023-H1"] == "failed"
    assert sum(o.status == "reused" for o in again.outcomes) == 4


def test_without_pango_the_html_is_still_written(seed, tmp_path, monkeypatch):
    from cchc_analysis.report import export

    def unavailable(html: str) -> bytes:
        raise export.PdfUnavailable(export.PANGO_HINT)

    monkeypatch.setattr(export, "html_to_pdf", unavailable)
    data, _, _ = seed
    out = tmp_path / "reports"
    lines: list[str] = []
    result = render(data, out, agencies=["ban-dan-toc"], formats=("html", "pdf"), jobs=2,
                    progress=False, log=lines.append)
    assert result.exit_code == 1
    assert (out / "ban-dan-toc" / PERIOD / "report.html").is_file()
    assert not (out / "ban-dan-toc" / PERIOD / "report.pdf").exists()
    assert any("apt-get install libpango-1.0-0 libpangoft2-1.0-0" in line for line in lines)


# --------------------------------------------------------------------------- names and paths


def test_slugs_are_ascii_and_cannot_escape_the_output_folder(tmp_path):
    assert slugify("Ban Dân tộc") == "ban-dan-toc"
    assert slugify("Sở Tư pháp") == "so-tu-phap"
    assert slugify("Đài Phát thanh - Truyền hình") == "dai-phat-thanh-truyen-hinh"
    assert slugify("Ủy ban nhân dân tỉnh") == "uy-ban-nhan-dan-tinh"
    for hostile in ("../../etc", "/", "..", ".", "a/../../b", "C:\\Windows", "~root"):
        slug = slugify(hostile)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
    assert len(set(agency_slugs(["Sở Y tế", "Sở Ý tế", "Sở y tế"]).values())) == 3
    with pytest.raises(ValueError):
        inside(tmp_path, "..", "x")
    with pytest.raises(ValueError):
        period_folder("../2023-H1")

    import pandas as pd

    obs = pd.DataFrame({"agency": ["../../evil", "/etc"], "period": ["2023-H1", "2023-H1"],
                        "source": ["a.txt", "b.txt"], "seq": [1, 1]})
    store = reporting.Store(tmp_path, {"observations": obs}, {})
    out = tmp_path / "reports"
    for job in plan(store, out):
        assert out.resolve() in job.folder.parents


def test_cli_render_reports_unknown_names_and_formats(seed, capsys):
    data, out, _ = seed
    assert main(["render", "--data", str(data), "--out", str(out), "--agency", "Sở Không Có"]) == 2
    assert "no agency 'Sở Không Có'" in capsys.readouterr().err
    assert main(["render", "--data", str(data), "--out", str(out), "--format", "docx"]) == 2
    assert main(["render", "--data", str(data), "--out", str(out), "--period", "2031-Q1"]) == 2
    # named by slug and period: the published report is current, nothing to do
    assert main(["render", "--data", str(data), "--out", str(out), "--agency", "ban-dan-toc",
                 "--period", "2023-H1", "--format", "html"]) == 0
    assert "reused: Ban Dân tộc 2023-H1" in capsys.readouterr().out


# --------------------------------------------------------------------------- the analyst's notebook


def test_explore_notebook_runs(seed, tmp_path, monkeypatch):
    data, _, _ = seed
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this checkout
    nb = pm.execute_notebook(
        str(ROOT / "notebooks" / "explore.ipynb"), str(tmp_path / "explore.ipynb"),
        parameters={"data_dir": str(data)}, cwd=str(ROOT / "notebooks"), progress_bar=False,
        kernel_name="python3", extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    text = json.dumps([o for c in nb.cells for o in c.get("outputs", [])], ensure_ascii=False)
    assert "Chưa có bảng indicators" not in text and '"output_type": "error"' not in text
    assert "data:image/svg+xml;base64," in text  # the indicator over time
    assert "blank_template_row" in text or "rate_vs_counts" in text  # the findings table


def test_notebooks_are_thin_and_parameterised():
    for name, params in (("period_report", {"agency", "period", "data_dir"}),
                         ("period_overview", {"period", "data_dir"}),
                         ("explore", {"agency", "period", "data_dir"})):
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        assert params <= set(re.findall(r"^(\w+)\s*=", tagged[0].source, re.M))
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        code = [c.source for c in nb.cells if c.cell_type == "code" and c not in tagged]
        assert max(len(src.splitlines()) for src in code) <= 8


def test_relative_output_folder_with_parallel_jobs(tmp_path, monkeypatch):
    """Jobs run in threads: nothing may change the process's working folder under them."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    seed_variant(raw, "001_other_agency.txt", {"Ban Dân tộc": OTHER, "BAN DÂN TỘC": OTHER.upper()})
    data = ingest(raw, tmp_path / "processed")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    moves: list[str] = []
    monkeypatch.setattr(os, "chdir", moves.append)  # a chdir elsewhere during the run is a race
    assert main(["render", "--data", str(data), "--out", "rel", "--jobs", "2", "--format", "html"]) == 0
    assert {str(m) for m in moves} <= {str(work)}  # papermill's own reads chdir to "." and back
    assert Path.cwd() == work
    assert (work / "rel" / "index.html").is_file()
    assert (work / "rel" / "ban-dan-toc" / PERIOD / "report.html").is_file()
    assert (work / "rel" / slugify(OTHER) / PERIOD / "report.html").is_file()
    assert not list(ROOT.joinpath("notebooks").glob("rel*"))
    assert main(["verify", "--data", str(data), "--out", "rel", "--jobs", "2"]) == 0
    assert Path.cwd() == work and {str(m) for m in moves} <= {str(work)}
