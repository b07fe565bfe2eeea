"""Bulk annotation into Arrow, the dense port table, and the registry rows as Arrow.

Dictionary-encoded columns throughout: the codes of :mod:`portreg.answers.columns`
become the indices of ``pyarrow.DictionaryArray`` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portreg._deps import need
from portreg.answers.arrow_frames import PORT_TABLE_COLUMNS, dictionary_column, pyarrow_module
from portreg.answers.columns import (
    NONE,
    PORTS,
    PortColumns,
)
from portreg.bulk.gather import gather
from portreg.bulk.inputs import factorize_objects, port_values, protocol_offsets, unchecked
from portreg.bulk.options import Errors, check_errors, chosen_columns
from portreg.bulk.tables import chosen_registry, port_columns
from portreg.errors import InputTypeError

if TYPE_CHECKING:
    import pyarrow

    from portreg.lookups.registry import Registry

__all__ = ["PORT_TABLE_COLUMNS", "annotate", "port_table", "rows_table"]


def _pa() -> Any:
    return pyarrow_module()


def _np() -> Any:
    return need("numpy", "portreg.arrow", "arrow")


def _from_codes(pa: Any, tables: PortColumns, column: str, codes: Any) -> Any:
    """One annotation column from its codes (``in_range``: -1 none, 0 false, 1 true)."""
    if column == "in_range":
        return pa.array(codes == 1, pa.bool_(), mask=codes < 0)
    return dictionary_column(pa, _np(), tables, column, codes)


def _column(pa: Any, tables: PortColumns, column: str, index: Any) -> Any:
    """One annotation column for rows given as indexes into the stacked tables."""
    codes = tables.stacked(column).take(index)
    if column == "in_range":
        return pa.array(codes, pa.bool_(), mask=index >= NONE * PORTS)
    return dictionary_column(pa, _np(), tables, column, codes)


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
    pa, np = _pa(), _np()
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
    table: pyarrow.Table = chosen_registry(registry).port_table()
    return table


def rows_table(registry: Registry | None = None) -> pyarrow.Table:
    """Every registry row as a ``pyarrow.Table``, with the columns of ``Registry.to_pandas()``.

    Integers, dictionary-encoded protocol, status and date precisions, dates as
    ``date32`` and text as strings; pandas is not needed. The same as
    :meth:`portreg.Registry.to_arrow`.

    >>> from portreg.arrow import rows_table
    >>> from portreg import registry
    >>> rows_table().num_rows == len(registry())
    True
    """
    table: pyarrow.Table = chosen_registry(registry).to_arrow()
    return table
