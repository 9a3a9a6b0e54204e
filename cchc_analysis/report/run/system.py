"""What this system offers the fork server (:mod:`forkserver`): ``fork``, and Linux's ``prctl``
to tie a child's life to its parent's. Apart from both, so that the lanes can ask without
importing the server."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable

#: ``prctl``'s option: the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def prctl() -> Callable | None:
    """Linux's ``prctl``, None where the C library has none."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    except OSError:
        return None


def unavailable() -> str | None:
    """Why the fork server cannot run on this system (None when it can): it forks, and ties each
    child's life to its parent's with Linux's parent-death signal."""
    if not hasattr(os, "fork"):
        return "no os.fork"
    if prctl() is None:
        return "no prctl: not Linux"
    return None
