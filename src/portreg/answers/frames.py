"""The registry and its answers as pandas DataFrames, for grouping, filtering and plotting.

pandas is an optional extra (``pip install 'portreg[pandas]'``), imported only when a
frame is asked for. Columns are typed: nullable integers for ports, categoricals for
protocol, status and range class (with every member as a category, so counts show
zeros too), ``datetime64`` for dates, and pandas' nullable ``string`` for text.

>>> from portreg import registry
>>> frame = registry().to_pandas()
>>> len(frame) == len(registry())
True
>>> row = frame[frame["service"] == "tacacss"].iloc[0]
>>> int(row["first"]), row["protocol"], row["status"], row["registered"].date()
(300, 'tcp', 'assigned', datetime.date(2025, 7, 15))
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

from portreg.answers.port import PortInfo
from portreg.answers.search import MatchKind
from portreg.errors import MissingDependencyError
from portreg.records.assignment import Assignment, RegistryDate
from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import DatePrecision, Protocol, Status

if TYPE_CHECKING:
    import pandas

    from portreg.answers.block import Block
    from portreg.answers.search import SearchHit

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "BLOCK_COLUMNS",
    "PORT_COLUMNS",
    "SEARCH_COLUMNS",
    "FrameColumn",
    "assignments_frame",
    "blocks_frame",
    "frame_of",
    "ports_frame",
    "search_frame",
]

T = TypeVar("T")

FrameKind = Literal["int", "text", "category", "date"]


@attrs.frozen
class FrameColumn(Generic[T]):
    """One typed column of a frame: its name, its kind, and how to get a value from an item.

    ``kind`` picks the pandas dtype: ``"int"`` a nullable integer (``dtype`` says which,
    ``Int32`` by default), ``"text"`` pandas' nullable ``string``, ``"category"`` a
    categorical over ``categories`` (all of them, so counts show zeros too), ``"date"``
    ``datetime64``. A value of ``None`` is missing in every kind.
    """

    name: str
    kind: FrameKind
    value: Callable[[T], Any]
    categories: tuple[str, ...] = ()
    dtype: str = "Int32"


def frame_of(items: Iterable[T], columns: Sequence[FrameColumn[T]]) -> pandas.DataFrame:
    """A DataFrame with one row per item and the given typed columns, in order.

    >>> squares = frame_of(
    ...     [1, 2, None],
    ...     [FrameColumn("n", "int", lambda n: n), FrameColumn("odd", "category",
    ...      lambda n: None if n is None else "yes" if n % 2 else "no", ("yes", "no"))],
    ... )
    >>> squares["n"].tolist(), squares["odd"].tolist(), str(squares["n"].dtype)
    ([1, 2, <NA>], ['yes', 'no', nan], 'Int32')
    """
    pd = _pandas()
    rows = list(items)
    data: dict[str, Any] = {}
    for column in columns:
        values = [column.value(item) for item in rows]
        if column.kind == "int":
            data[column.name] = pd.array(values, dtype=column.dtype)
        elif column.kind == "text":
            data[column.name] = pd.array(values, dtype="string")
        elif column.kind == "category":
            data[column.name] = pd.Categorical(values, categories=list(column.categories))
        else:
            data[column.name] = pd.to_datetime(pd.Series(values, dtype=object))
    frame: pandas.DataFrame = pd.DataFrame(data, columns=[c.name for c in columns])
    return frame


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            "DataFrames need pandas, which is not installed; "
            "install it with: pip install 'portreg[pandas]'"
        ) from None
    return pandas


def _joined(values: Iterable[object]) -> str | None:
    text = "; ".join(str(v) for v in values)
    return text or None


def _date(value: RegistryDate | None) -> datetime.date | None:
    return value.value if value is not None else None


def _precision(value: RegistryDate | None) -> str | None:
    return value.precision.value if value is not None else None


_PROTOCOLS = tuple(p.value for p in Protocol)
_STATUSES = tuple(s.value for s in Status)
_PRECISIONS = tuple(p.value for p in DatePrecision)

#: The columns of :func:`assignments_frame`.
ASSIGNMENT_COLUMNS: tuple[FrameColumn[Assignment], ...] = (
    FrameColumn("service", "text", lambda a: a.service),
    FrameColumn("first", "int", lambda a: a.first),
    FrameColumn("last", "int", lambda a: a.last),
    FrameColumn("protocol", "category", lambda a: a.protocol and a.protocol.value, _PROTOCOLS),
    FrameColumn("status", "category", lambda a: a.status.value, _STATUSES),
    FrameColumn("description", "text", lambda a: a.description),
    FrameColumn("assignees", "text", lambda a: _joined(a.assignees)),
    FrameColumn("contacts", "text", lambda a: _joined(a.contacts)),
    FrameColumn("registered", "date", lambda a: _date(a.registered)),
    FrameColumn("registered_precision", "category", lambda a: _precision(a.registered),
                _PRECISIONS),
    FrameColumn("modified", "date", lambda a: _date(a.modified)),
    FrameColumn("modified_precision", "category", lambda a: _precision(a.modified), _PRECISIONS),
    FrameColumn("references", "text", lambda a: _joined(r.label for r in a.references)),
    FrameColumn("service_code", "int", lambda a: a.service_code, dtype="Int64"),
    FrameColumn("unauthorized_use", "text", lambda a: a.unauthorized_use),
    FrameColumn("notes", "text", lambda a: a.notes),
)  # fmt: skip


def assignments_frame(assignments: Iterable[Assignment]) -> pandas.DataFrame:
    """One row per registry row, in the order given, with :data:`ASSIGNMENT_COLUMNS`.

    The columns: ``service``, ``first``, ``last``, ``protocol``, ``status``,
    ``description``, ``assignees``, ``contacts``, ``registered``,
    ``registered_precision``, ``modified``, ``modified_precision``, ``references``,
    ``service_code``, ``unauthorized_use``, ``notes``.

    ``first`` and ``last`` are nullable ``Int32`` (missing for a name without a port);
    ``protocol`` is missing where a row applies to every transport. ``registered``
    and ``modified`` are dates, with ``*_precision`` saying whether the registry gave
    a day or only a month. People and references are joined with ``"; "``.
    """
    return frame_of(assignments, ASSIGNMENT_COLUMNS)


def _on(protocol: Protocol) -> Callable[[PortInfo], str | None]:
    def status(info: PortInfo) -> str | None:
        found = info.statuses.get(protocol)
        return found.value if found is not None else None

    return status


#: The columns of :func:`ports_frame`.
PORT_COLUMNS: tuple[FrameColumn[PortInfo], ...] = (
    FrameColumn("port", "int", lambda info: info.port),
    FrameColumn("range_class", "category", lambda info: info.range_class.value,
                tuple(r.value for r in RangeClass)),
    FrameColumn("status", "category", lambda info: info.status().value, _STATUSES),
    *(FrameColumn(p.value, "category", _on(p), _STATUSES) for p in Protocol),
    FrameColumn("services", "text", lambda info: _joined(info.services)),
    FrameColumn("descriptions", "text", lambda info: _joined(
        dict.fromkeys(a.description for a in info.assignments if a.description))),
    FrameColumn("rows", "int", lambda info: len(info.assignments)),
)  # fmt: skip


def ports_frame(infos: Iterable[PortInfo]) -> pandas.DataFrame:
    """One row per port, in the order given, with :data:`PORT_COLUMNS`.

    The columns: ``port``, ``range_class``, ``status``, ``tcp``, ``udp``, ``sctp``,
    ``dccp``, ``services``, ``descriptions``, ``rows``.

    ``status`` is the port's overall status, and ``tcp`` ... ``dccp`` its status on
    each transport (missing on the transports an answer for one protocol does not
    speak for). ``services`` and ``descriptions`` are joined with ``"; "``; ``rows``
    counts the registry rows that cover the port.

    >>> from portreg import neighbours
    >>> frame = neighbours(305).to_pandas()
    >>> frame.loc[frame["status"] == "unassigned", "port"].tolist()
    [301, 302, 303, 304, 305, 306, 307]
    """
    return frame_of(infos, PORT_COLUMNS)


# -- search hits and blocks ----------------------------------------------------------------


def _protocol(assignment: Assignment) -> str | None:
    return assignment.protocol.value if assignment.protocol else None


SEARCH_COLUMNS: tuple[FrameColumn[SearchHit], ...] = (
    FrameColumn("service", "text", lambda h: h.assignment.service),
    FrameColumn("first", "int", lambda h: h.assignment.first),
    FrameColumn("last", "int", lambda h: h.assignment.last),
    FrameColumn("protocol", "category", lambda h: _protocol(h.assignment), _PROTOCOLS),
    FrameColumn("status", "category", lambda h: h.assignment.status.value, _STATUSES),
    FrameColumn("match", "category", lambda h: h.match.value, tuple(m.value for m in MatchKind)),
    FrameColumn("field", "category", lambda h: h.field, ("service", "description", "notes")),
    FrameColumn("matched_text", "text", lambda h: h.matched_text),
    FrameColumn("description", "text", lambda h: h.assignment.description),
    FrameColumn("position", "int", lambda h: h.position),
)  # fmt: skip
"""The columns of :func:`search_frame`, best hit first."""


def search_frame(hits: Iterable[SearchHit]) -> pandas.DataFrame:
    """One row per search hit: the row's name, ports, protocol and status, how it matched.

    >>> from portreg import search
    >>> frame = search("novastor").to_pandas()
    >>> frame[["service", "first", "protocol", "match"]].values.tolist()
    [['novastorbakcup', 308, 'tcp', 'name prefix'], ['novastorbakcup', 308, 'udp', 'name prefix']]
    """
    return frame_of(hits, SEARCH_COLUMNS)


BLOCK_COLUMNS: tuple[FrameColumn[Block], ...] = (
    FrameColumn("first", "int", lambda b: b.first),
    FrameColumn("last", "int", lambda b: b.last),
    FrameColumn("ports", "int", len),
    FrameColumn("status", "category", lambda b: b.status.value, _STATUSES),
    FrameColumn("protocol", "category", lambda b: b.protocol and b.protocol.value, _PROTOCOLS),
    FrameColumn("range_class", "category", lambda b: b.range_classes[0].value,
                tuple(c.value for c in RangeClass)),
)  # fmt: skip
"""The columns of :func:`blocks_frame`; ``range_class`` is the range a block starts in."""


def blocks_frame(blocks: Iterable[Block]) -> pandas.DataFrame:
    """One row per block of ports not assigned.

    >>> from portreg import unassigned
    >>> frame = unassigned(protocol="tcp").to_pandas()
    >>> free = frame[frame["status"] == "unassigned"]
    >>> int(free.groupby("range_class", observed=False)["ports"].sum()["system"])
    284
    """
    return frame_of(blocks, BLOCK_COLUMNS)
