"""The last plan of a render, kept beside the reports so that a render with nothing to do needs
neither pandas nor the store's tables.

A plan (:func:`jobs.plan`) is a pure function of the store version (its folder and manifest,
whose table hashes are checked again here), the output folder, what was asked (periods,
agencies, provinces, notebooks) and the code and libraries (:func:`dependencies.common_inputs`); all of
it keys the entry,
so a stale plan is never used. Any doubt — no entry, another key, a table file changed — and the
render plans from the store, which also names what is wrong with it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from cchc_analysis.report import dependencies
from cchc_analysis.report.page.index import read_json
from cchc_analysis.report.run.jobs import Job
from cchc_analysis.store.files import intact_version, write_json

NAME = ".cchc-plan.json"


def key(out: Path, version_dir: Path, manifest: dict, selection: dict) -> str:
    """What a plan depends on, as one SHA-256 (the output folder too: jobs name their folders)."""
    notebooks = {
        k: (str(v), hashlib.sha256(Path(v).read_bytes()).hexdigest() if Path(v).is_file() else "")
        for k, v in selection.items()
        if k.endswith("notebook")
    }
    facts = {
        "out": str(out),
        "version": str(version_dir),
        "manifest": manifest,
        "selection": selection,
        "notebooks": notebooks,
        "common": dependencies.common_inputs(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=str).encode()).hexdigest()


def load(out: Path, data_dir: Path, selection: dict) -> list[Job] | None:
    """The jobs planned last time for the same store version and question; None when unsure."""
    found = intact_version(data_dir)
    saved = read_json(out / NAME)
    if found is None or not saved or saved.get("key") != key(out, *found, selection):
        return None
    return [
        Job(**{**job, "folder": Path(job["folder"]), "notebook": Path(job["notebook"])})
        for job in saved["jobs"]
    ]


def save(out: Path, version_dir: Path, manifest: dict, selection: dict, jobs: list[Job]) -> None:
    """Remember a plan (under the render's lock)."""
    write_json(
        {
            "key": key(out, version_dir, manifest, selection),
            "jobs": [
                {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(job).items()}
                for job in jobs
            ],
        },
        out / NAME,
    )
