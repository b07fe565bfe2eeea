"""Locks that a forked child gets back unlocked.

``os.fork()`` copies a lock in the state it had, but not the thread holding it: a fork
while another thread builds an index (holding that index's lock) leaves the child's
copy locked for ever, and the child's first question that needs the lock deadlocks.
A :class:`ForkSafeLock` is re-created in the child, unlocked, right after a fork
(``os.register_at_fork``). What the lock guarded is built once and published only
when complete, so the child finds it either built or not built, and builds it again.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Union

__all__ = ["ForkSafeLock"]

_Lock = Union["threading.Lock", "threading.RLock"]


class ForkSafeLock:
    """A ``threading.Lock`` (or ``RLock``, with ``reentrant=True``), unlocked after a fork."""

    __slots__ = ("__weakref__", "_lock", "_reentrant")

    def __init__(self, *, reentrant: bool = False) -> None:
        self._reentrant = reentrant
        self._lock = self._new()
        _every_lock.add(self)

    def _new(self) -> _Lock:
        return threading.RLock() if self._reentrant else threading.Lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def _after_fork(self) -> None:
        self._lock = self._new()


_every_lock: weakref.WeakSet[ForkSafeLock] = weakref.WeakSet()


def _reset_after_fork() -> None:
    for lock in list(_every_lock):
        lock._after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_reset_after_fork)
