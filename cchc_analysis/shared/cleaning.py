"""Cleaning of one piece of text as it comes out of any container (NFC, odd spaces)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """NFC-normalise, turn non-breaking and odd spaces into plain ones, collapse, strip."""
    return _clean_short(text) if len(text) <= _SHORT else _clean(text)


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


#: Cells and labels this short repeat across a province's reports: cleaned once each.
_SHORT = 200
_clean_short = lru_cache(maxsize=16384)(_clean)
