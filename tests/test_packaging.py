"""environment.yml and pyproject.toml declare the same dependencies; the CLI entry points exist."""
from __future__ import annotations

import re
import tomllib

import yaml

from builders import SEED

ROOT = SEED.parents[2]


def _spec(requirement: str) -> tuple[str, str]:
    name, bound = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", requirement.strip()).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_spec(d) for d in env["dependencies"] if isinstance(d, str)}
    assert ("python", f">={project['requires-python'].lstrip('>=')}") in conda
    assert declared == conda - {("python", ">=3.11"), ("pip", "")}


def test_console_script_and_module():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["cchc"] == "cchc_analysis.cli:main"
    assert (ROOT / "cchc_analysis" / "__main__.py").exists()


def test_raw_seed_is_kept_byte_identical():
    shared = ROOT.parent / "shared" / "seeds" / SEED.name
    if shared.exists():  # the shared folder sits beside the clone here and in CI
        assert SEED.read_bytes() == shared.read_bytes()
