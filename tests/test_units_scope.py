"""Catalogue matches respect meaning: a row matched by its wording but written in another unit
than the template's is one warning naming both units (a known variant of the unit is none), and
neither such a figure nor a row an agency fills with its own internals ("Số phòng thuộc Ban",
catalog/scope.csv) is summed into the province's figure; the roll-up lists them with why, and the
province page says it in one line.

The three-agency province below is typed by hand; its sums are worked out by hand beside it."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.derive.catalogue import CATALOG_DIR, SCOPE_FILE, Catalog
from cchc_analysis.errors import InputError
from cchc_analysis.report.content import province, slices
from cchc_analysis.report.content.finding_words import message
from cchc_analysis.report.page import html as page
from cchc_analysis.store import open_store

from province_fixture import HEADER, document

PROVINCE, PERIOD = "Bình Định", "2023-H1"
#: (docs issued 1.2, dossiers handled 3.4.6, divisions 4.1.1, staff present 4.2 sub-row 2):
#: (unit, value) as each agency wrote them.
AGENCIES = {
    "Sở Tư pháp": (("VB", "3"), ("Hồ sơ", "120"), ("phòng", "5"), ("Người", "30")),
    "Sở Xây dựng": (("Văn bản (VB)", "4"), ("HS", "80"), ("phòng", "6"), ("Biên chế", "25")),
    # its dossiers counted in people: matched by the label, another unit than Hồ sơ
    "Sở Y tế": (("VB", "2"), ("Người", "50"), ("phòng", ""), ("Người/biên chế", "40")),
}


def table(cells: tuple[tuple[str, str], ...]) -> str:
    """An appendix of four rows of the template under their headings, header included."""
    (du, dv), (hu, hv), (pu, pv), (su, sv) = cells
    rows = [
        ("1", "Công tác chỉ đạo điều hành CCHC", "", ""),
        ("1.2", "Số văn bản chỉ đạo CCHC đã ban hành", du, dv),
        ("3", "Cải cách thủ tục hành chính", "", ""),
        ("3.4.6", "Kết quả giải quyết TTHC", hu, hv),
        ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", "", ""),
        ("4.1", "Cơ cấu tổ chức bộ máy", "", ""),
        ("4.1.1", "Số phòng thuộc Sở", pu, pv),
        ("4.2", "Số liệu về biên chế công chức", "", ""),
        ("-", "Tổng số biên chế có mặt tại thời điểm báo cáo", su, sv),
    ]
    return HEADER + "".join(f"{stt}\t{label}\t{unit}\t{value}\t\n" for stt, label, unit, value in rows)


@pytest.fixture(scope="module")
def binh_dinh(tmp_path_factory):
    """The three agencies' reports ingested once, the province's model built once."""
    base = tmp_path_factory.mktemp("binh-dinh")
    raw = base / "raw"
    raw.mkdir()
    for number, (agency, cells) in enumerate(AGENCIES.items(), start=1):
        path = raw / f"{number:02d}.txt"
        path.write_text(document(agency, PERIOD, table(cells)), encoding="utf-8")
        path.with_name(path.name + ".meta.toml").write_text(
            f'agency = "{agency}"\nprovince = "{PROVINCE}"\nperiod = "{PERIOD}"\n', encoding="utf-8"
        )
    assert main(["ingest", str(raw), "--out", str(base / "store")]) == 0
    store = open_store(base / "store")
    built = province.build(slices.ProvinceStore(store, PROVINCE), PERIOD)
    return SimpleNamespace(store=store, model=built.model, html=page.Page(built).html())


def rollup_row(store, indicator_id: str, period: str = PERIOD) -> dict:
    table = store.table("rollup")
    found = table[(table["indicator_id"] == indicator_id) & (table["period"] == period)]
    assert len(found) == 1
    return found.iloc[0].to_dict()


def inputs_of(store, indicator_id: str) -> dict[str, object]:
    """agency → why its input of the figure was left out (None: summed)."""
    table = store.table("rollup_inputs")
    mine = table[table["indicator_id"] == indicator_id]
    return {r.agency: None if pd.isna(r.excluded) else r.excluded for r in mine.itertuples()}


def test_the_seeds_divisions_are_not_summed_into_the_province_and_say_why(seed_store):
    store = open_store(seed_store)
    row = rollup_row(store, "org_specialised_agencies")  # "Số phòng thuộc Ban", phòng, 3
    assert pd.isna(row["value"])
    assert (row["reported"], row["summed"], row["excluded"]) == (1, 0, 1)
    table = store.table("rollup_inputs")
    mine = table[table["indicator_id"] == "org_specialised_agencies"]
    assert [(r.agency, r.value, r.excluded) for r in mine.itertuples()] == [
        ("Ban Dân tộc", 3.0, "agency_internal")
    ]


def test_a_unit_mismatch_is_one_warning_naming_both_units_and_variants_are_none(binh_dinh):
    findings = binh_dinh.store.table("findings")
    found = findings[findings["rule"] == "unit_mismatch"]
    # 3.4.6 of Sở Y tế in people, and the divisions of Tư pháp and Xây dựng (Y tế's is blank);
    # VB, Văn bản (VB), HS, Biên chế, Người/biên chế are the template's units written otherwise
    assert sorted(zip(found["agency"], found["code"])) == [
        ("Sở Tư pháp", "4.1.1"),
        ("Sở Xây dựng", "4.1.1"),
        ("Sở Y tế", "3.4.6"),
    ]
    assert set(found["severity"]) == {"warning"}
    dossiers = found[found["agency"] == "Sở Y tế"].iloc[0]
    details = json.loads(dossiers["details"])
    assert (details["unit"], details["template_unit"]) == ("Người", "Hồ sơ")
    said = message("unit_mismatch", dossiers["details"])
    assert "“Người”" in said and "“Hồ sơ”" in said and said.startswith("3.4.6")


def test_the_province_sums_leave_out_internal_rows_and_mismatched_units(binh_dinh):
    store = binh_dinh.store
    docs = rollup_row(store, "direction_docs_issued")  # 3 + 4 + 2, every unit a variant of Văn bản
    assert (docs["value"], docs["summed"], docs["excluded"]) == (9.0, 3, 0)
    staff = rollup_row(store, "staff_present")  # 30 + 25 + 40
    assert (staff["value"], staff["summed"], staff["excluded"]) == (95.0, 3, 0)
    dossiers = rollup_row(store, "dossiers_total")  # 120 + 80; Y tế's 50 people left out
    assert (dossiers["value"], dossiers["reported"], dossiers["summed"], dossiers["excluded"]) == (
        200.0,
        3,
        2,
        1,
    )
    assert inputs_of(store, "dossiers_total") == {
        "Sở Tư pháp": None,
        "Sở Xây dựng": None,
        "Sở Y tế": "unit_mismatch",
    }
    divisions = rollup_row(store, "org_specialised_agencies")  # 5 + 6 divisions: no province figure
    assert pd.isna(divisions["value"])
    assert (divisions["reported"], divisions["summed"], divisions["excluded"]) == (2, 0, 2)
    assert inputs_of(store, "org_specialised_agencies") == {
        "Sở Tư pháp": "agency_internal",
        "Sở Xây dựng": "agency_internal",
    }


def test_the_province_page_says_in_one_line_who_was_left_out_and_why(binh_dinh):
    rows = {r["indicator_id"]: r for r in binh_dinh.model["sections"]["rollup"]["rows"]}
    assert rows["dossiers_total"]["left_out"] == {"unit_mismatch": ["Sở Y tế"]}
    assert rows["org_specialised_agencies"]["left_out"] == {"agency_internal": ["Sở Tư pháp", "Sở Xây dựng"]}
    assert rows["direction_docs_issued"]["left_out"] == {}
    assert "không cộng 1 cơ quan (Sở Y tế): đơn vị tính khác biểu mẫu" in binh_dinh.html
    assert (
        "không cộng 2 cơ quan (Sở Tư pháp, Sở Xây dựng): dòng cơ quan ghi số của chính mình" in binh_dinh.html
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("staff_present,whole_province,", "scope must be agency_internal, not 'whole_province'"),
        ("tthc_internal_procedure_rate,agency_internal,", "'tthc_internal_procedure_rate' is no count row"),
        (
            "org_specialised_agencies,agency_internal,again",
            "indicator_id 'org_specialised_agencies' repeats line 2",
        ),
    ],
)
def test_a_bad_scope_line_is_refused_naming_file_and_line(tmp_path, line, said):
    folder = tmp_path / "catalog"
    folder.mkdir()
    for path in CATALOG_DIR.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / SCOPE_FILE).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(InputError, match=f"{SCOPE_FILE}: line 3: .*{said}"):
        Catalog.load(folder)
