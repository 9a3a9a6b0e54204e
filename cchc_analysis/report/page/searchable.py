"""Searchable tables in the shared HTML: the one script a page may carry.

Tables marked ``searchable`` (the appendix, the findings, the province's roll-up and its
drill-down) are enhanced in the browser by DataTables (with jQuery's slim build), vendored as
package data (``templates/vendor/``, versions, licences and SHA-256 in ``vendor.json``) and
inlined, so the page stays one file that requests no other host. The script is static: it
holds no data and works on the table's own nodes, so no text of a raw file becomes markup; a
Content-Security-Policy allows that script alone, by its hash. With scripts off the tables are
the plain tables of the HTML; printed (the PDF, or a reader's browser) every row is there, as
there is no paging, and the print stylesheet hides the search box.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

VENDOR = Path(__file__).with_name("templates") / "vendor"
#: The class that asks for a searchable table (templates set it; the script looks for it).
SEARCHABLE = "searchable"
#: A table element of the templates with that class (raw text cannot forge one: quotes and
#: angle brackets of a raw file are escaped).
_WANTED = re.compile(rf'<table\b[^>]*\bclass="[^"]*\b{SEARCHABLE}\b')


@lru_cache(maxsize=1)
def manifest() -> dict:
    """``vendor.json``: each vendored file's package, version, licence and SHA-256."""
    return json.loads((VENDOR / "vendor.json").read_text(encoding="utf-8"))


def _read(name: str) -> str:
    """A vendored file, refused when it is not the one recorded (changed or damaged)."""
    data = (VENDOR / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != manifest()["files"][name]["sha256"]:
        raise ValueError(f"{VENDOR / name} is not the file recorded in vendor.json")
    return data.decode("utf-8")


@lru_cache(maxsize=1)
def script() -> str:
    """The page's one script: the library and its static set-up, joined."""
    text = "\n".join(_read(name) for name in manifest()["script"])
    if "</script" in text.lower():  # it would end the element early
        raise ValueError("a vendored script contains </script")
    return text


@lru_cache(maxsize=1)
def style() -> str:
    """The library's stylesheet (it styles only tables the script has enhanced)."""
    return "\n".join(_read(name) for name in manifest()["style"])


def script_sha256() -> str:
    """SHA-256 of the script, hex (what tests check the page's only script against)."""
    return hashlib.sha256(script().encode("utf-8")).hexdigest()


def policy(with_script: bool = True) -> str:
    """A page's Content-Security-Policy: no other host, no script but this one (by hash), or
    none at all on a page without a searchable table."""
    digest = base64.b64encode(hashlib.sha256(script().encode("utf-8")).digest()).decode("ascii")
    scripts = f"'sha256-{digest}'" if with_script else "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


def wanted(fragments: list[str]) -> bool:
    """Whether a page's HTML outputs hold a table that asks to be searchable."""
    return any(_WANTED.search(f) for f in fragments)
