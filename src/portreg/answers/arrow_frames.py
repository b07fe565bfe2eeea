"""The registry's tables as Apache Arrow: the dense port table, and the rows.

Dictionary-encoded columns throughout: the codes of :mod:`portreg.answers.columns`
become the indices of ``pyarrow.DictionaryArray`` over the codes' own memory, and the
categories are made from the image's own text. :meth:`portreg.Registry.port_table`
and :meth:`portreg.Registry.to_arrow` call these; :mod:`portreg.arrow` also annotates.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sized
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from portreg._deps import need
from portreg.answers.columns import PORTS, RANGE_CLASSES, TRANSPORTS, PortColumns, range_class_codes
from portreg.answers.frames import ASSIGNMENT_COLUMNS

if TYPE_CHECKING:
    import pyarrow

    from portreg.records.assignment import Assignment

__all__ = [
    "PORT_TABLE_COLUMNS",
    "arrow_categories",
    "build_port_table",
    "dictionary_column",
    "pyarrow_module",
    "rows_table",
]

#: The columns of the port table, in order.
PORT_TABLE_COLUMNS = (
    "port",
    "protocol",
    "service",
    "status",
    "range_class",
    "description",
    "in_range",
)


@runtime_checkable
class _StoredTexts(Sized, Protocol):
    """Categories that can hand over their text as stored: UTF-8, NUL-separated."""

    def utf8(self) -> bytes | memoryview: ...


def pyarrow_module(purpose: str = "portreg.arrow") -> Any:
    """pyarrow (and numpy), or :class:`~portreg.MissingDependencyError` naming the extra."""
    need("numpy", purpose, "arrow")
    return need("pyarrow", purpose, "arrow")


def arrow_categories(pa: Any, tables: PortColumns, column: str) -> Any:
    """A column's categories as an Arrow string array, made once per code tables."""
    return tables.kept(("arrow dictionary", column), lambda: _strings(pa, tables, column))


def _strings(pa: Any, tables: PortColumns, column: str) -> Any:
    """A column's categories as an Arrow string array.

    Names and descriptions read from the image are one string of values separated by
    NULs: Arrow's layout but for the separators, so numpy removes them and works out
    the offsets, rather than Python making and handing over thousands of strings.
    """
    values: object = {"service": tables.services, "description": tables.descriptions}.get(column)
    if not isinstance(values, _StoredTexts) or not len(values):
        return pa.array(tables.categories(column), pa.string())
    np = need("numpy", "portreg.arrow", "arrow")
    count = len(values)
    stored = values.utf8()
    ends = np.flatnonzero(np.frombuffer(stored, np.uint8) == 0)  # each value's end but the last's
    if len(ends) != count - 1:  # a value holds a NUL (rows built by hand)
        return pa.array(tables.categories(column), pa.string())
    text = bytes(stored).replace(b"\0", b"")
    offsets = np.empty(count + 1, np.int32)
    offsets[0] = 0
    offsets[1:count] = ends - np.arange(count - 1)  # less the separators before each end
    offsets[count] = len(text)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(text))


def _bits(np: Any, flags: Any) -> Any:
    """Flags packed as Arrow packs booleans and validity: bit ``i`` of the buffer."""
    return np.packbits(flags, bitorder="little")


def dictionary_column(pa: Any, np: Any, tables: PortColumns, column: str, codes: Any) -> Any:
    """A column's codes (-1 for null) as an Arrow dictionary array over their memory.

    The codes index their categories by construction, so Arrow does not check each.
    """
    codes = np.ascontiguousarray(codes)
    valid = codes >= 0
    bitmap = None if valid.all() else pa.py_buffer(_bits(np, valid))
    kind = pa.from_numpy_dtype(codes.dtype)
    indices = pa.Array.from_buffers(kind, len(codes), [bitmap, pa.py_buffer(codes)])
    dictionary = arrow_categories(pa, tables, column)
    return pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)


def build_port_table(pa: Any, tables: PortColumns) -> Any:
    """Every port on every transport, one row each (65,536 x 4), from the code tables:
    the table :meth:`portreg.Registry.port_table` keeps."""
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
            data[column] = dictionary_column(pa, np, tables, column, codes)
    return pa.table({column: data[column] for column in PORT_TABLE_COLUMNS})


@functools.cache
def _fixed_columns(pa: Any, np: Any) -> dict[str, Any]:
    """The port table's columns that are the same for every registry (port, protocol,
    range class): made once a process, and shared (Arrow arrays are immutable)."""
    transports = len(TRANSPORTS)
    protocol = pa.DictionaryArray.from_arrays(
        pa.array(np.repeat(np.arange(transports, dtype=np.int8), PORTS)),
        pa.array([p.value for p in TRANSPORTS], pa.string()),
    )
    range_class = pa.DictionaryArray.from_arrays(
        pa.array(np.tile(range_class_codes(), transports)),
        pa.array([r.value for r in RANGE_CLASSES], pa.string()),
    )
    port = pa.array(np.tile(np.arange(PORTS, dtype=np.uint16), transports))
    return {"port": port, "protocol": protocol, "range_class": range_class}


def rows_table(pa: Any, rows: Iterable[Assignment]) -> Any:
    """Every row as an Arrow table, with the columns of ``Registry.to_pandas()``."""
    rows = list(rows)
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
