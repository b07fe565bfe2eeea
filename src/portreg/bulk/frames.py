"""Bulk annotation into pandas: :func:`annotate`, :func:`service_side` and the accessor.

Each answer is one vectorised ``take`` from the code tables of
:mod:`portreg.answers.columns` into a pandas ``Categorical`` (codes of one or two
bytes a row, plus the categories once), so millions of ports take milliseconds.
See :mod:`portreg.bulk.inputs` for the ports and protocols accepted.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from portreg._deps import need
from portreg.answers.columns import NONE, PORTS, PortColumns
from portreg.bulk.flows import SIDES, service_sides
from portreg.bulk.gather import gather
from portreg.bulk.inputs import (
    check_column,
    factorize_objects,
    flat_index,
    port_values,
    protocol_offsets,
    unchecked,
)
from portreg.bulk.options import (
    Errors,
    InvalidOptionError,
    LengthMismatchError,
    categories,
    check_errors,
    chosen_columns,
)
from portreg.bulk.tables import port_columns
from portreg.errors import InputTypeError
from portreg.records.vocabulary import Protocol

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt
    import pandas

    from portreg.lookups.registry import Registry

    Index = npt.NDArray[numpy.intp]

__all__ = [
    "PortregSeriesAccessor",
    "annotate",
    "annotate_frame",
    "annotate_with",
    "annotation_columns",
    "check_frame_columns",
    "codes_of",
    "indexes_of",
    "pandas_columns",
    "service_side",
]


def _pandas() -> Any:
    return need("pandas", "Bulk annotation into pandas")


# -- inputs -----------------------------------------------------------------------


def _port_array(pd: Any, np: Any, ports: object) -> tuple[Any, Any, Any]:
    """(values, missing rows or None, the pandas index to keep or None)."""
    if isinstance(ports, pd.DataFrame):
        raise InputTypeError(
            "ports must be a column (a numpy array, a pandas Series, a list); got DataFrame"
        )
    check_column(ports, "ports", "a column of port numbers")
    index = ports.index if isinstance(ports, pd.Series) else None
    if isinstance(ports, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        dtype = ports.dtype
        if isinstance(dtype, np.dtype):
            return np.asarray(ports), None, index
        kind = getattr(dtype, "kind", "O")
        numpy_dtype = getattr(dtype, "numpy_dtype", None)
        if kind in "iuf" and numpy_dtype is not None and not isinstance(dtype, pd.CategoricalDtype):
            missing = np.asarray(pd.isna(ports), np.bool_)
            return ports.to_numpy(dtype=numpy_dtype, na_value=0), missing, index
        if kind == "b":
            return np.zeros(0, np.bool_), None, index  # refused as booleans
        values = np.asarray(ports, dtype=object)
        return values, np.asarray(pd.isna(values), np.bool_), index
    if isinstance(ports, np.ndarray):
        array = ports
    else:
        if not hasattr(ports, "__len__") and not hasattr(ports, "__array__"):
            ports = list(ports)  # type: ignore[call-overload]  # any iterable
        array = _array(np, ports)
        if array.dtype.kind in "iufb" and array.ndim == 1 and _has_bool(ports, array):
            array = _objects(np, ports)
    if array.ndim != 1:
        raise InputTypeError(f"ports must be one column; got an array of shape {array.shape}")
    return array, None, index


def _has_bool(values: object, array: Any) -> bool:
    """Whether a sequence numpy made numeric holds a bool, which numpy reads as 0 or 1."""
    if array.dtype.kind == "b":
        return False  # an all-bool array is refused as such
    return isinstance(values, (list, tuple)) and any(isinstance(v, bool) for v in values)


def _protocol_array(pd: Any, np: Any, protocols: object, length: int) -> Any:
    """A numpy array for numeric protocol columns; pandas objects kept for factorize."""
    if isinstance(protocols, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        dtype = protocols.dtype
        if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
            return np.asarray(protocols)
        if getattr(dtype, "kind", "O") in "iuf" and not isinstance(dtype, pd.CategoricalDtype):
            return protocols.to_numpy(dtype="float64", na_value=np.nan)
        return protocols
    if isinstance(protocols, (list, tuple)):
        array = _array(np, protocols) if len(protocols) else np.zeros(0, np.intp)
        return array if array.dtype.kind in "iuf" else _objects(np, protocols)
    return protocols


def _array(np: Any, values: Any) -> Any:
    """``numpy.asarray(values)``, or an object array where the values are ragged."""
    try:
        return np.asarray(values)
    except ValueError:  # a list among the values
        return _objects(np, values)


def _objects(np: Any, values: Any) -> Any:
    return np.fromiter(values, dtype=object, count=len(values))


def _factorize(pd: Any, column: Any) -> tuple[Any, Any]:
    try:
        return pd.factorize(column, use_na_sentinel=True)  # type: ignore[no-any-return]
    except TypeError:  # unhashable values: another protocol, or none
        return factorize_objects(column)


def _where(index: Any, positions: bool = True) -> Callable[[int], str]:
    if index is None:
        return lambda position: f"position {position}"

    def label(position: int) -> str:
        value = index[position]
        return repr(value.item() if hasattr(value, "dtype") and hasattr(value, "item") else value)

    if not positions:  # a partition's positions mean nothing to the user
        return lambda position: f"index {label(position)}"
    return lambda position: f"position {position} (index {label(position)})"


def _misaligned(pd: Any, ports: object, protocols: object) -> bool:
    """Whether two Series of the same length pair up different index labels."""
    if not (isinstance(ports, pd.Series) and isinstance(protocols, pd.Series)):
        return False
    return len(ports) == len(protocols) and not ports.index.equals(protocols.index)


def _inputs(ports: object, protocols: object, name: str) -> tuple[Any, Any, Any, Any]:
    """(port values, missing rows or None, protocol offsets, pandas index to keep or None)."""
    pd, np = _pandas(), need("numpy", "Bulk annotation")
    if protocols is not None and not isinstance(protocols, (str, numbers.Real)):
        check_column(protocols, "protocols", "one transport, or a column of names or numbers")
    values, missing, index = _port_array(pd, np, ports)
    if values.dtype.kind == "b":
        raise InputTypeError(f"{name} must be integers 0-65535, not booleans")
    if _misaligned(pd, ports, protocols):
        raise LengthMismatchError(
            "ports and protocols are Series with different indexes; align them first, "
            "or pass one of them as .to_numpy() to pair the rows by position"
        )
    offsets = protocol_offsets(
        _protocol_array(pd, np, protocols, len(values)),
        len(values),
        factorize=lambda column: _factorize(pd, column),
    )
    return values, missing, offsets, index


def indexes_of(
    ports: object,
    protocols: object,
    errors: Errors,
    name: str = "ports",
) -> tuple[Index, Any]:
    """(flat indexes into the stacked tables, pandas index to keep or None)."""
    values, missing, offsets, index = _inputs(ports, protocols, name)
    numbers, missing = port_values(values, missing, errors, _where(index))
    return flat_index(numbers, missing, offsets), index


def codes_of(
    tables: PortColumns,
    columns: Sequence[str],
    ports: object,
    protocols: object,
    errors: Errors,
    name: str = "ports",
    *,
    positions: bool = True,
) -> tuple[dict[str, Any], Any]:
    """(each column's codes, pandas index to keep or None): the ports checked in passing."""
    values, missing, offsets, index = _inputs(ports, protocols, name)
    where = _where(index, positions)
    numbers, missing = port_values(values, missing, errors, where, defer=True)
    codes, bad = gather(tables, columns, numbers, missing, offsets, check=unchecked(numbers))
    if bad:  # check them properly: raise, or null the bad ones, then gather again
        numbers, missing = port_values(values, missing, errors, where)
        codes, _ = gather(tables, columns, numbers, missing, offsets, check=False)
    return codes, index


# -- outputs --------------------------------------------------------------------------


def _dtype(pd: Any, tables: PortColumns, column: str) -> Any:
    return tables.kept(
        ("pandas dtype", column), lambda: pd.CategoricalDtype(list(categories(tables, column)))
    )


def annotation_columns(tables: PortColumns, index: Index, columns: Sequence[str]) -> dict[str, Any]:
    """Each asked-for column as a pandas array, for rows given as stacked-table indexes."""
    codes = {column: tables.stacked(column).take(index) for column in columns}
    if "in_range" in codes:  # False/True, and -1 where there is no answer
        in_range = codes["in_range"].astype("int8")
        in_range[index >= NONE * PORTS] = -1
        codes["in_range"] = in_range
    return pandas_columns(tables, codes)


def pandas_columns(tables: PortColumns, codes: dict[str, Any]) -> dict[str, Any]:
    """Each column's codes as a pandas array: a Categorical, or booleans for in_range."""
    pd = _pandas()
    out: dict[str, Any] = {}
    for column, values in codes.items():
        if column == "in_range":
            out[column] = pd.arrays.BooleanArray(values == 1, values < 0)
        else:
            dtype = _dtype(pd, tables, column)
            out[column] = pd.Categorical.from_codes(values, dtype=dtype, validate=False)
    return out


def annotate(
    ports: object,
    protocols: object = None,
    *,
    columns: Sequence[str] | None = None,
    errors: Errors = "raise",
    registry: Registry | None = None,
) -> pandas.DataFrame:
    """What the registry says of each port in a column, as a DataFrame aligned with it.

    ``ports`` is a numpy array, a pandas Series (numpy or nullable dtype; its index is
    kept) or a sequence of ports; ``None``, NaN and ``pandas.NA`` are missing and get
    nulls. ``protocols`` is ``None`` (any transport, as ``lookup(port)``), one
    transport for every row (``"tcp"``, ``Protocol.UDP``, ``6``), or a column of
    transport names in any case or IANA protocol numbers (6 tcp, 17 udp, 132 sctp,
    33 dccp); a row on another protocol (1, ICMP: no ports) gets nulls.

    The columns, dictionary-encoded (``category``; ``in_range`` is ``boolean``):

    ``service``
        the preferred name, ``lookup(port, protocol).preferred_name()``; null where
        no service is assigned;
    ``status``
        ``lookup(port).status(protocol)``: assigned, reserved, deregistered,
        unassigned or dynamic;
    ``range_class``
        ``classify(port)``: system, user or dynamic;
    ``description``
        the registry's description of the named service or, without one, of the row
        that gives the status ("Unassigned", "Reserved"); null where no row covers
        the port;
    ``in_range``
        whether a registry row covering more than one port speaks for the port.

    ``columns`` picks some of them, in that order. A port out of range or not a
    whole number raises :class:`~portreg.InvalidPortError` naming the first one and
    its position; ``errors="null"`` answers such rows with nulls instead, as
    ``pandas.to_numeric(errors="coerce")`` does. ``registry`` defaults to the one in
    use. Needs pandas (``pip install 'portreg[pandas]'``).

    >>> from portreg import annotate
    >>> frame = annotate([443, 53, 51234, None], [6, "UDP", "tcp", "tcp"])
    >>> frame[["service", "status", "range_class"]]
      service    status range_class
    0   https  assigned      system
    1  domain  assigned      system
    2     NaN   dynamic     dynamic
    3     NaN       NaN         NaN
    """
    chosen = chosen_columns(columns)
    return annotate_with(port_columns(registry), ports, protocols, chosen, check_errors(errors))


def annotate_with(
    tables: PortColumns, ports: object, protocols: object, columns: Sequence[str], errors: Errors
) -> pandas.DataFrame:
    """:func:`annotate` from given code tables, options already checked."""
    codes, kept = codes_of(tables, columns, ports, protocols, errors)
    pd = _pandas()
    data = pandas_columns(tables, codes)
    rows = len(next(iter(codes.values())))
    frame: pandas.DataFrame = pd.DataFrame(
        data, index=kept if kept is not None else pd.RangeIndex(rows), copy=False
    )
    return frame


def service_side(
    src_ports: object,
    dst_ports: object,
    protocols: object = None,
    *,
    errors: Errors = "raise",
    registry: Registry | None = None,
) -> pandas.DataFrame:
    """Which end of each flow is the service: ``side``, its ``port`` and ``service`` name.

    ``side`` is ``"src"``, ``"dst"`` or null when the ends cannot be told apart; the
    rule is in :mod:`portreg.bulk.flows`: an operating system's ephemeral port
    (32768-65535: Linux's 32768-60999 and the Dynamic range) is a client port; then
    a port assigned on the flow's transport beats one that is not; then System beats
    User beats Dynamic. Both ends on the same port (5353 <-> 5353) give a null side
    but that port and its service. Ports and protocols are taken as by
    :func:`annotate`; the index of ``src_ports`` is kept when it is a Series.

    >>> from portreg import service_side
    >>> service_side([51234, 443, 40000], [443, 51234, 53], ["tcp", "tcp", "udp"])
      side  port service
    0  dst   443   https
    1  src   443   https
    2  dst    53  domain
    """
    pd = _pandas()
    tables = port_columns(registry)
    checked = check_errors(errors)
    src, kept = indexes_of(src_ports, protocols, checked, "src_ports")
    dst, _ = indexes_of(dst_ports, protocols, checked, "dst_ports")
    if len(src) != len(dst):
        raise LengthMismatchError(
            f"src_ports and dst_ports must be as long: {len(src)} and {len(dst)} rows"
        )
    side, chosen = service_sides(tables, src, dst)
    nothing = chosen >= NONE * PORTS
    data = {
        "side": pd.Categorical.from_codes(side, categories=list(SIDES), validate=False),
        "port": pd.arrays.IntegerArray((chosen % PORTS).astype("uint16"), nothing),
        "service": annotation_columns(tables, chosen, ("service",))["service"],
    }
    frame: pandas.DataFrame = pd.DataFrame(
        data, index=kept if kept is not None else pd.RangeIndex(len(src)), copy=False
    )
    return frame


def annotate_frame(
    frame: pandas.DataFrame,
    port: str,
    protocol: str | Protocol | None,
    *,
    tables: PortColumns,
    columns: Sequence[str],
    errors: Errors,
    prefix: str,
) -> pandas.DataFrame:
    """``frame`` with the annotation of its ``port`` column added, as ``prefix + name``.

    ``protocol`` names the column of protocols, or is one :class:`~portreg.Protocol`
    for every row, or ``None`` for any transport. The engines' frame-level
    ``annotate`` functions run this on each partition.
    """
    by_column = isinstance(protocol, str) and not isinstance(protocol, Protocol)
    protocols: object = frame[protocol] if by_column else protocol
    codes, _ = codes_of(tables, columns, frame[port], protocols, errors, port, positions=False)
    data = pandas_columns(tables, codes)
    pd = _pandas()
    added = pd.DataFrame({prefix + name: v for name, v in data.items()}, index=frame.index)
    return frame.join(added) if len(frame.columns) else added


def check_frame_columns(
    names: Sequence[str], port: str, protocol: object, columns: Sequence[str], prefix: str
) -> None:
    """Refuse a frame-level annotation whose inputs are missing or whose outputs clash."""
    present = set(names)
    if port not in present:
        raise InvalidOptionError(f"no column {port!r} (port=) in the frame")
    if isinstance(protocol, str) and not isinstance(protocol, Protocol):
        if protocol not in present:
            raise InvalidOptionError(
                f"no column {protocol!r} (protocol=) in the frame; for one transport on "
                f"every row, pass a Protocol such as Protocol.TCP"
            )
    elif protocol is not None and not isinstance(protocol, Protocol):
        raise InputTypeError(
            f"protocol must be a column name, a Protocol or None; got {protocol!r}"
        )
    clashes = [prefix + c for c in columns if prefix + c in present]
    if clashes:
        raise InvalidOptionError(
            f"the frame already has columns {clashes}; pass prefix= to name the new ones"
        )


# -- the Series accessor -----------------------------------------------------------------


class PortregSeriesAccessor:
    """``series.portreg``: annotations of a column of ports (``import portreg.pandas``).

    Each method takes ``protocols`` (``None``, one transport, or a column as long as
    the Series), ``errors`` and ``registry`` as :func:`annotate` does, and returns a
    Series with the Series' index.

    >>> import pandas as pd, portreg.pandas
    >>> pd.Series([22, 80, 5353], name="dst_port").portreg.service("tcp").tolist()
    ['ssh', 'http', 'mdns']
    """

    def __init__(self, series: pandas.Series[Any]) -> None:
        self._series = series

    def annotate(
        self,
        protocols: object = None,
        *,
        columns: Sequence[str] | None = None,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.DataFrame:
        """Every annotation column at once: :func:`portreg.annotate` of the Series."""
        return annotate(self._series, protocols, columns=columns, errors=errors, registry=registry)

    def _one(
        self, column: str, protocols: object, errors: Errors, registry: Registry | None
    ) -> pandas.Series[Any]:
        frame = annotate(
            self._series, protocols, columns=(column,), errors=errors, registry=registry
        )
        return frame[column]

    def service(
        self,
        protocols: object = None,
        *,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.Series[Any]:
        """The preferred service name of each port; null where none is assigned."""
        return self._one("service", protocols, errors, registry)

    def status(
        self,
        protocols: object = None,
        *,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.Series[Any]:
        """The status of each port on its transport (or on any, without protocols)."""
        return self._one("status", protocols, errors, registry)

    def range_class(
        self,
        protocols: object = None,
        *,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.Series[Any]:
        """System, user or dynamic; null for missing ports and rows on other protocols."""
        return self._one("range_class", protocols, errors, registry)

    def description(
        self,
        protocols: object = None,
        *,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.Series[Any]:
        """The registry's description of each port's service or status."""
        return self._one("description", protocols, errors, registry)

    def in_range(
        self,
        protocols: object = None,
        *,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> pandas.Series[Any]:
        """Whether a registry row covering more than one port speaks for each port."""
        return self._one("in_range", protocols, errors, registry)
