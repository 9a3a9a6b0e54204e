"""Every file failure is that file's alone, and each input file has bounds: kind, size, package
entries and unpacked size (refused before inflating), rows; names are checked where they enter."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl

from cchc_analysis.store.ingest import ingest_file

from builders import SEED, png_declaring
from ingesting import ingest


def test_a_file_over_the_size_limit_is_refused_and_the_option_raises_it(raw, tmp_path):
    big = raw / "big.txt"
    big.write_bytes(
        SEED.read_bytes().replace("Ban Dân tộc báo cáo".encode(), "Sở Y tế báo cáo".encode())
        + b"\n" * (5 * 2**20 // 4)
    )
    code, out, err = ingest(str(raw), "--out", str(tmp_path / "s"), "--max-file-mb", "1")
    assert code == 1 and "ok: good.txt" in out
    assert "error: big.txt: the file is 1.3 MB, over the limit of 1.0 MB (raise it with --max-file-mb)" in err
    code, out, err = ingest(str(raw), "--out", str(tmp_path / "s"), "--max-file-mb", "2")
    assert code == 0 and "ok: big.txt" in out


def test_a_zip_bomb_is_refused_by_what_it_declares_before_it_is_inflated(raw, tmp_path):
    bomb = raw / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as entry:  # 8 MB of zeros, ~8 kB packed
            for _ in range(8):
                entry.write(b"\0" * 2**20)
    assert bomb.stat().st_size < 100_000
    code, _, err = ingest(str(raw), "--out", str(tmp_path / "s"), "--max-unpacked-mb", "2")
    assert code == 1
    assert "bomb.docx: the package unpacks to 8.0 MB, over the limit of 2.0 MB" in err


def test_too_many_entries_and_too_many_rows(raw, tmp_path):
    crowded = raw / "crowded.docx"
    with zipfile.ZipFile(crowded, "w") as package:
        for n in range(30):
            package.writestr(f"word/media/{n}.xml", "x")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Đơn vị thực hiện"])
    for n in range(1, 1500):
        sheet.append([f"{n}.", f"Chỉ tiêu {n}", "Hồ sơ", n, ""])
    workbook.save(raw / "long.xlsx")
    code, _, err = ingest(str(raw), "--out", str(tmp_path / "s"), "--max-entries", "20", "--max-rows", "1000")
    assert code == 1
    assert "crowded.docx: the package holds 30 entries, over the limit of 20" in err
    assert (
        "long.xlsx: sheet 'Sheet' declares 1500 rows (A1:E1500), over the limit of 1000 (raise it with --max-rows)"
    ) in err


def test_a_named_pipe_is_named_for_what_it_is(raw, tmp_path):
    os.mkfifo(raw / "pipe.txt")
    code, out, err = ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert "error: pipe.txt: not a regular file: it is a named pipe (FIFO)" in err


def test_an_unreadable_file_and_a_vanished_one_are_that_file_alone(raw, tmp_path, monkeypatch):
    locked = raw / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # root reads any file: refuse this one as a system would
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    code, out, err = ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "ok: good.txt" in out
    assert "error: locked.txt: cannot be read (Permission denied)" in err
    gone = ingest_file(raw / "gone.txt", "gone.txt")
    assert str(gone.error) == "gone.txt: the file vanished before it could be read"


def test_names_are_checked_where_they_enter(raw, tmp_path):
    code, _, err = ingest(
        str(raw / "good.txt"), "--out", str(tmp_path / "s"), "--agency", "Sở " + "rất " * 80
    )  # 3 + 320 characters, the last a space
    assert code == 1 and "the agency is 322 characters long, more than 200" in err
    assert "good.txt.meta.toml: agency holds a control character" in with_sidecar(
        raw, tmp_path, 'agency = "Sở\\u0007 Y tế"\n'
    )
    assert "good.txt.meta.toml: agency must be text in quotes, not dict" in with_sidecar(
        raw, tmp_path, "agency = {a = 1}\n"
    )


def test_rows_are_counted_whatever_the_sheets_namespace_prefix(raw, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Đơn vị thực hiện"])
    for n in range(1, 1500):
        sheet.append([f"{n}.", f"Chỉ tiêu {n}", "Hồ sơ", n, ""])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    # the same sheet, its elements written as <x:row>, <x:c>, and no declared extent: its rows
    # are counted as they stream
    prefixed = raw / "prefixed.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(prefixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8").replace('xmlns="', 'xmlns:x="')
                text = re.sub(r"<(/?)(?!\?)(\w+)", r"<\1x:\2", re.sub(r"<dimension[^>]*>", "", text))
                data = text.encode("utf-8")
            target.writestr(entry, data)
    code, _, err = ingest(str(raw), "--out", str(tmp_path / "s"), "--max-rows", "1000")
    assert (
        code == 1
        and ("prefixed.xlsx: sheet 'Sheet' runs past row 1000, the limit (raise it with --max-rows)") in err
    )


def test_one_name_from_two_folders_given_as_paths_keeps_no_machine_path(tmp_path, seed_text):
    for folder, period in (("a", "Quý I/2023"), ("b", "Quý II/2023")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(
            seed_text.replace("6 tháng đầu năm 2023", period, 1), encoding="utf-8"
        )
    code, _, err = ingest(
        str(tmp_path / "a" / "r.txt"), str(tmp_path / "b" / "r.txt"), "--out", str(tmp_path / "s")
    )
    assert code == 0, err
    from cchc_analysis.store import open_store

    assert sorted(open_store(tmp_path / "s").table("sources").source) == ["a/r.txt", "b/r.txt"]


def with_sidecar(raw: Path, tmp_path: Path, body: str) -> str:
    """Ingest the good report with this sidecar beside it, expecting a refusal: its error line."""
    (raw / "good.txt.meta.toml").write_text(body, encoding="utf-8")
    code, _, err = ingest(str(raw / "good.txt"), "--out", str(tmp_path / "s"))
    assert code == 1 and "Traceback" not in err
    return err


def test_a_sidecar_mistake_is_named_by_the_sidecar(raw, tmp_path):
    assert "error: good.txt.meta.toml: period: '2023-H3' is not a period" in with_sidecar(
        raw, tmp_path, 'period = "2023-H3"\n'
    )
    assert "good.txt.meta.toml: received must be a date" in with_sidecar(
        raw, tmp_path, 'received = "hôm qua"\n'
    )
    # text that reads reversed (a right-to-left override) is no name
    assert "agency holds a control character" in with_sidecar(raw, tmp_path, 'agency = "Sở \\u202eY tế"\n')
    (raw / "good.txt.meta.toml").write_text('received = "05/07/2023"\n', encoding="utf-8")
    assert ingest(str(raw / "good.txt"), "--out", str(tmp_path / "s"))[0] == 0


#: One blank page of 5 000 × 5 000 pt (1,76 m): 20 833 × 20 833 pixels at the OCR's 300 dpi.
HUGE_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 5000 5000]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_huge_scanned_page_is_refused_before_it_is_decoded(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    (raw / "trang_lon.png").write_bytes(png_declaring(13_000, 13_000))
    (raw / "trang_lon.pdf").write_bytes(HUGE_PAGE_PDF)
    code, out, err = ingest(str(raw), "--out", str(tmp_path / "s"))
    assert code == 1 and "1 of 3 files ingested" in out
    assert err.splitlines() == [  # one line each, no Pillow warning, nothing decoded
        "error: trang_lon.pdf: page 1 is 20833 × 20833 pixels to read, over the limit of 40 "
        "million (raise it with --max-page-mp)",
        "error: trang_lon.png: page 1 is 13000 × 13000 pixels to read, over the limit of 40 "
        "million (raise it with --max-page-mp)",
    ]
