"""The template catalogue and the matcher, checked against the real seed report's appendix."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.derive.catalogue import CATALOG_DIR, DOMAINS, Catalog
from cchc_analysis.derive.labels import fold_diacritics, normalise_label
from cchc_analysis.derive.matching import match, match_records
from cchc_analysis.parse.appendix import to_observations

#: The shipped catalogue, passed to the matcher as derive passes it.
CATALOG = Catalog.load()


#: Ids other modules rely on, at their template position (code, item).
FIXED_IDS = {
    "plan_tasks_total": ("1.1", 1),
    "plan_tasks_done": ("1.1", 2),
    "inspection_issues_found": ("1.3.2", 1),
    "inspection_issues_resolved": ("1.3.2", 2),
    "province_tasks_assigned": ("1.5", 1),
    "province_tasks_on_time": ("1.5", 2),
    "province_tasks_late": ("1.5", 3),
    "legal_docs_issued": ("2.1", 0),
    "tthc_total": ("3.2", 0),
    "tthc_provincial": ("3.2", 1),
    "tthc_district": ("3.2", 2),
    "tthc_commune": ("3.2", 3),
    "tthc_published_portal": ("3.3", 1),
    "dossiers_total": ("3.4.6", 0),
    "dossiers_online_l3": ("3.4.7.1", 1),
    "dossiers_online_l4": ("3.4.7.1", 2),
    "dossiers_online_l3_rate": ("3.4.7.1", 3),
    "dossiers_online_l4_rate": ("3.4.7.1", 4),
    "staff_quota": ("4.2", 1),
    "staff_present": ("4.2", 2),
    "staff_contracts": ("4.2", 3),
    "staff_reduced": ("4.2", 4),
    "staff_reduction_rate_2015": ("4.2", 5),
    "docs_outgoing_total": ("7.6.3", 0),
    "docs_electronic_rate": ("7.6.3", 1),
    "docs_electronic_paper_rate": ("7.6.3", 2),
}


@pytest.fixture(scope="module")
def parsed_seed_observations(seed_report) -> pd.DataFrame:
    """The seed's appendix rows as observations, straight from the text reader (not stored)."""
    return pd.DataFrame(to_observations(seed_report.appendix))


@pytest.fixture(scope="module")
def matched(parsed_seed_observations: pd.DataFrame) -> pd.DataFrame:
    return match(parsed_seed_observations, CATALOG)


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return CATALOG.template


def rows(*specs: tuple) -> pd.DataFrame:
    """Hand-written observations: (code, item, label, unit)."""
    return pd.DataFrame(specs, columns=["code", "item", "label", "unit"])


def at(frame: pd.DataFrame, code: str, item: int) -> pd.Series:
    found = frame[(frame["code"] == code) & (frame["item"] == item)]
    assert len(found) == 1, (code, item)
    return found.iloc[0]


# --- the catalogue itself ------------------------------------------------------------------------


def test_catalogue_rows_per_area(catalog):
    # counted in the raw seed (Phụ lục 2, lines 179–347: table rows by area, headers left out)
    per_area = catalog["code"].str.split(".").str[0].value_counts().to_dict()
    assert per_area == {"1": 21, "2": 6, "3": 54, "4": 17, "5": 23, "6": 1, "7": 29}


def test_fixed_ids_stand_at_their_template_position(catalog):
    positions = catalog.set_index("indicator_id")[["code", "item"]]
    for indicator_id, (code, item) in FIXED_IDS.items():
        assert tuple(positions.loc[indicator_id]) == (code, item), indicator_id


def test_every_domain_has_indicators(catalog):
    assert list(DOMAINS) == [
        "chi_dao_dieu_hanh",
        "the_che",
        "thu_tuc_hanh_chinh",
        "to_chuc_bo_may",
        "che_do_cong_vu",
        "tai_chinh_cong",
        "chinh_quyen_so",
    ]
    assert set(catalog["domain"]) == set(DOMAINS)


def test_labels_carry_no_report_year(catalog):
    labels = catalog.set_index("indicator_id")["label"]
    assert labels["staff_quota"] == "Tổng số biên chế được giao trong năm"
    assert labels["staff_reduction_rate_2015"].endswith("so với năm 2015")
    assert labels["plan_annual"] == "Kế hoạch CCHC năm"


def test_parts_and_rate_links(catalog):
    frame = catalog.set_index("indicator_id")
    assert set(frame.index[frame["part_of"] == "tthc_total"]) == {
        "tthc_provincial",
        "tthc_district",
        "tthc_commune",
    }
    assert len(frame[frame["part_of"] == "public_units_total"]) == 3
    assert (frame.loc[frame["kind"] == "rate", "part_of"] == "").all()
    assert frame.loc["dossiers_online_l3", "numerator_of"] == "dossiers_online_l3_rate"
    assert frame.loc["docs_outgoing_total", "denominator_of"] == "docs_electronic_rate"


def test_aliases_name_known_indicators(catalog):
    aliases = CATALOG.aliases
    assert len(aliases) >= 5
    assert set(aliases["indicator_id"]) <= set(catalog["indicator_id"])


def _broken_copy(tmp_path: Path, line: int, column: str, value: str) -> Path:
    """A copy of the catalogue folder with one cell of template.csv changed."""
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    path = folder / "template.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[line - 1][table[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return folder


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("indicator_id", "plan_tasks_total", "duplicate indicator_id"),
        ("domain", "giao_duc", "unknown domain 'giao_duc'"),
        ("kind", "ratio", "unknown kind 'ratio'"),
        ("part_of", "no_such_id", "part_of 'no_such_id' is not an indicator_id"),
        ("label", "Tổng số biên chế được giao trong năm 2023", "names a year"),
    ],
)
def test_broken_template_is_refused_naming_file_and_line(tmp_path, column, value, message):
    folder = _broken_copy(tmp_path, 10, column, value)
    with pytest.raises(ValueError, match="template.csv: line 10") as error:
        Catalog.load(folder)
    assert message in str(error.value)


def test_alias_to_unknown_id_is_refused(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    with (folder / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("no_such_id,Số cây xanh\n")
    with pytest.raises(ValueError, match=r"aliases.csv: line \d+: unknown indicator_id"):
        Catalog.load(folder)


def test_one_catalogue_per_folder_read_once():
    assert Catalog.load() is Catalog.load(CATALOG_DIR) is CATALOG
    assert CATALOG.folder == CATALOG_DIR
    assert {"plan_tasks_done", "dossiers_total"} <= CATALOG.flows
    assert "staff_present" not in CATALOG.flows  # a stock at the report's date
    assert CATALOG.kinds["tthc_internal_procedure_rate"] == "rate"
    assert CATALOG.is_percent_unit("Tỷ lệ %") and not CATALOG.is_percent_unit("Hồ sơ")


def test_the_matcher_uses_the_catalogue_it_is_given(tmp_path):
    """A copy of the catalogue whose one alias names another row matches that row, passed
    explicitly; the shipped catalogue, passed alongside, still matches its own."""
    folder = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    aliases = folder / "aliases.csv"
    text = aliases.read_text(encoding="utf-8")
    said = "direction_docs_issued,Số văn bản chỉ đạo về CCHC đã ban hành\n"
    assert said in text
    aliases.write_text(
        text.replace(said, said.replace("direction_docs_issued", "legal_docs_issued")), encoding="utf-8"
    )
    edited = Catalog.load(folder)
    # at no template position (9.9), so only the label can match it
    row = {"code": "9.9", "item": 0, "label": "Số văn bản chỉ đạo về CCHC đã ban hành", "unit": "Văn bản"}
    assert match_records([row], [], edited) == [
        {"indicator_id": "legal_docs_issued", "domain": "the_che", "match": "alias"}
    ]
    assert match_records([row], [], CATALOG) == [
        {"indicator_id": "direction_docs_issued", "domain": "chi_dao_dieu_hanh", "match": "alias"}
    ]


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Tổng số biên chế được giao trong năm 2022", "tổng số biên chế được giao trong năm"),
        ("Tỷ lệ hồ sơ trực tuyến", "tỉ lệ hồ sơ trực tuyến"),
        ("Tỉ lệ hồ sơ trực tuyến", "tỉ lệ hồ sơ trực tuyến"),
        ("Số TTHC cấp tỉnh", "số thủ tục hành chính cấp tỉnh"),
        ("Số VBQPPL đã rà soát", "số văn bản quy phạm pháp luật đã rà soát"),
        ("Số ĐVSNNCL thuộc sở", "số đơn vị sự nghiệp công lập thuộc sở"),
        ("Số ĐVSNCL thuộc sở", "số đơn vị sự nghiệp công lập thuộc sở"),
        ("Cổng DVC quốc gia", "cổng dịch vụ công quốc gia"),
        ("Hồ sơ qua dịch vụ BCCI", "hồ sơ qua dịch vụ bcci"),
        ("qua dịch vụ bưu chính công ích", "qua dịch vụ bcci"),
        ("Tổng số TTHC đang có hiệu lực. Trong đó:", "tổng số thủ tục hành chính đang có hiệu lực"),
        ("Số văn bản chỉ đạo đã ban hành:", "số văn bản chỉ đạo đã ban hành"),
        ("1.3.2. Xử lý sau kiểm tra", "xử lí sau kiểm tra"),
        ("3.4.7.4 Tin nhắn tự động", "tin nhắn tự động"),
        ("Điện tử hóa quy trình", "điện tử hoá quy trình"),
        ("Tổng số  VĂN BẢN   ĐI", "tổng số văn bản đi"),
        ("Cổng / trang thông tin", "cổng/trang thông tin"),
        ("theo Chỉ thị số 12/CT ngày 26/5/2017", "theo chỉ thị số 12/ct ngày 26/5/2017"),
    ],
)
def test_normalise_label(text, expected):
    assert normalise_label(text) == expected


def test_normalise_label_of_missing_values_is_empty():
    assert normalise_label(None) == normalise_label(float("nan")) == ""


def test_fold_diacritics():
    assert fold_diacritics("Đơn vị tính: Người") == "Don vi tinh: Nguoi"


# --- matching ------------------------------------------------------------------------------------


def reworded(label: object) -> object:
    """A label as another agency types it: capitals, abbreviations spelled out, tỉ for tỷ,
    "Trong đó:" dropped — never the catalogue's own text."""
    if not isinstance(label, str):
        return label
    text = label.replace("TTHC", "thủ tục hành chính").replace("VBQPPL", "văn bản QPPL")
    text = text.replace("tỷ lệ", "tỉ lệ").replace("Tỷ lệ", "Tỉ lệ").replace(". Trong đó:", "")
    return text.upper() if len(text) < 40 else text


def test_a_reworded_seed_matches_the_same_rows(parsed_seed_observations, matched):
    seed = parsed_seed_observations
    other = match(seed.assign(label=[reworded(x) for x in seed["label"]]), CATALOG)
    assert matched["indicator_id"].notna().all() and matched["indicator_id"].is_unique
    assert other["indicator_id"].tolist() == matched["indicator_id"].tolist()
    assert (other["match"] != "code").sum() >= 120  # found by their words, not only by position


def test_seed_examples(matched):
    assert at(matched, "1.5", 2)["indicator_id"] == "province_tasks_on_time"
    assert at(matched, "7.5", 1)["indicator_id"] == "web_portal_provincial"
    assert at(matched, "7.6.2", 1)["indicator_id"] == "digital_signatures_provincial"
    quota = at(matched, "4.2", 1)
    assert "2022" in quota["label"]
    assert (quota["indicator_id"], quota["match"]) == ("staff_quota", "label")
    plan = at(matched, "1.1", 0)
    assert (plan["indicator_id"], plan["match"]) == ("plan_annual", "code")
    assert at(matched, "1.1", 1)["indicator_id"] == "plan_tasks_total"
    assert at(matched, "6", 0)["domain"] == "tai_chinh_cong"


def test_match_keeps_the_input(parsed_seed_observations, matched):
    assert list(matched.columns) == [*parsed_seed_observations.columns, "indicator_id", "domain", "match"]
    assert "indicator_id" not in parsed_seed_observations.columns
    assert matched.index.equals(parsed_seed_observations.index)


def test_reworded_labels_still_match():
    frame = rows(
        ("7.6.3", 0, "Tổng số văn bản đi", "Văn bản"),
        ("7.6.3", 1, "Tỉ lệ văn bản được gửi dưới dạng điện tử song song với văn bản giấy", "%"),
        ("7.6.3", 2, "Tỉ lệ văn bản được gửi hoàn toàn dưới dạng điện tử", "%"),
        ("3.2", 0, "Tổng số thủ tục hành chính ngành/lĩnh vực đang có hiệu lực", "Thủ tục"),
        ("3.2", 1, "Số thủ tục hành chính cấp tỉnh", "Thủ tục"),
        ("1.5", 0, "Thuc hien nhiem vu UBND tinh giao", ""),
        ("1.5", 1, "Số nhiệm vụ được giao", "Nhiệm vụ"),
    )
    result = match(frame, CATALOG)
    assert list(result["indicator_id"]) == [
        "docs_outgoing_total",
        "docs_electronic_paper_rate",  # the label decides, not the position
        "docs_electronic_rate",
        "tthc_total",
        "tthc_provincial",
        "province_tasks",
        "province_tasks_assigned",
    ]
    assert list(result["match"]) == ["alias", "alias", "alias", "label", "label", "folded", "alias"]


def test_renumbered_row_keeps_its_children():
    frame = rows(
        ("3.3", 0, "Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:", "Thủ tục"),
        ("3.3", 1, "Số TTHC cấp xã", "Thủ tục"),
    )
    assert list(match(frame, CATALOG)["indicator_id"]) == ["tthc_total", "tthc_commune"]


def test_position_fallback_needs_a_matching_unit():
    frame = rows(
        ("1.1", 0, "Kế hoạch số 12/KH-UBND ngày 3/1/2023", "Văn bản"),
        ("4.2", 1, "Biên chế năm nay", "Người"),
        ("4.2", 2, "Biên chế hiện có", ""),
    )
    result = match(frame, CATALOG)
    assert result["indicator_id"].isna().iloc[0]
    assert list(result["match"].iloc[1:]) == ["code", "code"]
    assert list(result["indicator_id"].iloc[1:]) == ["staff_quota", "staff_present"]
    assert result["domain"].iloc[0] == "chi_dao_dieu_hanh"


def test_unknown_label_is_left_unmatched_in_its_area():
    frame = rows(
        ("7.5", 0, "Cổng/trang thông tin điện tử", "Cổng/trang"), ("7.5", 4, "Số cây xanh được trồng", "Cây")
    )
    result = match(frame, CATALOG)
    assert result["indicator_id"].isna().tolist() == [False, True]
    assert result["domain"].tolist() == ["chinh_quyen_so", "chinh_quyen_so"]


def test_a_unit_variant_still_places_a_reworded_row_by_its_position():
    frame = rows(
        ("4.2", 0, "Biên chế của cơ quan", ""),
        ("4.2", 1, "Biên chế năm nay", "Biên chế"),  # template unit: Người
        ("3.2", 0, "Các thủ tục của ngành", "TTHC"),  # template unit: Thủ tục
        ("7.6.3", 0, "Văn bản gửi ra ngoài", "VB"),  # template unit: Văn bản
        ("4.2", 2, "Biên chế hiện có", "Hồ sơ"),  # another unit: not this row
    )
    result = match(frame, CATALOG)
    assert result["indicator_id"].tolist()[1:4] == ["staff_quota", "tthc_total", "docs_outgoing_total"]
    assert result["match"].tolist()[1:4] == ["code", "code", "code"]
    assert pd.isna(result["indicator_id"].iloc[4])
