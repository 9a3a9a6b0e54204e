"""Each consistency rule on small hand-made fixtures named after the defect: one that triggers
the rule and one that must not."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.derive import checks
from cchc_analysis.derive.catalogue import CATALOG_DIR, Catalog
from cchc_analysis.derive.checks import rates
from cchc_analysis.report.content.finding_words import findings_view
from cchc_analysis.store import schemas

CATALOG = Catalog.load()
TEMPLATE = CATALOG.template


def row(
    indicator_id=None,
    code="9.9",
    item=0,
    value=None,
    raw=None,
    unit=None,
    label="Chỉ tiêu",
    numerator=None,
    denominator=None,
    raw_unit=None,
    note=None,
    locator="line 1",
    flags=None,
    codes=None,
    decimals=None,
):
    return {
        "indicator_id": indicator_id,
        "code": code,
        "item": item,
        "label": label,
        "unit": unit,
        "value": value,
        "raw_value": raw if raw is not None else (None if value is None else str(value)),
        "numerator": numerator,
        "denominator": denominator,
        "raw_unit": raw_unit if raw_unit is not None else unit,
        "note": note,
        "locator": locator,
        "flags": flags,
        "codes": codes,
        "decimals": decimals,
    }


def run(rule_id, rows, claims=(), period="2023-H1", indicators=(), inputs=(), catalog=CATALOG):
    """The findings of one rule on hand-made rows, as `cchc check` shows them (message,
    evidence and locator written from the stored facts)."""
    identity = {"province": "Khánh Hòa", "agency": "A", "period": period, "source": "a.txt"}
    records = [{**identity, "seq": n, **r} for n, r in enumerate(rows, start=1)]
    observations = schemas.frame("observations", records)
    matched = observations.assign(indicator_id=pd.array([r["indicator_id"] for r in records], dtype="string"))
    stated = schemas.frame(
        "claims",
        [
            {**identity, "seq": n, "topic": "other", "paragraph": 1, "reported": True, **c}
            for n, c in enumerate(claims, start=1)
        ],
    )
    ctx = checks.Context(
        province="Khánh Hòa",
        agency="A",
        period=period,
        source="a.txt",
        observations=matched,
        catalog=catalog,
        indicators=schemas.frame("indicators", [{**identity, **i} for i in indicators]),
        indicator_inputs=schemas.frame("indicator_inputs", [{**identity, **i} for i in inputs]),
        claims=stated,
    )
    found = checks.run(ctx)
    findings = schemas.validate("findings", schemas.frame("findings", found.findings))
    shown = findings_view(findings, schemas.frame("finding_inputs", found.inputs), observations, stated)
    return shown[shown["rule"] == rule_id].to_dict("records")


def test_rate_disagrees_with_its_own_counts():
    found = run(
        "rate_vs_counts",
        [
            row(
                "docs_electronic_rate",
                "7.6.3",
                1,
                95.7,
                "681/712 đạt tỷ lệ 95,7 %",
                "%",
                numerator=681,
                denominator=712,
                locator="line 338",
            )
        ],
    )
    # 681/712 = 95,646… %: 95,6 at the stated precision, but 95,7 is less than 0,1 off (another
    # way of rounding: 95,65 → 95,7), so a note; the figure is shown to three decimals, never as
    # "95,65", which itself reads as rounding to 95,7
    (finding,) = found
    assert finding["locator"] == "line 338" and finding["severity"] == "info"
    assert finding["evidence"] == "ghi: 681/712 đạt tỷ lệ 95,7 %"
    assert "681/712 = 95,646\u00a0%" in finding["message"] and "95,65" not in finding["message"]
    assert "chênh 0,054 điểm %" in finding["message"] and "trong phạm vi làm tròn" in finding["message"]


def test_a_rate_a_whole_unit_off_its_counts_is_an_error():
    # 681/712 = 95,646 %; "95,5" is 0,146 off at one decimal: more than one unit of the last place
    (finding,) = run(
        "rate_vs_counts",
        [row("docs_electronic_rate", "7.6.3", 1, 95.5, unit="%", numerator=681, denominator=712, decimals=1)],
    )
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "7.6.3 (dòng con 1): tỷ lệ ghi 95,5\u00a0%; 681/712 = 95,646\u00a0%, viết với 1 chữ số thập "
        "phân như số đã ghi là 95,6\u00a0%"
    )


def test_the_counts_rate_is_shown_with_digits_that_cannot_round_otherwise():
    # 1/8 = 12,5 %: at two more decimals 12,500, which rounds as 12,5 does; 2/3 = 66,666…
    # beside a whole percent: 66,67 (rounds to 67 like 66,666…)
    assert rates.shown_places(12.5, 0) == 2
    assert rates.shown_places(200 / 3, 0) == 2
    # 4,04999 % is 4,0 at one decimal; shown with 3 decimals it would be 4,050, with 4 4,0500,
    # both read as 4,1: so 5 decimals (4,04999)
    assert rates.shown_places(4.04999, 1) == 5


def test_rate_that_rounds_right_is_no_finding():
    assert (
        run(
            "rate_vs_counts",
            [row("docs_electronic_rate", "7.6.3", 1, 95.6, unit="%", numerator=681, denominator=712)],
        )
        == []
    )
    assert (
        run(
            "rate_vs_counts",
            [row("docs_electronic_rate", "7.6.3", 1, 96, unit="%", numerator=681, denominator=712)],
        )
        == []
    )


def test_denominator_differs_from_the_total_row():
    found = run(
        "denominator_vs_total",
        [
            row("docs_outgoing_total", "7.6.3", 0, 655, unit="Văn bản", locator="line 337"),
            row(
                "docs_electronic_rate",
                "7.6.3",
                1,
                95.7,
                unit="%",
                numerator=681,
                denominator=712,
                locator="line 338",
            ),
        ],
    )
    (finding,) = found
    assert "712" in finding["message"] and "655" in finding["message"] and "dòng 337" in finding["evidence"]


def test_denominator_equal_to_the_total_is_no_finding():
    assert (
        run(
            "denominator_vs_total",
            [
                row("docs_outgoing_total", "7.6.3", 0, 712, unit="Văn bản"),
                row("docs_electronic_rate", "7.6.3", 1, 95.6, unit="%", numerator=681, denominator=712),
            ],
        )
        == []
    )


def test_parts_exceed_their_total():
    found = run(
        "parts_vs_total",
        [
            row("tthc_total", "3.2", 0, 2),
            row("tthc_provincial", "3.2", 1, 2),
            row("tthc_district", "3.2", 2, 1),
            row("tthc_commune", "3.2", 3, None),
        ],
    )
    (finding,) = found
    assert "ít nhất 3" in finding["message"]


def test_parts_that_add_up_are_no_finding():
    assert (
        run(
            "parts_vs_total",
            [
                row("tthc_total", "3.2", 0, 2),
                row("tthc_provincial", "3.2", 1, 2),
                row("tthc_district", "3.2", 2, 0),
                row("tthc_commune", "3.2", 3, 0),
            ],
        )
        == []
    )
    # incomplete parts below the total: nothing can be said
    assert run("parts_vs_total", [row("tthc_total", "3.2", 0, 5), row("tthc_provincial", "3.2", 1, 2)]) == []


def test_done_more_than_planned():
    found = run("relation", [row("plan_tasks_total", "1.1", 1, 20), row("plan_tasks_done", "1.1", 2, 30)])
    assert len(found) == 1 and "30 so với 20" in found[0]["message"]


def test_on_time_plus_late_more_than_assigned():
    rows = [
        row("province_tasks_assigned", "1.5", 1, 96),
        row("province_tasks_on_time", "1.5", 2, 90),
        row("province_tasks_late", "1.5", 3, 10),
    ]
    assert len(run("relation", rows)) == 1
    rows[2] = row("province_tasks_late", "1.5", 3, 0)
    assert run("relation", rows) == []


def test_rate_above_100_and_negative_counts():
    assert len(run("rate_above_100", [row("x", value=104.5, unit="%")])) == 1
    assert run("rate_above_100", [row("x", value=100, unit="%"), row("y", value=150, unit="Hồ sơ")]) == []
    assert len(run("negative_count", [row("x", value=-2, unit="Hồ sơ")])) == 1
    assert run("negative_count", [row("x", value=0, unit="Hồ sơ")]) == []


def test_coded_value_outside_its_codes():
    assert (
        len(run("code_outside_scale", [row("x", value=2, unit="Chưa = 0 Có = 1", codes="Chưa=0;Có=1")])) == 1
    )
    assert (
        run(
            "code_outside_scale",
            [
                row("x", value=1, unit="Chưa = 0 Có = 1", codes="Chưa=0;Có=1"),
                row("y", value=2, unit="Chưa có = 0 2 cấp = 1 3 cấp = 2", codes="Chưa có=0;2 cấp=1;3 cấp=2"),
            ],
        )
        == []
    )


def test_value_found_in_the_unit_column():
    found = run(
        "value_in_unit_column",
        [row("x", raw_unit="95,7 %", unit="%", value=95.7, flags="value_in_unit_column")],
    )
    assert len(found) == 1 and "95,7 %" in found[0]["message"]
    assert (
        run(
            "value_in_unit_column",
            [
                row("x", raw_unit="Hồ sơ", unit="Hồ sơ", value=3),
                row("y", raw_unit="Chưa = 0 Có = 1", value=1),
            ],
        )
        == []
    )


def test_unreadable_value():
    assert len(run("unreadable_value", [row("x", raw="khoảng 3", value=None, flags="unreadable")])) == 1
    # the template's text rows hold words: "Trực tuyến" as the survey's method is no defect
    assert (
        run(
            "unreadable_value",
            [row("satisfaction_survey_method", "1.6", 2, raw="Trực tuyến", flags="unreadable")],
        )
        == []
    )
    assert run("unreadable_value", [row("x", raw="", value=None), row("y", raw="3", value=3)]) == []


def claim(value, indicator_id, percent=False, noun="hồ sơ", locator="line 89"):
    return {
        "value": value,
        "percent": percent,
        "noun": noun,
        "indicator_id": indicator_id,
        "sentence": "Câu có số liệu.",
        "section_id": "II.2.a",
        "locator": locator,
    }


ON_TIME = {
    "indicator_id": "province_on_time_rate",
    "name": "Tỷ lệ đúng hạn",
    "domain": "chi_dao_dieu_hanh",
    "formula": "on_time / assigned × 100",
    "unit": "%",
    "numerator": 73,
    "denominator": 96,
}
TASKS = [
    row("province_tasks_assigned", "1.5", 1, 96, locator="line 193"),
    row("province_tasks_on_time", "1.5", 2, 73, locator="line 194"),
]
ON_TIME_INPUTS = [
    {"indicator_id": "province_on_time_rate", "role": "numerator", "seq": 2},
    {"indicator_id": "province_on_time_rate", "role": "denominator", "seq": 1},
]


def test_narrative_figure_differs_from_the_appendix():
    found = run(
        "narrative_vs_appendix",
        [row("dossiers_online_l3", "3.4.7.1", 1, 2, locator="line 257")],
        claims=[claim(3, "dossiers_online_l3")],
    )
    (finding,) = found
    assert finding["locator"] == "line 89" and "dòng 257" in finding["evidence"]


def test_narrative_percent_against_a_derived_indicator():
    said = [claim(100, "province_on_time_rate", percent=True)]
    # the appendix rows carry no catalogue id of their own here: the indicator is reached by its
    # stored inputs (keys), not by any locator text
    rows = [{**r, "indicator_id": None} for r in TASKS]
    found = run(
        "narrative_vs_appendix",
        rows,
        claims=said,
        indicators=[{**ON_TIME, "value": 73 / 96 * 100}],
        inputs=ON_TIME_INPUTS,
    )
    assert len(found) == 1 and "76,0\u00a0%" in found[0]["message"] and found[0]["code"] == "1.5"
    assert "Tỷ lệ đúng hạn = 73/96" in found[0]["evidence"]
    assert "1.5[2] dòng 194" in found[0]["evidence"] and "1.5[1] dòng 193" in found[0]["evidence"]
    # 100 % stated, 99,6 % computed: agrees at the stated precision
    assert (
        run(
            "narrative_vs_appendix",
            rows,
            claims=said,
            indicators=[{**ON_TIME, "value": 99.6}],
            inputs=ON_TIME_INPUTS,
        )
        == []
    )


def test_a_narrative_rate_and_a_row_written_at_two_precisions_agree():
    """ "96,2 %" in the text and "96 %" in the row are both roundings of 16.269/16.917 = 96,17 %:
    the coarser figure is the finer one rounded, no contradiction; "97 %" against 96,2 % is one."""
    rate = [
        row(
            "docs_electronic_rate",
            "7.6.3",
            1,
            96.0,
            "16.269/16.917, đạt 96%",
            "%",
            numerator=16269,
            denominator=16917,
            decimals=0,
        )
    ]
    said = [claim(96.2, "docs_electronic_rate", percent=True)]
    assert run("narrative_vs_appendix", rate, claims=said) == []
    assert (
        len(run("narrative_vs_appendix", rate, claims=[claim(97.0, "docs_electronic_rate", percent=True)]))
        == 1
    )
    precise = [{**rate[0], "value": 96.0, "raw_value": "96,0 %", "decimals": 1}]
    assert len(run("narrative_vs_appendix", precise, claims=said)) == 1  # 96,0 is not 96,2
    # 2.040/2.114 = 96,499 %: "96,5 %" in the text, "96 %" in the row — both right
    half = [
        row(
            "docs_electronic_rate",
            "7.6.3",
            1,
            96.0,
            "2.040/2.114 (96 %)",
            "%",
            numerator=2040,
            denominator=2114,
            decimals=0,
        )
    ]
    assert (
        run("narrative_vs_appendix", half, claims=[claim(96.5, "docs_electronic_rate", percent=True)]) == []
    )
    # whole counts are one figure only when equal
    count = [row("tthc_total", "3.2", 0, 148, decimals=0)]
    assert len(run("narrative_vs_appendix", count, claims=[claim(149, "tthc_total")])) == 1


def test_narrative_figure_that_agrees_or_has_no_indicator_is_no_finding():
    rows = [row("tthc_total", "3.2", 0, 2)]
    assert run("narrative_vs_appendix", rows, claims=[claim(2, "tthc_total"), claim(12, None)]) == []


def test_label_naming_another_year():
    found = run(
        "stale_year", [row("staff_quota", "4.2", 1, 16, label="Tổng số biên chế được giao trong năm 2022")]
    )
    assert len(found) == 1 and "2022" in found[0]["message"]
    assert (
        run(
            "stale_year",
            [
                row("a", label="Tổng số biên chế được giao trong năm 2023"),
                row("b", label="Tỷ lệ biên chế đã tinh giản so với năm 2015"),
                row("c", label="Chương trình giai đoạn năm 2021"),
            ],
        )
        == []
    )


def test_more_documents_listed_than_counted():
    label = "Quyết định số 02/QĐ-X ngày 11/01/2023 về Kế hoạch"
    note = "Quyết định số 35/QĐ-X ngày 21/4/2023 về việc điều chỉnh Kế hoạch"
    found = run(
        "documents_vs_count", [row("plan_annual", "1.1", 0, 1, unit="Quyết định", label=label, note=note)]
    )
    assert len(found) == 1 and "liệt kê 2" in found[0]["message"]
    # a document from before the period (the one amended) does not count
    old = "Nghị quyết số 04/2022/NQ-HĐND ngày 30/6/2022"
    assert run("documents_vs_count", [row("x", "2.1", 0, 1, unit="Văn bản", label=label, note=old)]) == []


def test_blank_template_row_and_unknown_row():
    assert len(run("blank_template_row", [row("tthc_district", "3.2", 2, None)])) == 1
    assert (
        run(
            "blank_template_row",
            [row("tthc_district", "3.2", 2, 0), row("area_chi_dao_dieu_hanh", "1", 0, None)],
        )
        == []
    )
    found = run("unknown_row", [row(None, "3.2", 4, 1, label="Số cây xanh được trồng")])
    assert len(found) == 1 and "catalog/template.csv" in found[0]["message"]


def test_every_rule_has_a_known_severity_and_the_store_allows_it():
    assert checks.RULES and all(
        info.severity in schemas.SEVERITIES and info.title for info in checks.RULES.values()
    )
    assert all(re.fullmatch(schemas.RULE_ID, rule_id) for rule_id in checks.RULES)


def test_figures_of_plans_and_proposals_are_not_results():
    rows = [row("tthc_total", "3.2", 0, 2)]
    planned = {**claim(5, "tthc_total"), "reported": False, "section_id": "V"}
    assert run("narrative_vs_appendix", rows, claims=[planned]) == []
    assert len(run("narrative_vs_appendix", rows, claims=[{**planned, "reported": True}])) == 1


def test_a_target_is_not_a_result_wherever_it_stands():
    # plans headed "NHIỆM VỤ TRỌNG TÂM QUÝ II" are not recognised as plans; the sentence says it
    rows = [row("tthc_total", "3.2", 0, 2)]
    target = {**claim(5, "tthc_total"), "sentence": "- Phấn đấu rà soát 5 thủ tục hành chính."}
    assert run("narrative_vs_appendix", rows, claims=[target]) == []
    said = {**target, "sentence": "Đã rà soát 5 thủ tục, phấn đấu hoàn thành trong quý."}
    assert len(run("narrative_vs_appendix", rows, claims=[said])) == 1


def test_stated_rate_against_count_rows_of_the_catalogue():
    rows = [
        row("dossiers_online_l3", "3.4.7.1", 1, 2, unit="Hồ sơ", locator="line 257"),
        row("dossiers_online_l3_rate", "3.4.7.1", 3, 100, unit="%", locator="line 259"),
        row("dossiers_total", "3.4.6", 0, 4, unit="Hồ sơ", locator="line 244"),
    ]
    assert run("rate_vs_counts", rows) == []  # the shipped catalogue links no denominator row
    template = TEMPLATE.copy()
    template.loc[template.indicator_id == "dossiers_total", "denominator_of"] = "dossiers_online_l3_rate"
    linked = dataclasses.replace(CATALOG, template=template)
    (found,) = run("rate_vs_counts", rows, catalog=linked)
    assert "2/4" in found["message"] and found["locator"] == "line 259"
    assert "dòng 244" in found["evidence"]
    rows[2] = row("dossiers_total", "3.4.6", 0, 2, unit="Hồ sơ")
    assert run("rate_vs_counts", rows, catalog=linked) == []


def test_appendix_cut_at_a_row_boundary_misses_template_rows():
    kept = TEMPLATE[TEMPLATE.code.str.split(".").str[0].astype(int) < 4]  # areas 1–3 only
    rows = [
        row(r.indicator_id, r.code, r.item, locator=f"line {n}")
        for n, r in enumerate(kept.itertuples(), start=1)
    ]
    (found,) = run("missing_template_rows", rows)
    # areas 4–7 of the template: 17 + 23 + 1 + 29 rows (counted in the raw seed)
    assert found["severity"] == "warning" and found["message"].startswith(
        "Phụ lục thiếu 70 dòng của biểu mẫu từ sau dòng cuối cùng, 3.4.7.4 — tệp có thể bị cắt: 4, 4.1, 4.1.1, 4.1.2,"
    )
    assert found["locator"] == f"line {len(rows)}"
    complete = [
        row(r.indicator_id, r.code, r.item, locator=f"line {n}")
        for n, r in enumerate(TEMPLATE.itertuples(), start=1)
    ]
    assert run("missing_template_rows", complete) == []
    gaps = [r for r in complete if r["code"] not in ("2.3", "7.6.4")]
    first, second = run("missing_template_rows", gaps)
    # each gap is named exactly and placed after the row it follows in the template
    assert first["message"] == "Phụ lục thiếu 1 dòng của biểu mẫu sau dòng 2.2: 2.3"
    assert first["locator"] == complete[[r["code"] for r in complete].index("2.2")]["locator"]
    assert second["message"] == (
        "Phụ lục thiếu 4 dòng của biểu mẫu sau dòng 7.6.3 (dòng con 2): "
        "7.6.4, 7.6.4 (dòng con 1), 7.6.4 (dòng con 2), 7.6.4 (dòng con 3)"
    )


def test_a_rate_claim_the_counts_do_not_settle_is_a_warning_showing_both_sides():
    said = [claim(100, "province_on_time_rate", percent=True)]
    assigned = row("province_tasks_assigned", "1.5", 1, 96, locator="line 193")
    on_time = row("province_tasks_on_time", "1.5", 2, 73, locator="line 194")
    indicator = [{**ON_TIME, "value": 73 / 96 * 100}]

    def late(n):
        return [assigned, on_time, row("province_tasks_late", "1.5", 3, n, locator="line 198")]

    # 0 late, 23 neither: "100 % on schedule" may be true → warning with the range the counts allow
    (unsettled,) = run(
        "narrative_vs_appendix", late(0), claims=said, indicators=indicator, inputs=ON_TIME_INPUTS
    )
    assert unsettled["severity"] == "warning"
    assert unsettled["message"].endswith("tỷ lệ thực có thể từ 76,0\u00a0% đến 100\u00a0%")
    # 5 late: at most 91/96 can have been on time, so 100 % cannot be true → error
    (wrong,) = run("narrative_vs_appendix", late(5), claims=said, indicators=indicator, inputs=ON_TIME_INPUTS)
    assert wrong["severity"] == "error" and "có thể" not in wrong["message"]


def test_rates_over_the_parts_of_a_total_are_consistent():
    total = row("dossiers_total", "3.4.6", 0, 100, unit="Hồ sơ")
    provincial = row(None, "3.4.6", 1, 90.0, unit="%", numerator=54, denominator=60)
    district = row(None, "3.4.6", 2, 95.0, unit="%", numerator=38, denominator=40)
    assert run("denominator_vs_total", [total, provincial, district]) == []  # 60 + 40 = 100
    other = row(None, "3.4.6", 2, 95.0, unit="%", numerator=19, denominator=20)
    (unsure,) = run("denominator_vs_total", [total, provincial, other])[:1]
    assert unsure["severity"] == "warning"  # 60 and 20 are not the total nor add up to it
    same = [
        total,
        row(None, "3.4.6", 1, 95.0, unit="%", numerator=114, denominator=120),
        row(None, "3.4.6", 2, 5.0, unit="%", numerator=6, denominator=120),
    ]
    assert {f["severity"] for f in run("denominator_vs_total", same)} == {"error"}  # one whole ≠ 100


def test_a_rate_is_held_to_the_decimals_it_was_written_with():
    # "96,0 %" claims one decimal: 681/712 = 95,646… % rounds to 95,6 %, not 96,0 % (as a
    # float, 96.0 shows no decimal, and 95,6 rounds to 96: the written precision decides)
    written = row(
        "docs_electronic_rate",
        "7.6.3",
        1,
        96.0,
        "681/712 đạt tỷ lệ 96,0 %",
        "%",
        numerator=681,
        denominator=712,
    )
    (finding,) = run("rate_vs_counts", [{**written, "decimals": 1}])
    assert finding["severity"] == "error"  # 0,354 off: more than the 0,1 rounding may explain
    assert "tỷ lệ ghi 96,0\u00a0%" in finding["message"] and "là 95,6\u00a0%" in finding["message"]
    assert (
        run("rate_vs_counts", [{**written, "value": 96.0, "decimals": 0, "raw": "681/712 đạt tỷ lệ 96 %"}])
        == []
    )


def test_a_share_above_100_on_a_sub_row_in_any_spelling_of_the_rate_unit():
    # 3.4.6 sub-row 2 as a clerk wrote it: "Tỷ lệ %" in the unit column, 108,3 in the value
    found = run(
        "rate_above_100",
        [
            row("dossiers_total", "3.4.6", 0, 1200, unit="Hồ sơ", locator="line 70"),
            row(
                None,
                "3.4.6",
                2,
                108.3,
                raw="108,3",
                unit="Tỷ lệ %",
                locator="line 72",
                label="Tỷ lệ hồ sơ do UBND cấp huyện tiếp nhận được giải quyết đúng hạn",
            ),
            row(None, "3.4.6", 3, 101, unit="tỉ lệ (%)", locator="line 73"),
            row("dossiers_on_time_rate_communes", "3.4.6", 4, 100.5, unit=None, locator="line 74"),
            row(None, "3.4.6", 5, 99.9, unit="Tỷ lệ %", locator="line 75"),
        ],
    )
    assert sorted(f["locator"] for f in found) == ["line 72", "line 73", "line 74"]
    assert "108,3" in next(f["message"] for f in found if f["locator"] == "line 72")


def test_of_which_relations_of_the_template():
    # issues resolved above issues found; documents processed above documents recommended;
    # online dossiers above all dossiers; staff present above the quota
    found = run(
        "relation",
        [
            row("inspection_issues_found", "1.3.2", 1, 3, locator="line 20"),
            row("inspection_issues_resolved", "1.3.2", 2, 4, locator="line 21"),
            row("legal_docs_flagged", "2.4", 0, 2, locator="line 30"),
            row("legal_docs_flagged_resolved", "2.5", 0, 3, locator="line 31"),
            row("dossiers_total", "3.4.6", 0, 100, locator="line 40"),
            row("dossiers_online_l3", "3.4.7.1", 1, 70, locator="line 41"),
            row("dossiers_online_l4", "3.4.7.1", 2, 40, locator="line 42"),
            row("staff_quota", "4.2", 1, 30, locator="line 50"),
            row("staff_present", "4.2", 2, 31, locator="line 51"),
        ],
    )
    assert sorted(f["locator"] for f in found) == ["line 21", "line 31", "line 41", "line 51"]
    assert all(f["severity"] == "error" for f in found)
    assert (
        run(
            "relation",
            [
                row("inspection_issues_found", "1.3.2", 1, 3),
                row("inspection_issues_resolved", "1.3.2", 2, 3),
                row("dossiers_total", "3.4.6", 0, 110),
                row("dossiers_online_l3", "3.4.7.1", 1, 70),
                row("dossiers_online_l4", "3.4.7.1", 2, 40),
                row("dossiers_paid_online", "3.4.7.3", 1, None),
            ],
        )
        == []
    )


def test_a_misspelt_relation_id_fails_loudly(tmp_path):
    folder = shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    path = folder / "relations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "inspection_issues_resolvd,<=,inspection_issues_found,x"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        ValueError,
        match=f"^{re.escape(str(path))}: line 4: 'inspection_issues_resolvd' is no count row of the template$",
    ):
        Catalog.load(folder)
    assert len(CATALOG.relations) >= 18  # the shipped file loads


@given(st.integers(0, 10**7), st.integers(1, 10**4), st.integers(0, 3), st.integers(0, 3))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_two_roundings_of_one_rate_may_be_equal(numerator, denominator, places, other):
    """Any rate rounded half-up at two precisions gives two figures that may be one quantity."""
    from cchc_analysis.shared.decimals import may_be_equal, round_half_up

    exact = 100 * numerator / denominator
    first, second = (float(round_half_up(exact, p)) for p in (places, other))
    assert may_be_equal(first, second, other) and may_be_equal(second, first, places)
