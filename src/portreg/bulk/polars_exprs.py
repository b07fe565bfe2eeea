"""Bulk annotation in polars: the ``portreg`` expression and Series namespaces.

Every answer is native polars: the port and protocol become an index
(``block * 65536 + port``, with ``replace_strict`` mapping protocol names and
numbers to blocks), and the index ``gather``\\ s from a literal code table, an
``Enum`` column built once per registry. No Python runs per row or per batch, so
expressions stay lazy and run on the streaming engine.

A bad port (out of range, a fraction) fails the query when it runs, with polars'
``InvalidOperationError`` naming the bad values (polars has no way to raise one of
portreg's errors from inside a query); ``errors="null"`` answers such rows with
nulls instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portreg._deps import need
from portreg.answers.columns import ANY, NONE, PORTS, TRANSPORTS, PortColumns
from portreg.bulk.inputs import IANA_NUMBERS, transport_block
from portreg.bulk.options import COLUMN_NAMES, Errors, categories, check_errors
from portreg.bulk.tables import chosen_registry, port_columns
from portreg.errors import InputTypeError

if TYPE_CHECKING:
    import polars

    from portreg.lookups.registry import Registry

__all__ = [
    "PortregExprNamespace",
    "PortregSeriesNamespace",
    "port_table",
    "rows_frame",
    "table_series",
]


def _pl() -> Any:
    need("numpy", "portreg.polars", "polars")
    return need("polars", "portreg.polars")


def table_series(tables: PortColumns, column: str) -> polars.Series:
    """One column's answers for every (block, port) but the last, as a polars Series.

    Entry ``block * 65536 + port``; ``Enum`` for the categorical columns. Built once.
    """
    series: polars.Series = tables.kept(
        ("polars series", column), lambda: _build_series(tables, column)
    )
    return series


def _build_series(tables: PortColumns, column: str) -> Any:
    pl, np = _pl(), need("numpy", "portreg.polars", "polars")
    codes = tables.stacked(column)[: NONE * PORTS]
    if column == "in_range":
        return pl.Series(f"portreg_{column}", codes, dtype=pl.Boolean)
    names = categories(tables, column)
    # Each category once, then a null for code -1; the codes gather from it in Rust,
    # rather than Python making a string per port.
    values = pl.Series([*names, None], dtype=pl.Enum(names))
    index = np.where(codes < 0, len(names), codes).astype(np.uint32)
    return values.gather(index).rename(f"portreg_{column}")


def _offsets_of_texts() -> dict[str, int]:
    """Block offsets by protocol text: names, numbers, and numbers as floats print."""
    mapping: dict[str, int] = {}
    for block, protocol in enumerate(TRANSPORTS):
        mapping[protocol.value] = block * PORTS
    for number, protocol in IANA_NUMBERS.items():
        block = TRANSPORTS.index(protocol)
        mapping[str(number)] = mapping[f"{number}.0"] = block * PORTS
    return mapping


def _offset(pl: Any, protocol: object) -> Any:
    """The block offset of each row (an expression), or of every row (a literal)."""
    if protocol is None:
        return pl.lit(ANY * PORTS, pl.Int64)
    if isinstance(protocol, pl.Expr):
        text = protocol.cast(pl.String).str.strip_chars().str.to_lowercase()
        return text.replace_strict(_offsets_of_texts(), default=None, return_dtype=pl.Int64)
    if isinstance(protocol, pl.Series):
        raise InputTypeError(
            "protocol must be an expression (pl.col('proto')) or one transport here; "
            "a Series works in the Series namespace"
        )
    return pl.lit(transport_block(protocol) * PORTS, pl.Int64)


def _port(pl: Any, port: Any, errors: Errors) -> Any:
    """The port as Int64, null where missing; a bad port fails the query or is null."""
    number = port.cast(pl.Float64).fill_nan(None)  # NaN is a missing port, as in pandas
    whole = (number >= 0) & (number < PORTS) & (number.floor() == number)
    if errors == "null":
        return pl.when(whole).then(number.cast(pl.Int64))
    # Only the bad values reach the strict cast, which fails naming them as written.
    failing = (
        pl.when(whole | number.is_null())
        .then(pl.lit(None, pl.String))
        .otherwise(port.cast(pl.String))
        .cast(pl.UInt16, strict=True)
    )
    return number.cast(pl.Int64) + failing.cast(pl.Int64).fill_null(0)


def index_expr(port: Any, protocol: object = None, errors: Errors = "raise") -> polars.Expr:
    """``block * 65536 + port`` for each row, null where there is no answer."""
    pl = _pl()
    expression: polars.Expr = _offset(pl, protocol) + _port(pl, port, check_errors(errors))
    return expression


def _named_like(pl: Any, result: Any, source: Any) -> Any:
    name = source.meta.output_name(raise_if_undetermined=False)
    return result if name is None else result.alias(name)


class PortregExprNamespace:
    """``pl.col(...).portreg``: what the registry says of a column of ports.

    ``protocol`` is ``None`` (any transport), one transport (``"tcp"``,
    ``Protocol.UDP``, ``6``), or an expression giving each row's protocol as a name
    in any case or an IANA number (``pl.col("proto")``); other protocols give null.
    Results keep the port column's name; ``.alias()`` them.

    >>> import polars as pl, portreg.polars
    >>> flows = pl.LazyFrame({"dst_port": [443, 53, 0], "proto": [6, 17, 1]})
    >>> flows.select(pl.col("dst_port").portreg.service(pl.col("proto"))).collect()[
    ...     "dst_port"].to_list()
    ['https', 'domain', None]
    """

    def __init__(self, expression: polars.Expr) -> None:
        self._expr = expression

    def _column(
        self, column: str, protocol: object, errors: Errors, registry: Registry | None
    ) -> polars.Expr:
        pl = _pl()
        table = table_series(port_columns(registry), column)
        index = index_expr(self._expr, protocol, errors)
        return _named_like(pl, pl.lit(table).gather(index), self._expr)  # type: ignore[no-any-return]

    def service(
        self, protocol: object = None, *, errors: Errors = "raise", registry: Registry | None = None
    ) -> polars.Expr:
        """The preferred service name (``Enum``); null where none is assigned."""
        return self._column("service", protocol, errors, registry)

    def status(
        self, protocol: object = None, *, errors: Errors = "raise", registry: Registry | None = None
    ) -> polars.Expr:
        """The status on the row's transport, or on any transport (``Enum``)."""
        return self._column("status", protocol, errors, registry)

    def range_class(
        self, protocol: object = None, *, errors: Errors = "raise", registry: Registry | None = None
    ) -> polars.Expr:
        """System, user or dynamic (``Enum``); null where the row has no answer."""
        return self._column("range_class", protocol, errors, registry)

    def description(
        self, protocol: object = None, *, errors: Errors = "raise", registry: Registry | None = None
    ) -> polars.Expr:
        """The registry's description of the service or status (``Enum``)."""
        return self._column("description", protocol, errors, registry)

    def in_range(
        self, protocol: object = None, *, errors: Errors = "raise", registry: Registry | None = None
    ) -> polars.Expr:
        """Whether a row covering more than one port speaks for the port (``Boolean``)."""
        return self._column("in_range", protocol, errors, registry)

    def annotate(
        self,
        protocol: object = None,
        *,
        columns: tuple[str, ...] = COLUMN_NAMES,
        errors: Errors = "raise",
        registry: Registry | None = None,
    ) -> polars.Expr:
        """Every column at once, as a struct: ``.struct.unnest()`` spreads it out."""
        pl = _pl()
        tables = port_columns(registry)
        index = index_expr(self._expr, protocol, errors)
        fields = [pl.lit(table_series(tables, c)).gather(index).alias(c) for c in columns]
        return _named_like(pl, pl.struct(fields), self._expr)  # type: ignore[no-any-return]


class PortregSeriesNamespace:
    """``series.portreg``: the expression namespace's answers for a polars Series.

    ``protocol`` may also be a Series as long as this one.

    >>> import polars as pl, portreg.polars
    >>> pl.Series("port", [22, 5353]).portreg.service("udp").to_list()
    ['ssh', 'mdns']
    """

    def __init__(self, series: polars.Series) -> None:
        self._series = series

    def _run(self, method: str, protocol: object, **options: Any) -> polars.Series:
        pl = _pl()
        data = {"port": self._series}
        if isinstance(protocol, pl.Series):
            data["protocol"] = protocol
            protocol = pl.col("protocol")
        frame = pl.DataFrame(data)
        expression = getattr(PortregExprNamespace(pl.col("port")), method)(protocol, **options)
        result: polars.Series = frame.select(expression.alias(self._series.name)).to_series()
        return result

    def service(self, protocol: object = None, **options: Any) -> polars.Series:
        """See :meth:`PortregExprNamespace.service`."""
        return self._run("service", protocol, **options)

    def status(self, protocol: object = None, **options: Any) -> polars.Series:
        """See :meth:`PortregExprNamespace.status`."""
        return self._run("status", protocol, **options)

    def range_class(self, protocol: object = None, **options: Any) -> polars.Series:
        """See :meth:`PortregExprNamespace.range_class`."""
        return self._run("range_class", protocol, **options)

    def description(self, protocol: object = None, **options: Any) -> polars.Series:
        """See :meth:`PortregExprNamespace.description`."""
        return self._run("description", protocol, **options)

    def in_range(self, protocol: object = None, **options: Any) -> polars.Series:
        """See :meth:`PortregExprNamespace.in_range`."""
        return self._run("in_range", protocol, **options)

    def annotate(self, protocol: object = None, **options: Any) -> polars.DataFrame:
        """Every column, as a DataFrame aligned with the Series."""
        frame: polars.DataFrame = self._run("annotate", protocol, **options).struct.unnest()
        return frame


def port_table(registry: Registry | None = None) -> polars.DataFrame:
    """:func:`portreg.arrow.port_table` as a polars DataFrame, built without pyarrow.

    >>> from portreg.polars import port_table
    >>> import polars as pl
    >>> port_table().filter(pl.col("port") == 53, pl.col("protocol") == "udp")["service"][0]
    'domain'
    """
    pl, np = _pl(), need("numpy", "portreg.polars", "polars")
    tables = port_columns(registry)
    transports = len(TRANSPORTS)
    names = [p.value for p in TRANSPORTS]
    data = {
        "port": pl.Series(np.tile(np.arange(PORTS, dtype=np.uint16), transports)),
        "protocol": pl.Series(np.repeat(np.arange(transports, dtype=np.uint32), PORTS))
        .replace_strict(dict(enumerate(names)), return_dtype=pl.Enum(names)),
    }  # fmt: skip
    for column in COLUMN_NAMES:
        data[column] = table_series(tables, column).slice(0, transports * PORTS)
    frame: polars.DataFrame = pl.DataFrame(data)
    return frame


def rows_frame(registry: Registry | None = None) -> polars.DataFrame:
    """Every registry row as a polars DataFrame, the columns of ``Registry.to_pandas()``:
    :meth:`portreg.Registry.to_polars`.

    >>> from portreg.polars import rows_frame
    >>> rows_frame().filter(service="tacacss")["first"].to_list()
    [300]
    """
    frame: polars.DataFrame = chosen_registry(registry).to_polars()
    return frame
