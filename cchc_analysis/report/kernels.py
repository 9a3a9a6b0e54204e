"""Kernels for ``cchc render``: forked from the warm :mod:`forkserver` instead of started cold.

papermill runs each report through nbclient with :class:`ForkKernelManager`, a Jupyter kernel
manager whose provisioner asks the fork server for the kernel instead of starting
``python -m ipykernel_launcher``. Everything else — connection file, ports, messages, interrupt,
shutdown — is jupyter_client's own. A kernel command the server cannot serve (another Python, a
kernel spec that is not ipykernel), or a process that has no fork server, starts the usual way.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

_CLIENT: ForkClient | None = None


class ForkClient:
    """A lane's line to the fork server: one kernel request at a time over a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.replies = sock.makefile("rb")
        self._lock = threading.Lock()

    def fork(self, args: list[str], env: dict[str, str], cwd: str | None) -> int:
        """A new kernel with these ipykernel arguments; its process id."""
        with self._lock:
            self.sock.sendall(json.dumps({"args": args, "env": env, "cwd": cwd}).encode() + b"\n")
            line = self.replies.readline()
        if not line:
            raise RuntimeError("the kernel fork server has ended")
        return int(json.loads(line)["pid"])


def use(sock: socket.socket) -> None:
    """Make this process (a lane) fork its kernels through the server at the other end of ``sock``."""
    global _CLIENT
    _CLIENT = ForkClient(sock)


def kernel_args(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of a kernel command the server can fork — this interpreter's
    ``python [-X option ...] -m ipykernel_launcher ARGS`` —, None for any other command."""
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    rest = cmd[1:]
    while rest and rest[0].startswith("-X"):  # interpreter options (-Xfrozen_modules=off)
        rest = rest[1:] if len(rest[0]) > 2 else rest[2:]
    return rest[2:] if rest[:2] == ["-m", "ipykernel_launcher"] else None


class ForkedProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel that is the fork
    server's child, not ours: alive while its process id exists (the server reaps it at once)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # the id was reused by another user's process
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner that forks the kernel from the fork server when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        args = kernel_args(cmd)
        if _CLIENT is None or args is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = kwargs.get("cwd")
        pid = _CLIENT.fork(args, env, str(cwd) if cwd else None)
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid  # the kernel leads a session of its own
        self.cwd = cwd or Path.cwd()
        return self.connection_info


class ForkKernelManager(AsyncKernelManager):
    """The kernel manager ``cchc render`` gives papermill: kernels come from the fork server."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or _new_id()
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id,
                                               kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())
