"""The data-quality listing of OCR'd appendix cells: every cell whose row number or figure OCR
may have misread — a code placed by the template (``ocr_code``), a cell below the confidence
threshold, letters among digits — one keyed row each, so that a reader can check it on the scan."""

from __future__ import annotations

import pandas as pd

from cchc_analysis.report.content.finding_words import OCR_FLAG_WORDS, ocr_problems
from cchc_analysis.report.content.slices import key, records

_COLUMNS = ("code_read", "code", "item", "label", "raw_value", "ocr_confidence", "locator", "note")


def ocr_cells(obs: pd.DataFrame) -> list[dict]:
    """Every OCR'd observation with a flag of :data:`OCR_FLAG_WORDS`, in the table's order: the
    STT as read → the code it is stored under, its label, the value as written, the engine's
    confidence, what is doubtful (in words) and where it is."""
    doubtful = obs["flags"].fillna("").str.split().map(lambda f: any(flag in f for flag in OCR_FLAG_WORDS))
    return [
        {
            "key": key(r),
            "source": r["source"],
            **{c: r[c] for c in _COLUMNS},
            "problem": ocr_problems(r["flags"]),
        }
        for r in records(obs[doubtful.astype(bool)])
    ]
