"""Each report runs in a fresh kernel: a report never sees another report's variables, module
globals, rcParams or imports, even when the same render process runs them one after the other
(kernels are forked from one warm server, never reused)."""

from __future__ import annotations

import json
import shutil

import pytest

from cchc_analysis.cli import main
from cchc_analysis.report.run.jobs import REPORT_NOTEBOOK
from cchc_analysis.report.run.render import render

from builders import SEED

#: A cell that fails if anything of an earlier report is still there, then leaves traces of its own.
PROBE = """
import sys
import matplotlib
import cchc_analysis.report.content.charts as charts_module
sys.path.insert(0, {folder!r})
assert "left_by_a_report" not in globals(), "a variable of another report"
assert not hasattr(charts_module, "LEFT_BY_A_REPORT"), "a module global set by another report"
assert matplotlib.rcParams["font.size"] == 10.0, "rcParams changed by another report"
assert "isolation_probe" not in sys.modules, "a module another report imported"
import isolation_probe
left_by_a_report = agency
charts_module.LEFT_BY_A_REPORT = agency
matplotlib.rcParams["font.size"] = 31
"""


@pytest.mark.slow  # a real batch of reports in shared kernels: ~10 s
def test_a_report_never_sees_what_another_report_left(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    other = (
        SEED.read_text(encoding="utf-8")
        .replace("Ban Dân tộc", "Sở Thử Nghiệm")
        .replace("BAN DÂN TỘC", "SỞ THỬ NGHIỆM")
    )
    (raw / "001_other.txt").write_text(other, encoding="utf-8")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "data")]) == 0
    (tmp_path / "isolation_probe.py").write_text("IMPORTED = True\n", encoding="utf-8")
    notebook = json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8"))
    setup = next(i for i, c in enumerate(notebook["cells"]) if "model.build" in "".join(c["source"]))
    probe = {
        "cell_type": "code",
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "id": "isolation-probe",
        "source": PROBE.format(folder=str(tmp_path)),
    }
    notebook["cells"].insert(setup + 1, probe)
    probed = tmp_path / "probed_report.ipynb"
    probed.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")

    result = render(
        tmp_path / "data",
        tmp_path / "reports",
        formats=("html",),
        jobs=1,
        report_notebook=probed,
        progress=False,
        log=None,
    )
    assert [(o.job.label, o.status, o.error) for o in result.outcomes] == [
        ("Ban Dân tộc 2023-H1", "rendered", ""),
        ("Sở Thử Nghiệm 2023-H1", "rendered", ""),
        ("overview 2023-H1", "rendered", ""),
        ("province 2023-H1", "rendered", ""),
    ]
