"""Reading one catalogue CSV: its header, its cells and its rows checked, a bad line refused as
one line naming the file and line (:class:`InputError`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cchc_analysis.errors import InputError, SourceError
from cchc_analysis.sources.common import clean_text
from cchc_analysis.sources.limits import DEFAULT_LIMITS, read_checked


def read_rows(path: Path, columns: list[str], required: int = 0, unique: str = "") -> list[dict]:
    """Rows of a catalogue CSV as dicts of stripped text (and their ``line``); a wrong header, a
    blank among the first ``required`` columns or a repeated ``unique`` value is refused naming
    the file and line."""
    if not (path.exists() or path.is_symlink()):
        raise InputError(f"{path}: catalogue file not found")
    try:  # the check every input passes: a regular file (a pipe never blocks), within the limit
        text = read_checked(path, DEFAULT_LIMITS, str(path)).decode("utf-8-sig")
    except SourceError as exc:
        raise InputError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if [h.strip() for h in header] != columns:
            raise InputError(f"{path}: line 1: expected the columns {','.join(columns)}")
        rows, seen = [], {}
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise InputError(
                    f"{path}: line {line}: {len(cells)} cells, expected {len(columns)} (quote a cell holding a comma)"
                )
            row = {c: clean_text(v) for c, v in zip(columns, cells)}
            if blank := next((c for c in columns[:required] if not row[c]), None):
                raise InputError(f"{path}: line {line}: {blank} is empty")
            if unique and (first := seen.setdefault(row[unique].lower(), line)) != line:
                raise InputError(f"{path}: line {line}: {unique} '{row[unique]}' repeats line {first}")
            rows.append({**row, "line": line})
    return rows
