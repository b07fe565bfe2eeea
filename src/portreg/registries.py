"""The registry in use, and the lookups it answers.

A :class:`Registry` holds the registry's rows and the indexes that answer questions
about them. The packaged snapshot is loaded the first time it is needed, once, under
a lock; importing portreg reads no data.
"""

from __future__ import annotations

import os
import threading
import typing
from collections.abc import Iterator

import attrs

from portreg._input import (
    PortLike,
    ProtocolLike,
    RangeClassLike,
    parse_port_and_protocol,
    shown,
)
from portreg.errors import InputTypeError, InvalidRadiusError
from portreg.model import Assignment, Protocol
from portreg.portinfo import PortInfo
from portreg.porttable import PortTable
from portreg.ranges import range_class_of

if typing.TYPE_CHECKING:
    import pandas

    from portreg._derived import DerivedIndexes
    from portreg.names import ServiceInfo
    from portreg.results import Blocks, SearchResults

__all__ = [
    "Provenance",
    "Registry",
    "lookup",
    "neighbours",
    "registry",
    "search",
    "service",
    "unassigned",
    "use_cache",
    "use_registry",
]

MAX_PORT = 65535


@attrs.frozen
class Provenance:
    """Where a registry's data came from."""

    #: The registry's own ``updated`` date, where the source has one.
    registry_updated: datetime.date | None
    #: sha256 of IANA's file the data was read from.
    sha256: str
    #: What the data was read from: a file name, a path or a URL.
    source: str
    #: Whether this is the snapshot shipped inside the package.
    packaged: bool = False


if typing.TYPE_CHECKING:
    import datetime

    from portreg._port_index import PortIndex

    class RowSource(typing.Protocol):
        """Rows by position: a tuple of assignments, or a snapshot decoding on demand."""

        def __len__(self) -> int: ...

        def __getitem__(self, position: int, /) -> Assignment: ...


class Registry:
    """A registry to answer from: the packaged snapshot, or rows a user supplies.

    A registry is immutable once built; its caches only ever add answers that are
    equal to what would be computed again.
    """

    def __init__(
        self,
        records: RowSource,
        provenance: Provenance,
        *,
        index: PortIndex | None = None,
    ) -> None:
        self._records = records
        self.provenance = provenance
        if index is None:
            from portreg._port_index import PortIndex, span_of

            index = PortIndex.from_spans(span_of(records[i]) for i in range(len(records)))
        self._index = index
        # Answers are kept once computed: a list slot per port is both the fastest
        # probe and far smaller than a dict of 65,536 int keys.
        self._answers: list[PortInfo | None] = [None] * (MAX_PORT + 1)
        self._answers_on: dict[Protocol, list[PortInfo | None]] = {}
        # Ports covered by the same rows (all of 301-307, say) share one tuple.
        self._row_tuples: dict[tuple[int, ...], tuple[Assignment, ...]] = {}

    # -- the rows -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Assignment]:
        """Every row, in registry order."""
        decode_all = getattr(self._records, "decode_all", None)
        if decode_all is not None:
            decode_all()  # a snapshot decodes its remaining rows in one pass
        return (self._records[i] for i in range(len(self._records)))

    def __getitem__(self, position: int) -> Assignment:
        return self._records[position]

    def __eq__(self, other: object) -> bool:
        """Registries are equal when they hold equal rows in the same order."""
        if not isinstance(other, Registry):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # equal by content, and large: not a key

    def __repr__(self) -> str:
        updated = self.provenance.registry_updated
        return (
            f"<Registry of {len(self)} rows, IANA {updated or 'undated'}, "
            f"from {self.provenance.source}>"
        )

    # -- lookups --------------------------------------------------------------------

    def lookup(self, port: PortLike, protocol: ProtocolLike | None = None) -> PortInfo:
        """Everything the registry says about ``port``; see :func:`portreg.lookup`."""
        if protocol is None and type(port) is int and 0 <= port <= MAX_PORT:
            answer = self._answers[port]  # the warm path: one list probe
            if answer is not None:
                return answer
        number, chosen = parse_port_and_protocol(port, protocol)
        if chosen is None:
            answers = self._answers
        else:
            answers = self._answers_on.get(chosen) or self._answers_on.setdefault(
                chosen, [None] * (MAX_PORT + 1)
            )
        answer = answers[number]
        if answer is None:
            rows = self._rows_at(number)
            if chosen is not None:
                rows = tuple(a for a in rows if a.protocol is None or a.protocol is chosen)
            answer = PortInfo(number, range_class_of(number), rows, chosen, registry=self)
            answers[number] = answer
        return answer

    def neighbours(
        self,
        port: PortLike,
        radius: int = 5,
        protocol: ProtocolLike | None = None,
    ) -> PortTable:
        """The ports around ``port``; see :func:`portreg.neighbours`."""
        number, chosen = parse_port_and_protocol(port, protocol)
        if isinstance(radius, bool) or not isinstance(radius, int):
            raise InputTypeError(
                f"radius must be an int 0-{MAX_PORT}; got {shown(radius)} ({type(radius).__name__})"
            )
        if not 0 <= radius <= MAX_PORT:
            raise InvalidRadiusError(f"radius must be 0-{MAX_PORT}; got {radius!r}")
        first, last = max(0, number - radius), min(MAX_PORT, number + radius)
        return PortTable(self.lookup(p, chosen) for p in range(first, last + 1))

    def _rows_at(self, number: int) -> tuple[Assignment, ...]:
        positions = self._index.rows_at(number)
        rows = self._row_tuples.get(positions)
        if rows is None:
            rows = tuple(self._records[i] for i in positions)
            rows = self._row_tuples.setdefault(positions, rows)
        return rows

    def to_pandas(self) -> pandas.DataFrame:
        """Every row as a pandas DataFrame; see :func:`portreg.dataframes.assignments_frame`.

        Needs pandas: ``pip install 'portreg[pandas]'``.
        """
        from portreg.dataframes import assignments_frame

        return assignments_frame(self)

    # -- bringing your own registry -----------------------------------------------------

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Registry:
        """The registry in one of IANA's files: its XML or its CSV (see ``portreg.loading``).

        Raises :class:`~portreg.DataError`, naming the file and the line or
        record, for anything that is not a complete registry; files over ``max_bytes``
        (default 64 MiB, or ``$PORTREG_MAX_BYTES``) are refused unread.
        """
        from portreg.loading import load_registry

        return load_registry(path, max_bytes=max_bytes)

    # -- names, search and the unassigned space: indexes built on first use ----------

    #: Set on first use by :meth:`_derived`; a class default keeps ``__init__`` lean.
    _derived_indexes: DerivedIndexes | None = None

    def _derived(self) -> DerivedIndexes:
        derived = self._derived_indexes
        if derived is None:
            with _derived_lock:
                if self._derived_indexes is None:
                    from portreg._derived import DerivedIndexes

                    self._derived_indexes = DerivedIndexes(self)
                derived = self._derived_indexes
        return derived

    def service(self, name: str) -> ServiceInfo:
        """Everything registered under ``name``; see :func:`portreg.service`."""
        derived = self._derived_indexes
        if derived is not None and type(name) is str:
            cached = derived.services_by_given_name.get(name)  # the warm path
            if cached is not None:
                return cached
        return self._derived().service(name)

    def service_names(self) -> tuple[str, ...]:
        """Every registered service name, as spelled, in registry order."""
        return self._derived().names().names()

    def search(
        self,
        text: str,
        *,
        protocol: ProtocolLike | None = None,
        range_class: RangeClassLike | None = None,
        limit: int | None = None,
    ) -> SearchResults:
        """The rows whose name, description or notes contain ``text``; see :func:`search`."""
        from portreg._input import (
            parse_limit,
            parse_optional_protocol,
            parse_optional_range_class,
            parse_search_text,
        )

        needle = parse_search_text(text)
        chosen = parse_optional_protocol(protocol)
        range_chosen = parse_optional_range_class(range_class)
        most = parse_limit(limit)
        from portreg.results import SearchResults

        return SearchResults(self._derived().search().search(needle, chosen, range_chosen, most))

    def unassigned(
        self,
        range_class: RangeClassLike | None = None,
        protocol: ProtocolLike | None = None,
    ) -> Blocks:
        """The blocks of ports not assigned; see :func:`portreg.unassigned`."""
        from portreg._input import parse_optional_protocol, parse_optional_range_class

        chosen_class = parse_optional_range_class(range_class)
        chosen = parse_optional_protocol(protocol)
        from portreg.results import Blocks

        return Blocks(self._derived().blocks().blocks(chosen, chosen_class))


# -- the registry in use -----------------------------------------------------------------

_lock = threading.Lock()
_derived_lock = threading.Lock()
_in_use: Registry | None = None
#: A registry chosen with use_registry(); it wins over the default until unset.
_chosen: Registry | None = None
#: use_cache()'s answer; None leaves the choice to $PORTREG_USE_CACHE.
_cache_wanted: bool | None = None
#: The packaged snapshot once loaded: it never changes, so switching back to it
#: gives the same registry (and the same records) as before.
_packaged: Registry | None = None
_packaged_lock = threading.Lock()


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


def use_cache(enabled: bool | None = True) -> None:
    """Opt in (or out) of answering from the registry ``portreg refresh`` downloaded.

    The same as setting ``PORTREG_USE_CACHE=1`` (or ``0``), for this process;
    ``None`` leaves the choice to that variable again. The cached registry is used
    only while it is not older than the packaged snapshot.
    """
    global _in_use, _cache_wanted
    with _lock:
        _cache_wanted = None if enabled is None else bool(enabled)
        if _chosen is None:
            _in_use = None  # loaded again, from the cache or not, on the next question


def _cache_opted_in() -> bool:
    if _cache_wanted is not None:
        return _cache_wanted
    return os.environ.get("PORTREG_USE_CACHE", "").strip().lower() in {"1", "true", "yes", "on"}


def _load_default() -> Registry:
    if _cache_opted_in():
        from portreg.cache import load_cached_registry

        cached = load_cached_registry()
        if cached is not None:
            packaged = _packaged_registry()
            newer = cached.provenance.registry_updated
            older = packaged.provenance.registry_updated
            if newer is not None and (older is None or newer >= older):
                return cached
            return packaged
    return _packaged_registry()


def _packaged_registry() -> Registry:
    """The packaged snapshot's registry, loaded once (callers may or may not hold _lock)."""
    global _packaged
    if _packaged is None:
        with _packaged_lock:
            if _packaged is None:
                _packaged = _load_packaged()
    return _packaged


def _replace_default(fresh: Registry) -> bool:
    """Answer from ``fresh`` if the cache is in use; whether it now is (for refresh)."""
    global _in_use
    with _lock:
        if _chosen is not None or not _cache_opted_in():
            return False
        _in_use = fresh
        return True


def _load_packaged() -> Registry:
    from portreg import _data
    from portreg._resources import read_package_data
    from portreg._snapshot import decode

    source = f"portreg/_data/{_data.SNAPSHOT_NAME}"
    snapshot = decode(
        read_package_data(_data.SNAPSHOT_NAME),
        expected_checksum=_data.SNAPSHOT_CRC32,
        source=source,
    )
    provenance = Provenance(
        registry_updated=snapshot.header.registry_updated,
        sha256=snapshot.header.source_sha256,
        source=f"packaged snapshot of {snapshot.header.source}",
        packaged=True,
    )
    return Registry(snapshot.records, provenance, index=snapshot.port_index)


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


def neighbours(port: PortLike, radius: int = 5, protocol: ProtocolLike | None = None) -> PortTable:
    """The ports from ``port - radius`` to ``port + radius``, clipped to 0-65535, in order.

    The answer is a :class:`~portreg.PortTable`: a tuple of :class:`~portreg.PortInfo`
    that renders as a table in a notebook.

    >>> [(n.port, n.services) for n in neighbours(305)][-3:]
    [(308, ('novastorbakcup',)), (309, ('entrusttime',)), (310, ('bhmds',))]
    """
    return registry().neighbours(port, radius, protocol)


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
