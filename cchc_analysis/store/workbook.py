"""The store as one Excel workbook (``store.xlsx``), for analysts who open data in Excel.

One sheet per table, in store order: numbers as numbers, text as text (never read as a number,
a formula or a link), NA as an empty cell; the header row frozen, filters on, columns sized to
their content. Written by XlsxWriter — for a large store in constant-memory mode (row by row: a
150 000-row observations table does not sit in memory twice) — with fixed document properties,
so the same tables give the same bytes.
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime

import pandas as pd

WORKBOOK = "store.xlsx"
#: Fixed document properties: the same tables always give byte-identical files.
PROPERTIES = {"title": "cchc-analysis store", "author": "cchc-analysis",
              "created": datetime(2000, 1, 1)}
#: Rows read to size a column, and its widest width (characters).
SAMPLE_ROWS, MAX_WIDTH = 500, 60
#: Up to this many rows in all, the workbook is built in memory (no temporary file per sheet).
SMALL_STORE = 100_000
#: Rows turned into Python values at a time.
CHUNK_ROWS = 20_000
#: Excel's last row: a table beyond it is cut there (the Parquet and CSV files hold it whole).
EXCEL_ROWS = 1_048_576


def _width(name: str, first: list) -> int:
    """A column's width: its header or its longest value among its first rows, within bounds."""
    longest = max((len(str(v)) for v in first if v is not None), default=0)
    return min(MAX_WIDTH, max(len(name), longest) + 2)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as Python values, NA as None."""
    return frame.astype(object).where(frame.notna(), None)


def workbook_bytes(tables: Mapping[str, pd.DataFrame], rows: int) -> bytes:
    """Every table as a sheet of one .xlsx file (bytes); ``rows`` in all (the tables may be read
    one at a time, as the mapping gives them)."""
    import xlsxwriter

    buffer = io.BytesIO()
    big = rows > SMALL_STORE
    book = xlsxwriter.Workbook(buffer, {"constant_memory": big, "in_memory": not big,
                                        "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties(PROPERTIES)
    header = book.add_format({"bold": True, "bg_color": "#E6EBF0", "bottom": 1})
    for name, frame in tables.items():
        sheet = book.add_worksheet(name)
        columns = list(frame.columns)
        shown = frame.iloc[:EXCEL_ROWS - 1]
        sample = _plain(shown.iloc[:SAMPLE_ROWS])
        for number, column in enumerate(columns):
            sheet.set_column(number, number, _width(column, sample[column].tolist()))
        sheet.write_row(0, 0, columns, header)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(shown), 1), max(len(columns) - 1, 0))
        for start in range(0, len(shown), CHUNK_ROWS):  # a chunk at a time: no copy of the table
            chunk = _plain(shown.iloc[start:start + CHUNK_ROWS])
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
    book.close()
    return buffer.getvalue()
