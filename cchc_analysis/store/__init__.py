"""The processed store: typed tables written as one versioned transaction, read as one snapshot.

``write_store`` writes every table and the manifest into a new version folder and switches
``current`` to it atomically; ``open_store`` reads one version, checked against its manifest.
"""
from cchc_analysis.store.files import (
    DEFAULT_DIR, StoreError, atomic_write, resolve_data_dir, sha256_file, write_json,
)
from cchc_analysis.store.schemas import (
    DERIVED_TABLES, INGEST_TABLES, SCHEMA_VERSION, TABLES, SchemaViolation, columns, frame, key,
    validate,
)
from cchc_analysis.store.snapshot import Snapshot, load_manifest, load_table, open_store
from cchc_analysis.store.transaction import write_store

__all__ = [
    "DEFAULT_DIR", "DERIVED_TABLES", "INGEST_TABLES", "SCHEMA_VERSION", "TABLES", "SchemaViolation",
    "Snapshot", "StoreError", "atomic_write", "columns", "frame", "key", "load_manifest",
    "load_table", "open_store", "resolve_data_dir", "sha256_file", "validate", "write_json",
    "write_store",
]
