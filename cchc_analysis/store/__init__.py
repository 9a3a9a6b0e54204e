"""The processed store: typed tables written as one versioned transaction, read as one snapshot.

``write_store`` writes every table and the manifest into a new version folder and switches
``current`` to it atomically; ``open_store`` reads one version, checked against its manifest.
Names are imported from their modules on first use, so that a command with nothing to read
(a render with nothing to do) does not load pandas.
"""

from importlib import import_module

_WHERE = {
    "files": ("DEFAULT_DIR", "StoreError", "atomic_write", "resolve_data_dir", "sha256_file", "write_json"),
    "schemas": (
        "DERIVED_TABLES",
        "INGEST_TABLES",
        "SCHEMA_VERSION",
        "TABLES",
        "SchemaViolation",
        "columns",
        "frame",
        "key",
        "validate",
    ),
    "snapshot": ("Snapshot", "load_manifest", "load_table", "open_store"),
    "transaction": ("write_store",),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE)


def __getattr__(name: str):
    if name in _MODULE:
        return getattr(import_module(f"cchc_analysis.store.{_MODULE[name]}"), name)
    raise AttributeError(f"module 'cchc_analysis.store' has no attribute {name!r}")
