"""The code tables bulk annotation answers from: one code per (transport, port).

Every bulk answer (:func:`portreg.annotate`, the pandas and polars namespaces, the
Arrow port table, the Dask and Spark joins) is an index into these tables, never a
lookup per row. :class:`PortColumns` holds, for each of the 65,536 ports:

* on each transport, and on "any transport" (the key ``None``, as in
  ``lookup(port).preferred_name()``), the code of the preferred service name, of the
  status, of a description and whether a range row covers the port;
* the code of its range class.

A code indexes a category table: ``services`` and ``descriptions`` here,
``tuple(Status)`` and ``tuple(RangeClass)`` for the others. ``-1`` means none (no
service assigned, no row to describe the port), as in pandas' categorical codes.

The tables are a registry's port tables (``PortTables`` in
``portreg.sources.tables``: for the packaged registry, read from the image the
generator made; for any other, computed from its rows by the same code), which hold
per (transport, port) the status and the codes of the name and the description in
sorted categories. Here they become numpy arrays without a copy where the image
holds them: a build takes well under a millisecond once the port tables are read.
:meth:`portreg.Registry.port_columns` builds them once per registry and keeps them.

numpy is imported when a table is built, not when this module is imported.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from portreg._deps import need
from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import STATUS_CODES, TABLE_KEYS, Protocol, Status

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

    from portreg.sources.tables import PortTables

    Codes = npt.NDArray[numpy.signedinteger[Any]]
    Flags = npt.NDArray[numpy.bool_]

__all__ = [
    "ANY",
    "BLOCKS",
    "NONE",
    "PORTS",
    "RANGE_CLASSES",
    "STATUSES",
    "TRANSPORTS",
    "PortColumns",
    "build_port_columns",
    "range_class_codes",
]

#: How many port numbers there are: 0-65535.
PORTS = 65536
#: The transports, in the order of their blocks in the stacked tables.
TRANSPORTS: tuple[Protocol, ...] = tuple(Protocol)
#: The block of "any transport" (``protocol=None``) in the stacked tables.
ANY = len(TRANSPORTS)
#: The block of "no answer" (a missing port, another protocol): every code -1.
NONE = ANY + 1
#: The blocks of the stacked tables: each transport, any transport, none.
BLOCKS: tuple[Protocol | None, ...] = (*TRANSPORTS, None)
#: The category table of status codes: the port tables' own, so their codes serve as
#: they are.
STATUSES: tuple[Status, ...] = STATUS_CODES
#: The category table of range class codes.
RANGE_CLASSES: tuple[RangeClass, ...] = tuple(RangeClass)

T = TypeVar("T")

#: The columns a :class:`PortColumns` answers, each by transport.
_BY_TRANSPORT = ("service", "status", "description", "in_range")
# The order of the registry's port tables, which is not the order of BLOCKS.
_KEYS: tuple[Protocol | None, ...] = TABLE_KEYS


@attrs.frozen(eq=False)
class PortColumns:
    """Per-(transport, port) code tables for one registry; see the module docstring.

    ``service_code[Protocol.TCP][443]`` is the index of ``"https"`` in ``services``;
    ``service_code[None][port]`` answers for any transport. Arrays are numpy arrays
    of 65,536 entries and must not be modified.
    """

    #: The service names the codes index: every name the registry's rows hold, sorted.
    services: Sequence[str]
    #: The descriptions the codes index: every description of the rows, sorted.
    descriptions: Sequence[str]
    #: Code into ``services`` of the preferred name; -1 where no service is assigned.
    service_code: Mapping[Protocol | None, Codes]
    #: Code into ``STATUSES`` (``tuple(Status)``); every port has a status.
    status_code: Mapping[Protocol | None, Codes]
    #: Code into ``descriptions``: the description of the row giving the service
    #: name or, without one, of the first row with the port's status (single-port
    #: rows before range rows); -1 where no row says anything.
    description_code: Mapping[Protocol | None, Codes]
    #: Whether a row covering more than one port (x11 6000-6063, an unassigned run)
    #: speaks for the port on the transport.
    in_range: Mapping[Protocol | None, Flags]
    #: Code into ``RANGE_CLASSES`` (``tuple(RangeClass)``), the same on every transport.
    range_class_code: Codes
    _kept: dict[Hashable, Any] = attrs.field(factory=dict, init=False, repr=False)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled for Dask workers and Spark's Python workers: the tables, not what is
        # kept beside them (rebuilt on first use there).
        fields = (
            tuple(self.services),
            tuple(self.descriptions),
            self.service_code,
            self.status_code,
            self.description_code,
            self.in_range,
            self.range_class_code,
        )
        return (PortColumns, fields)

    def categories(self, column: str) -> tuple[str, ...]:
        """The category table of a column's codes, as text (``in_range`` has none)."""
        if column == "service":
            return tuple(self.services)
        if column == "description":
            return tuple(self.descriptions)
        if column == "status":
            return tuple(s.value for s in STATUSES)
        if column == "range_class":
            return tuple(r.value for r in RANGE_CLASSES)
        raise ValueError(f"column {column!r} has no categories")

    def stacked(self, column: str) -> Codes:
        """One column's codes for every block, end to end: ``len(BLOCKS) + 1`` blocks.

        Entry ``block * PORTS + port`` answers ``port`` on ``BLOCKS[block]``; the last
        block (``NONE``) is all -1 (``False`` for ``in_range``), for rows with no
        answer. ``column`` is one of service, status, description, in_range,
        range_class. Built once, shared, read-only.
        """
        return self.kept(("stacked", column), lambda: self._stack(column))

    def kept(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build()`` gives, built the first time ``key`` is asked for and kept
        while these tables live: the stacked codes, and each engine's categories,
        dtypes and packed tables. Threads racing for a key at worst build it twice;
        every caller gets the one kept."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept.setdefault(key, build())
        return cast(T, found)

    def _stack(self, column: str) -> Codes:
        np = _numpy()

        if column == "range_class":
            parts = [self.range_class_code] * len(BLOCKS)
        elif column in _BY_TRANSPORT:
            table = getattr(self, "in_range" if column == "in_range" else f"{column}_code")
            parts = [table[block] for block in BLOCKS]
        else:
            raise ValueError(
                f"no column {column!r}; one of {', '.join(_BY_TRANSPORT)}, range_class"
            )
        dtype = parts[0].dtype
        nothing = np.zeros(PORTS, dtype) if dtype == np.bool_ else np.full(PORTS, -1, dtype)
        stacked: Codes = np.concatenate([*parts, nothing])
        stacked.flags.writeable = False
        return stacked


# -- building ----------------------------------------------------------------------


def build_port_columns(tables: PortTables) -> PortColumns:
    """The code tables of a registry, from its port tables (``PortTables``: shipped
    in the packaged image, computed from the rows of any other registry).

    The port tables already hold codes into sorted categories, so each table here is
    a view of theirs (the packaged registry's are its image's own bytes): nothing is
    sorted, and no port is visited in Python.
    """
    np = _numpy()

    service_code, status_code, description_code, in_range = {}, {}, {}, {}
    for protocol in BLOCKS:
        k = _KEYS.index(protocol)
        service_code[protocol] = _view(np, tables.service[k])
        status_code[protocol] = _view(np, tables.status[k]).view(np.int8)
        description_code[protocol] = _view(np, tables.description[k])
        in_range[protocol] = _view(np, tables.in_range[k]).view(np.bool_)  # 0 or 1
    return PortColumns(
        services=tables.services,
        descriptions=tables.descriptions,
        service_code=service_code,
        status_code=status_code,
        description_code=description_code,
        in_range=in_range,
        range_class_code=range_class_codes(),
    )


def _view(np: Any, table: Sequence[int]) -> Codes:
    """A port table as a read-only array over its own memory, strided or not."""
    view: Codes = np.asarray(memoryview(table))  # type: ignore[arg-type]
    view.flags.writeable = False
    return view


@functools.cache
def range_class_codes() -> Codes:
    """The range class code of every port: the same for every registry, so made once."""
    np = _numpy()
    codes: Codes = np.empty(PORTS, np.int8)
    for i, range_class in enumerate(RANGE_CLASSES):
        codes[range_class.first : range_class.last + 1] = i
    codes.flags.writeable = False
    return codes


def _numpy() -> Any:
    return need("numpy", "Bulk annotation")


def _frozen(array: Any) -> Any:
    array.flags.writeable = False
    return array
