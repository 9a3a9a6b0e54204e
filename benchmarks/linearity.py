"""Every parser is linear in its input: each one is fed inputs that double from 2^14 up to about
10^6 characters and the time per size and the growth per doubling are printed (≈2 is linear,
≈4 quadratic). Figures are printed, never asserted.

    python benchmarks/linearity.py [--max-chars 1048576]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc_analysis.derive.catalogue import Catalog  # noqa: E402
from cchc_analysis.derive.claims import claims  # noqa: E402
from cchc_analysis.derive.documents import register  # noqa: E402
from cchc_analysis.parse.appendix import split_label, to_observations  # noqa: E402
from cchc_analysis.parse.narrative import blocks  # noqa: E402
from cchc_analysis.parse.numbers import read_unit, read_value  # noqa: E402
from cchc_analysis.sources.model import Paragraph  # noqa: E402
from cchc_analysis.sources.text import read_text  # noqa: E402

SEED = ROOT / "data" / "raw" / "000_8a77118b8e337001.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")
TABLE_AT = next(i for i, line in enumerate(LINES) if line.startswith("STT\t"))


def _text_file(size: int, folder: Path) -> Path:
    """The seed with its table rows repeated until the file has about ``size`` characters."""
    rows = [line for line in LINES[TABLE_AT + 2 :] if line.strip()]
    body, n = [], 0
    while sum(map(len, body)) < size:
        body.append(rows[n % len(rows)])
        n += 1
    path = folder / f"t{size}.txt"
    path.write_text("\n".join(LINES[: TABLE_AT + 2] + body), encoding="utf-8")
    return path


def _paragraphs(size: int) -> list[Paragraph]:
    piece = "Ban đã ban hành Quyết định số 02/QĐ-BDT ngày 11/01/2023 và 03 hồ sơ trực tuyến cấp độ 3"
    return [Paragraph("I. TÌNH HÌNH", "line 1")] + [
        Paragraph(piece, f"line {n + 2}") for n in range(size // len(piece))
    ]


#: Each case builds its input once, as a lambda's default (outside the timed call).
CASES: dict[str, Callable[[int, Path], Callable[[], object]]] = {
    "value cell (digits)": lambda n, _: lambda t=("1" * n): read_value(t),
    "unit cell without '='": lambda n, _: lambda t=("Ban Dân tộc " * (n // 12)): read_unit(t),
    "unit cell with '=' at the end": lambda n, _: lambda t=("x" * n + " = 1"): read_unit(t),
    "label with HTML asides": lambda n, _: lambda t=("<i>ghi chú</i> - Thêm " * (n // 22)): split_label(t),
    "text reader + appendix": lambda n, d: lambda p=_text_file(n, d): to_observations(read_text(p).appendix),
    "narrative blocks": lambda n, _: lambda p=_paragraphs(n): blocks(p),
    "claims and documents": lambda n, _: (
        lambda b=blocks(_paragraphs(n)): (claims(b, Catalog.load()), register(b, None, None))
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chars", type=int, default=2**20)
    args = parser.parse_args()
    sizes = []
    size = 2**14
    while size <= args.max_chars:
        sizes.append(size)
        size *= 2
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in CASES.items():
            times = []
            for size in sizes:
                run = make(size, Path(tmp))
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            growth = [b / a for a, b in zip(times, times[1:]) if a > 0]
            worst = max(growth[len(growth) // 2 :] or [0.0])
            print(f"{name:32s} " + " ".join(f"{t * 1000:8.1f}" for t in times) + " ms")
            print(f"{name}: growth per doubling (largest sizes) {worst:.2f}")
    print("sizes: " + ", ".join(f"{s:,}" for s in sizes) + " characters")


if __name__ == "__main__":
    main()
