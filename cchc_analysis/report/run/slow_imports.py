"""Keep an optional, slow import out of the render processes.

jsonschema, which nbformat imports, builds parsers for the ``iri`` formats at import whenever the
optional ``rfc3987_syntax`` is installed (2–3 s per process, python-jsonschema/jsonschema#1428);
JupyterLab's dependencies install it. Notebook validation never checks those formats, so the
processes that render mark the module absent before anything imports jsonschema: jsonschema
then simply does without those two format checks.
"""

from __future__ import annotations

import sys

SLOW_OPTIONAL = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Mark :data:`SLOW_OPTIONAL` modules absent in this process, unless already imported."""
    for name in SLOW_OPTIONAL:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import fails"
