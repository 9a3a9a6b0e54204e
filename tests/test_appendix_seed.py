"""The seed's appendix, parsed: every expected value below was read off the raw file by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cchc_analysis.parse.appendix import split_label, to_observations
from cchc_analysis.sources.text import read_text

from builders import SEED


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return pd.DataFrame(to_observations(read_text(SEED).appendix))


def row(obs: pd.DataFrame, code: str, item: int) -> pd.Series:
    found = obs[(obs.code == code) & (obs["item"] == item)]
    assert len(found) == 1, f"{code}/{item}: {len(found)} rows"
    return found.iloc[0]


def test_one_observation_per_table_row(obs):
    # Seed lines 177–347: 171 lines, 6 blank page breaks, 7 two-line headers → 151 rows.
    assert len(obs) == 151
    assert obs.seq.tolist() == list(range(1, 152))
    assert not obs.duplicated(["code", "item"]).any()
    assert obs.locator.is_unique


@pytest.mark.parametrize(
    "code,item,label,unit,value,raw,locator",
    [
        ("1", 0, "Công tác chỉ đạo điều hành CCHC", None, None, "", "line 179"),
        ("1.1", 1, "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 30.0, "30", "line 181"),
        ("1.1", 2, "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", 20.0, "20", "line 182"),
        ("1.5", 1, "Tổng số nhiệm vụ được giao", "Nhiệm vụ", 96.0, "96", "line 193"),
        ("1.5", 2, "Số nhiệm vụ đã hoàn thành đúng hạn", "Nhiệm vụ", 73.0, "73", "line 194"),
        # after a page break and a repeated two-line header, still a sub-row of 1.5
        ("1.5", 3, "Số nhiệm vụ đã hoàn thành nhưng quá hạn", "Nhiệm vụ", 0.0, "0", "line 198"),
        ("2.1", 0, "Số VBQPPL đã ban hành/tham mưu ban hành", "Văn bản", 1.0, "01", "line 204"),
        (
            "3.2",
            0,
            "Tổng số TTHC ngành/lĩnh vực đang có hiệu lực. Trong đó:",
            "Thủ tục",
            2.0,
            "02",
            "line 213",
        ),
        (
            "3.4.1",
            0,
            "Thống kê quy trình nội bộ giải quyết TTHC của cơ quan hành chính nhà nước thuộc tỉnh",
            None,
            None,
            "",
            "line 224",
        ),
        (
            "3.4.7.4",
            0,
            "Tin nhắn tự động thông báo tiến độ, kết quả giải quyết hồ sơ TTHC",
            "Tin nhắn",
            None,
            "",
            "line 268",
        ),
        ("4.2", 5, "Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015", "%", 5.88, "5,88", "line 287"),
        ("7.5", 1, "Cấp tỉnh", "Chưa = 0 Có = 1", 1.0, "1", "line 322"),
        (
            "7.6.3",
            0,
            "Tổng số VĂN BẢN ĐI giữa các cơ quan nhà nước trên địa bàn tỉnh. Trong đó:",
            "Văn bản",
            655.0,
            "655",
            "line 337",
        ),
    ],
)
def test_hand_read_rows(obs, code, item, label, unit, value, raw, locator):
    r = row(obs, code, item)
    assert r.label == label
    assert pd.isna(r.unit) if unit is None else r.unit == unit
    assert pd.isna(r.value) if value is None else r.value == pytest.approx(value)
    assert pd.isna(r.raw_value) if raw == "" else r.raw_value == raw
    assert r.locator == locator


def test_rates_written_with_their_counts(obs):
    electronic = row(obs, "7.6.3", 1)
    assert (electronic.value, electronic.numerator, electronic.denominator) == (95.7, 681.0, 712.0)
    assert electronic.unit == "%"
    assert electronic.raw_value == "681/712 đạt tỷ lệ 95,7 %"
    assert "95,7 %" in electronic.note  # the unit column held the rate: said, not hidden
    # the note in the implementer column is a sentence, not an implementer
    assert pd.isna(electronic.implementer) and "thu hồi CTS cũ" in electronic.note
    parallel = row(obs, "7.6.3", 2)
    assert (parallel.value, parallel.numerator, parallel.denominator) == (4.3, 31.0, 712.0)
    assert "bỏ khoảng trắng sau dấu phẩy" in parallel.note
    # what parsing concluded travels as flags, not only as words
    assert set(electronic["flags"].split()) == {
        "rate_with_counts",
        "value_in_unit_column",
        "implementer_is_text",
    }
    assert set(parallel["flags"].split()) == {"rate_with_counts", "spaced_decimal", "value_in_unit_column"}


def test_blanks_stay_missing(obs):
    blank = obs[obs.raw_value.isna()]
    assert len(blank) > 50
    assert blank["flags"].isna().sum() > 40  # nothing to say about most blank rows
    assert blank.value.isna().all()
    assert pd.isna(row(obs, "1.5", 0).value)  # blank parent of 96/73/0, not 0


def test_coded_units_keep_their_scale(obs):
    online = row(obs, "7.2", 0)
    assert online.unit == "Chưa có = 0 2 cấp = 1 3 cấp = 2"
    assert pd.isna(online.value)
    exam = row(obs, "5.3", 1)
    assert exam.unit == "Đã thực hiện = 1 Chưa thực hiện = 0" and exam.value == 0.0
    assert exam.codes == "Đã thực hiện=1;Chưa thực hiện=0"


def test_html_fragments_become_notes(obs):
    evaluation = row(obs, "1.4", 0)
    assert "<i>" not in evaluation.label and "(Ban Dân tộc" not in evaluation.label
    assert evaluation.note.startswith("(Ban Dân tộc không có Bộ phận một cửa")
    meetings = row(obs, "7.2", 0)
    assert meetings.label == "Xây dựng và vận hành Hệ thống họp trực tuyến"
    assert "Liên thông 2 cấp: Từ UBND tỉnh đến 100% UBND các huyện" in meetings.note
    assert "Liên thông 3 cấp" in meetings.note
    assert meetings["flags"] == "html_aside"


def test_label_with_several_documents(obs):
    plan = row(obs, "1.1", 0)
    assert plan.label.startswith("Quyết định số 02/QĐ-BDT ngày 11/01/2023")
    assert plan.note.startswith("Quyết định số 35/QĐ-BDT ngày 21/4/2023")
    assert plan.implementer == "Ban Dân tộc"


def test_figures_in_the_unit_column_are_noted_not_moved(obs):
    survey_form = row(obs, "1.6", 2)  # unit column "1", value column blank
    assert pd.isna(survey_form.value) and pd.isna(survey_form.unit)
    assert "cột đơn vị tính ghi số liệu “1”" in survey_form.note
    dialogue = row(obs, "1.7", 0)  # unit "0", value "0"
    assert dialogue.value == 0.0 and "“0”" in dialogue.note
    one_stop = row(obs, "3.4", 0)  # a sentence typed in the unit column
    assert pd.isna(one_stop.unit) and "ghi nội dung" in one_stop.note
    assert survey_form["flags"] == "value_in_unit_column" and one_stop["flags"] == "unit_is_text"


@pytest.mark.parametrize(
    "raw,label,notes,flags",
    [
        ("- Số nhiệm vụ đã hoàn thành", "Số nhiệm vụ đã hoàn thành", [], set()),
        (
            "Kiểm tra CCHC - Dự kiến thời gian: Quý III/2023",
            "Kiểm tra CCHC",
            ["Dự kiến thời gian: Quý III/2023"],
            {"label_addition"},
        ),
        (
            "A &amp; B <b>đậm</b> <i>ghi chú</i>",
            "A & B đậm",
            ["ghi chú", "bỏ thẻ HTML <b>"],
            {"html_aside", "html_removed"},
        ),
        # "<…>" that is not an HTML tag is text, not markup to drop
        ("Số văn bản <trong kỳ> đã ban hành", "Số văn bản <trong kỳ> đã ban hành", [], set()),
        ("Tỷ lệ <img src=x onerror=alert(1)> đạt", "Tỷ lệ đạt", ["bỏ thẻ HTML <img>"], {"html_removed"}),
        ("<script>alert(1)</script>", "alert(1)", ["bỏ thẻ HTML <script>"], {"html_removed"}),
        ("Chương trình MTQG phát triển KT-XH", "Chương trình MTQG phát triển KT-XH", [], set()),
    ],
)
def test_split_label(raw, label, notes, flags):
    assert split_label(raw) == (label, notes, flags)
