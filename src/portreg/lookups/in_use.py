"""The registry in use, and the questions :mod:`portreg` answers from it.

What is in use, first match wins: a registry given to :func:`use_registry`; the
refreshed copy in the user's cache, if the user opted in and it is not older than
the packaged snapshot; the packaged snapshot, loaded on first use, once, under a
lock. Importing portreg reads no data.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from portreg._locks import ForkSafeLock
from portreg._public import public
from portreg.answers.port import answer_hand_built_ports_from
from portreg.errors import DataError, InputTypeError
from portreg.lookups.loading import load_cached_registry, load_packaged
from portreg.lookups.registry import Registry

if TYPE_CHECKING:
    from portreg.answers.port import PortInfo
    from portreg.answers.service import ServiceInfo
    from portreg.answers.tables import Blocks, PortTable, SearchResults
    from portreg.records.inputs import PortLike, ProtocolLike
    from portreg.records.ranges import RangeClassLike

__all__ = [
    "USE_CACHE_VARIABLE",
    "answer_from_refreshed",
    "cache_opted_in",
    "lookup",
    "neighbours",
    "packaged_registry",
    "registry",
    "search",
    "service",
    "unassigned",
    "use_cache",
    "use_registry",
]

_lock = ForkSafeLock()
_in_use: Registry | None = None
#: A registry chosen with use_registry(); it wins over the default until unset.
_chosen: Registry | None = None
#: use_cache()'s answer; None leaves the choice to $PORTREG_USE_CACHE.
_cache_wanted: bool | None = None
#: The packaged snapshot once loaded: it never changes, so switching back to it
#: gives the same registry (and the same records) as before.
_packaged: Registry | None = None
_packaged_lock = ForkSafeLock()


@public
def registry() -> Registry:
    """The registry in use: the packaged snapshot, loaded on first use.

    What is in use, first match wins: a registry given to :func:`portreg.use_registry`; the
    refreshed copy in the user's cache, if the user opted in (``use_cache()`` or
    ``PORTREG_USE_CACHE=1``) and it is not older than the packaged snapshot; the
    packaged snapshot.
    """
    global _in_use
    current = _in_use
    if current is None:
        with _lock:
            if _in_use is None:
                _in_use = _chosen if _chosen is not None else _load_default()
            current = _in_use
    return current


@public
def use_registry(chosen: Registry | None) -> None:
    """Answer from ``chosen`` from now on; ``None`` goes back to the default.

    >>> from portreg import Registry, registry, use_registry
    >>> mine = Registry((), registry().provenance)
    >>> use_registry(mine); registry() is mine
    True
    >>> use_registry(None); registry().provenance.packaged
    True
    """
    global _in_use, _chosen
    if chosen is not None and not isinstance(chosen, Registry):
        raise InputTypeError(
            f"use_registry() takes a Registry or None; got {type(chosen).__name__}"
        )
    with _lock:
        _chosen = chosen
        _in_use = chosen


@public
def use_cache(enabled: bool | None = True) -> None:
    """Opt in (or out) of answering from the registry ``portreg refresh`` downloaded.

    The same as setting ``PORTREG_USE_CACHE=1`` (or ``0``), for this process;
    ``None`` leaves the choice to that variable again. The cached registry is used
    only while it is not older than the packaged snapshot.
    """
    global _in_use, _cache_wanted
    if enabled is not None and not isinstance(enabled, bool):
        raise InputTypeError(
            f"use_cache() takes True, False or None; got {enabled!r} ({type(enabled).__name__})"
        )
    with _lock:
        _cache_wanted = enabled
        if _chosen is None:
            _in_use = None  # loaded again, from the cache or not, on the next question


USE_CACHE_VARIABLE = "PORTREG_USE_CACHE"
_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"", "0", "false", "no", "off"})


def cache_opted_in() -> bool:
    """Whether to answer from the cache: :func:`use_cache`'s choice, else the variable.

    ``PORTREG_USE_CACHE`` is 1, true, yes or on (any case) to opt in; 0, false, no, off
    or empty (or unset) not to; anything else is a :class:`~portreg.DataError` naming it.
    """
    if _cache_wanted is not None:
        return _cache_wanted
    configured = os.environ.get(USE_CACHE_VARIABLE, "").strip().lower()
    if configured in _YES:
        return True
    if configured in _NO:
        return False
    raise DataError(
        f"{USE_CACHE_VARIABLE} must be 1, true, yes or on to answer from the refreshed "
        f"registry, or 0, false, no, off or empty not to; got {os.environ[USE_CACHE_VARIABLE]!r}"
    )


def _load_default() -> Registry:
    if cache_opted_in():
        cached = load_cached_registry()
        if cached is not None:
            packaged = packaged_registry()
            newer = cached.provenance.registry_updated
            older = packaged.provenance.registry_updated
            if newer is not None and (older is None or newer >= older):
                return cached
            return packaged
    return packaged_registry()


def packaged_registry() -> Registry:
    """The packaged snapshot's registry, loaded once (callers may or may not hold _lock)."""
    global _packaged
    if _packaged is None:
        with _packaged_lock:
            if _packaged is None:
                loaded = load_packaged()
                loaded.unpickle_as(packaged_registry)
                _packaged = loaded
    return _packaged


def answer_from_refreshed(fresh: Registry) -> bool:
    """Answer from ``fresh`` if the cache is in use; whether it now is (for refresh)."""
    global _in_use
    with _lock:
        if _chosen is not None or not cache_opted_in():
            return False
        _in_use = fresh
        return True


@public
def lookup(port: PortLike, protocol: ProtocolLike | None = None) -> PortInfo:
    """Everything the registry says about ``port``.

    ``port`` is an int 0-65535 or a string such as ``"305"`` or ``"305/tcp"``;
    ``protocol`` is a :class:`~portreg.Protocol` or its name in any case. Every port
    is answered: ports no row covers come back unassigned (or dynamic, above 49151).

    >>> info = lookup(305)
    >>> info.range_class, info.status("tcp"), info.is_assigned
    (<RangeClass.SYSTEM: 'system'>, <Status.UNASSIGNED: 'unassigned'>, False)
    >>> lookup("80/tcp").services
    ('http', 'www', 'www-http')
    """
    return registry().lookup(port, protocol)


@public
def neighbours(port: PortLike, radius: int = 5, protocol: ProtocolLike | None = None) -> PortTable:
    """The ports from ``port - radius`` to ``port + radius``, clipped to 0-65535, in order.

    The answer is a :class:`~portreg.PortTable`: a tuple of :class:`~portreg.PortInfo`
    that renders as a table in a notebook.

    >>> [(n.port, n.services) for n in neighbours(305)][-3:]
    [(308, ('novastorbakcup',)), (309, ('entrusttime',)), (310, ('bhmds',))]
    """
    return registry().neighbours(port, radius, protocol)


@public
def service(name: str) -> ServiceInfo:
    """Everything registered under a service name, in any case.

    Every row of the name on every port and transport (ranges and rows without a
    port included), the name to use instead if it is an alias, its aliases, and its
    history. An unknown name raises :class:`~portreg.UnknownServiceError`, which
    suggests the closest registered names.

    >>> info = service("HTTP")
    >>> info.name, info.aliases
    ('http', ('www', 'www-http'))
    >>> service("www").canonical
    'http'
    """
    return registry().service(name)


@public
def search(
    text: str,
    *,
    protocol: ProtocolLike | None = None,
    range_class: RangeClassLike | None = None,
    limit: int | None = None,
) -> SearchResults:
    """The rows whose service name, description or notes contain ``text``, ranked.

    Case is ignored; the text is matched as one phrase. Hits come best first: the
    exact name, names starting with the text, names containing it as a word, then
    whole words in descriptions and notes, then the text inside longer words (see
    :class:`~portreg.MatchKind`); ties go by name length, then registry order.
    ``protocol`` keeps rows on that transport (and rows for every transport),
    ``range_class`` rows with a port in that range, ``limit`` the first hits.
    Empty or white-space-only text is refused with :class:`~portreg.InvalidSearchError`.

    >>> [hit.assignment.port_text for hit in search("novastor")]
    ['308', '308']
    """
    return registry().search(text, protocol=protocol, range_class=range_class, limit=limit)


@public
def unassigned(
    range_class: RangeClassLike | None = None, protocol: ProtocolLike | None = None
) -> Blocks:
    """The maximal runs of ports that share one status other than assigned, in order.

    On ``protocol``, or, when none is given, the runs over which every transport
    has the same status. ``range_class`` clips the runs to that range.

    >>> [str(b) for b in unassigned("system") if b.first == 301]
    ['301-307 unassigned (7 ports, every transport)']
    """
    return registry().unassigned(range_class, protocol)


# A PortInfo made by hand, or unpickled, answers from the registry in use.
answer_hand_built_ports_from(registry)
