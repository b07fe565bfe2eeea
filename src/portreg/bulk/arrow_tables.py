"""Bulk annotation into Arrow, the dense port table, and the registry rows as Arrow.

Dictionary-encoded columns throughout: the codes of :mod:`portreg.bulk.columns`
become the indices of ``pyarrow.DictionaryArray`` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portreg.bulk._deps import need
from portreg.bulk.columns import (
    NONE,
    PORTS,
    RANGE_CLASSES,
    TRANSPORTS,
    PortColumns,
    port_columns,
    range_class_codes,
)
from portreg.bulk.gather import gather
from portreg.bulk.inputs import factorize_objects, port_values, protocol_offsets, unchecked
from portreg.bulk.options import Errors, categories, check_errors, chosen_columns
from portreg.errors import InputTypeError
from portreg.sources.image import TextValues

if TYPE_CHECKING:
    import pyarrow

    from portreg.lookups.registry import Registry

__all__ = ["PORT_TABLE_COLUMNS", "annotate", "port_table", "rows_table"]

#: The columns of :func:`port_table`, in order.
PORT_TABLE_COLUMNS = (
    "port",
    "protocol",
    "service",
    "status",
    "range_class",
    "description",
    "in_range",
)


def _pa() -> Any:
    need("numpy", "portreg.arrow", "arrow")
    return need("pyarrow", "portreg.arrow")


def _dictionary(pa: Any, tables: PortColumns, column: str) -> Any:
    return tables.kept(("arrow dictionary", column), lambda: _strings(pa, tables, column))


def _strings(pa: Any, tables: PortColumns, column: str) -> Any:
    """A column's categories as an Arrow string array.

    Names and descriptions read from the image are one string of values separated by
    NULs: Arrow's layout but for the separators, so numpy removes them and works out
    the offsets, rather than Python making and handing over thousands of strings.
    """
    values = {"service": tables.services, "description": tables.descriptions}.get(column)
    if not isinstance(values, TextValues) or not len(values):
        return pa.array(categories(tables, column), pa.string())
    np = need("numpy", "portreg.arrow", "arrow")
    count = len(values)
    stored = values.column.utf8()
    ends = np.flatnonzero(np.frombuffer(stored, np.uint8) == 0)  # each value's end but the last's
    if len(ends) != count - 1:  # a value holds a NUL (rows built by hand)
        return pa.array(categories(tables, column), pa.string())
    text = bytes(stored).replace(b"\0", b"")
    offsets = np.empty(count + 1, np.int32)
    offsets[0] = 0
    offsets[1:count] = ends - np.arange(count - 1)  # less the separators before each end
    offsets[count] = len(text)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(text))


def _from_codes(pa: Any, tables: PortColumns, column: str, codes: Any) -> Any:
    """One annotation column from its codes (``in_range``: -1 none, 0 false, 1 true)."""
    if column == "in_range":
        return pa.array(codes == 1, pa.bool_(), mask=codes < 0)
    indices = pa.array(codes, mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, _dictionary(pa, tables, column))


def _bits(np: Any, flags: Any) -> Any:
    """Flags packed as Arrow packs booleans and validity: bit ``i`` of the buffer."""
    return np.packbits(flags, bitorder="little")


def _indices(pa: Any, np: Any, codes: Any) -> Any:
    """Contiguous codes as Arrow dictionary indices over the same memory, -1 as null."""
    valid = codes >= 0
    bitmap = None if valid.all() else pa.py_buffer(_bits(np, valid))
    kind = pa.from_numpy_dtype(codes.dtype)
    return pa.Array.from_buffers(kind, len(codes), [bitmap, pa.py_buffer(codes)])


def _column(pa: Any, tables: PortColumns, column: str, index: Any) -> Any:
    """One annotation column for rows given as indexes into the stacked tables."""
    codes = tables.stacked(column).take(index)
    if column == "in_range":
        return pa.array(codes, pa.bool_(), mask=index >= NONE * PORTS)
    indices = pa.array(codes, mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, _dictionary(pa, tables, column))


# -- annotate ---------------------------------------------------------------------


def _arrow_values(pa: Any, np: Any, values: Any) -> tuple[Any, Any]:
    """(numpy values, missing rows or None) of an Arrow array or chunked array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    missing = None
    if values.null_count:
        missing = np.asarray(values.is_null().to_numpy(zero_copy_only=False), np.bool_)
    kind = values.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        if values.null_count:
            values = values.fill_null(0)
        return values.to_numpy(zero_copy_only=False), missing
    if pa.types.is_boolean(kind):
        raise InputTypeError("ports must be integers 0-65535, not booleans")
    return np.asarray(values.to_pylist(), dtype=object), missing


def _arrow_protocols(pa: Any, np: Any, protocols: Any) -> Any:
    """Numbers as numpy (missing as NaN); text as (codes, distinct values) for factorize."""
    if isinstance(protocols, pa.ChunkedArray):
        protocols = protocols.combine_chunks()
    kind = protocols.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return protocols.cast(pa.float64()).to_numpy(zero_copy_only=False)
    encoded = protocols if pa.types.is_dictionary(kind) else protocols.dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return _Factorized(np.asarray(codes, np.intp), encoded.dictionary.to_pylist())


class _Factorized:
    """A protocol column already split into codes and distinct values."""

    def __init__(self, codes: Any, distinct: list[Any]) -> None:
        self.codes, self.distinct = codes, distinct


def _factorize(column: Any) -> tuple[Any, Sequence[Any]]:
    if isinstance(column, _Factorized):
        return column.codes, column.distinct
    return factorize_objects(column)


def annotate(
    ports: object,
    protocols: object = None,
    *,
    columns: Sequence[str] | None = None,
    errors: Errors = "raise",
    registry: Registry | None = None,
) -> pyarrow.Table:
    """:func:`portreg.annotate` as a ``pyarrow.Table`` of dictionary columns.

    ``ports`` and ``protocols`` may also be Arrow arrays or chunked arrays (nulls are
    missing). Everything else is as :func:`portreg.annotate`; ``in_range`` is a
    boolean column.

    >>> import pyarrow as pa
    >>> from portreg.arrow import annotate
    >>> table = annotate(pa.array([443, None, 53]), pa.array(["tcp", "tcp", "udp"]))
    >>> table.column("service").to_pylist(), str(table.schema.field("service").type)
    (['https', None, 'domain'], 'dictionary<values=string, indices=int16, ordered=0>')
    """
    pa, np = _pa(), need("numpy", "portreg.arrow", "arrow")
    chosen = chosen_columns(columns)
    tables = port_columns(registry)
    checked = check_errors(errors)
    missing = None
    if isinstance(ports, (pa.Array, pa.ChunkedArray)):
        values, missing = _arrow_values(pa, np, ports)
    elif isinstance(ports, np.ndarray):
        values = ports
    else:
        values = np.asarray(list(ports), dtype=object)  # type: ignore[call-overload]
        if all(type(v) is int for v in values):
            values = values.astype(np.int64)
    if values.ndim != 1:
        raise InputTypeError(f"ports must be one column; got an array of shape {values.shape}")
    if isinstance(protocols, (pa.Array, pa.ChunkedArray)):
        protocols = _arrow_protocols(pa, np, protocols)
    elif isinstance(protocols, (list, tuple)):
        protocols = np.asarray(protocols, dtype=object)
    offsets = protocol_offsets(protocols, len(values), factorize=_factorize)
    numbers, missing = port_values(values, missing, checked, defer=True)
    codes, bad = gather(tables, chosen, numbers, missing, offsets, check=unchecked(numbers))
    if bad:  # check them properly: raise, or null the bad ones, then gather again
        numbers, missing = port_values(values, missing, checked)
        codes, _ = gather(tables, chosen, numbers, missing, offsets, check=False)
    table: pyarrow.Table = pa.table({c: _from_codes(pa, tables, c, codes[c]) for c in chosen})
    return table


# -- the port table ---------------------------------------------------------------------


def port_table(registry: Registry | None = None) -> pyarrow.Table:
    """Every port on every transport, one row each: 65,536 x 4 rows, for joins.

    Columns: ``port`` (uint16), ``protocol`` (tcp, udp, sctp, dccp), and the
    annotation columns of :func:`portreg.annotate`, dictionary-encoded. Register it
    in DuckDB, Spark or a warehouse and join flow logs on ``(port, protocol)``.
    Built from the code tables by whole-array operations; one table per registry.

    >>> from portreg.arrow import port_table
    >>> table = port_table()
    >>> table.num_rows, table.column_names[:4]
    (262144, ['port', 'protocol', 'service', 'status'])
    >>> table.slice(443, 1).to_pylist()[0]["service"]
    'https'
    """
    pa = _pa()
    tables = port_columns(registry)
    table: pyarrow.Table = tables.kept("arrow port table", lambda: _build_port_table(pa, tables))
    return table


def _build_port_table(pa: Any, tables: PortColumns) -> Any:
    np = need("numpy", "portreg.arrow", "arrow")
    data = dict(_fixed_columns(pa, np))
    by_transport = {
        "service": tables.service_code,
        "status": tables.status_code,
        "description": tables.description_code,
        "in_range": tables.in_range,
    }
    for column in PORT_TABLE_COLUMNS:
        if column in data:
            continue
        # The transports' tables end to end, in TRANSPORTS order.
        codes = np.concatenate([by_transport[column][p] for p in TRANSPORTS])
        if column == "in_range":
            bits = pa.py_buffer(_bits(np, codes))
            data[column] = pa.Array.from_buffers(pa.bool_(), len(codes), [None, bits])
        else:
            indices = _indices(pa, np, codes)
            dictionary = _dictionary(pa, tables, column)
            # The codes index their categories by construction: no check of each.
            data[column] = pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)
    return pa.table({column: data[column] for column in PORT_TABLE_COLUMNS})


def _fixed_columns(pa: Any, np: Any) -> dict[str, Any]:
    """The port table's columns that are the same for every registry (port, protocol,
    range class): made once a process, and shared (Arrow arrays are immutable)."""
    if not _FIXED:
        transports = len(TRANSPORTS)
        protocol = pa.DictionaryArray.from_arrays(
            pa.array(np.repeat(np.arange(transports, dtype=np.int8), PORTS)),
            pa.array([p.value for p in TRANSPORTS], pa.string()),
        )
        range_class = pa.DictionaryArray.from_arrays(
            pa.array(np.tile(range_class_codes(), transports)),
            pa.array([r.value for r in RANGE_CLASSES], pa.string()),
        )
        _FIXED.update(
            port=pa.array(np.tile(np.arange(PORTS, dtype=np.uint16), transports)),
            protocol=protocol,
            range_class=range_class,
        )
    return _FIXED


_FIXED: dict[str, Any] = {}


# -- the registry's rows ---------------------------------------------------------------------


def rows_table(registry: Registry | None = None) -> pyarrow.Table:
    """Every registry row as a ``pyarrow.Table``, with the columns of ``Registry.to_pandas()``.

    Integers, dictionary-encoded protocol, status and date precisions, dates as
    ``date32`` and text as strings; pandas is not needed.

    >>> from portreg.arrow import rows_table
    >>> from portreg import registry
    >>> rows_table().num_rows == len(registry())
    True
    """
    pa = _pa()
    from portreg.answers.frames import ASSIGNMENT_COLUMNS
    from portreg.lookups.in_use import registry as in_use

    rows = list(registry if registry is not None else in_use())
    data = {}
    for column in ASSIGNMENT_COLUMNS:
        values = [column.value(row) for row in rows]
        if column.kind == "int":
            data[column.name] = pa.array(
                values, pa.int64() if column.dtype == "Int64" else pa.int32()
            )
        elif column.kind == "text":
            data[column.name] = pa.array(values, pa.string())
        elif column.kind == "category":
            known = {name: i for i, name in enumerate(column.categories)}
            data[column.name] = pa.DictionaryArray.from_arrays(
                pa.array([None if v is None else known[v] for v in values], pa.int8()),
                pa.array(column.categories, pa.string()),
            )
        else:
            data[column.name] = pa.array(values, pa.date32())
    table: pyarrow.Table = pa.table(data)
    return table
