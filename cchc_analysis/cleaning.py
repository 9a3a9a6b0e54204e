"""Cleaning of one piece of text as it comes out of any container (NFC, odd spaces)."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def clean_text(text: str) -> str:
    """NFC-normalise, turn non-breaking and odd spaces into plain ones, collapse, strip."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
