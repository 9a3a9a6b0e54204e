"""Periods by evidence: every statement of a report's period collected (title, appendix heading,
window, opening text, option, sidecar), the period chosen by precedence, a disagreement kept as a
``period_conflict`` warning naming both statements — never a silent pick. Small reports are built
in memory; one folder goes through `cchc ingest` and `cchc check`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.checks import Context, run
from cchc_analysis.errors import SourceError
from cchc_analysis.parse.metadata import resolve
from cchc_analysis.report.content.finding_words import message
from cchc_analysis.sources.model import Paragraph, Report

from builders import SEED

HELDOUT = Path(__file__).parent / "heldout"


def report(tmp_path: Path, *lines: str, heading: tuple[str, ...] = ()) -> Report:
    """A report of these narrative lines ("line 1", "line 2", …) and appendix heading."""
    return Report(
        path=tmp_path / "r.txt",
        reader="text",
        paragraphs=[Paragraph(text, f"line {n}") for n, text in enumerate(lines, 1)],
        appendix_heading=list(heading),
    )


def stated(meta) -> list[tuple]:
    """(where, period, rule, agrees) of every statement, as stored."""
    return [(s["where"], s["period"], s["rule"], s["agrees"]) for s in meta.period_evidence.records()]


def findings(tmp_path: Path, meta, period: str | None = None) -> list[dict]:
    """The identity rules' findings on a report resolved as ``meta`` (through the sources row)."""
    row = {"period_statements": meta.period_evidence.to_json()}
    ctx = Context(
        province=None,
        agency="Sở Nội vụ",
        period=period or str(meta.period),
        source="r.txt",
        observations=[{"seq": 1}],
        catalog=Catalog.load(),
        indicators=[],
        indicator_inputs=[],
        claims=[],
        source_row=row,
    )
    return [f for f in run(ctx).findings if f["rule"].startswith("period_")]


INTRO = "Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính {} như sau:"


def test_statements_that_disagree_are_a_warning_naming_both(tmp_path):
    meta = resolve(
        report(
            tmp_path,
            "SỞ NỘI VỤ",
            "BÁO CÁO",
            "Kết quả công tác CCHC quý I năm 2024",
            INTRO.format("6 tháng đầu năm 2024"),
        )
    )
    assert (str(meta.period), meta.period_from) == ("2024-Q1", "report")  # the title wins
    assert stated(meta) == [("title", "2024-Q1", "quarter_roman", True), ("text", "2024-H1", "phrase", False)]
    (finding,) = findings(tmp_path, meta)
    assert (finding["severity"], finding["rule"]) == ("warning", "period_conflict")
    said = message("period_conflict", finding["details"])
    assert said == (
        "Kỳ báo cáo không thống nhất: tiêu đề (dòng 3) ghi “quý I năm 2024” "
        "(Quý I/2024), nhưng phần mở đầu (dòng 4) ghi “6 tháng đầu năm 2024”. Báo cáo "
        "được xếp vào kỳ Quý I/2024 theo tiêu đề; nếu sai, ghi kỳ đúng bằng --period "
        "hoặc trong tệp .meta.toml bên cạnh tệp báo cáo"
    )


def test_statements_that_agree_are_no_finding(tmp_path):
    meta = resolve(
        report(
            tmp_path,
            "BÁO CÁO",
            "Tình hình thực hiện công tác CCHC 6 tháng đầu năm 2024 và phương "
            "hướng, nhiệm vụ 6 tháng cuối năm 2024",  # the plan half is no second statement
            "Thời gian lấy số liệu: từ ngày 15/12/2023 đến ngày 14/6/2024.",
            INTRO.format("sáu tháng đầu năm 2024"),
            heading=(
                "THỐNG KÊ SỐ LIỆU CCHC 6 THÁNG ĐẦU NĂM 2024",
                "(Kèm theo Báo cáo số 75/BC-SNV ngày 15 tháng 6 năm 2024)",
            ),
        )
    )
    assert stated(meta) == [
        ("title", "2024-H1", "phrase", True),
        ("appendix_heading", "2024-H1", "phrase", True),
        ("window", "2024-H1", "window_nd09", True),
        ("text", "2024-H1", "phrase_words", True),
    ]
    assert findings(tmp_path, meta) == []


def test_a_bare_year_that_the_text_makes_a_half_year_is_a_conflict(tmp_path):
    meta = resolve(
        report(
            tmp_path,
            "BÁO CÁO",
            "Công tác cải cách hành chính năm 2024",
            INTRO.format("sáu tháng đầu năm 2024"),
        )
    )
    assert (str(meta.period), meta.period_evidence.chosen.rule) == ("2024", "year")
    assert [s.where for s in meta.period_evidence.conflicts] == ["text"]
    (finding,) = findings(tmp_path, meta)
    assert "“năm 2024”" in message("period_conflict", finding["details"])
    assert "xếp vào kỳ năm 2024 theo tiêu đề" in message("period_conflict", finding["details"])


def test_a_bare_year_beside_a_period_of_that_year_agrees(tmp_path):
    # every half-year report speaks of its year (its plan): the half-year is no conflict
    meta = resolve(
        report(
            tmp_path,
            "BÁO CÁO",
            "Kết quả CCHC 6 tháng đầu năm 2024",
            INTRO.format("năm 2024"),
            heading=("THỐNG KÊ SỐ LIỆU CCHC NĂM 2024",),
        )
    )
    assert str(meta.period) == "2024-H1" and meta.period_evidence.conflicts == []
    # … but a bare year of another year is
    meta = resolve(report(tmp_path, "BÁO CÁO", "Kết quả CCHC 6 tháng đầu năm 2024", INTRO.format("năm 2023")))
    assert [str(s.period) for s in meta.period_evidence.conflicts] == ["2023"]


def test_a_title_broken_inside_its_period_is_read_whole(tmp_path):
    meta = resolve(
        report(
            tmp_path,
            "SỞ NỘI VỤ",
            "BÁO CÁO",
            "Tình hình thực hiện công tác cải cách hành chính 6 tháng",
            "đầu năm 2024",
            INTRO.format("6 tháng đầu năm 2024"),
        )
    )
    assert str(meta.period) == "2024-H1"
    assert meta.period_evidence.chosen.locator == "line 3–4"
    capitals = resolve(
        report(
            tmp_path,
            "BÁO CÁO",
            "KẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH CHÍN",
            "THÁNG NĂM 2024",
            INTRO.format("09 tháng năm 2024"),
        )
    )
    assert str(capitals.period) == "2024-9M" and capitals.period_evidence.conflicts == []


PLACES = {
    "title": ("Kết quả công tác CCHC quý I năm 2024",),
    "window": ("Kỳ báo cáo: từ ngày 01/7/2024 đến ngày 30/9/2024.",),
    "text": (INTRO.format("9 tháng năm 2024"),),
}


@pytest.mark.parametrize(
    "option,sidecar,places,heading,chosen,period",
    [
        ("2024", "2024-Q4", ["title", "window", "text"], True, "option", "2024"),
        (None, "2024-Q4", ["title", "window", "text"], True, "sidecar", "2024-Q4"),
        (None, None, ["title", "window", "text"], True, "title", "2024-Q1"),
        (None, None, ["window", "text"], True, "appendix_heading", "2024-Q2"),
        (None, None, ["window", "text"], False, "window", "2024-Q3"),
        (None, None, ["text"], False, "text", "2024-9M"),
    ],
)
def test_precedence_option_sidecar_title_heading_window_text(
    tmp_path, option, sidecar, places, heading, chosen, period
):
    if sidecar:
        (tmp_path / "r.txt.meta.toml").write_text(f'period = "{sidecar}"\n', encoding="utf-8")
    lines = ["BÁO CÁO", *(line for place in places for line in PLACES[place])]
    if "title" not in places:
        lines.insert(1, "Kết quả công tác cải cách hành chính")  # a title that names no period
    meta = resolve(
        report(tmp_path, *lines, heading=("SỐ LIỆU QUÝ II/2024",) if heading else ()),
        agency="Sở Nội vụ",
        period=option,
    )
    assert (meta.period_evidence.chosen.where, str(meta.period)) == (chosen, period)
    assert meta.period_from == (chosen if chosen in ("option", "sidecar") else "report")
    others = len(places) + heading + bool(sidecar) + bool(option) - 1
    assert len(meta.period_evidence.conflicts) == others  # every other place names another period


def test_a_window_that_fits_no_period_is_a_warning_never_a_guess(tmp_path):
    meta = resolve(
        report(
            tmp_path,
            "BÁO CÁO",
            "Kết quả công tác CCHC 6 tháng đầu năm 2024",
            "Số liệu tính từ ngày 01/02/2024 đến ngày 31/5/2024.",
        ),
        agency="Sở Nội vụ",
    )
    assert str(meta.period) == "2024-H1"
    assert stated(meta)[1] == ("window", None, "window", None)
    (finding,) = findings(tmp_path, meta)
    assert finding["rule"] == "period_window_unmatched"
    said = message("period_window_unmatched", finding["details"])
    assert said.startswith(
        "thời gian báo cáo (dòng 3) ghi “từ ngày 01/02/2024 đến ngày "
        "31/5/2024”: khoảng thời gian này không trùng kỳ báo cáo nào"
    )
    with pytest.raises(SourceError, match="fits no period"):  # alone, it names no period
        resolve(
            report(
                tmp_path,
                "BÁO CÁO",
                "Kết quả công tác CCHC",
                "Số liệu tính từ ngày 01/02/2024 đến ngày 31/5/2024.",
            ),
            agency="Sở Nội vụ",
        )


@pytest.mark.parametrize(
    "name,period",
    [
        ("9m_so_giao_duc.txt", "2023-9M"),
        ("h1_ubnd_huyen_dien_khanh.txt", "2023-H1"),
        ("q1_so_xay_dung.txt", "2023-Q1"),
        ("q2_so_tu_phap_letterhead.txt", "2023-Q2"),
        ("q4_so_cong_thuong_breakdowns.txt", "2023-Q4"),
    ],
)
def test_hand_written_reports_read_without_conflict(name, period):
    from cchc_analysis.sources.text import read_text

    meta = resolve(read_text(HELDOUT / name))
    assert str(meta.period) == period and meta.period_evidence.conflicts == []


def test_ingest_keeps_a_conflicting_report_and_check_shows_it(tmp_path, capsys):
    raw, store = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    shutil.copy(HELDOUT / "q1_so_xay_dung.txt", raw / "good.txt")
    seed = SEED.read_text(encoding="utf-8")
    intro = "Ban Dân tộc báo cáo tình hình thực hiện công tác cải cách hành chính (CCHC) 6 tháng đầu"
    assert intro in seed
    (raw / "conflict.txt").write_text(
        seed.replace(intro, intro.replace("6 tháng đầu", "9 tháng đầu")), encoding="utf-8"
    )
    assert main(["ingest", str(raw), "--out", str(store)]) == 0
    sources = pd.read_parquet(store / "sources.parquet").set_index("source")
    assert sources.loc["conflict.txt", "period"] == "2023-H1"
    assert bool(sources.loc["conflict.txt", "period_conflict"]) is True
    assert sources.loc["conflict.txt", "period_rule"] == "phrase"
    assert [
        (s["where"], s["period"]) for s in json.loads(sources.loc["conflict.txt", "period_statements"])
    ] == [("title", "2023-H1"), ("text", "2023-9M")]
    assert sources.loc["good.txt", "period"] == "2023-Q1"
    assert not sources.loc["good.txt", "period_conflict"]
    capsys.readouterr()
    assert main(["check", "--data", str(store), "--severity", "warning"]) == 0
    shown = capsys.readouterr().out
    assert "Kỳ báo cáo không thống nhất" in shown and "“9 tháng đầu năm 2023”" in shown
    assert main(["check", "--data", str(store), "--format", "json"]) == 0
    found = [f for f in json.loads(capsys.readouterr().out) if f["rule"].startswith("period_")]
    assert [(f["source"], f["rule"], f["severity"]) for f in found] == [
        ("conflict.txt", "period_conflict", "warning")
    ]
