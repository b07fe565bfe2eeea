"""Locks that a forked child gets back unlocked.

``os.fork()`` copies a lock in the state it had, but not the thread holding it: a fork
while another thread builds an index (holding that index's lock) leaves the child's
copy locked for ever, and the child's first question that needs the lock deadlocks.
A :class:`ForkSafeLock` is re-created in the child, unlocked, right after a fork
(``os.register_at_fork``). What the lock guarded is built once and published only
when complete, so the child finds it either built or not built, and builds it again.
"""

from __future__ import annotations

import _thread
import os
from _weakref import ref
from typing import Union

__all__ = ["ForkSafeLock"]

# The locks of _thread, which threading's own are: importing threading would cost
# every process a few milliseconds before its first answer.
_Lock = Union[_thread.LockType, _thread.RLock]


class ForkSafeLock:
    """A ``threading.Lock`` (or ``RLock``, with ``reentrant=True``), unlocked after a fork."""

    __slots__ = ("__weakref__", "_lock", "_reentrant")

    def __init__(self, *, reentrant: bool = False) -> None:
        self._reentrant = reentrant
        self._lock = self._new()
        _every_lock.add(ref(self, _every_lock.discard))

    def _new(self) -> _Lock:
        return _thread.RLock() if self._reentrant else _thread.allocate_lock()

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


# Every lock alive, held weakly: a lock that is collected drops out by itself.
_every_lock: set[ref[ForkSafeLock]] = set()


def _reset_after_fork() -> None:
    for held in list(_every_lock):
        lock = held()
        if lock is not None:
            lock._after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_reset_after_fork)
