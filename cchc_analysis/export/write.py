"""An export's bytes: one .xlsx workbook (a front sheet, then a sheet per table) or one CSV file
per table, the same bytes for the same slice of the same store version.

Workbook: numbers as numbers, every text a string cell (never a formula, a number or a link:
:mod:`cchc_analysis.shared.spreadsheets`), NA an empty cell; header frozen, filters on, columns sized to
their first rows. Written by XlsxWriter, row by row for a large slice (constant-memory mode), with
fixed document properties. CSV: UTF-8 with a byte-order mark, like the store's, the formula rule
applied.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from cchc_analysis.errors import InputError
from cchc_analysis.shared.spreadsheets import PROPERTIES, XLSX_OPTIONS, csv_frame
from cchc_analysis.store.files import atomic_write

FRONT_SHEET, FRONT_CSV = "Thông tin", "thong-tin.csv"
FRONT_HEADER = ("Mục", "Giá trị")
#: Excel's rows per sheet, the header's among them: a larger table is refused, never cut.
EXCEL_ROWS = 1_048_576
#: Rows read to size a column, and its widest width (characters).
SAMPLE_ROWS, MAX_WIDTH = 500, 60
#: Up to this many rows in all, the workbook is built in memory (no temporary file per sheet).
SMALL = 100_000
#: Rows turned into Python values at a time.
CHUNK_ROWS = 20_000
#: Every member of a .zip export carries this time, so a rerun gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def check_rows(tables: dict[str, pd.DataFrame]) -> None:
    """InputError (one line) when a table of the slice would not fit on one Excel sheet."""
    for name, frame in tables.items():
        if len(frame) >= EXCEL_ROWS:
            raise InputError(
                f"{name} has {len(frame):,} rows in this slice, more than an Excel sheet holds "
                f"({EXCEL_ROWS - 1:,} under its header); narrow it with --province, --period, "
                f"--agency or --tables, or export --format csv"
            )


def _width(name: str, first: list) -> int:
    """A column's width: its header or its longest value among its first rows, within bounds."""
    longest = max((len(str(v)) for v in first if v is not None), default=0)
    return min(MAX_WIDTH, max(len(name), longest) + 2)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as Python values, NA as None."""
    return frame.astype(object).where(frame.notna(), None)


def _sheet(book, name: str, frame: pd.DataFrame, header) -> None:
    """One table as a sheet: header frozen, filters on, columns sized; cells by their type."""
    sheet = book.add_worksheet(name)
    columns = list(frame.columns)
    sample = _plain(frame.iloc[:SAMPLE_ROWS])
    for number, column in enumerate(columns):
        sheet.set_column(number, number, _width(column, sample[column].tolist()))
    sheet.write_row(0, 0, columns, header)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))
    for start in range(0, len(frame), CHUNK_ROWS):  # a chunk at a time: no copy of the table
        chunk = _plain(frame.iloc[start : start + CHUNK_ROWS])
        for row, record in enumerate(chunk.itertuples(index=False, name=None), start=start + 1):
            for col, value in enumerate(record):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(row, col, value)
                else:
                    sheet.write_number(row, col, value)


def xlsx_bytes(facts: list[tuple[str, object]], tables: dict[str, pd.DataFrame]) -> bytes:
    """The front sheet (``facts``) and every table as a sheet of one .xlsx file."""
    import xlsxwriter

    check_rows(tables)
    buffer = io.BytesIO()
    big = sum(len(frame) for frame in tables.values()) > SMALL
    book = xlsxwriter.Workbook(buffer, {"constant_memory": big, "in_memory": not big, **XLSX_OPTIONS})
    book.set_properties(PROPERTIES)
    header = book.add_format({"bold": True, "bg_color": "#E6EBF0", "bottom": 1})
    _sheet(book, FRONT_SHEET, pd.DataFrame(facts, columns=list(FRONT_HEADER)), header)
    for name, frame in tables.items():
        _sheet(book, name, frame, header)
    book.close()
    return buffer.getvalue()


def csv_files(facts: list[tuple[str, object]], tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """The front facts (``thong-tin.csv``) and every table as CSV bytes, by file name."""
    front = pd.DataFrame([(k, str(v)) for k, v in facts], columns=list(FRONT_HEADER))
    named = {FRONT_CSV: front} | {f"{name}.csv": frame for name, frame in tables.items()}
    return {
        file: csv_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
        for file, frame in named.items()
    }


def write_csvs(out: Path, files: dict[str, bytes]) -> None:
    """The CSV files into one .zip (when ``out`` ends in .zip) or a folder of their own; a
    folder holding anything but CSV files is not overwritten."""
    if out.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                archive.writestr(info, data)
        atomic_write(out, buffer.getvalue())
        return
    if out.exists() and (not out.is_dir() or any(p.suffix != ".csv" for p in out.iterdir())):
        raise InputError(f"{out} is not a folder of an earlier CSV export; name another with --out")
    for old in out.glob("*.csv") if out.is_dir() else ():
        if old.name not in files:
            old.unlink()
    for name, data in files.items():
        atomic_write(out / name, data)
