"""The one error type for bad input: it names the file and, where known, the line or cell."""
from __future__ import annotations


class SourceError(Exception):
    """A raw file that cannot be ingested; ``str()`` is the one line shown to the user."""

    def __init__(self, source: str, message: str, locator: str = "") -> None:
        self.source = source
        self.locator = locator
        self.message = message
        where = f"{source}: {locator}" if locator else source
        super().__init__(f"{where}: {message}")
