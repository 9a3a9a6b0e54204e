"""What a render depends on besides its data: the package's code digest, its version and the
versions of the libraries that shape a report's bytes (a change of any re-renders)."""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path

from cchc_analysis import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The lock that pins every dependency (in a checkout; absent from a plain pip install).
LOCK_FILE = PACKAGE_DIR.parent / "requirements.lock"
#: Libraries whose version changes the bytes of a report.
LIBRARIES = ("pandas", "matplotlib", "nbconvert", "babel", "fonttools", "papermill", "jinja2", "markupsafe")


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
        if (
            path.is_file()
            and path.suffix in (".py", ".csv", ".j2", ".css", ".js", ".json")
            and "__pycache__" not in path.parts
        ):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def lock_sha256() -> str | None:
    """SHA-256 of ``requirements.lock`` (None where there is none): which environment rendered."""
    return hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest() if LOCK_FILE.is_file() else None


def common_inputs() -> dict:
    """The part of every job's cache key that is not its data, notebook or parameters."""
    return {
        "code": code_digest(),
        "package_version": __version__,
        "libraries": library_versions(),
        "lock_sha256": lock_sha256(),
    }


def environment_differences(published: dict) -> list[str]:
    """How the environment that published a report (its render.json ``inputs``) differs from this
    one, each with how to get that one back; [] when they agree."""
    here = common_inputs()
    found = []
    if published.get("lock_sha256") != here["lock_sha256"]:
        found.append(
            f"published with requirements.lock SHA-256 {str(published.get('lock_sha256'))[:12]}…, "
            f"this environment has {str(here['lock_sha256'])[:12]}…: check out the commit "
            "whose requirements.lock has that hash and run `make report` there"
        )
    before, now = published.get("libraries", {}), here["libraries"]
    changed = [
        f"{name} {before[name]} → {now.get(name)}" for name in sorted(before) if before[name] != now.get(name)
    ]
    if changed:
        found.append(
            "library versions differ (" + ", ".join(changed) + "): install the published "
            "lock with `pip install --require-hashes -r requirements.lock`"
        )
    if published.get("package_version") != here["package_version"]:
        found.append(
            f"published by cchc-analysis {published.get('package_version')}, this is {here['package_version']}"
        )
    return found
