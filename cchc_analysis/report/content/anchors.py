"""The HTML ids that link a report's first screen, findings, appendix rows and narrative both
ways, each made from the key of what it marks (an observation's source and seq, an issue's
number), so that a link survives any change of wording or order."""

from __future__ import annotations

from cchc_analysis.report.paths import slugify


def row_anchor(source: str, seq: int) -> str:
    """An appendix row's id, from its key: "dong-bao-cao-txt-142"."""
    return f"dong-{slugify(source)}-{int(seq)}"


def issue_anchor(issue: int) -> str:
    """An issue's id on the report's first screen ("Cần làm rõ với cơ quan"): "van-de-1"."""
    return f"van-de-{int(issue)}"


def quote_anchor(issue: int) -> str:
    """The id of the narrative sentence an issue quotes, where it stands: "trich-dan-1"."""
    return f"trich-dan-{int(issue)}"


def finding_anchor(finding: int) -> str:
    """A finding's row in the data-quality section: "phat-hien-61"."""
    return f"phat-hien-{int(finding)}"
