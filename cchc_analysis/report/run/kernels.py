"""Kernels for ``cchc render``: forked from the warm :mod:`forkserver` instead of started cold.

papermill runs each report through nbclient with :class:`ForkKernelManager`, a Jupyter kernel
manager whose provisioner asks the fork server for the kernel instead of starting
``python -m ipykernel_launcher``. Everything else — connection file, ports, messages, interrupt,
shutdown — is jupyter_client's own. A kernel command the server cannot serve (another Python, a
kernel spec that is not ipykernel), or a process that has no fork server, starts the usual way.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from traitlets import default

_CLIENT: ForkClient | None = None
#: The private members of jupyter_client this module overrides or calls, by class: no public
#: hook does what they do (fork the kernel, poll faster). pyproject.toml pins jupyter-client to
#: the major version they were written for, and tests/test_forkserver.py checks they still exist.
PRIVATE_MEMBERS = {
    AsyncKernelClient: ("_async_wait_for_ready", "_handle_kernel_info_reply", "_async_is_alive"),
    AsyncKernelManager: ("_async_wait", "_async_pre_start_kernel"),
}


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

    async def wait(self) -> int | None:
        """As LocalProvisioner's, polling every 10 ms rather than 100 (a killed fork is gone at
        once)."""
        while isinstance(self.process, ForkedProcess) and self.process.poll() is None:
            await asyncio.sleep(0.01)
        return await super().wait()


class QuickReadyClient(AsyncKernelClient):
    """A client that knows a forked kernel is ready as soon as it answers: jupyter_client waits
    0,2 s on IOPub at least once per kernel (twice when a subscription is late), as long as a
    forked kernel takes to start; here each wait is 20 ms, repeated until the kernel answers."""

    POLL = 0.02

    @default("context")  # private: see PRIVATE_MEMBERS (guarded by the jupyter-client pin)
    def _context_default(self):
        """Sockets that retry every 10 ms, not 100: the forked kernel binds its ports a few
        milliseconds after the client first knocks."""
        import zmq
        import zmq.asyncio

        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, 10)
        return context

    # private: see PRIVATE_MEMBERS (guarded by the jupyter-client pin)
    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=self.POLL * 10)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub subscribed: the kernel's status for that request arrives there
                    await self.iopub_channel.get_msg(timeout=self.POLL)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # what is left on IOPub from the start belongs to no cell
            try:
                await self.iopub_channel.get_msg(timeout=self.POLL)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


class ForkKernelManager(AsyncKernelManager):
    """The kernel manager ``cchc render`` gives papermill: kernels come from the fork server."""

    @default("client_factory")
    def _client_factory_default(self) -> type:
        return QuickReadyClient

    # private: see PRIVATE_MEMBERS (guarded by the jupyter-client pin)
    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Wait for the kernel to end, looking every 10 ms (jupyter_client: every 100 ms)."""
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))

    # private: see PRIVATE_MEMBERS (guarded by the jupyter-client pin)
    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or _new_id()
            self.provisioner = ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)


def _new_id() -> str:
    import uuid

    return str(uuid.uuid4())
