"""Rules on what a report covers at all: a report filed without its statistics appendix.

Ingest keeps such a report (its narrative, documents and figures are still worth having) with no
observations; this rule says so, so that the missing table is seen, not mistaken for a report
whose rows were all blank.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_analysis.derive.checks.context import Context, Finding, rule


@rule(
    "missing_appendix",
    "warning",
    "Thiếu phụ lục số liệu",
    "a report with its narrative but no statistics appendix",
    lambda d, f: (
        f"Tệp {d['source']} không có phụ lục “THỐNG KÊ SỐ LIỆU”: báo cáo chỉ có phần "
        "thuyết minh, không có số liệu để tính chỉ tiêu và đối chiếu"
    ),
    {"source": "bao_cao.docx"},
)
def missing_appendix(ctx: Context) -> Iterator[Finding]:
    if not ctx.rows:
        yield Finding("missing_appendix", None, {"source": ctx.source})
