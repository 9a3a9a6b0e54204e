"""Every install draws its dependencies from requirements.lock (pinned, hashed, within the ranges
pyproject.toml declares): the Makefile, environment.yml and the installed environment itself; the
CLI entry points exist; the seed, the package data and the notebooks are shipped, and what a wheel
holds renders the seed without the checkout."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from cchc_analysis.report.run import jobs

from builders import SEED

ROOT = SEED.parents[2]
LOCK = ROOT / "requirements.lock"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared() -> list[Requirement]:
    project = _project()
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def _lock_lines() -> list[str]:
    """The lock's logical lines: continuations joined, comments and blank lines dropped."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = (re.sub(r"(^|\s)#.*$", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _lock() -> dict[str, list[tuple[Requirement, list[str]]]]:
    """Name → its entries in the lock (one per marker range), each with its hashes."""
    entries = defaultdict(list)
    for line in _lock_lines():
        requirement, *hashes = re.split(r"\s+--hash=", line)
        req = Requirement(requirement)  # an option line (-e, --index-url, …) fails here
        entries[canonicalize_name(req.name)].append((req, hashes))
    return entries


def _pin(req: Requirement) -> Version:
    (spec,) = req.specifier
    assert spec.operator == "==" and "*" not in spec.version, req
    return Version(spec.version)


def test_every_declared_dependency_is_pinned_in_the_lock_within_its_range():
    lock = _lock()
    for declared in _declared():
        entries = lock.get(canonicalize_name(declared.name))
        assert entries, (
            f"{declared.name} is in pyproject.toml but not in requirements.lock: bash scripts/lock.sh"
        )
        for req, _ in entries:
            assert declared.specifier.contains(_pin(req), prereleases=True), (
                f"requirements.lock pins {req}, outside pyproject's {declared}: bash scripts/lock.sh"
            )


def test_nothing_in_the_lock_is_unpinned_or_unhashed():
    lines = _lock_lines()
    assert len(lines) > len(_declared())
    for line in lines:
        assert not line.startswith("-"), f"an option or editable in requirements.lock: {line}"
    for name, entries in _lock().items():
        for req, hashes in entries:
            _pin(req)
            assert req.url is None and not req.extras, req
            assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), req
        here = [req for req, _ in entries if req.marker is None or req.marker.evaluate()]
        assert len(here) <= 1, f"{name}: several pins apply to this Python: {here}"


def test_the_lock_is_made_for_every_supported_python_by_its_script():
    minimum = re.fullmatch(r">=\s*(\d+\.\d+)", _project()["requires-python"]).group(1)
    script = (ROOT / "scripts" / "lock.sh").read_text(encoding="utf-8")
    for option in (
        "--universal",
        f"--python-version {minimum}",
        "--extra test",
        "--generate-hashes",
        "pyproject.toml",
        "-o requirements.lock",
    ):
        assert option in script, option
    assert "#    bash scripts/lock.sh\n" in LOCK.read_text(encoding="utf-8")[:300]


def test_the_installed_environment_is_the_lock_and_the_lock_is_closed():
    """What runs the tests here was installed from the lock, and nothing it needs is missing."""
    here = {
        name: req
        for name, entries in _lock().items()
        for req, _ in entries
        if req.marker is None or req.marker.evaluate()
    }
    for name, req in here.items():
        assert Version(importlib.metadata.version(name)) == _pin(req), (
            f"{name} {importlib.metadata.version(name)} installed, {req} locked: make (or "
            "pip install -r requirements.lock) again"
        )
    todo = [(canonicalize_name(r.name), frozenset(r.extras)) for r in _declared()]
    seen = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        assert name in here, f"{name} is needed but not locked for this Python: bash scripts/lock.sh"
        for text in importlib.metadata.requires(name) or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in {"", *extras}):
                needed = canonicalize_name(req.name)
                assert needed in here, f"{name} needs {req}, not locked for this Python: bash scripts/lock.sh"
                assert req.specifier.contains(_pin(here[needed]), prereleases=True), (
                    f"{name} needs {req}, requirements.lock has {here[needed]}"
                )
                todo.append((needed, frozenset(req.extras)))


def test_environment_yml_installs_exactly_the_lock_through_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    names = sorted(re.match(r"[A-Za-z0-9_.-]+", d).group(0) for d in conda)
    assert names == ["pip", "python"], f"conda packages beyond python and pip: {conda}"
    python = next(d for d in conda if d.startswith("python"))
    version = re.fullmatch(r"python\s*[=>]=?\s*(\d+\.\d+)(\.\*)?", python).group(1)
    assert Version(version) in SpecifierSet(_project()["requires-python"]), python
    assert pip == [{"pip": ["-r requirements.lock"]}]


def test_the_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(VENV\)/\.installed:(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert rule, "no $(VENV)/.installed rule in the Makefile"
    assert {"pyproject.toml", "requirements.lock"} <= set(rule.group(1).split())
    installs = [
        re.sub(r"\s+--quiet", "", line.split("pip install", 1)[1]).strip()
        for line in rule.group(2).splitlines()
        if "pip install" in line
    ]
    assert installs == ["--upgrade pip", "--require-hashes -r requirements.lock", "--no-deps -e ."]


def test_console_script_and_module():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["cchc"] == "cchc_analysis.cli:main"
    assert (ROOT / "cchc_analysis" / "__main__.py").exists()


#: The seed as received (../shared/seeds/), recorded once: any edit of data/raw/ changes it.
SEED_SHA256 = "b22998fe3924e03e31512fd7b4587da9e08775583a29409bf0738ce85b1cbd36"


def test_raw_seed_is_kept_byte_identical():
    data = SEED.read_bytes()
    assert len(data) == 42222 and hashlib.sha256(data).hexdigest() == SEED_SHA256
    shared = ROOT.parent / "shared" / "seeds" / SEED.name
    if shared.exists():  # beside the clone here and in CI; the recorded hash holds without it
        assert data == shared.read_bytes()


def test_the_package_data_ships_the_catalogue_and_templates():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["cchc_analysis"]
    package = ROOT / "cchc_analysis"
    for pattern in patterns:
        assert list(package.glob(pattern)), pattern
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    assert {
        "template.csv",
        "aliases.csv",
        "subjects.csv",
        "row_subjects.csv",
        "relations.csv",
        "units.csv",
    } <= {p.name for p in shipped}
    # every template a report needs, in every subfolder, reaches a non-editable install too
    templates = {p for p in (package / "report" / "page" / "templates").rglob("*") if p.is_file()}
    assert templates and templates <= shipped


#: The notebooks analysts open (notebooks/) and the package ships: typed here, not globbed.
NOTEBOOKS = {"period_report.ipynb", "period_overview.ipynb", "province_report.ipynb", "explore.ipynb"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The package as a wheel holds it, built from this checkout the way bdist_wheel gathers a
    wheel's files (setuptools' build_py with pyproject's package data), nothing written into the
    checkout, offline and in a second: the quick check of what a wheel holds. The slow test below
    builds a real one with ``pip wheel``, which fetches its build backend from the index."""
    base = tmp_path_factory.mktemp("built")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from setuptools import setup; setup()",
            "-q",
            "egg_info",
            "--egg-base",
            str(base),
            "build_py",
            "--build-lib",
            str(base / "lib"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return base / "lib"


def test_the_notebooks_have_one_copy_that_the_package_reaches():
    """notebooks/ holds the files; the package's notebooks/ is a symlink to it, and render finds the
    very files of notebooks/ through it (paths unchanged: plans and reports keyed on them hold)."""
    assert {p.name for p in (ROOT / "notebooks").glob("*.ipynb")} == NOTEBOOKS
    assert all(not p.is_symlink() for p in (ROOT / "notebooks").iterdir())
    link = ROOT / "cchc_analysis" / "notebooks"
    assert link.is_symlink() and os.readlink(link) == "../notebooks"
    assert jobs.REPORT_NOTEBOOK == (ROOT / "notebooks" / "period_report.ipynb").resolve()
    assert jobs.OVERVIEW_NOTEBOOK == (ROOT / "notebooks" / "period_overview.ipynb").resolve()
    assert jobs.PROVINCE_NOTEBOOK == (ROOT / "notebooks" / "province_report.ipynb").resolve()


def test_a_built_package_holds_the_notebooks_as_files(built):
    shipped = built / "cchc_analysis" / "notebooks"
    assert not shipped.is_symlink()
    assert {p.relative_to(shipped).as_posix() for p in shipped.rglob("*")} == NOTEBOOKS
    for name in NOTEBOOKS:
        assert (shipped / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes(), name


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_renders_the_seed_away_from_the_checkout(tmp_path):
    """``pip wheel`` builds the wheel; a fresh venv installs it (``--no-deps``: the other packages
    come from this environment's site-packages, named in a .pth file, whose own .pth files — this
    checkout's editable install — are not read); run from a folder outside the checkout, its
    ``cchc ingest`` + ``cchc render`` publish the seed's report from the notebook and templates the
    wheel carries."""
    assert ROOT not in tmp_path.parents
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("cchc_analysis-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # --ignore-installed: this environment's editable install, seen through the .pth, is not the
    # wheel; run from tmp_path, away from the checkout's own metadata
    installed = subprocess.run(
        [
            venv / "bin" / "python",
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheel),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0 and (venv / "bin" / "cchc").is_file(), (
        installed.stdout + installed.stderr
    )
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / SEED.name).write_bytes(SEED.read_bytes())
    # the other packages' data files (nbconvert's base templates) from this environment too
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    for args in (
        ["ingest", "raw", "--out", "data"],
        ["render", "--data", "data", "--out", "reports", "--format", "html", "--jobs", "1"],
    ):
        run = subprocess.run(
            [venv / "bin" / "cchc", *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stdout + run.stderr
    folder = tmp_path / "reports" / "khanh-hoa" / "ban-dan-toc" / "2023-H1"
    assert "95,7\u00a0%" in (folder / "report.html").read_text(encoding="utf-8")
    rows = json.loads((folder / "report.json").read_text(encoding="utf-8"))["sections"]["appendix"]["rows"]
    assert [r["value"] for r in rows if (r["code"], r["item"]) == ("7.6.3", 1)] == [95.7]
    render = json.loads((folder / "render.json").read_text(encoding="utf-8"))
    assert render["notebook"] == str(site / "cchc_analysis" / "notebooks" / "period_report.ipynb")
