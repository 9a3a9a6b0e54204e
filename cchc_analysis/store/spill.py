"""Each parsed file's rows parked on disk until they are derived and written: a run holds one
report's rows at a time, whatever the number of files (a ministry's batch is thousands)."""

from __future__ import annotations

import pickle
import tempfile


class Spill:
    """An anonymous temporary file (gone when closed, or when the process dies) of pickled
    records; each :meth:`put` returns where to :meth:`get` them back. Only this run writes it."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()

    def put(self, rows: dict[str, list[dict]]) -> int:
        offset = self.file.seek(0, 2)
        try:
            pickle.dump(rows, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as exc:  # a full temporary folder: say which (TMPDIR moves it)
            raise OSError(exc.errno, exc.strerror, tempfile.gettempdir()) from exc
        return offset

    def get(self, offset: int) -> dict[str, list[dict]]:
        self.file.seek(offset)
        return pickle.load(self.file)

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
