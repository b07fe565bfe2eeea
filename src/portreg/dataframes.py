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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from portreg.errors import MissingDependencyError
from portreg.model import Assignment, DatePrecision, Protocol, RegistryDate, Status
from portreg.ranges import RangeClass

if TYPE_CHECKING:
    import pandas

    from portreg.portinfo import PortInfo

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "PORT_COLUMNS",
    "assignments_frame",
    "categorical",
    "ports_frame",
]

#: The columns of :func:`assignments_frame`, in order.
ASSIGNMENT_COLUMNS = (
    "service",
    "first",
    "last",
    "protocol",
    "status",
    "description",
    "assignees",
    "contacts",
    "registered",
    "registered_precision",
    "modified",
    "modified_precision",
    "references",
    "service_code",
    "unauthorized_use",
    "notes",
)
#: The columns of :func:`ports_frame`, in order.
PORT_COLUMNS = (
    "port",
    "range_class",
    "status",
    *(p.value for p in Protocol),
    "services",
    "descriptions",
    "rows",
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            "DataFrames need pandas, which is not installed; "
            "install it with: pip install 'portreg[pandas]'"
        ) from None
    return pandas


def categorical(values: Iterable[str | None], categories: Iterable[str]) -> Any:
    """A pandas ``Categorical`` of ``values`` (``None`` becomes missing) over ``categories``."""
    return _pandas().Categorical(list(values), categories=list(categories))


def _text(values: Iterable[str | None]) -> Any:
    return _pandas().array(list(values), dtype="string")


def _dates(values: Iterable[RegistryDate | None]) -> Any:
    return _pandas().to_datetime([d.value if d is not None else None for d in values])


def _joined(values: Iterable[object]) -> str | None:
    text = "; ".join(str(v) for v in values)
    return text or None


def assignments_frame(assignments: Iterable[Assignment]) -> pandas.DataFrame:
    """One row per registry row, in the order given, with the columns of
    :data:`ASSIGNMENT_COLUMNS`.

    ``first`` and ``last`` are nullable ``Int32`` (missing for a name without a port);
    ``protocol`` is missing where a row applies to every transport. ``registered``
    and ``modified`` are dates, with ``*_precision`` saying whether the registry gave
    a day or only a month. People and references are joined with ``"; "``.
    """
    pd = _pandas()
    rows: Sequence[Assignment] = list(assignments)
    protocols = [p.value for p in Protocol]
    precisions = [p.value for p in DatePrecision]
    columns = {
        "service": _text(a.service for a in rows),
        "first": pd.array([a.first for a in rows], dtype="Int32"),
        "last": pd.array([a.last for a in rows], dtype="Int32"),
        "protocol": categorical(
            (a.protocol.value if a.protocol else None for a in rows), protocols
        ),
        "status": categorical((a.status.value for a in rows), (s.value for s in Status)),
        "description": _text(a.description for a in rows),
        "assignees": _text(_joined(a.assignees) for a in rows),
        "contacts": _text(_joined(a.contacts) for a in rows),
        "registered": _dates(a.registered for a in rows),
        "registered_precision": categorical(
            (a.registered.precision.value if a.registered else None for a in rows), precisions
        ),
        "modified": _dates(a.modified for a in rows),
        "modified_precision": categorical(
            (a.modified.precision.value if a.modified else None for a in rows), precisions
        ),
        "references": _text(_joined(r.label for r in a.references) for a in rows),
        "service_code": pd.array([a.service_code for a in rows], dtype="Int64"),
        "unauthorized_use": _text(a.unauthorized_use for a in rows),
        "notes": _text(a.notes for a in rows),
    }
    frame: pandas.DataFrame = pd.DataFrame(columns, columns=list(ASSIGNMENT_COLUMNS))
    return frame


def ports_frame(infos: Iterable[PortInfo]) -> pandas.DataFrame:
    """One row per port, in the order given, with the columns of :data:`PORT_COLUMNS`.

    ``status`` is the port's overall status, and ``tcp`` ... ``dccp`` its status on
    each transport (missing on the transports an answer for one protocol does not
    speak for). ``services`` and ``descriptions`` are joined with ``"; "``; ``rows``
    counts the registry rows that cover the port.

    >>> from portreg import neighbours
    >>> frame = neighbours(305).to_pandas()
    >>> frame.loc[frame["status"] == "unassigned", "port"].tolist()
    [301, 302, 303, 304, 305, 306, 307]
    """
    pd = _pandas()
    ports: Sequence[PortInfo] = list(infos)
    statuses = [s.value for s in Status]
    per_transport = [info.statuses for info in ports]
    columns: dict[str, Any] = {
        "port": pd.array([info.port for info in ports], dtype="Int32"),
        "range_class": categorical(
            (info.range_class.value for info in ports), (r.value for r in RangeClass)
        ),
        "status": categorical((info.status().value for info in ports), statuses),
    }
    for protocol in Protocol:
        columns[protocol.value] = categorical(
            (s[protocol].value if protocol in s else None for s in per_transport), statuses
        )
    columns["services"] = _text(_joined(info.services) for info in ports)
    columns["descriptions"] = _text(
        _joined(dict.fromkeys(a.description for a in info.assignments if a.description))
        for info in ports
    )
    columns["rows"] = pd.array([len(info.assignments) for info in ports], dtype="Int32")
    frame: pandas.DataFrame = pd.DataFrame(columns, columns=list(PORT_COLUMNS))
    return frame
