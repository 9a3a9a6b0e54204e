"""The package's folders are the pipeline's stages: a module imports only from its own stage or
a lower one, modules import no cycle, and none grows past 400 lines. Inside the report stage the
same holds for its three parts: the report's content, its page, and the machinery that runs it."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cchc_analysis"
#: Stages, lowest first; top-level modules not named here sit above every stage.
ORDER = {
    "errors": 0,
    "shared": 0,
    "terminal": 0,
    "sources": 1,
    "parse": 2,
    "store": 3,
    "derive": 4,
    "report": 5,
}
TOP = 6
#: The report stage's parts, lowest first: its content (the model), its page, its machinery.
REPORT_PARTS = {"content": 0, "page": 1, "run": 2}


def stage(module: str) -> float:
    """The stage of a dotted module name inside the package ("cchc_analysis.parse.numbers" → 2;
    the report's parts in between: "cchc_analysis.report.page.html" → 5.2; a module at the
    report stage's root, which its parts share, → 5)."""
    parts = module.split(".")
    level = ORDER.get(parts[1], TOP) if len(parts) > 1 else TOP
    if level == ORDER["report"] and len(parts) > 2 and parts[2] in REPORT_PARTS:
        level += (REPORT_PARTS[parts[2]] + 1) / 10
    return level


@cache
def imports() -> dict[str, set[str]]:
    """Every module of the package → the package modules it imports (at any depth in the file);
    read once, when a test first asks (not while the tests are collected)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("cchc_analysis", *path.relative_to(PACKAGE).with_suffix("").parts))
        name = name.removesuffix(".__init__")
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cchc_analysis"):
                targets.add(node.module)
                targets |= {
                    f"{node.module}.{a.name}"
                    for a in node.names
                    if (PACKAGE / Path(*node.module.split(".")[1:]) / f"{a.name}.py").exists()
                }
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("cchc_analysis")}
        found[name] = targets
    return found


def test_no_stage_imports_a_higher_one():
    wrong = [
        (module, target)
        for module, targets in imports().items()
        for target in targets
        if target != "cchc_analysis" and stage(target) > stage(module)
    ]
    assert wrong == []


def test_no_import_cycles_between_modules():
    graph = {m: {t for t in ts if t in imports() and t != m} for m, ts in imports().items()}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for target in sorted(graph[node]):
            if target.startswith(node + "."):  # a package importing its own modules
                continue
            if state.get(target) == 1:
                return [*path, node, target]
            if target not in state and (cycle := visit(target, [*path, node])):
                return cycle
        state[node] = 2
        return None

    cycles = [c for m in sorted(graph) if m not in state and (c := visit(m, []))]
    assert cycles == []


def test_no_module_over_400_lines():
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
