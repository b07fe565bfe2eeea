"""Registries and records survive pickling, copying and another process, and answer the
same; a fork while another thread holds a lock leaves a child that still answers."""

from __future__ import annotations

import copy
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import portreg
from portreg import PortInfo, Registry, diff, lookup, registry, search, service, unassigned
from tests.iana_files import SMALL_XML

CLONES: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "pickle-0": lambda value: pickle.loads(pickle.dumps(value, protocol=0)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


@pytest.fixture(scope="module")
def mine() -> Registry:
    """A user's registry: 301-1004 is one unassigned block in it (307 is taken in the packaged)."""
    return Registry.from_file(SMALL_XML)


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    yield
    portreg.use_registry(None)


@pytest.mark.parametrize("clone", list(CLONES))
def test_a_registry_pickles_and_copies(clone: str, mine: Registry) -> None:
    for original in (registry(), mine):
        copied = CLONES[clone](original)
        assert isinstance(copied, Registry)
        assert copied == original
        assert copied.provenance == original.provenance
        assert copied.lookup(301) == original.lookup(301)
        assert copied.lookup(301).block == original.lookup(301).block
        assert copied.service("http") == original.service("http")
        assert copied.unassigned("system") == original.unassigned("system")


def test_the_packaged_registry_pickles_as_a_reference() -> None:
    data = pickle.dumps(registry())
    assert len(data) < 200  # no rows: the registry is loaded where it is unpickled
    assert pickle.loads(data) is registry()


@pytest.mark.parametrize("clone", list(CLONES))
def test_an_answer_keeps_asking_the_registry_it_came_from(clone: str, mine: Registry) -> None:
    info = mine.lookup(301)
    assert info.block is not None
    assert info.block.port_text == "301-1004"
    copied = CLONES[clone](info)
    assert copied == info
    assert copied.block == info.block  # not the packaged registry's 301-306
    assert copied.nearest_assigned_below == info.nearest_assigned_below
    assert copied.nearest_assigned_above == info.nearest_assigned_above
    on_tcp = mine.lookup(301, "tcp")
    assert CLONES[clone](on_tcp).block == on_tcp.block


def _records(mine: Registry) -> list[object]:
    info = lookup(80)
    changes = diff(mine, registry())
    return [
        info,
        lookup(305, "tcp"),
        info.assignments[0],
        info.range_class,
        service("http"),
        service("http").history,
        search("http"),
        search("http")[0],
        unassigned(),
        unassigned()[0],
        portreg.neighbours(80, 2),
        changes,
        changes.changes[0],
        mine.provenance,
        registry().provenance,
        portreg.Person("Bernie_Volz", "Bernie Volz", None),
        portreg.UnknownServiceError("x", name="x", suggestions=("y",)),
    ]


@pytest.mark.parametrize("clone", list(CLONES))
def test_every_public_record_survives(clone: str, mine: Registry) -> None:
    for record in _records(mine):
        copied = CLONES[clone](record)
        assert type(copied) is type(record)
        if isinstance(record, Exception):
            assert str(copied) == str(record)
            continue
        assert copied == record, record


# -- other processes -----------------------------------------------------------------------


def _answers(info: PortInfo, given: Registry) -> tuple[object, ...]:
    block = info.block
    return (
        block.port_text if block else None,
        info.nearest_assigned_below,
        info.nearest_assigned_above,
        len(given),
        given.lookup(301).block == block,
    )


def test_a_spawned_process_answers_the_same(mine: Registry) -> None:
    context = multiprocessing.get_context("spawn")
    info = mine.lookup(301)
    with context.Pool(1) as pool:
        theirs = pool.apply(_answers, (info, mine))
        packaged = pool.apply(_answers, (registry().lookup(301), registry()))
    assert theirs == _answers(info, mine)
    assert theirs[0] == "301-1004"
    assert packaged == _answers(registry().lookup(301), registry())


# -- fork ------------------------------------------------------------------------------------


def _locks_of(registry_: Registry) -> list[Any]:
    """Every lock a question may take: the facade's, the registry in use's, the index's."""
    import portreg.lookups.in_use as in_use
    import portreg.lookups.registry as registry_module

    derived = registry_._derived()
    return [
        portreg._import_lock,
        in_use._lock,
        in_use._packaged_lock,
        registry_module._derived_lock,
        derived._lock,
        derived.names()._lock,
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_fork_while_another_thread_holds_the_locks_leaves_a_child_that_answers() -> None:
    used = Registry.from_file(SMALL_XML)
    fresh = Registry.from_file(SMALL_XML)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        locks = _locks_of(used)
        for lock in locks:
            lock.acquire()
        held.set()
        release.wait()
        for lock in reversed(locks):
            lock.release()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads, 3.12+
            child = os.fork()
        if child == 0:  # pragma: no cover - the child
            try:
                vars(portreg).pop("Status", None)  # resolved again, under the import lock
                ok = (
                    portreg.Status.ASSIGNED.value == "assigned"
                    and used.service("http").name == "http"
                    and fresh.service("http").name == "http"
                    and fresh.lookup(301).block is not None
                    and lookup(80).services[0] == "http"
                )
                portreg.use_cache(None)
                os._exit(0 if ok else 1)
            except BaseException:
                os._exit(2)
        deadline = time.monotonic() + 30
        while True:
            done, status = os.waitpid(child, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                pytest.fail("the forked child deadlocked on a lock another thread held")
            time.sleep(0.05)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        release.set()
        holder.join()
    assert used.service("http").name == "http"  # and the parent's locks still work


def test_the_locks_still_lock() -> None:
    from portreg._locks import ForkSafeLock

    lock = ForkSafeLock()
    assert lock.acquire()
    assert not lock.acquire(blocking=False)
    lock.release()
    reentrant = ForkSafeLock(reentrant=True)
    with reentrant, reentrant:
        pass


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="spawn and fork tests are for POSIX")
