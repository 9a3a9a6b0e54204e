"""What a render depends on besides its data: the package's code digest, its version and the
versions of the libraries that shape a report's bytes (a change of any re-renders)."""
from __future__ import annotations

import hashlib
import platform
from pathlib import Path

from cchc_analysis import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Libraries whose version changes the bytes of a report.
LIBRARIES = ("pandas", "matplotlib", "nbconvert", "babel", "fonttools", "weasyprint", "papermill",
             "jinja2", "markupsafe")


def library_versions() -> dict[str, str]:
    """Python's version and each of :data:`LIBRARIES`' ("absent" when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def code_digest() -> str:
    """SHA-256 of the package's code, catalogue and templates (a code change re-renders)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".j2", ".css") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def common_inputs() -> dict:
    """The part of every job's cache key that is not its data, notebook or parameters."""
    return {"code": code_digest(), "package_version": __version__, "libraries": library_versions()}
