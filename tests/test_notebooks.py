"""The notebooks an analyst extends: ``cchc render`` gives each report the store as a path relative
to the report's folder, so the published ``report.ipynb`` runs again — Run All, no parameters —
after the reports and the store are copied elsewhere and the original project is gone; it shows
DataFrames and a matplotlib chart that the HTML leaves out. The seed is rendered once (HTML only),
the copied notebook run once: seconds each, so those tests are ``slow`` (CI); the plan's paths and
explore's imports are checked at once."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

import cchc_analysis
from cchc_analysis.report.run.jobs import plan
from cchc_analysis.report.run.one_report import model_of
from cchc_analysis.report.run.render import render
from cchc_analysis.store import open_store

from builders import SEED
from ingesting import copy_store

ROOT = SEED.parents[2]
REPORT = Path("reports", "khanh-hoa", "ban-dan-toc", "2023-H1", "report.ipynb")


@pytest.fixture(scope="module")
def project(seed_store, tmp_path_factory) -> Path:
    """A project folder: the seed's store in data/processed, its reports rendered into reports/."""
    folder = tmp_path_factory.mktemp("project")
    copy_store(seed_store, folder / "data" / "processed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", str(ROOT))  # the kernels import this checkout
        result = render(
            folder / "data" / "processed",
            folder / "reports",
            formats=("html",),
            jobs=1,
            progress=False,
            log=None,
        )
    assert result.exit_code == 0, [o.error for o in result.outcomes]
    return folder


def test_every_job_names_the_store_relative_to_its_folder(seed_store, tmp_path):
    store = open_store(seed_store)
    jobs = plan(store, tmp_path / "reports")
    assert {job.kind for job in jobs} == {"report", "overview", "province"}
    for job in jobs:
        given = job.parameters["data_dir"]
        assert not Path(given).is_absolute() and given.startswith("../"), given
        assert Path(os.path.normpath(job.folder / given)) == Path(os.path.realpath(store.version_dir))


@pytest.mark.slow
def test_the_published_notebook_holds_no_path_of_the_machine_it_was_rendered_on(project):
    text = (project / REPORT).read_text(encoding="utf-8")
    assert str(project) not in text and str(ROOT) not in text
    injected = [
        c
        for c in nbformat.reads(text, as_version=4).cells
        if "injected-parameters" in c.metadata.get("tags", [])
    ]
    assert re.search(
        r'^data_dir = "\.\./\.\./\.\./\.\./data/processed/versions/[^"/]+"$', injected[0].source, re.M
    )


@pytest.mark.slow
def test_the_published_notebook_shows_dataframes_and_a_chart_the_html_leaves_out(project):
    nb = nbformat.read(project / REPORT, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    analysis = [c for c in code if "remove-cell" in c.metadata.get("tags", []) and "bundle()" not in c.source]
    assert [c for c in code if "cchc." in c.source] == [c for c in analysis if "cchc." in c.source] != []
    outputs = [o.get("data", {}) for c in analysis for o in c.get("outputs", [])]
    assert (
        sum('class="dataframe' in d.get("text/html", "") for d in outputs) == 3
    )  # indicators, findings, rows
    assert any("image/png" in d for d in outputs)  # the rates, as bars
    html = (project / REPORT).with_suffix(".html").read_text(encoding="utf-8")
    assert 'class="dataframe' not in html and "locator_vi" not in html


@pytest.mark.slow
def test_a_copied_report_notebook_runs_again_without_parameters(project, tmp_path, monkeypatch):
    """The reports folder and data/processed copied to another machine's folder, the original
    removed: Run All in the report's folder (as JupyterLab runs it) rebuilds the same model."""
    from nbclient import NotebookClient

    elsewhere = tmp_path / "colleague"
    shutil.copytree(project / "reports", elsewhere / "reports", symlinks=True)
    shutil.copytree(project / "data" / "processed", elsewhere / "data" / "processed", symlinks=True)
    published = json.loads((project / REPORT).with_suffix(".json").read_text(encoding="utf-8"))
    gone = project.with_name(project.name + "-gone")
    project.rename(gone)
    try:
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        nb = nbformat.read(elsewhere / REPORT, as_version=4)
        for cell in nb.cells:
            cell.outputs = [] if cell.cell_type == "code" else None
            cell.pop("outputs") if cell.cell_type != "code" else None
        NotebookClient(
            nb, kernel_name="python3", resources={"metadata": {"path": str((elsewhere / REPORT).parent)}}
        ).execute()
    finally:
        gone.rename(project)
    assert model_of(nb) == published
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_explore_uses_only_the_public_api():
    """explore.ipynb imports nothing but ``cchc_analysis`` and uses only what it exports."""
    cells = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4).cells
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert re.findall(r"^\s*(?:from|import) (cchc_analysis\S*)", source, re.M) == ["cchc_analysis"]
    used = set(re.findall(r"\bcchc\.(\w+)", source))
    assert used and used <= set(cchc_analysis.__all__), used - set(cchc_analysis.__all__)
