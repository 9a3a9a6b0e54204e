"""Small text rules shared by every reader: cleaning a cell, spotting the appendix and its header."""

from __future__ import annotations

import re

from cchc_analysis.errors import SourceError
from cchc_analysis.shared.cleaning import clean_text
from cchc_analysis.sources.model import APPENDIX_COLUMNS

__all__ = ["clean_text", "is_appendix_title", "is_table_header", "normalise_row"]
_APPENDIX_TITLE = re.compile(r"^phụ lục\b", re.IGNORECASE)


def is_appendix_title(line: str) -> bool:
    """True for the line that opens an appendix ("Phụ lục 2", "PHỤ LỤC II", …), of any kind."""
    return bool(_APPENDIX_TITLE.match(line)) and len(line) < 120


def is_table_header(cells: tuple[str, ...] | list[str]) -> bool:
    """True for either line of the two-line table header the template repeats at page breaks."""
    first = clean_text(cells[0]).lower() if cells else ""
    if first == "stt":
        return True
    if first or (len(cells) > 1 and clean_text(cells[1])):  # most rows: no need to read on
        return False
    cleaned = [clean_text(c).lower() for c in cells]
    return "đơn vị tính" in cleaned and "số liệu" in cleaned


def normalise_row(
    cells: list[str], source: str, locator: str, pad: bool = False
) -> tuple[str, str, str, str, str]:
    """Fit a row to the template's five columns. A short row is padded with blanks when ``pad``
    (its trailing empty cells were trimmed); otherwise it means the file was cut off."""
    width = len(APPENDIX_COLUMNS)
    cells = [c.rstrip("\r") for c in cells]
    while len(cells) > width and not clean_text(cells[-1]):
        cells.pop()
    if pad and len(cells) < width:
        cells += [""] * (width - len(cells))
    if len(cells) < width:
        raise SourceError(
            source,
            f"table row has {len(cells)} of {width} cells "
            f"(STT, chỉ tiêu, đơn vị tính, số liệu, đơn vị thực hiện): "
            "the file looks cut off mid-table",
            locator,
        )
    if len(cells) > width:
        raise SourceError(source, f"table row has {len(cells)} cells; the template has {width}", locator)
    return tuple(cells)  # type: ignore[return-value]
