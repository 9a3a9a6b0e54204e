"""The store as one transaction: versions, the atomic switch, the lock, checked reads, kills."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.cli import main
from cchc_analysis.errors import os_error_line
from cchc_analysis.store import (
    SCHEMA_VERSION,
    TABLES,
    SchemaViolation,
    StoreError,
    files,
    frame,
    key,
    load_manifest,
    load_table,
    lock,
    open_store,
    sha256_file,
    validate,
    write_store,
)
from cchc_analysis.store.files import MANIFEST
from cchc_analysis.store.integrity import altered
from cchc_analysis.store.lock import HOLDER, holder, outlive, store_lock

from builders import SEED
from ingesting import copy_store

CCHC = Path(sys.executable).with_name("cchc")
WHO = {"province": "Khánh Hòa", "agency": "Sở Nội vụ", "period": "2023-H1"}
#: One valid row per table, typed by hand.
VALID = {
    "roster": {"agency": "Sở Nội vụ", "province": "Khánh Hòa", "source": "agencies.csv", "line": 2},
    "sources": {
        "source": "a.txt",
        **WHO,
        "province": "Khánh Hòa",
        "agency_from": "report",
        "period_from": "sidecar",
        "reader": "text",
        "file_sha256": "ab" * 32,
        "bytes": 1200,
        "title": "Báo cáo CCHC",
        "appendix_heading": "Phụ lục",
        "source_url": None,
        "received": "2023-07-01",
        "period_rule": "canonical",
        "period_conflict": False,
        "period_statements": '[{"where": "sidecar", "locator": null, "text": "2023-H1", '
        '"period": "2023-H1", "rule": "canonical", "chosen": true, '
        '"agrees": true}]',
    },
    "observations": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "code": "1.1",
        "item": 1,
        "label": "Số nhiệm vụ",
        "unit": "%",
        "value": 95.7,
        "raw_value": "95,7",
        "numerator": 681.0,
        "denominator": 712.0,
        "raw_unit": "%",
        "implementer": None,
        "codes": None,
        "flags": "rate_with_counts spaced_decimal",
        "note": None,
        "locator": "line 12",
    },
    "paragraphs": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "section_id": "I",
        "heading": "I. CHUNG",
        "level": 1,
        "is_heading": True,
        "forward": False,
        "text": "I. CHUNG",
        "locator": "line 3",
    },
    "narrative": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "section_id": "I",
        "heading": "I. CHUNG",
        "level": 1,
        "text": "Đã ban hành 3 kế hoạch.",
        "locator": "lines 3-5",
    },
    "matches": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "indicator_id": "tasks_done_rate",
        "domain": "chi_dao_dieu_hanh",
        "match": "code",
    },
    "indicators": {
        **WHO,
        "source": "a.txt",
        "indicator_id": "tasks_done_rate",
        "name": "Tỷ lệ nhiệm vụ hoàn thành",
        "domain": "chi_dao_dieu_hanh",
        "formula": "done / planned",
        "value": 95.7,
        "numerator": 681.0,
        "denominator": 712.0,
        "unit": "%",
        "reason": None,
        "reason_indicator": None,
        "reason_seq": None,
    },
    "indicator_inputs": {
        **WHO,
        "indicator_id": "tasks_done_rate",
        "role": "numerator",
        "source": "a.txt",
        "seq": 1,
    },
    "comparisons": {
        **WHO,
        "indicator_id": "tasks_done_rate",
        "name": "Tỷ lệ nhiệm vụ hoàn thành",
        "unit": "%",
        "value": 95.7,
        "previous_period": "2022-H2",
        "previous_in_store": False,
        "previous_value": None,
        "change": None,
        "year_before_period": "2022-H1",
        "year_before_in_store": True,
        "year_before_value": 90.0,
        "change_year_before": 5.7,
    },
    "documents": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "document": "Quyết định 02/QĐ-BDT",
        "doc_type": "Quyết định",
        "number": "02",
        "symbol": "QĐ-BDT",
        "issuer_code": "BDT",
        "date": "2023-01-11",
        "section_id": "I",
        "paragraph": 2,
        "locator": "line 13",
        "citation": "Quyết định số 02/QĐ-BDT ngày 11/01/2023",
        "issued_by_agency": True,
        "in_period": True,
    },
    "claims": {
        **WHO,
        "source": "a.txt",
        "seq": 1,
        "value": 3.0,
        "percent": False,
        "noun": "kế hoạch",
        "topic": "documents",
        "indicator_id": None,
        "sentence": "Đã ban hành 3 kế hoạch.",
        "section_id": "I",
        "paragraph": 1,
        "reported": True,
        "locator": "line 4",
    },
    "findings": {
        **WHO,
        "source": "a.txt",
        "finding": 1,
        "severity": "error",
        "rule": "rate_vs_counts",
        "code": "1.1",
        "indicator_id": "tasks_done_rate",
        "seq": 1,
        "claim": None,
        "details": '{"code": "1.1", "decimals": 1, "denominator": 712.0, "item": 1, '
        '"numerator": 681.0, "stated": 95.7}',
        "issue": 1,
    },
    "finding_inputs": {
        **WHO,
        "finding": 1,
        "table": "observations",
        "source": "a.txt",
        "seq": 1,
        "role": "row",
    },
    "rollup": {
        "province": "Khánh Hòa",
        "period": "2023-H1",
        "indicator_id": "tasks_done",
        "level": "template",
        "code": "1.1",
        "item": 2,
        "label": "Số nhiệm vụ đã hoàn thành",
        "unit": "Nhiệm vụ",
        "kind": "count",
        "value": 681.0,
        "numerator": None,
        "denominator": None,
        "top_code": None,
        "agencies": 3,
        "filed": 2,
        "reported": 2,
        "summed": 2,
        "flags": "partial unread_input",
    },
    "rollup_inputs": {
        "province": "Khánh Hòa",
        "period": "2023-H1",
        "indicator_id": "tasks_done",
        "agency": "Sở Nội vụ",
        "source": "a.txt",
        "seq": 1,
        "role": "summed",
        "value": 681.0,
        "flag": "error",
    },
    "rollup_coverage": {
        "province": "Khánh Hòa",
        "period": "2023-H1",
        "agency": "Sở Y tế",
        "status": "other_period",
        "source": "b.txt",
        "other_period": "2023-Q1",
        "finding": None,
        "counted": True,
    },
}


def tiny(value: float = 95.7) -> dict[str, pd.DataFrame]:
    """A small valid store: a row in every table, two observations (the second's value given)."""
    tables = {name: frame(name, [VALID[name]]) for name in TABLES}
    second = VALID["observations"] | {"seq": 2, "value": value, "flags": None, "locator": "line 13"}
    tables["observations"] = frame("observations", [VALID["observations"], second])
    return tables


def current(store: Path) -> Path:
    """The version folder ``current`` points at."""
    return store / os.readlink(store / "current")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """A store written once from :func:`tiny` (validation is slow); tests change copies of it."""
    store = tmp_path_factory.mktemp("written") / "store"
    write_store(store, tiny(), {"inputs": ["a.txt"]})
    return store


@pytest.fixture()
def tiny_store(written, tmp_path) -> Path:
    """A copy of the written store, links and all."""
    return copy_store(written, tmp_path / "store")


def leftovers(store: Path) -> list[str]:
    """Staging folders and temporary files anywhere in the store."""
    return sorted(p.name for p in store.rglob("*") if ".staging-" in p.name or p.name.endswith(".tmp"))


def versions(store: Path) -> list[str]:
    """The names in the store's ``versions`` folder."""
    return sorted(p.name for p in (store / "versions").iterdir())


def test_round_trip(tmp_path):
    store = tmp_path / "store"
    tables = tiny()
    version = write_store(store, tables, {"inputs": ["a.txt"]})
    assert version == store / "versions" / version.name
    snap = open_store(store)
    assert snap.version_dir == version and snap.data_dir == store
    for name in TABLES:
        pd.testing.assert_frame_equal(snap.table(name), tables[name])
    assert list(snap.tables()) == list(TABLES)
    manifest = snap.manifest
    assert manifest["inputs"] == ["a.txt"] and manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["run"] == version.name
    assert manifest["tables"]["observations"]["rows"] == 2
    assert manifest["tables"]["sources"]["rows"] == 1
    for name in TABLES:
        entry = manifest["tables"][name]
        assert entry["parquet_sha256"] == sha256_file(version / f"{name}.parquet")
        assert entry["csv_sha256"] == sha256_file(version / f"{name}.csv")
    # the documented paths still work
    pd.testing.assert_frame_equal(pd.read_parquet(store / "observations.parquet"), tables["observations"])
    assert json.loads((store / "manifest.json").read_text(encoding="utf-8")) == manifest
    csv = (store / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert csv[2] == (
        'Khánh Hòa,Sở Nội vụ,2023-H1,a.txt,2,1.1,1,Số nhiệm vụ,%,95.7,,"95,7",681.0,712.0,%,,,,,,,line 13'
    )  # … flags, note, ocr_confidence, code_read blank
    assert load_table("sources", store).source.tolist() == ["a.txt"]
    assert load_manifest(store) == manifest
    assert leftovers(store) == []


def test_identical_inputs_identical_files(written, tmp_path):
    again = write_store(tmp_path / "again", tiny(), {"inputs": ["a.txt"]})
    first = current(written)
    assert again.name == first.name  # the run id comes from the content
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in first.iterdir())
    for path in first.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_keeps_three_versions(tiny_store):
    written = [current(tiny_store)] + [write_store(tiny_store, tiny(value), {}) for value in (1.0, 2.0)]
    (tiny_store / "versions" / ".staging-killed").mkdir()  # left by a killed run
    (tiny_store / ".current.dead.tmp").symlink_to("versions/nowhere")
    written.append(write_store(tiny_store, tiny(3.0), {}))
    assert len({v.name for v in written}) == 4
    assert versions(tiny_store) == sorted(v.name for v in written[1:])
    assert current(tiny_store) == written[-1]
    assert open_store(tiny_store).table("observations").value.tolist() == [95.7, 3.0]
    again = write_store(tiny_store, tiny(1.0), {})  # the same content as a kept version: reused
    assert again == written[1] and current(tiny_store) == again
    assert versions(tiny_store) == sorted(v.name for v in written[1:])
    assert leftovers(tiny_store) == []


def test_same_run_over_a_damaged_copy_repairs_it_when_forced(tiny_store):
    damaged = current(tiny_store)
    with open(damaged / "observations.parquet", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(StoreError, match="observations.parquet was changed"):
        write_store(tiny_store, tiny(), {"inputs": ["a.txt"]})
    version = write_store(tiny_store, tiny(), {"inputs": ["a.txt"]}, force=True)
    assert version == damaged  # same content, same run id: the damaged copy was replaced
    assert open_store(tiny_store).table("observations").value.tolist() == [95.7, 95.7]
    assert leftovers(tiny_store) == []


@pytest.mark.parametrize("name", TABLES)
def test_schema_rejects_repeated_key(name):
    one = frame(name, [VALID[name]])
    validate(name, one)
    with pytest.raises(SchemaViolation) as caught:
        validate(name, pd.concat([one, one], ignore_index=True))
    message = str(caught.value)
    assert message.startswith(f"table {name} breaks its schema")
    assert f"key ({', '.join(key(name))}) repeated" in message


@pytest.mark.parametrize("name", TABLES)
def test_schema_rejects_missing_key_value(name):
    bad = frame(name, [VALID[name]])
    column = key(name)[-1]
    bad.loc[0, column] = pd.NA
    with pytest.raises(SchemaViolation) as caught:
        validate(name, bad)
    message = str(caught.value)
    assert message.startswith(f"table {name} breaks its schema")
    assert f"column {column}: missing (NA) but required" in message
    assert all(f"{c}=" in message for c in key(name))


@pytest.mark.parametrize(
    "column, values",
    [
        ("label", pd.Series([17], dtype="Int64")),  # a number column, not text
        ("raw_value", pd.Series([95.7], dtype=object)),  # a float among Python objects
    ],
)
def test_a_text_column_must_hold_text(column, values):
    table = frame("observations", [VALID["observations"]])
    table[column] = values
    with pytest.raises(SchemaViolation) as caught:
        validate("observations", table)
    assert f"column {column}: wrong type" in str(caught.value)
    table[column] = pd.Series(["95,7"], dtype=object)  # Python strings are text
    validate("observations", table)


def test_bad_table_writes_nothing(tiny_store):
    good = current(tiny_store)
    tables = tiny(2.0)
    tables["findings"] = pd.concat([tables["findings"]] * 2, ignore_index=True)
    with pytest.raises(SchemaViolation, match="table findings"):
        write_store(tiny_store, tables, {"inputs": []})
    assert open_store(tiny_store).version_dir == good
    assert versions(tiny_store) == [good.name]


def test_failure_mid_write_keeps_old_version(tiny_store, monkeypatch):
    good = current(tiny_store)
    real, calls = files.atomic_write, []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if path.name == f"{TABLES[2]}.parquet":  # half written, then the disk is full
            (path.parent / f".{path.name}.half.tmp").write_bytes(data[:10])
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(files, "atomic_write", failing)
    with pytest.raises(StoreError) as refused:
        write_store(tiny_store, tiny(2.0), {"inputs": []})
    assert str(refused.value) == (
        f"{tiny_store}: No space left on device; free space on that disk and run again (the store is left as it was)"
    )
    assert calls[0] == ".cchc.lock.json"  # the lock's holder file, then the tables
    assert calls[1:] == [
        "sources.parquet",
        "sources.csv",
        "roster.parquet",
        "roster.csv",
        "observations.parquet",
    ]
    snap = open_store(tiny_store)
    assert snap.version_dir == good and snap.table("observations").value.tolist() == [95.7, 95.7]
    assert leftovers(tiny_store) == [] and versions(tiny_store) == [good.name]


def test_ingest_on_a_full_disk_says_where_in_one_line_and_keeps_the_store(tiny_store, monkeypatch, capsys):
    from cchc_analysis.cli import main

    before, good = _hashes(tiny_store), current(tiny_store)
    real = os.fsync

    def full(fd: int) -> None:  # a full disk says so when the data is flushed, naming no file
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tiny_store / "versions")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    assert main(["ingest", str(SEED), "--out", str(tiny_store)]) == 2
    assert capsys.readouterr().err == (
        f"error: {tiny_store}: No space left on device; free space on "
        "that disk and run again (the store is left as it was)\n"
    )
    assert current(tiny_store) == good and _hashes(tiny_store) == before
    assert leftovers(tiny_store) == [] and versions(tiny_store) == [good.name]


def test_a_failed_write_names_its_file_and_leaves_nothing(tmp_path, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as failed:
        files.atomic_write(tmp_path / "report.html", b"<p>x</p>")
    assert (failed.value.errno, failed.value.filename) == (errno.EDQUOT, str(tmp_path / "report.html"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("number", "line"),
    [
        (errno.ENOSPC, "/srv/out: No space left on device; free space on that disk and run again"),
        (
            errno.EROFS,
            "/srv/out: Read-only file system; that disk is read-only: write to a folder on "
            "another disk or remount it writable, and run again",
        ),
        (
            errno.EACCES,
            "/srv/out: Permission denied; give this user access to it (or use another folder) and run again",
        ),
        (
            errno.EDQUOT,
            "/srv/out: Disk quota exceeded; free space within your quota (or ask for a larger one) and run again",
        ),
        (errno.ENOTEMPTY, "/srv/out: Directory not empty"),
    ],
)
def test_an_os_error_is_one_line_with_the_path_and_what_to_do(number, line):
    assert os_error_line(OSError(number, os.strerror(number), "/srv/out")) == line
    assert os_error_line(OSError(number, os.strerror(number)), Path("/srv/out")) == line


def test_keep_takes_ingest_tables(tiny_store, tmp_path):
    ingest = current(tiny_store)
    ingest_tables = ("sources", "observations", "paragraphs", "narrative")
    derived = {name: frame(name, []) for name in TABLES if name not in ingest_tables}
    version = write_store(
        tiny_store, derived, {"inputs": ["a.txt"], "derived": True}, keep=ingest_tables, label="cchc derive"
    )
    assert version != ingest
    snap = open_store(tiny_store)
    assert snap.version_dir == version and snap.manifest["derived"] is True
    assert snap.table("observations").value.tolist() == [95.7, 95.7]
    assert len(snap.table("findings")) == 0 and snap.manifest["tables"]["findings"]["rows"] == 0
    assert snap.manifest["tables"]["observations"]["rows"] == 2
    for name in ingest_tables:
        kept = (version / f"{name}.parquet").read_bytes()
        assert kept == (ingest / f"{name}.parquet").read_bytes()
    with pytest.raises(ValueError, match="missing: claims"):
        write_store(tiny_store, {k: v for k, v in derived.items() if k != "claims"}, {}, keep=ingest_tables)
    with pytest.raises(StoreError, match="no store in"):
        write_store(tmp_path / "empty", derived, {}, keep=ingest_tables)


def test_migrates_flat_store(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "observations.parquet").write_bytes(b"old")
    (store / "manifest.json").write_text('{"tables": {}}', encoding="utf-8")
    (store / ".observations.csv.x1.tmp").write_bytes(b"half")
    with pytest.raises(StoreError, match="schema version 1"):
        open_store(store)
    write_store(store, tiny(), {"inputs": []})
    assert (store / "observations.parquet").is_symlink() and (store / "manifest.json").is_symlink()
    assert len(pd.read_parquet(store / "observations.parquet")) == 2 and leftovers(store) == []


def _replace(version: Path, name: str, data: bytes) -> Path:
    """Put other bytes in a table file and record their hash, as if written so."""
    path = version / f"{name}.parquet"
    path.write_bytes(data)
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"][name]["parquet_sha256"] = sha256_file(path)
    (version / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return path


def _flat(store: Path, version: Path) -> None:
    """Make the folder a store of the old flat layout: real files, no schema_version."""
    shutil.rmtree(store)
    store.mkdir()
    (store / "observations.parquet").write_bytes(b"PAR1")
    (store / "manifest.json").write_text('{"tables": {"observations": 2}}', encoding="utf-8")


def _schema_1(store: Path, version: Path) -> None:
    """Mark the version as written by schema version 1."""
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    (version / "manifest.json").write_text(json.dumps(manifest | {"schema_version": 1}))


def _tamper(store: Path, version: Path) -> None:
    """Append a byte to a table file."""
    with open(version / "claims.parquet", "ab") as handle:
        handle.write(b"\0")


BREAKS = {
    "empty": (lambda store, v: None, "no store in {store}: run `cchc ingest` first"),
    "flat": (_flat, "{store} was written by schema version 1"),
    "schema_1": (
        _schema_1,
        f"{{version}} was written by schema version 1; this cchc-analysis reads version {SCHEMA_VERSION}",
    ),
    "not_json": (
        lambda store, v: (v / "manifest.json").write_text('{"run": \n  oops}'),
        "{version}/manifest.json is not valid JSON (line 2: Expecting value)",
    ),
    "tampered": (_tamper, "{version}/claims.parquet was changed or damaged after it was written"),
    "missing": (lambda store, v: (v / "claims.parquet").unlink(), "{version}/claims.parquet is missing"),
    "corrupt": (
        lambda store, v: _replace(v, "claims", b"PAR1 not parquet at all PAR1"),
        "{version}/claims.parquet cannot be read as Parquet",
    ),
}


@pytest.mark.parametrize("case", BREAKS)
def test_open_store_errors(tmp_path, written, case):
    store, version = tmp_path / "store", None
    if case == "empty":
        store.mkdir()
    else:
        shutil.copytree(written, store, symlinks=True)
        version = current(store)
    damage, expected = BREAKS[case]
    damage(store, version)
    with pytest.raises(StoreError) as caught:
        open_store(store)
    message = str(caught.value)
    assert expected.format(store=store, version=version) in message
    advice = (
        "run `cchc ingest --force` to rebuild the store"
        if case == "tampered"  # an edit?
        else "run `cchc ingest` again"
        if version
        else "run `cchc ingest` first"
    )
    assert message.endswith(advice)
    assert "\n" not in message and "Traceback" not in message
    error = caught.value  # no chained traceback either
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_table_breaking_schema_is_store_error(tiny_store, tmp_path):
    version = current(tiny_store)
    bad = frame("claims", [VALID["claims"]]).astype({"percent": "string"})
    buffer_path = tmp_path / "bad.parquet"
    bad.to_parquet(buffer_path, index=False)
    _replace(version, "claims", buffer_path.read_bytes())
    snap = open_store(tiny_store)
    with pytest.raises(
        StoreError,
        match=r"claims\.parquet does not follow its schema "
        r".*table claims.*run `cchc ingest` again",
    ):
        snap.table("claims")


HOLD = """
import sys, time
from pathlib import Path
from cchc_analysis.store.lock import store_lock
with store_lock(Path(sys.argv[1]), "test holder"):
    print("held", flush=True)
    time.sleep(60)
"""


def lock_tries(monkeypatch, store: Path) -> list[float | None]:
    """From now on, the timeout of each attempt to take ``store``'s lock (0: without waiting):
    what a run did about a held lock, whatever the machine's speed."""
    tries: list[float | None] = []
    acquire = lock.FileLock.acquire

    def recorded(self, timeout=None, *args, **kwargs):
        if Path(self.lock_file) == store / lock.LOCK:
            tries.append(timeout)
        return acquire(self, timeout, *args, **kwargs)

    monkeypatch.setattr(lock.FileLock, "acquire", recorded)
    return tries


@pytest.mark.slow  # a lock holder killed, waits timed: ~2 s
def test_lock_waits_gives_up_and_survives_sigkill(tmp_path, monkeypatch):
    store = tmp_path / "store"
    tries = lock_tries(monkeypatch, store)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "held\n"
        waits: list[str] = []
        with pytest.raises(StoreError) as caught:
            write_store(store, tiny(), {}, lock_timeout=0.5, on_wait=waits.append)
        assert tries == [0, 0.5]  # a try at once, then one wait of the 0.5 s given, no more
        since = json.loads((store / HOLDER).read_text())["started"]
        assert waits == [
            f"waiting for the lock on {store} held by 'test holder' (pid {proc.pid}, since {since})…"
        ]
        message = str(caught.value)
        assert message.startswith(f"{store} is locked by 'test holder' (pid {proc.pid}, since ")
        assert "gave up after 0.5 s" in message and "\n" not in message
        assert not (store / "versions").exists()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert (store / HOLDER).exists()  # the killed holder could not remove it ...
    assert "left by a run that no longer exists" in holder(store)  # ... nor taken as alive
    waits.clear()
    tries.clear()
    version = write_store(store, tiny(), {}, lock_timeout=5, on_wait=waits.append)
    assert waits == [] and tries == [0]  # taken at the first try, never waited for
    assert open_store(store).version_dir == version and not (store / HOLDER).exists()


SHARE = """
import sys, time
from pathlib import Path
from cchc_analysis.store.lock import share
share(Path(sys.argv[1]))
print("holding", flush=True)
time.sleep(60)
"""


def test_a_run_waits_for_the_workers_of_a_stopped_one_and_says_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "QUIET_WAIT", 0.1)
    hold = tmp_path / ".cchc.lanes.lock"
    workers = [
        subprocess.Popen([sys.executable, "-c", SHARE, str(hold)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        assert [w.stdout.readline() for w in workers] == ["holding\n", "holding\n"]
        waits: list[str] = []
        with pytest.raises(StoreError) as caught:
            outlive(hold, timeout=0.3, on_wait=waits.append)
        assert str(caught.value) == (
            f"the processes of a stopped run still hold {hold} after 0.3 s; end them, then run again"
        )
        assert waits == [f"waiting for the processes of a stopped run to end ({hold})…"]
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        with pytest.raises(StoreError):  # one worker still lives
            outlive(hold, timeout=0.05, on_wait=waits.append)
    finally:
        for w in workers:
            w.kill()
            w.wait()
    outlive(hold, timeout=0)  # both gone (killed): no wait at all
    with open(hold) as f:  # and the check itself leaves no lock behind
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _start_ingest(raw: Path, store: Path) -> subprocess.Popen:
    """Start `cchc ingest RAW --out STORE`."""
    return subprocess.Popen(
        [str(CCHC), "ingest", str(raw), "--out", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _hashes(store: Path) -> dict[str, str]:
    """Open the store (which checks every table against the manifest); its tables' hashes."""
    snap = open_store(store)
    for name, entry in snap.manifest["tables"].items():
        assert sha256_file(snap.version_dir / f"{name}.csv") == entry["csv_sha256"]
    return {name: entry["parquet_sha256"] for name, entry in snap.manifest["tables"].items()}


def _killed_when(raw: Path, store: Path, ready) -> bool:
    """Start `cchc ingest RAW --out STORE` and SIGKILL it the moment ``ready()`` holds (polled
    every 2 ms); whether it was still running then (it may end first at the last moment)."""
    run = _start_ingest(raw, store)
    deadline = time.monotonic() + 60
    while not ready() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    running = run.poll() is None
    run.kill()
    run.wait()
    return running


@pytest.mark.slow  # ingests killed at several moments: ~6 s
def test_sigkill_during_ingest_leaves_old_or_new_store(tmp_path):
    raw, store = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    assert main(["ingest", str(raw), "--out", str(store)]) == 0  # in this process: no kill to time
    store_a = _hashes(store)
    other = SEED.read_text(encoding="utf-8").replace("Ban Dân tộc", "Sở Tư pháp")
    other = other.replace("BAN DÂN TỘC", "SỞ TƯ PHÁP")  # another agency: different content
    (raw / "001_tu_phap.txt").write_text(other, encoding="utf-8")

    def staged(name: str) -> bool:
        return any(s.is_dir() and any(s.glob(name)) for s in (store / "versions").glob(".staging-*"))

    moments = {  # the lock taken, files being parsed; tables being written; the manifest written
        "parsing": lambda: (store / HOLDER).exists(),
        "writing the version": lambda: staged("*.parquet"),
        "switching to it": lambda: staged(MANIFEST),
    }
    found, killed = {}, []
    for moment, ready in moments.items():
        if _killed_when(raw, store, ready):
            killed.append(moment)
        found[moment] = _hashes(store)
        with store_lock(store, "test", timeout=0):  # no lock left behind
            pass
    assert main(["ingest", str(raw), "--out", str(store)]) == 0
    store_b = _hashes(store)
    assert store_b != store_a
    for moment, hashes in found.items():
        assert hashes in (store_a, store_b), f"a mixed store after a kill while {moment}"
    assert killed[:2] == ["parsing", "writing the version"]  # killed, not ended first
    assert leftovers(store) == []


def test_a_version_folder_is_read_as_it_was_while_current_moves_on(tiny_store):
    pinned = current(tiny_store)
    write_store(tiny_store, tiny(2.0), {"inputs": []})  # an ingest lands
    assert open_store(tiny_store).table("observations").value.tolist() == [95.7, 2.0]
    snap = open_store(pinned)  # what a render planned from
    assert snap.version_dir == pinned and snap.data_dir == tiny_store
    assert snap.table("observations").value.tolist() == [95.7, 95.7]


def test_a_tampered_csv_is_refused_too(tiny_store):
    with (current(tiny_store) / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write("Khánh Hòa,Sở Nội vụ,2023-H1,a.txt,3,,,,,999,,,,,,,,,line 99\n")
    with pytest.raises(StoreError, match=r"observations\.csv was changed or damaged after it was written"):
        open_store(tiny_store)


def _sed_i(store: Path) -> Path:
    """What `sed -i` or an editor that saves a new file does: the link becomes a plain file."""
    link = store / "observations.csv"
    text = link.read_text(encoding="utf-8-sig").replace("95.7", "96.0")
    link.unlink()
    link.write_text(text, encoding="utf-8-sig")
    return link


def _through_link(store: Path) -> Path:
    """An editor that writes through the link: the version's own file changes."""
    with (store / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write("Khánh Hòa,Sở Nội vụ,2023-H1,a.txt,3,,,,,999,,,,,,,,,line 99\n")
    return current(store) / "observations.csv"


def _parquet(store: Path) -> Path:
    """A Parquet file overwritten in place."""
    (current(store) / "claims.parquet").write_bytes(b"PAR1 my own PAR1")
    return current(store) / "claims.parquet"


EDITS = {
    "sed -i": (_sed_i, "is a plain file, not the link to current/observations.csv"),
    "through the link": (_through_link, "was changed after the last transaction wrote it"),
    "parquet": (_parquet, "was changed after the last transaction wrote it"),
}


@pytest.mark.parametrize("case", EDITS)
def test_an_edited_store_file_is_reported_and_kept_unless_forced(tiny_store, case):
    edit, problem = EDITS[case]
    edited = edit(tiny_store)
    mine = edited.read_bytes()
    [found] = altered(tiny_store)
    assert (found.path, found.edited) == (edited, True) and found.problem.startswith(problem)
    assert "--force" in found.line() and "keep your edit" in found.line()
    with pytest.raises(StoreError) as caught:
        write_store(tiny_store, tiny(2.0), {"inputs": []})
    assert f"`cchc ingest` wrote nothing: {edited} {problem}" in str(caught.value)
    assert "`cchc ingest --force`" in str(caught.value) and "\n" not in str(caught.value)
    assert edited.read_bytes() == mine and not edited.is_symlink()


def test_force_discards_an_edit(tiny_store):
    _sed_i(tiny_store)
    write_store(tiny_store, tiny(2.0), {"inputs": []}, force=True)
    assert altered(tiny_store) == [] and (tiny_store / "observations.csv").is_symlink()
    assert pd.read_csv(tiny_store / "observations.csv").value.tolist() == [95.7, 2.0]


def test_a_missing_or_repointed_link_is_reported_and_restored_by_the_next_write(tiny_store):
    (tiny_store / "claims.csv").unlink()
    (tiny_store / "claims.parquet").unlink()
    (tiny_store / "claims.parquet").symlink_to("versions")
    found = {a.path.name: a for a in altered(tiny_store)}
    assert sorted(found) == ["claims.csv", "claims.parquet"]
    assert [a.status for a in found.values()] == ["warning", "warning"]
    assert found["claims.csv"].line() == (
        f"{tiny_store / 'claims.csv'} is missing: run `cchc ingest` again to restore it"
    )
    assert "is a link to versions, not to current/claims.parquet" in found["claims.parquet"].line()
    write_store(tiny_store, tiny(), {"inputs": []})  # nobody's edit in either: no refusal
    assert altered(tiny_store) == []


def test_check_reports_an_edit_and_ingest_refuses_it(tiny_store, tmp_path, capsys):
    edited = _sed_i(tiny_store)
    assert main(["check", "--data", str(tiny_store)]) == 2
    out, err = capsys.readouterr()
    assert err == (
        f"error: {edited} is a plain file, not the link to current/observations.csv "
        "the last transaction wrote (edited in place?): move it elsewhere to keep your "
        "edit (then `cchc ingest` restores the link), or run `cchc ingest --force` to "
        "discard it\n"
    )
    assert "rate_vs_counts" in out  # the version itself is intact: its findings are shown
    raw = tmp_path / "raw"
    raw.mkdir()
    assert main(["ingest", str(raw), "--out", str(tiny_store)]) == 2  # refused before reading
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and str(edited) in err and "--force" in err
    assert main(["derive", "--data", str(tiny_store)]) == 2
    assert "`cchc derive --force`" in capsys.readouterr().err
    assert not edited.is_symlink()


def test_a_table_read_back_is_checked_by_its_shape_its_bytes_by_their_hash(tiny_store):
    """Read back, a table whose bytes the manifest vouches for needs only its shape checked (it
    was validated whole when written): its columns, in order, with their types."""
    from cchc_analysis.store.schemas import has_shape

    claims = open_store(tiny_store).table("claims")
    assert has_shape("claims", claims)
    assert not has_shape("claims", claims[list(reversed(claims.columns))])
    assert not has_shape("claims", claims.astype({"percent": "string"}))
    assert not has_shape("claims", claims.drop(columns=["qualifiers"]))
