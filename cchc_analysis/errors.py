"""The one error type for bad input (it names the file and, where known, the line or cell), and
the one line every command prints for an operating-system error."""
from __future__ import annotations

import errno
import os


class SourceError(Exception):
    """A raw file that cannot be ingested; ``str()`` is the one line shown to the user."""

    def __init__(self, source: str, message: str, locator: str = "") -> None:
        self.source = source
        self.locator = locator
        self.message = message
        where = f"{source}: {locator}" if locator else source
        super().__init__(f"{where}: {message}")


#: What to do about an operating-system error, by its errno; others are said in their own words.
_ADVICE = {
    errno.ENOSPC: "free space on that disk and run again",
    errno.EDQUOT: "free space within your quota (or ask for a larger one) and run again",
    errno.EROFS: "that disk is read-only: write to a folder on another disk or remount it "
                 "writable, and run again",
    errno.EACCES: "give this user access to it (or use another folder) and run again",
    errno.EPERM: "give this user access to it (or use another folder) and run again",
    errno.EIO: "the disk reported a fault: check it (dmesg), then run again",
    errno.EMFILE: "too many files open at once: raise the limit (ulimit -n) and run again",
    errno.ENAMETOOLONG: "use a shorter folder path and run again",
}


def os_error_line(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """An operating-system error (full disk, read-only, no access, …) as one line: the file or
    folder (``path`` when given, else the error's own), what the system said, what to do."""
    where = path if path is not None else exc.filename
    said = exc.strerror or str(exc) or type(exc).__name__
    advice = _ADVICE.get(exc.errno)
    line = f"{os.fspath(where)}: {said}" if where is not None else said
    return f"{line}; {advice}" if advice else line
