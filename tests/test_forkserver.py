"""The fork server forks only while single-threaded, kills its leftovers without reading /proc,
starts Chromium without Python code between fork and exec, relies on jupyter_client members that
exist, and a system without it still renders the same reports."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psutil
import pytest

from cchc_analysis.report.page.browser import Spawned
from cchc_analysis.report.run import forkserver, kernels, lanes, system
from cchc_analysis.report.run.render import render
from cchc_analysis.store.files import resolve_data_dir


def test_every_private_jupyter_client_member_kernels_overrides_still_exists():
    for cls, names in kernels.PRIVATE_MEMBERS.items():
        for name in names:
            assert callable(getattr(cls, name, None)), f"{cls.__name__}.{name} is gone"
    assert "context" in kernels.AsyncKernelClient.class_trait_names()  # _context_default's trait


def test_a_fork_from_a_multithreaded_server_is_said_once(monkeypatch, capfd):
    monkeypatch.setattr(forkserver, "_WARNED", [])
    monkeypatch.setattr(forkserver, "threads", lambda: 3)
    monkeypatch.setattr(os, "fork", lambda: 4242)
    assert [forkserver._fork(), forkserver._fork()] == [4242, 4242]
    out = capfd.readouterr().out.splitlines()
    assert out == [
        '{"warning": "the render\'s fork server runs 3 threads when it forks a process '
        '(it should run one): a report may hang"}'
    ]


def test_this_linux_has_what_the_fork_server_needs_and_another_system_is_named(monkeypatch):
    assert system.unavailable() is None
    monkeypatch.delattr(os, "fork")
    assert system.unavailable() == "no os.fork"


def test_leftover_children_are_found_through_psutil_not_other_processes():
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert forkserver._children_alive([child.pid, os.getppid(), 2**22 + 7]) == [child.pid]
    finally:
        child.kill()
        child.wait()
    assert forkserver._children_alive([child.pid]) == []


def test_a_spawned_program_gets_the_pipe_ends_as_fds_3_and_4():
    their_in, to_program = os.pipe()
    from_program, their_out = os.pipe()
    ends = [os.dup(their_in), os.dup(their_out)]
    os.close(their_in), os.close(their_out)
    program = Spawned(["/bin/sh", "-c", 'read line <&3; echo "got $line" >&4'], ends)
    os.close(ends[0]), os.close(ends[1])
    os.write(to_program, b"hello\n")
    assert program.wait() == 0
    assert os.read(from_program, 100) == b"got hello\n"
    assert program.poll() == 0
    os.close(to_program), os.close(from_program)


def _server_threads_after_a_kernel() -> int:
    """In a lane: ask the server for a kernel (it has read the store by then), let the kernel end
    at once, then count the server's threads."""
    pid = kernels._CLIENT.fork(["--version"], dict(os.environ), None)
    try:
        psutil.Process(pid).wait(timeout=30)
    except psutil.NoSuchProcess:
        pass
    return psutil.Process(os.getppid()).num_threads()


@pytest.mark.slow  # a real fork server: preloading takes seconds
def test_the_real_server_stays_single_threaded_after_reading_the_store(seed_store, capsys):
    version = Path(os.readlink(resolve_data_dir(seed_store) / "current"))
    version = version if version.is_absolute() else seed_store / version
    with lanes.Lanes(1, store=str(version)) as server:
        server.open(1)
        assert server.call(_server_threads_after_a_kernel) == 1
    assert "warning" not in capsys.readouterr().err


@pytest.mark.slow  # two renders of the seed, one with a cold kernel per report
def test_without_a_fork_server_the_render_says_so_and_writes_the_same_reports(
    seed_store, tmp_path, monkeypatch, capsys
):
    forked = render(seed_store, tmp_path / "forked", formats=("html",), progress=False, log=None)
    assert capsys.readouterr().out == ""
    monkeypatch.setattr(system, "unavailable", lambda: "no prctl: not Linux")
    monkeypatch.setattr(lanes.Lanes, "__init__", None)  # would fail if the server were started
    plain = render(seed_store, tmp_path / "plain", formats=("html",), progress=False, log=None)
    assert capsys.readouterr().out == (
        "note: no fork server on this system (no prctl: not Linux): "
        "each report starts its own kernel, one at a time, slower\n"
    )
    assert {o.status for o in forked.outcomes} == {"rendered"}
    assert [(o.job.label, o.status) for o in plain.outcomes] == [
        (o.job.label, "rendered") for o in forked.outcomes
    ]
    for outcome in forked.outcomes:  # each report's model (report.json, overview.json)
        relative = outcome.job.path("json").relative_to(tmp_path / "forked")
        assert (tmp_path / "plain" / relative).read_bytes() == (
            tmp_path / "forked" / relative
        ).read_bytes(), relative
