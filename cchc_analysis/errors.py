"""The one family of errors cchc expects and explains, and the one line every command prints for
an operating-system error.

Every error the program means to report is a :class:`CchcError`: its ``str()`` is the one line the
user sees, and the command exits with status 2. The family has three members, by whose fault:
:class:`InputError` (a file, name or option the user gave is bad; :class:`SourceError` for a raw
file), :class:`StoreError` (the store cannot be read or written as asked) and :class:`RenderError`
(a report cannot be made here). Any other exception is a bug in cchc: :func:`bug` logs its
traceback, which :class:`BugLog` (installed by ``cli``) writes to a file the one line names.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import time
from pathlib import Path


class CchcError(Exception):
    """An error cchc expects and explains: ``str()`` is one line naming what and where."""


class InputError(CchcError, ValueError):
    """Something the user gave is bad: a file, an agency, period, province or format name, an
    option. A ValueError too, as the bare ValueErrors it replaces were."""


class StoreError(CchcError):
    """A store that cannot be read or written; ``str()`` is one line naming the folder or file."""


class RenderError(CchcError):
    """A report that cannot be made here (no Chromium, a render process that died)."""


class SourceError(InputError):
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
    errno.EROFS: "that disk is read-only: write to a folder on another disk or remount it writable, and run again",
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


# --------------------------------------------------------------------------- bugs and their log

#: The package's logger: each module logs to ``logging.getLogger(__name__)`` below it.
LOGGER = "cchc_analysis"
#: Folder of the bug logs inside the store or reports folder a command works on.
LOG_FOLDER = ".cchc-logs"


def cache_log_dir() -> Path:
    """Where bug logs go when the command's own folder cannot be written (read-only, no access):
    ``$XDG_CACHE_HOME/cchc/logs`` (``~/.cache/cchc/logs``)."""
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "cchc" / "logs"


class BugLog(logging.Handler):
    """Writes every record of level ERROR (a bug, with its traceback) to one log file, made at the
    first: ``<folder>/.cchc-logs/<time>-<command>-<pid>.log``, else in :func:`cache_log_dir`.
    ``path`` is that file once written (None before, or when no folder could take it); ``count``
    the bugs logged."""

    def __init__(self, folder: Path | None, command: str) -> None:
        super().__init__(logging.ERROR)
        self.folder = None if folder is None else folder.absolute()
        self.file_name = f"{time.strftime('%Y%m%dT%H%M%S')}-{command}-{os.getpid()}.log"
        self.path: Path | None = None
        self.count = 0
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        text = self.format(record) + "\n"
        mine = [self.folder / LOG_FOLDER] if self.folder else []
        for folder in [self.path.parent] if self.path else [*mine, cache_log_dir()]:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with open(folder / self.file_name, "a", encoding="utf-8") as log:
                    log.write(text)
                self.path = folder / self.file_name
                return
            except OSError:
                continue


#: The handlers :func:`start_logging` installed, which :func:`stop_logging` removes.
_INSTALLED: list[logging.Handler] = []


def start_logging(folder: Path | None, command: str, debug: bool = False) -> BugLog:
    """The package's logger for one command: bugs to a :class:`BugLog` for ``folder``; with
    ``debug``, every record (progress detail, tracebacks) to stderr as well."""
    package = logging.getLogger(LOGGER)
    bugs = BugLog(folder, command)
    _INSTALLED.append(bugs)
    if debug:
        _INSTALLED.append(logging.StreamHandler(sys.stderr))
        _INSTALLED[-1].setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
    for handler in _INSTALLED:
        package.addHandler(handler)
    package.setLevel(logging.DEBUG if debug else logging.INFO)
    return bugs


def stop_logging() -> None:
    """Remove what :func:`start_logging` installed (tests run many commands in one process)."""
    package = logging.getLogger(LOGGER)
    while _INSTALLED:
        handler = _INSTALLED.pop()
        package.removeHandler(handler)
        handler.close()
    package.setLevel(logging.NOTSET)


def where_logged() -> str:
    """Where the tracebacks of this command's bugs went, said as the end of a line."""
    handlers = [h for h in logging.getLogger(LOGGER).handlers if isinstance(h, BugLog)]
    if not handlers:  # a library call: whatever handles the logger has it
        return f"its traceback went to the '{LOGGER}' logger"
    path, many = handlers[0].path, handlers[0].count > 1
    said = "their tracebacks are" if many else "its traceback is"
    return f"{said} in {path}" if path else f"{said} not written (no folder took the log)"


def bug(log: logging.Logger, exc: BaseException, what: str) -> str:
    """Log ``exc`` (a bug: not a :class:`CchcError`) with its traceback, under ``what`` (the file
    or report it cost); the words that say so in its one line. No path in them: the line may be
    kept in a manifest, which must not change from run to run (``cli`` says where the log is)."""
    log.error("bug while %s", what, exc_info=exc)
    return f"a bug in cchc ({type(exc).__name__}: {exc})"
