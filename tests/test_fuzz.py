"""Generated inputs for every parser: random Unicode, random tab/line structure, mutations of the
bundled report's lines, numbers in every form a keyboard or spreadsheet produces. Only the
package's own errors may come out, and the properties hold.

Bounded for the suite (profile "suite"); ``CCHC_FUZZ=long pytest tests/test_fuzz.py`` runs the
long profile."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_analysis.errors import SourceError
from cchc_analysis.parse.appendix import to_observations
from cchc_analysis.parse.metadata import read_sidecar
from cchc_analysis.parse.numbers import read_value
from cchc_analysis.parse.period_grammar import find_period, read_period
from cchc_analysis.sources.common import is_table_header
from cchc_analysis.sources.text import read_text

from builders import SEED

settings.register_profile(
    "suite",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("CCHC_FUZZ", "suite"))

LINES = SEED.read_text(encoding="utf-8").split("\n")
TABLE_AT = next(i for i, line in enumerate(LINES) if line.startswith("STT\t"))
#: Characters a keyboard, a spreadsheet or a bad export puts in a number cell.
NUMBERISH = st.text(alphabet="0123456789.,-+ %/eE_∞٣３\u00a0NaInfđạttỷlệ", max_size=24)


@given(st.one_of(st.text(max_size=60), NUMBERISH))
def test_a_value_cell_is_a_clerk_number_or_kept_raw_with_a_note(text):
    reading = read_value(text)
    if reading.value is not None:
        assert reading.value == reading.value and abs(reading.value) < 1e15  # finite, exact
        assert "unreadable" not in reading.flags
        # no exponent, digit separator, other script or sign beside a digit (a unit word after
        # a space may hold an "e": "5 ne" is 5 with the flag unit_in_value)
        assert not re.search(r"[0-9][eE_]|[eE_][0-9]|[∞٣３+]", text)
    elif reading.denominator is None:  # no figure: blank, a "nothing" mark, or kept raw
        assert (
            not text.strip()
            or reading.flags == {"null_token"}
            or ("unreadable" in reading.flags and reading.note.startswith("không đọc được"))
        )


@given(st.text(max_size=80))
def test_periods_come_out_as_a_period_or_the_package_error(text):
    found = find_period(text)
    assert found is None or 1900 <= found.year <= 2099
    try:
        read_period(text)
    except ValueError as exc:
        assert "is not a period" in str(exc)


def _table(rows: list[str]) -> str:
    return "\n".join(LINES[: TABLE_AT + 2] + rows) + "\n"


TABLE_LINES = [
    line for line in LINES[TABLE_AT + 2 :] if line.strip() and not is_table_header(line.split("\t"))
]


@st.composite
def mutated_tables(draw):
    """The seed's table rows, some cut, joined, duplicated, reordered or given random cells."""
    rows = list(draw(st.lists(st.sampled_from(TABLE_LINES), min_size=1, max_size=25)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(rows) - 1))
        cells = rows[at].split("\t")
        cell = draw(st.integers(0, len(cells) - 1))
        cells[cell] = draw(
            st.one_of(
                NUMBERISH,
                st.text(
                    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r"),
                    max_size=30,
                ),
            )
        )
        rows[at] = "\t".join(cells)
    if draw(st.booleans()):
        rows.insert(draw(st.integers(0, len(rows))), "")  # a page break
    return rows


@given(mutated_tables())
def test_a_mutated_table_is_read_or_refused_naming_the_file(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "r.txt"
    path.write_text(_table(rows), encoding="utf-8")
    try:
        report = read_text(path)
    except SourceError as exc:
        assert str(exc).startswith("r.txt")
        return
    assert len(to_observations(report.appendix)) <= len([r for r in rows if r.strip()])


@given(
    st.lists(st.sampled_from(TABLE_LINES), min_size=1, max_size=40), st.lists(st.integers(0, 40), max_size=3)
)
def test_every_coded_or_sub_row_line_becomes_exactly_one_observation(tmp_path_factory, rows, breaks):
    for at in sorted(breaks, reverse=True):  # page breaks anywhere
        rows = rows[:at] + ["", *LINES[TABLE_AT : TABLE_AT + 2]] + rows[at:]
    path = tmp_path_factory.mktemp("rows") / "r.txt"
    path.write_text(_table(rows), encoding="utf-8")
    observations = to_observations(read_text(path).appendix)
    table_rows = [r for r in rows if r.strip() and not is_table_header(r.split("\t"))]
    assert len(observations) == len(table_rows)
    assert [o["seq"] for o in observations] == list(range(1, len(table_rows) + 1))


@given(st.lists(st.sampled_from(TABLE_LINES), min_size=1, max_size=30))
def test_reserialising_an_appendix_gives_the_same_observations(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("round")
    first = folder / "a.txt"
    first.write_text(_table(rows), encoding="utf-8")
    once = to_observations(read_text(first).appendix)
    again = folder / "b.txt"
    written = ["\t".join(row.cells) for row in read_text(first).appendix if not is_table_header(row.cells)]
    again.write_text(_table(written), encoding="utf-8")
    twice = to_observations(read_text(again).appendix)
    columns = ["code", "item", "label", "unit", "value", "numerator", "denominator", "flags"]
    assert pd.DataFrame(once)[columns].equals(pd.DataFrame(twice)[columns])


@given(
    st.dictionaries(
        st.sampled_from(["agency", "period", "province", "source_url", "received", "other"]),
        st.one_of(
            st.text(max_size=20),
            st.integers(),
            st.booleans(),
            st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=3), st.integers(), max_size=2),
        ),
        max_size=4,
    )
)
def test_a_sidecar_is_read_or_refused_naming_itself(tmp_path_factory, data):
    import json

    folder = tmp_path_factory.mktemp("side")
    body = "\n".join(
        f"{k} = {json.dumps(v, ensure_ascii=False) if not isinstance(v, dict) else '{' + ', '.join(f'{a} = {b}' for a, b in v.items()) + '}'}"
        for k, v in data.items()
    )
    (folder / "r.txt.meta.toml").write_text(
        body.replace("true", "true").replace("false", "false"), encoding="utf-8"
    )
    try:
        found = read_sidecar(Path(folder / "r.txt"))
    except SourceError as exc:
        assert str(exc).startswith("r.txt.meta.toml: ")
        return
    assert set(found) <= {"agency", "period", "province", "source_url", "received"}
    assert all(isinstance(v, str) and v == v.strip() for v in found.values())


@given(
    st.decimals(
        min_value=-(10**11),
        max_value=10**11,
        places=3,
        allow_nan=False,  # ≤ 15 digits
        allow_infinity=False,
    ).filter(lambda d: not d.is_zero())
)
def test_what_the_reports_write_reads_back_as_the_same_number(number):
    from cchc_analysis.report.content import formats

    written = formats.number(number, 3)  # as the published reports write it: 1.402,500 · -3,250
    reading = read_value(written)
    assert reading.value == float(number) and "unreadable" not in reading.flags
    assert reading.decimals == 3
