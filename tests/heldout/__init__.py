"""Reports the program has never seen: written by hand in the province template, the way other
agencies fill it (other wordings, periods, formats), each with its expected figures and findings
typed by hand from the report's own text — never copied from the program's output.

Each report module defines ``REPORT`` (:class:`spec.Held`); :data:`REPORTS` lists them all and
:func:`spec.write_all` writes their files (text copied, Word and Excel built at test time, no
binary fixture in git) into one folder for a single ingest.
"""

from heldout import (
    r1_xay_dung_q1,
    r2_tai_nguyen_nam,
    r3_dien_khanh_h1,
    r4_giao_duc_9m,
    r5_tu_phap_letterhead,
    r6_thong_tin_xlsx,
    r7_cong_thuong_breakdowns,
    r8_ninh_hoa_parts,
)

REPORTS = tuple(
    module.REPORT
    for module in (
        r1_xay_dung_q1,
        r2_tai_nguyen_nam,
        r3_dien_khanh_h1,
        r4_giao_duc_9m,
        r5_tu_phap_letterhead,
        r6_thong_tin_xlsx,
        r7_cong_thuong_breakdowns,
        r8_ninh_hoa_parts,
    )
)
