"""One value per indicator: for an (agency, period, indicator) — or a rate row of the appendix,
or the province's figure — the value every page and every chart shows, where it comes from, and
whether it carries ⚠. Tables, charts, the overview and the province page all ask here, so a figure
never reads 95,6 % in one place and 95,7 % in another.

The value: numerator ÷ denominator × 100 recomputed from the agency's own counts whenever both
are there (the same arithmetic for every agency and for the province's summed counts), the rate
the agency wrote otherwise. Its provenance (:data:`PROVENANCES`):

- ``recomputed``: only the counts were given;
- ``stated``: only the rate was given;
- ``both``: both, and the stated rate is the recomputed one rounded to the stated decimals;
- ``differs``: both, and they disagree — the recomputed value is shown, the stated one in a note.

The ⚠ rule (one for every page and chart): a figure carries ⚠ when an error or a warning finding
of the agency's own report rests on one of its inputs (by key), or the narrative contradicts it —
what :func:`sections.cautions` collects. Notes (info findings) and a stated rate that differs
only in its rounding carry no ⚠: they are said in the note beside the figure, not marked.
"""

from __future__ import annotations

from cchc_analysis.report.content import formats as fmt
from cchc_analysis.shared.decimals import rounds_to

PROVENANCES = ("recomputed", "stated", "both", "differs")
#: The mark of a figure that carries a caution, in tables and on bars and points of charts.
MARK = "\u26a0"


def recomputed(numerator: object, denominator: object) -> float | None:
    """100 × numerator ÷ denominator; None when either is missing or the denominator is 0."""
    if fmt.is_na(numerator) or fmt.is_na(denominator) or float(denominator) == 0:
        return None
    return 100 * float(numerator) / float(denominator)


def decide(
    stated: object = None,
    numerator: object = None,
    denominator: object = None,
    stated_decimals: object = None,
    caution: object = None,
) -> dict:
    """The value shown of a rate (see the module's rules): ``value``, ``provenance`` (None when
    there is no value), ``stated`` (the agency's rate, None when not written), ``recomputed``,
    ``stated_decimals`` and ``warn`` (the ⚠ rule: ``caution`` is not empty)."""
    again = recomputed(numerator, denominator)
    said = None if fmt.is_na(stated) else float(stated)
    if again is None and said is None:
        value, provenance = None, None
    elif again is None:
        value, provenance = said, "stated"
    elif said is None:
        value, provenance = again, "recomputed"
    else:
        value = again
        provenance = "both" if rounds_to(again, said, fmt.written(stated_decimals)) else "differs"
    return {
        "value": value,
        "provenance": provenance,
        "stated": said,
        "recomputed": again,
        "stated_decimals": fmt.written(stated_decimals),
        "warn": warns(caution),
    }


def warns(caution: object) -> bool:
    """The ⚠ rule: a caution (errors/warnings on the inputs, or the narrative says otherwise) that
    is not empty; an empty or missing one carries no mark."""
    if isinstance(caution, dict):
        return bool(caution.get("findings") or caution.get("narrative") or caution.get("errors"))
    return bool(caution)


def label(value: object, unit: object, warn: bool = False) -> str:
    """A shown value as a chart writes it: ``95,6 %`` (an indicator's format), ``95,6 % ⚠``."""
    return marked(fmt.indicator(value, unit), warn)


def marked(text: str, warn: bool) -> str:
    """A value's text with the ⚠ of the one rule when ``warn`` (never on a missing value)."""
    return f"{text} {MARK}" if warn and text != fmt.NA else text


def note(shown: dict) -> str | None:
    """The stated rate beside the value shown, when they disagree: "cơ quan ghi 95,7 %"."""
    if shown.get("provenance") != "differs":
        return None
    return f"cơ quan ghi {fmt.percent(shown['stated'], shown['stated_decimals'])}"
