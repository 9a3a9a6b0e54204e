"""What a held-out report is and what is expected of it, and how its file is written.

A :class:`Held` names the file, its format, the agency and period a reader of the report would
give it, the figures of chosen appendix rows as the clerk wrote them, and the contradictions
planted in it (an empty set: a consistent report, on which no error may be found)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
#: (code, item) → (value, unit, numerator, denominator); None where the cell gives none.
Values = dict[tuple[str, int], tuple[float | None, str | None, float | None, float | None]]
#: (rule, severity, locator) of a finding.
Expected = frozenset[tuple[str, str, str]]


def row(
    value: float | None, unit: str | None, numerator: float | None = None, denominator: float | None = None
) -> tuple:
    """One expected observation: its value, unit and the counts written with a rate."""
    return (value, unit, numerator, denominator)


@dataclass(frozen=True)
class Held:
    """One hand-written report and what a careful reader expects the program to find in it.

    ``planted``: the errors deliberately written into it (rule, "error", locator);
    ``warnings``: warnings that must be there too (a claimed rate its counts do not settle);
    ``sidecar``: TOML written beside the file, only where ingest cannot tell who reports."""

    file: str
    fmt: str
    agency: str
    period: str
    values: Values
    planted: Expected = frozenset()
    warnings: Expected = frozenset()
    sidecar: str | None = None
    build: Callable[[Path], None] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return not self.planted

    def write(self, folder: Path) -> Path:
        """The report's file (and sidecar) in ``folder``: text copied, Office files built."""
        path = folder / self.file
        if self.build is None:
            path.write_bytes((HERE / self.file).read_bytes())
        else:
            self.build(path)
        if self.sidecar is not None:
            path.with_name(path.name + ".meta.toml").write_text(self.sidecar, encoding="utf-8")
        return path


def write_all(reports: tuple[Held, ...], folder: Path) -> Path:
    """Every report's file in ``folder`` (created), ready for one ``cchc ingest``."""
    folder.mkdir(parents=True, exist_ok=True)
    for report in reports:
        report.write(folder)
    return folder
