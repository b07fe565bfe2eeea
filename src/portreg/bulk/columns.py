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

The tables are built here from any :class:`~portreg.Registry`, from the same answers
:func:`~portreg.lookup` gives, once per registry (about a second or two), and kept
while the registry lives. A precomputed image shipped with the package will replace
the build for the packaged registry; the interface stays this one.

numpy is imported when a table is built, not when this module is imported.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Union

import attrs

from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import Protocol, Status

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

    from portreg.answers.port import PortInfo
    from portreg.lookups.registry import Registry
    from portreg.records.assignment import Assignment

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
    "port_columns",
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
#: The category table of status codes.
STATUSES: tuple[Status, ...] = tuple(Status)
#: The category table of range class codes.
RANGE_CLASSES: tuple[RangeClass, ...] = tuple(RangeClass)

#: The columns a :class:`PortColumns` answers, each by transport.
_BY_TRANSPORT = ("service", "status", "description", "in_range")

# One port's answer on each block: (service, status, description, in_range) per block.
_Answer = tuple[tuple[Union[str, None], Status, Union[str, None], bool], ...]


@attrs.frozen(eq=False)
class PortColumns:
    """Per-(transport, port) code tables for one registry; see the module docstring.

    ``service_code[Protocol.TCP][443]`` is the index of ``"https"`` in ``services``;
    ``service_code[None][port]`` answers for any transport. Arrays are numpy arrays
    of 65,536 entries and must not be modified.
    """

    #: The service names the codes index, sorted.
    services: tuple[str, ...]
    #: The descriptions the codes index, sorted.
    descriptions: tuple[str, ...]
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
    _stacked: dict[str, Codes] = attrs.field(factory=dict, init=False, repr=False)
    _stack_lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled for Dask workers and Spark's Python workers: the tables, not the
        # stacked copies (rebuilt on first use there) nor the lock.
        fields = (
            self.services,
            self.descriptions,
            self.service_code,
            self.status_code,
            self.description_code,
            self.in_range,
            self.range_class_code,
        )
        return (PortColumns, fields)

    def stacked(self, column: str) -> Codes:
        """One column's codes for every block, end to end: ``len(BLOCKS) + 1`` blocks.

        Entry ``block * PORTS + port`` answers ``port`` on ``BLOCKS[block]``; the last
        block (``NONE``) is all -1 (``False`` for ``in_range``), for rows with no
        answer. ``column`` is one of service, status, description, in_range,
        range_class. Built once, shared, read-only.
        """
        found = self._stacked.get(column)
        if found is None:
            with self._stack_lock:
                found = self._stacked.get(column)
                if found is None:
                    found = self._stacked[column] = self._stack(column)
        return found

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


def build_port_columns(source: Registry) -> PortColumns:
    """The code tables of ``source``, built from its scalar answers.

    Ports covered by the same rows (the 65,536 ports share a few tens of thousands of
    row sets) are answered once; a port whose rows carry notes is answered on its own,
    since a note may single the port out ("Conflict on 2049").
    """
    np = _numpy()

    answers: list[_Answer] = []
    answer_of: dict[tuple[Any, ...], int] = {}
    keep_alive: list[tuple[Assignment, ...]] = []  # ids in the keys stay unique
    which = np.empty(PORTS, np.int32)
    for port in range(PORTS):
        info = source.lookup(port)
        rows = info.assignments
        singled_out = any(row.notes for row in rows)
        key = (tuple(map(id, rows)), info.range_class, port if singled_out else -1)
        found = answer_of.get(key)
        if found is None:
            found = answer_of[key] = len(answers)
            answers.append(_answer(info))
            keep_alive.append(rows)
        which[port] = found

    services = tuple(sorted({a[0] for per in answers for a in per if a[0] is not None}))
    descriptions = tuple(sorted({a[2] for per in answers for a in per if a[2] is not None}))
    service_index = {name: i for i, name in enumerate(services)}
    description_index = {text: i for i, text in enumerate(descriptions)}
    status_index = {status: i for i, status in enumerate(STATUSES)}

    def codes(values: list[int], size: int) -> Codes:
        array: Codes = np.asarray(values, _code_dtype(size))
        return array

    service_code, status_code, description_code, in_range = {}, {}, {}, {}
    for block, key_protocol in enumerate(BLOCKS):
        per_answer = [answer[block] for answer in answers]
        service_code[key_protocol] = _frozen(
            codes([-1 if s is None else service_index[s] for s, _, _, _ in per_answer],
                  len(services))[which]
        )  # fmt: skip
        status_code[key_protocol] = _frozen(
            codes([status_index[s] for _, s, _, _ in per_answer], len(STATUSES))[which]
        )
        description_code[key_protocol] = _frozen(
            codes([-1 if d is None else description_index[d] for _, _, d, _ in per_answer],
                  len(descriptions))[which]
        )  # fmt: skip
        in_range[key_protocol] = _frozen(
            np.asarray([r for _, _, _, r in per_answer], np.bool_)[which]
        )
    return PortColumns(
        services=services,
        descriptions=descriptions,
        service_code=service_code,
        status_code=status_code,
        description_code=description_code,
        in_range=in_range,
        range_class_code=_frozen(_range_class_codes()),
    )


def _answer(info: PortInfo) -> _Answer:
    """One port's answer on each block, from the scalar API."""
    answer = []
    for protocol in BLOCKS:
        rows = info.on(protocol) if protocol is not None else info.assignments
        name = info.preferred_name(protocol)
        status = info.status(protocol)
        answer.append((name, status, _description(rows, name, status), _in_range(rows)))
    return tuple(answer)


def _description(rows: tuple[Assignment, ...], name: str | None, status: Status) -> str | None:
    ordered = sorted(rows, key=lambda row: row.is_range)  # stable: registry order kept
    if name is not None:
        chosen = [r for r in ordered if r.service == name and r.status is Status.ASSIGNED]
    else:
        chosen = [r for r in ordered if r.status is status]
    return (chosen[0].description or None) if chosen else None


def _in_range(rows: tuple[Assignment, ...]) -> bool:
    return any(row.is_range for row in rows)


def _range_class_codes() -> Codes:
    np = _numpy()

    codes: Codes = np.empty(PORTS, np.int8)
    for i, range_class in enumerate(RANGE_CLASSES):
        codes[range_class.first : range_class.last + 1] = i
    return codes


def _code_dtype(size: int) -> Any:
    """The narrowest signed integer type holding codes 0..size-1 and -1."""
    np = _numpy()

    for dtype in (np.int8, np.int16, np.int32):
        if size <= np.iinfo(dtype).max:
            return dtype
    return np.int64


def _numpy() -> Any:
    from portreg.bulk._deps import need

    return need("numpy", "Bulk annotation")


def _frozen(array: Any) -> Any:
    array.flags.writeable = False
    return array


# -- one set of tables per registry ---------------------------------------------------

_built: dict[int, tuple[weakref.ref[Registry], PortColumns]] = {}
_build_lock = threading.Lock()


def port_columns(registry: Registry | None = None) -> PortColumns:
    """The code tables of ``registry`` (the one in use by default), built once.

    They are kept while the registry lives; asking again returns the same object.
    """
    if registry is None:
        from portreg.lookups.in_use import registry as in_use

        registry = in_use()
    key = id(registry)
    entry = _built.get(key)
    if entry is not None and entry[0]() is registry:
        return entry[1]
    with _build_lock:
        entry = _built.get(key)
        if entry is not None and entry[0]() is registry:
            return entry[1]
        columns = build_port_columns(registry)
        _built[key] = (weakref.ref(registry), columns)
        weakref.finalize(registry, _built.pop, key, None)
        return columns
