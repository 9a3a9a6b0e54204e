"""The rule registry: every rule declared once (check, severity, message, description, example),
the store's allowed rule ids and the report's sentences read from it, the README's table of rules
the registry's own, and findings numbered the same whatever order the rules registered in."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cchc_analysis.cli import main
from cchc_analysis.derive import run as derive_run
from cchc_analysis.derive.catalogue import CATALOG_DIR, Catalog
from cchc_analysis.derive.checks import RULES, Context, Finding, context, rules_table
from cchc_analysis.errors import InputError
from cchc_analysis.report.content import formats
from cchc_analysis.report.content.finding_words import message
from cchc_analysis.store import open_store, schemas

from builders import SEED

README = Path(__file__).resolve().parents[1] / "README.md"
#: Rules found elsewhere than in one report's run (derive/checks/across.py).
ACROSS = {"cumulative_below_part"}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_declared_whole(rule_id):
    info = RULES[rule_id]
    assert info.severity in schemas.SEVERITIES
    assert info.lowered in (None, *schemas.SEVERITIES) and info.lowered != info.severity
    assert info.title.strip() and info.description.strip()
    assert re.fullmatch(schemas.RULE_ID, rule_id)
    assert (info.func is None) == (rule_id in ACROSS)
    said = message(rule_id, json.dumps(info.example))  # the details as the store keeps them
    assert said.strip() and "{" not in said and "None" not in said
    if info.question:  # the question a report suggests, on the same details
        asked = info.question(json.loads(json.dumps(info.example)), formats)
        assert (
            asked.startswith(("Đề nghị", "Thuyết minh", "Mục")) and "{" not in asked and "None" not in asked
        )


def test_a_message_needs_the_fields_its_rule_provides():
    example = dict(RULES["rate_vs_counts"].example)
    del example["numerator"]
    with pytest.raises(KeyError):
        message("rate_vs_counts", example)


def test_the_store_takes_a_rule_id_by_its_form_and_derive_only_registered_ones(ingested):
    assert all(re.fullmatch(schemas.RULE_ID, rule_id) for rule_id in RULES)
    findings = schemas.frame(
        "findings",
        [
            {
                "province": None,
                "agency": "A",
                "period": "2023",
                "source": "a.txt",
                "finding": 1,
                "severity": "error",
                "rule": "No such rule",
                "code": None,
                "indicator_id": None,
                "seq": None,
                "claim": None,
                "details": "{}",
                "issue": 1,
            }
        ],
    )
    with pytest.raises(schemas.SchemaViolation, match="column rule: not in the allowed form: No such rule"):
        schemas.validate("findings", findings)
    schemas.validate("findings", findings.assign(rule="relation"))
    assert set(derive_run.derive(ingested, Catalog.load()).tables["findings"].rule) <= set(RULES)


def test_a_rule_id_is_declared_once():
    with pytest.raises(ValueError, match="'relation' is declared twice"):
        context.declare("relation", RULES["relation"])


def test_a_rule_falls_only_to_the_severity_it_declares(monkeypatch):
    def says_info(ctx):
        yield Finding("negative_count", None, {}, severity="info")

    monkeypatch.setitem(RULES, "negative_count", RULES["negative_count"]._replace(func=says_info))
    ctx = Context(None, "A", "2023", "a.txt", [], Catalog.load(), [], [], [])
    with pytest.raises(ValueError, match="negative_count lowered to 'info'"):
        context.run(ctx)


def test_readme_table_is_the_registry():
    text = README.read_text(encoding="utf-8")
    table = rules_table()
    assert table in text, "README's table of rules differs from the registry:\n" + table
    start = text.index("| rule | severity | what it finds |")
    listed = re.findall(r"^\| `(\w+)` \|", text[start : text.index("\n\n", start)], re.MULTILINE)
    assert listed == sorted(RULES)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    out = tmp_path_factory.mktemp("store")
    assert main(["ingest", str(SEED), "--out", str(out)]) == 0
    store = open_store(out)
    return {name: store.table(name) for name in ("sources", "roster", "observations", "paragraphs")}


def _findings(tables) -> tuple[str, str]:
    derived = derive_run.derive(tables, Catalog.load())
    assert derived.errors == {}
    return tuple(derived.tables[name].to_csv(index=False) for name in ("findings", "finding_inputs"))


def test_findings_do_not_depend_on_the_order_rules_registered_in(ingested, monkeypatch):
    first = _findings(ingested)
    entries = list(RULES.items())
    for order in (entries[::-1],):
        monkeypatch.setattr(context, "RULES", dict(order))
        assert list(context.RULES) != [rid for rid, _ in entries]
        assert _findings(ingested) == first
    assert first[0].count("\n") > 20  # the seed has findings of several rules to order


def test_every_real_finding_of_the_seed_is_said(ingested):
    findings = derive_run.derive(ingested, Catalog.load()).tables["findings"]
    assert {
        "rate_vs_counts",
        "denominator_vs_total",
        "narrative_vs_appendix",
        "stale_year",
        "documents_vs_count",
        "value_in_unit_column",
        "blank_template_row",
    } <= set(findings.rule)
    for rule_id, details in zip(findings.rule, findings.details):
        said = message(rule_id, details)
        assert said.strip() and "None" not in said, rule_id


# --- the catalogue files: a bad line is one error naming the file and line -------------------


def _bad_copy(tmp_path, name: str, line: int, text: str) -> Path:
    """A copy of the shipped catalogue folder with line ``line`` of ``name`` replaced."""
    folder = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "line", "text", "error"),
    [
        ("units.csv", 3, ",VB2", "line 3: unit is empty"),
        ("units.csv", 3, "Văn bản,vb", "line 3: variant 'vb' repeats line 2"),
        ("aliases.csv", 2, "plan_tasks_total,", "line 2: alias is empty"),
        ("aliases.csv", 2, "plan_task_total,Số nhiệm vụ", "line 2: unknown indicator_id 'plan_task_total'"),
        (
            "template.csv",
            4,
            "plan_annual,1.1,1,chi_dao_dieu_hanh,Kế hoạch,Nhiệm vụ,count,,,,,",
            "line 4 (plan_annual): duplicate indicator_id (first on line 3)",
        ),
        (
            "template.csv",
            3,
            "plan_annualx,1.1,0,chi_dao_dieu_hanh,Kế hoạch,Quyết định,amount,,,,,",
            "line 3 (plan_annualx): unknown kind 'amount'",
        ),
        ("flows.csv", 3, "direction_docs_isued,x", "line 3: 'direction_docs_isued' is no count row"),
        ("flows.csv", 3, "plan_tasks_done,again", "line 3: indicator_id 'plan_tasks_done' repeats line 2"),
        ("flows.csv", 3, ",no id", "line 3: indicator_id is empty"),
        ("subjects.csv", 3, "dossiers,subject,dossiers,,bộ hồ sơ", "line 3: token 'dossiers' repeats line 2"),
        ("subjects.csv", 3, "procedures,subject,,,thủ tục", "line 3: group is empty"),
        ("subjects.csv", 3, "procedures,subject,procedures,,", "line 3 (procedures): pattern is empty"),
        (
            "subjects.csv",
            3,
            "procedures,subject,procedures,dosiers,thủ tục",
            "line 3 (procedures): unknown subject(s) ['dosiers']",
        ),
        (
            "subjects.csv",
            3,
            "procedures,subjct,procedures,,thủ tục",
            "line 3 (procedures): role must be subject, unit or qualifier, not 'subjct'",
        ),
        (
            "subjects.csv",
            3,
            "procedures,subject,procedures,,thủ tục,",
            "line 3: 6 cells, expected 5 (quote a cell holding a comma)",
        ),
        (
            "row_subjects.csv",
            3,
            "plan_tasks_dne,tasks,plan done,",
            "line 3: 'plan_tasks_dne' is no count or rate row of the template and no derived indicator",
        ),
        ("row_subjects.csv", 3, "plan_tasks_done,,plan done,", "line 3: subject is empty"),
        (
            "row_subjects.csv",
            3,
            "plan_tasks_done,tasks,plan dne,",
            "line 3: unknown subject or qualifier in 'tasks', ['dne']",
        ),
        (
            "row_subjects.csv",
            3,
            "plan_tasks_total,tasks,plan,",
            "line 3: 'plan_tasks_total' counts 'tasks' already on line 2",
        ),
        (
            "row_subjects.csv",
            1,
            "indicator_id,subject,qualifiers",
            "line 1: expected the columns indicator_id,subject,qualifiers,comment",
        ),
    ],
)
def test_a_bad_catalogue_line_is_one_error_naming_file_and_line(tmp_path, name, line, text, error):
    """Every catalogue file is checked as the catalogue loads: a bad line is one InputError (a
    ValueError) naming the file and line."""
    folder = _bad_copy(tmp_path, name, line, text)
    with pytest.raises(InputError) as raised:
        Catalog.load(folder)
    said = str(raised.value)
    assert said.startswith(f"{folder / name}: {error}") and "\n" not in said


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("plan_tasks_done,<=,plan_task_total,x", "line 3: 'plan_task_total' is no count row of the template"),
        ("plan_tasks_done,<,plan_tasks_total,x", "line 3: op must be <= or ==, not '<'"),
        ("plan_tasks_done,<=,plan_tasks_total,", "line 3: message is empty"),
    ],
)
def test_a_bad_relation_names_relations_csv_and_its_line(tmp_path, text, error):
    folder = _bad_copy(tmp_path, "relations.csv", 3, text)
    with pytest.raises(ValueError, match=f"^{re.escape(str(folder / 'relations.csv'))}: {re.escape(error)}$"):
        Catalog.load(folder)


def test_relations_are_held_to_the_template_beside_them(tmp_path):
    """A relation's id is checked against the template of its own folder, not the shipped one."""
    folder = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    for name in ("template.csv", "aliases.csv"):
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("plan_tasks_total", "plan_tasks_all"), encoding="utf-8")
    for name in ("flows.csv", "row_subjects.csv"):  # they name the row too
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace("plan_tasks_total", "plan_tasks_all"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"relations\.csv: line 2: 'plan_tasks_total' is no count row"):
        Catalog.load(folder)
