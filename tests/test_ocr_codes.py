"""OCR'd row numbers (STT) checked with the template's grammar (derive/ocr_codes.py): the seed's
appendix rows marked as read by OCR, their STT mangled the ways OCR mangles them, without running
Tesseract. A figure lands under its true template code, or is flagged ``ocr_code``; never under a
wrong code without a flag."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_analysis.derive import store_runs
from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.ocr_codes import place_codes
from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.report.content import quality
from cchc_analysis.report.page.html import render_template
from cchc_analysis.sources.model import AppendixRow
from cchc_analysis.store import ingest as store_ingest
from cchc_analysis.store import open_store, schemas

from builders import SEED, data_rows, seed_report

CATALOG = Catalog.load()
TEMPLATE_CODES = set(CATALOG.template["code"])
#: The seed's appendix rows (headers left out), each as OCR reads it: every cell at 95/100.
TYPED = data_rows(seed_report())
SCANNED = [replace(row, confidence=(95.0, 95.0, 95.0, 95.0, 95.0)) for row in TYPED]
#: Each row's true key and figure, by locator: the seed read as typed.
TRUTH = {o["locator"]: o for o in to_observations(TYPED)}
#: Indexes of the rows with an STT (the coded rows), and their STT as typed ("3.4.2.").
CODED = [i for i, row in enumerate(TYPED) if row.stt.strip()]

_LETTERS = {"2": "Z", "5": "S", "8": "B", "0": "O", "1": "l", "7": "T"}
_DIGITS = {"5": "9", "3": "8", "1": "7", "6": "8", "8": "3", "9": "5", "4": "1", "2": "7", "7": "1"}


def _swap(stt: str, table: dict[str, str], pick: int) -> str:
    """One character of ``stt`` that ``table`` confuses replaced (the pick-th such, cycling)."""
    spots = [n for n, ch in enumerate(stt) if ch in table]
    if not spots:
        return stt
    at = spots[pick % len(spots)]
    return stt[:at] + table[stt[at]] + stt[at + 1 :]


def _mangle(kind: str, index: int, pick: int) -> str:
    """The STT of coded row ``index`` as OCR may read it."""
    stt = TYPED[index].stt.strip()
    inner = [n for n, ch in enumerate(stt.rstrip(".")) if ch == "."]
    if kind == "trailing_dot":  # "5." → "5"
        return stt.rstrip(".")
    if kind == "inner_dot" and inner:  # "3.4.2." → "3.42"
        at = inner[pick % len(inner)]
        return (stt[:at] + stt[at + 1 :]).rstrip(".")
    if kind == "all_dots":  # "4.1." → "41"
        return stt.replace(".", "")
    if kind == "letter":  # "2.1." → "Z1"
        return _swap(stt, _LETTERS, pick).replace(".", "", 1) if pick % 2 else _swap(stt, _LETTERS, pick)
    if kind == "digit":  # "5." → "9."
        return _swap(stt, _DIGITS, pick)
    if kind == "wrapped" and inner:  # "3.4.7." / "1." on two lines, the second lost
        return stt.rstrip(".").rsplit(".", 1)[0] + "."
    if kind == "lost":  # nothing read in the STT cell
        return ""
    # (and any mangle that does not apply to this STT) a code of the template, but another
    # row's: two coded rows away or more
    others = [j for j in CODED if abs(CODED.index(j) - CODED.index(index)) >= 2]
    return TYPED[others[pick % len(others)]].stt.strip()


MANGLES = ("trailing_dot", "inner_dot", "all_dots", "letter", "digit", "wrapped", "lost", "elsewhere")


def scanned(stts: dict[int, str] | None = None, drop: tuple[int, ...] = ()) -> list[AppendixRow]:
    """The seed as OCR'd rows, with the STT of some rows (by index) read as ``stts`` says and
    the rows of ``drop`` left out (a report may skip rows)."""
    stts = stts or {}
    out = []
    for n, row in enumerate(SCANNED):
        if n in drop:
            continue
        out.append(replace(row, cells=(stts[n], *row.cells[1:])) if n in stts else row)
    return out


def placed(rows: list[AppendixRow]) -> list[dict]:
    return place_codes(to_observations(rows), CATALOG)


def at(found: list[dict], stt: str, item: int = 0) -> dict:
    """The observation of the seed's row typed with this STT (and sub-row item), by locator."""
    locator = next(o["locator"] for o in TRUTH.values() if (o["code"], o["item"]) == (stt, item))
    return next(o for o in found if o["locator"] == locator)


def flags(row: dict) -> set[str]:
    return set((row["flags"] or "").split())


def same(a: object, b: object) -> bool:
    return (a is None and b is None) or a == b


def with_sub_rows(coded: set[int]) -> tuple[int, ...]:
    """The indexes of these coded rows and of the sub-rows after each: rows a report skips."""
    out = set()
    for index in coded:
        out.add(index)
        while index + 1 < len(TYPED) and not TYPED[index + 1].stt.strip():
            index += 1
            out.add(index)
    return tuple(sorted(out))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(CODED),
        st.tuples(st.sampled_from(MANGLES), st.integers(min_value=0, max_value=50)),
        max_size=15,
    ),
    st.sets(st.sampled_from(CODED), max_size=10),
)
def test_every_figure_lands_under_its_true_code_or_is_flagged(mangles, skipped):
    drop = with_sub_rows(skipped - set(mangles))  # a report may skip rows (never reorder them)
    rows = scanned({i: _mangle(kind, i, pick) for i, (kind, pick) in mangles.items()}, drop=drop)
    found = placed(rows)
    kept = [o["locator"] for n, o in enumerate(to_observations(TYPED)) if n not in drop]
    assert [o["locator"] for o in found] == kept  # every row kept, in order
    for got in found:
        want = TRUTH[got["locator"]]
        assert same(got["value"], want["value"]) and got["raw_value"] == want["raw_value"]
        right = (got["code"], got["item"]) == (want["code"], want["item"])
        assert right or "ocr_code" in flags(got), (got["code"], got["item"], want["code"], want["item"])
        if got["code"] not in TEMPLATE_CODES:  # never stored under a code the template lacks unflagged
            assert "ocr_code" in flags(got)
        if "ocr_code" in flags(got):  # said why, in words
            assert got["note"]


@pytest.mark.parametrize(
    ("typed", "read", "placed_at"),
    [
        ("3.4.2.", "3.42", "3.4.2"),  # dots dropped
        ("4.1.", "41", "4.1"),
        ("2.1.", "Z1", "2.1"),  # a letter for a digit: not even a code
        ("5.", "9.", "5"),  # a code the template does not have
        ("3.4.7.1.", "3.4.7.", "3.4.7.1"),  # the "1." on a wrapped code's second line lost: a repeat
        ("1.6.", "1.3.", "1.6"),  # a code of the template, out of order
    ],
)
def test_a_misread_code_is_placed_by_its_label_with_its_sub_rows(typed, read, placed_at):
    index = next(i for i in CODED if TYPED[i].stt.strip() == typed)
    found = placed(scanned({index: read}))
    row = at(found, placed_at)
    assert (row["code"], row["item"]) == (placed_at, 0)
    assert "ocr_code" in flags(row) and row["code_read"] == read.rstrip(".")
    assert f"STT “{read.rstrip('.')}” đọc bằng OCR không phải mã số của mẫu ở vị trí này" in row["note"]
    assert f"xếp theo tên chỉ tiêu vào mục {placed_at}" in row["note"]
    children = [o for o in found if o["code"] == placed_at and o["item"]]
    want = [o for o in TRUTH.values() if o["code"] == placed_at and o["item"]]
    assert [(o["item"], o["value"]) for o in children] == [(o["item"], o["value"]) for o in want]
    assert all("ocr_code" in flags(o) and "theo dòng mẹ" in o["note"] for o in children)
    for other in (o for o in found if o["code"] != placed_at):  # nothing else moved
        truth = TRUTH[other["locator"]]
        assert (other["code"], other["item"]) == (truth["code"], truth["item"])
        # a neighbour whose label does not confirm its code is kept, flagged: either may be misread
        assert "ocr_code" not in flags(other) or "dòng bên cạnh đọc không chắc chắn" in other["note"]


def test_a_trailing_dot_lost_is_the_same_code_and_no_repair():
    index = next(i for i in CODED if TYPED[i].stt.strip() == "5.")
    found = placed(scanned({index: "5"}))
    assert all("ocr_code" not in flags(o) and "code_read" not in o for o in found)


def test_a_code_lost_on_a_wrapped_row_is_found_by_its_label():
    index = next(i for i in CODED if TYPED[i].stt.strip() == "1.3.1.")
    found = placed(scanned({index: ""}))
    row = at(found, "1.3.1")
    assert (row["code"], row["item"], row["code_read"]) == ("1.3.1", 0, None)
    assert "ocr_code" in flags(row) and "OCR có thể bỏ sót mã số" in row["note"]
    assert [(o["code"], o["item"]) for o in found if o["code"] == "1.3.1"] == [
        ("1.3.1", 0),
        ("1.3.1", 1),
        ("1.3.1", 2),
    ]


def test_a_template_code_that_fits_the_order_but_names_another_row_is_placed_by_label():
    # the report skips 1.4; OCR reads 1.5 as "1.4": a code of the template, in order, no repeat,
    # but the label is 1.5's own
    skip = next(i for i in CODED if TYPED[i].stt.strip() == "1.4.")
    index = next(i for i in CODED if TYPED[i].stt.strip() == "1.5.")
    found = placed(scanned({index: "1.4."}, drop=(skip,)))
    row = at(found, "1.5")
    assert (row["code"], row["code_read"]) == ("1.5", "1.4") and "ocr_code" in flags(row)
    assert not any(o["code"] == "1.4" for o in found)


def test_a_code_neither_the_order_nor_the_label_places_is_kept_as_read_and_flagged():
    index = next(i for i in CODED if TYPED[i].stt.strip() == "3.3.")
    rows = scanned({index: "7.1."})
    rows[index] = replace(rows[index], cells=(rows[index].cells[0], "Cxng kxai TTXX", *rows[index].cells[2:]))
    found = placed(rows)
    row = next(o for o in found if o["label"] == "Cxng kxai TTXX")
    assert (row["code"], row["code_read"]) == ("7.1", "7.1") and "ocr_code" in flags(row)
    assert "giữ mã như đọc được" in row["note"]
    subs = [o for o in found if o["code"] == "7.1" and o["item"]]
    assert len(subs) == 2 and all(
        "ocr_code" in flags(o) and "chưa xác định được dòng" in o["note"] for o in subs
    )


def test_a_misread_label_is_still_placed_by_likeness():
    index = next(i for i in CODED if TYPED[i].stt.strip() == "3.4.2.")
    rows = scanned({index: "3.42"})
    label = TYPED[index].label.replace("một cửa", "mộl cứa").replace("thực", "thưc")
    assert label != TYPED[index].label
    rows[index] = replace(rows[index], cells=(rows[index].cells[0], label, *rows[index].cells[2:]))
    row = at(placed(rows), "3.4.2")
    assert (row["code"], row["code_read"]) == ("3.4.2", "3.42") and "ocr_code" in flags(row)


def test_a_sub_rows_dash_read_as_a_number_makes_it_a_sub_row_again():
    index = next(i for i, row in enumerate(TYPED) if row.label.startswith("- Số nhiệm vụ đã hoàn thành"))
    found = placed(scanned({index: "1"}))
    row = at(found, "1.1", 2)
    assert (row["code"], row["item"], row["code_read"]) == ("1.1", 2, "1") and "dòng con của mục 1.1" in row[
        "note"
    ]


def test_a_right_code_read_with_low_confidence_is_kept_and_flagged_as_before():
    index = next(i for i in CODED if TYPED[i].stt.strip() == "2.3.")
    rows = scanned()
    rows[index] = replace(rows[index], confidence=(40.0, 95.0, 95.0, 95.0, 95.0))
    row = at(placed(rows), "2.3")
    assert row["code"] == "2.3" and flags(row) == {"ocr", "ocr_low_confidence"}
    assert "STT “2.3.” đọc bằng OCR không chắc chắn (độ tin cậy 40/100)" in row["note"]


def test_a_typed_report_is_not_touched():
    typed = to_observations(TYPED)
    assert place_codes(typed, CATALOG) is typed


def test_placed_rows_are_stored_with_the_code_as_read_and_listed_in_the_report(tmp_path, monkeypatch):
    """Through ``cchc ingest``: a scanned seed whose 3.4.2 is read "3.42" is stored under 3.4.2
    with ``code_read`` 3.42; the data-quality section lists it, code as read → code placed."""
    index = next(i for i in CODED if TYPED[i].stt.strip() == "3.4.2.")
    low = next(i for i in CODED if TYPED[i].stt.strip() == "2.3.")
    rows = scanned({index: "3.42"})
    rows[low] = replace(
        rows[low], cells=(*rows[low].cells[:3], "7", ""), confidence=(95.0, 95.0, 95.0, 41.0, None)
    )
    real = store_ingest.read_report

    def read_scanned(path, limits):
        report = real(path, limits)
        report.appendix = rows
        return report

    monkeypatch.setattr(store_ingest, "read_report", read_scanned)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    run = store_runs.ingest([raw], tmp_path / "store")
    assert run.failed == 0
    store = open_store(tmp_path / "store")
    obs = store.table("observations")
    moved = obs[obs["code_read"].notna()]
    assert set(moved["code_read"]) == {"3.42"} and set(moved["code"]) == {"3.4.2"}
    schemas.validate("observations", obs)
    source = store.table("sources").iloc[0]
    section = quality.findings(store, source["agency"], source["period"])
    listed = {(c["code_read"], c["code"], c["item"]) for c in section["ocr_cells"]}
    assert listed == {("3.42", "3.4.2", 0), ("3.42", "3.4.2", 1), ("3.42", "3.4.2", 2), (None, "2.3", 0)}
    lowest = next(c for c in section["ocr_cells"] if c["code"] == "2.3")
    assert lowest["raw_value"] == "7" and lowest["ocr_confidence"] == 41.0
    assert lowest["problem"].startswith("OCR không chắc chắn")
    html = render_template("report/findings.html.j2", s=section, model={"kind": "report"})
    assert 'id="tbl-ocr-cells"' in html and "Ô đọc bằng OCR cần đối chiếu với bản gốc (4)" in html
    assert '<td class="stt">3.42</td><td class="stt">3.4.2</td>' in html
    assert '<td class="stt">3.42</td><td class="stt">3.4.2[1]</td>' in html
    # 3.4.2 and its sub-rows are blank in the seed: no figure read, so no figure's confidence
    assert moved["ocr_confidence"].isna().all()
    assert all("ocr_code" in f.split() for f in moved["flags"])


def test_an_unsure_unit_beside_a_sure_figure_flags_the_row_and_keeps_the_figure():
    # 7.6.2[1] "Chưa = 0 Có = 1" | "1": the unit's legend read at 64, the figure at 96 (a scan of
    # the seed read so); the figure stands, the row says its unit is unsure
    rows = list(SCANNED)
    index = next(i for i, r in enumerate(rows) if r.cells[2] == "Chưa = 0 Có = 1" and r.cells[3] == "1")
    rows[index] = replace(rows[index], confidence=(None, 95.0, 64.0, 96.0, None))
    row = to_observations(rows)[index]
    assert row["value"] == 1.0 and row["ocr_confidence"] == 96.0
    assert flags(row) == {"ocr", "ocr_low_confidence"}
    assert "Đơn vị tính “Chưa = 0 Có = 1” đọc bằng OCR không chắc chắn (độ tin cậy 64/100)" in row["note"]
    # a figure read from the unit column is as sure as that cell: 64 keeps it raw
    spilled = replace(
        rows[index], cells=(*rows[index].cells[:2], "1", "", ""), confidence=(None, 95.0, 64.0, None, None)
    )
    rows[index] = spilled
    kept = to_observations(rows)[index]
    assert kept["value"] is None and kept["raw_unit"] == "1" and kept["ocr_confidence"] == 64.0
