"""The one rule of every spreadsheet output (store CSVs, exports, the province's workbook): no text
from a raw file is ever evaluated as a formula (CSV injection), and a file is the same bytes for
the same data.

A text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and
LibreOffice read as the start of a formula. In CSV it gets the usual leading ``'`` (Excel shows the
text without it) — except a plain number such as ``-3``, ``-1.402,5`` or ``+5 %``, which no
spreadsheet evaluates as a formula and stays as written. In .xlsx every text is a string cell
(XlsxWriter's ``write_string`` with :data:`XLSX_OPTIONS`), which no spreadsheet evaluates, so the
text is written whole. Parquet keeps every text as read.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
#: The same, as a pattern for Arrow's regex over a whole column.
_FORMULA_START = "^[" + "".join(re.escape(c) for c in sorted(FORMULA_STARTS)) + "]"
#: A signed plain number (Vietnamese or machine separators, an optional percent): not a formula.
PLAIN_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)*(?:\s?%)?")
#: XlsxWriter options: a text is always a string cell, never a number, formula or link.
XLSX_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
#: Fixed document properties: the same tables always give byte-identical .xlsx files.
PROPERTIES = {"title": "cchc-analysis store", "author": "cchc-analysis", "created": datetime(2000, 1, 1)}


def csv_text(text: str) -> str:
    """A text as a CSV cell that no spreadsheet evaluates: ``'`` before a formula's start."""
    if text[:1] in FORMULA_STARTS and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell as :func:`csv_text` makes it (the frame itself when no cell
    needs it: the common case costs one vectorised test per text column)."""
    changed = {}
    for name, column in frame.items():
        if not (isinstance(column.dtype, pd.StringDtype) or column.dtype == object):
            continue
        risky = _may_be_formulas(column)
        if risky.any():
            changed[name] = column.where(~risky, column[risky].map(csv_text))
    return frame.assign(**changed) if changed else frame


def _may_be_formulas(column: pd.Series) -> np.ndarray:
    """Which cells of a text column begin with a formula's first character (Arrow's regex over the
    whole column; a column of other objects cell by cell)."""
    try:
        text = pa.array(column.array, from_pandas=True, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        first = column.map(lambda v: v[:1] if isinstance(v, str) else None)
        return first.isin(FORMULA_STARTS).to_numpy(dtype=bool)
    return np.asarray(pc.fill_null(pc.match_substring_regex(text, _FORMULA_START), False))
