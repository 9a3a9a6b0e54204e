"""Inputs that cost a naive reader minutes or hang it — a sparse or over-wide workbook, a Word
cell spanning millions of columns, a named pipe where a sidecar or the roster should be — are
refused at once, naming the file; folders that cannot be listed are failures, never skipped."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from cchc_analysis.store import open_store

from builders import SEED
from hostile import corner_rows, deadline, raw_xlsx, wide_rows
from ingesting import Ingested, ingest

#: A hang fails the test instead of the suite; a refusal takes well under a second.
GUARD = 20


def guarded_ingest(*args: str) -> Ingested:
    """The shared :func:`ingest`, failed after ``GUARD`` seconds instead of hanging the suite."""
    with deadline(GUARD):
        return ingest(*args)


def sources(store: Path) -> list[str]:
    return sorted(open_store(store).table("sources").source)


@pytest.mark.parametrize(
    "dimension, message",
    [
        (
            "A1:XFD1048576",
            "sheet 'Sheet1' declares 1048576 rows (A1:XFD1048576), over the limit of 100000 (raise it with --max-rows)",
        ),
        ("A1", "sheet 'Sheet1' runs past row 100000, the limit (raise it with --max-rows)"),
        (None, "sheet 'Sheet1' runs past row 100000, the limit (raise it with --max-rows)"),
    ],
)
def test_a_workbook_of_a1_and_the_last_cell_is_refused_at_once(raw, tmp_path, dimension, message):
    raw_xlsx(raw / "corner.xlsx", corner_rows(), dimension)
    assert (raw / "corner.xlsx").stat().st_size < 2000
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out and "1 of 2 files ingested" in out
    assert f"error: corner.xlsx: {message}\n" in err
    assert sources(tmp_path / "s") == ["good.txt"]


@pytest.mark.parametrize(
    "dimension, message",
    [
        (
            "A1:XFD100",
            "sheet 'Sheet1' declares 16384 columns (A1:XFD100), over the limit of 1000 (raise it with --max-columns)",
        ),
        (
            None,
            "sheet 'Sheet1' row 1 has 16384 columns, over the limit of 1000 (raise it with --max-columns)",
        ),
    ],
)
def test_a_sheet_of_16384_columns_by_100_rows_is_refused_at_once(raw, tmp_path, dimension, message):
    raw_xlsx(raw / "wide.xlsx", wide_rows(16_384, 100), dimension)
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert f"error: wide.xlsx: {message}\n" in err


def test_cells_are_counted_while_streaming_and_the_option_raises_the_limit(raw, tmp_path):
    raw_xlsx(raw / "many.xlsx", wide_rows(60, 200), "A1:B2")  # 12 000 cells, a wrong dimension
    code, _, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"), "--max-cells", "10000")
    assert code == 1
    assert (
        "error: many.xlsx: the workbook holds more than 10000 cells (by sheet 'Sheet1' row "
        "167), over the limit (raise it with --max-cells)\n"
    ) in err
    code, _, err = guarded_ingest(
        str(raw / "many.xlsx"), "--out", str(tmp_path / "s"), "--max-cells", "20000", "--max-columns", "59"
    )
    assert "sheet 'Sheet1' row 1 has 60 columns, over the limit of 59" in err
    code, _, err = guarded_ingest(
        str(raw / "many.xlsx"), "--out", str(tmp_path / "s"), "--max-cells", "20000"
    )  # within every limit: read, and not a report
    assert "error: many.xlsx: does not look like a CCHC report" in err


def test_a_declared_dimension_within_the_limits_is_not_trusted_to_bound_the_reading(tmp_path):
    """A dimension that says less than the sheet holds ('A1') must not hide the table."""
    import re
    import zipfile

    from cchc_analysis.sources.xlsx import read_xlsx

    from builders import build_xlsx, seed_report

    built = build_xlsx(seed_report(), tmp_path / "full.xlsx")
    small = tmp_path / "small.xlsx"
    with (
        zipfile.ZipFile(tmp_path / "full.xlsx") as source,
        zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(entry, data)
    assert len(read_xlsx(small).appendix) == len(read_xlsx(tmp_path / "full.xlsx").appendix) > len(built) / 2


def test_a_word_cell_spanning_millions_of_grid_columns_is_refused(raw, tmp_path):
    document = Document()
    document.add_paragraph("BÁO CÁO")
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    span = cell._tc.get_or_add_tcPr().makeelement(qn("w:gridSpan"), {qn("w:val"): "5000000"})
    cell._tc.get_or_add_tcPr().append(span)
    document.save(raw / "span.docx")
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert (
        "error: span.docx: table 1 row 1 spans 5000000 columns, over the limit of 1000 (raise it with --max-columns)\n"
    ) in err


def test_a_named_pipe_sidecar_or_roster_never_blocks_and_the_good_report_is_written(raw, tmp_path, seed_text):
    (raw / "other.txt").write_text(
        seed_text.replace("Ban Dân tộc báo cáo", "Sở Y tế báo cáo"), encoding="utf-8"
    )
    os.mkfifo(raw / "other.txt.meta.toml")
    os.mkfifo(raw / "agencies.csv")
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert "error: other.txt.meta.toml: not a regular file: it is a named pipe (FIFO)\n" in err
    assert "error: agencies.csv: not a regular file: it is a named pipe (FIFO)\n" in err
    assert sources(tmp_path / "s") == ["good.txt"]


def test_a_sidecar_that_is_a_broken_link_is_named_not_ignored(raw, tmp_path):
    (raw / "good.txt.meta.toml").symlink_to(tmp_path / "nowhere.toml")
    code, _, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1
    assert "error: good.txt.meta.toml: a link to a file that does not exist\n" in err


def test_a_folder_that_cannot_be_listed_is_a_failure_and_the_good_files_are_written(
    raw, tmp_path, monkeypatch
):
    (raw / "locked").mkdir()
    (raw / "locked" / "r.txt").write_bytes(SEED.read_bytes())
    real_scandir = os.scandir

    def scandir(path="."):  # root lists any folder: refuse this one as a system would
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert "error: locked/: the folder cannot be listed (Permission denied)\n" in err
    assert "1 of 2 files ingested" in out and "1 folder could not be read" in out
    assert sources(tmp_path / "s") == ["good.txt"]


def test_symlink_loops_are_failures_and_a_linked_folder_is_read(raw, tmp_path):
    (raw / "self").symlink_to("self")  # a link to itself: the system says ELOOP
    (raw / "sub").mkdir()
    (raw / "sub" / "up").symlink_to("..")  # back to raw: walking it would never end
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "r.txt").write_text(
        SEED.read_text(encoding="utf-8").replace("Ban Dân tộc báo cáo", "Sở Y tế báo cáo"), encoding="utf-8"
    )
    (raw / "linked").symlink_to(elsewhere)
    code, out, err = guarded_ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out and "ok: linked/r.txt" in out
    assert "error: self: cannot be read (a symlink loop)\n" in err
    assert (
        "error: sub/up/: the folder cannot be listed (a symlink loop: it leads back to a folder above it)\n"
        in err
    )
    assert "2 of 4 files ingested" in out and "2 folders could not be read" in out
    assert sources(tmp_path / "s") == ["good.txt", "linked/r.txt"]


def test_an_unreadable_top_folder_given_by_name_is_a_failure(raw, tmp_path, monkeypatch):
    real_scandir = os.scandir
    locked = tmp_path / "locked"
    locked.mkdir()

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = guarded_ingest(str(raw / "good.txt"), str(locked), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert f"error: {locked}/: the folder cannot be listed (Permission denied)\n" in err


def test_every_limit_has_an_option_defaulting_to_the_library_and_a_line_in_the_readme():
    from dataclasses import fields

    from cchc_analysis.cli import build_parser
    from cchc_analysis.sources.limits import MB, Limits

    args = build_parser().parse_args(["ingest"])
    limits = Limits()
    assert len(fields(Limits)) == 8  # a new limit needs its option, its default and a README line
    assert (
        args.max_file_mb * MB,
        args.max_unpacked_mb * MB,
        args.max_entries,
        args.max_rows,
        args.max_columns,
        args.max_cells,
        args.max_pages,
        args.max_page_mp * 10**6,
    ) == (
        limits.max_bytes,
        limits.max_unpacked_bytes,
        limits.max_entries,
        limits.max_rows,
        limits.max_columns,
        limits.max_cells,
        limits.max_pages,
        limits.max_page_pixels,
    )
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Limits", 1)[1].split("\n## ", 1)[0]
    for option, default in (
        ("--max-file-mb", "100"),
        ("--max-unpacked-mb", "200"),
        ("--max-entries", "10 000"),
        ("--max-rows", "100 000"),
        ("--max-columns", "1 000"),
        ("--max-cells", "200 000"),
        ("--max-pages", "500"),
        ("--max-page-mp", "40"),
    ):
        assert f"| `{option}` | {default} " in section, option
