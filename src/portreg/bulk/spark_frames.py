"""Bulk annotation on Spark: a broadcast join against the port table, or a pandas UDF.

:func:`annotate` adds the annotation columns by joining each row's key
(``block * 65536 + port``, computed by Spark SQL expressions) against the dense
port table, broadcast to the executors: no Python runs on the executors at all.
:func:`annotation_udf` gives the same answers as a ``pandas_udf``, for
``select``\\ s and SQL, running :func:`portreg.annotate` on each Arrow batch with
the code tables shipped in the UDF.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portreg._deps import need
from portreg.answers.columns import ANY, PORTS, TRANSPORTS, PortColumns
from portreg.bulk.frames import annotate_with, check_frame_columns
from portreg.bulk.inputs import IANA_NUMBERS, transport_block
from portreg.bulk.options import COLUMN_NAMES, Errors, check_errors, chosen_columns
from portreg.bulk.tables import port_columns
from portreg.records.vocabulary import Protocol

if TYPE_CHECKING:
    import pyspark.sql

    from portreg.lookups.registry import Registry

__all__ = ["KEY", "annotate", "annotation_udf", "lookup_frame"]

#: The name of the join key column, present only inside :func:`annotate`'s plan.
KEY = "__portreg_key"


def _sql() -> Any:
    need("pyspark.sql", "portreg.spark")
    need("pyarrow", "portreg.spark", "spark")
    from pyspark.sql import functions

    return functions


def lookup_frame(
    spark: pyspark.sql.SparkSession, *, registry: Registry | None = None
) -> pyspark.sql.DataFrame:
    """The port table as a Spark DataFrame keyed by ``__portreg_key``, for joins.

    One row per port on each transport and on any transport (blocks 0-3, the
    transports in ``Protocol`` order, and 4); the key is ``block * 65536 + port``.
    The annotation columns are strings (``in_range`` boolean). Made once per
    session and registry, so that later joins do not ship it from Python again.
    """
    tables = port_columns(registry)
    key = (id(spark), id(tables))
    with _frames_lock:
        entry = _frames.get(key)
        if entry is not None and entry[0]() is spark and entry[1]() is tables:
            return entry[2]
        frame: pyspark.sql.DataFrame = _build_lookup_frame(spark, tables)
        _frames[key] = (weakref.ref(spark), weakref.ref(tables), frame)
        weakref.finalize(spark, _frames.pop, key, None)
        return frame


_frames: dict[tuple[int, int], tuple[Any, Any, pyspark.sql.DataFrame]] = {}
_frames_lock = threading.Lock()


def _build_lookup_frame(spark: Any, tables: PortColumns) -> Any:
    pa = need("pyarrow", "portreg.spark", "spark")
    np = need("numpy", "portreg.spark", "spark")
    from portreg.bulk.arrow_tables import _column

    index = np.arange((ANY + 1) * PORTS, dtype=np.intp)  # the transports, then any
    data = {KEY: pa.array(index.astype(np.int32))}
    for column in COLUMN_NAMES:
        array = _column(pa, tables, column, index)
        data[column] = array if column == "in_range" else array.cast(pa.string())
    return spark.createDataFrame(pa.table(data))


def _offset(functions: Any, column: Any) -> Any:
    """The block offset of each row's protocol (a name or an IANA number); null for others."""
    text = functions.lower(functions.trim(column.cast("string")))
    offset = None
    for block, protocol in enumerate(TRANSPORTS):
        numbers = [n for n, p in IANA_NUMBERS.items() if p is protocol]
        spellings = [protocol.value, *(str(n) for n in numbers), *(f"{n}.0" for n in numbers)]
        condition = text.isin(*spellings)
        value = functions.lit(block * PORTS)
        offset = (
            functions.when(condition, value) if offset is None else offset.when(condition, value)
        )
    return offset


def _port_key(functions: Any, column: Any, name: str, errors: Errors) -> Any:
    raw = column.try_cast("double")
    # NaN is a missing port, as in pandas (whose nullable integers may reach Spark as NaN).
    number = functions.when(~functions.isnan(raw), raw)
    whole = number.between(0, PORTS - 1) & (functions.floor(number) == number)
    key = functions.when(whole, number.cast("int"))
    if errors == "null":
        return key
    message = functions.concat(
        functions.lit("ports must be integers 0-65535; got "),
        column.cast("string"),
        functions.lit(f" in column {name!r}"),
    )
    bad = column.isNotNull() & ~functions.isnan(raw) & (number.isNull() | ~whole)
    return functions.when(bad, functions.raise_error(message)).otherwise(key)


def annotate(
    frame: pyspark.sql.DataFrame,
    port: str,
    protocol: str | Protocol | None = None,
    *,
    columns: Sequence[str] | None = None,
    errors: Errors = "raise",
    prefix: str = "",
    registry: Registry | None = None,
) -> pyspark.sql.DataFrame:
    """``frame`` with the annotation of its ``port`` column added: a broadcast join.

    ``protocol`` names the column of protocols (names in any case, or IANA numbers),
    or is one :class:`~portreg.Protocol` for every row, or ``None`` for any
    transport. The new columns are those of :func:`portreg.annotate` as strings
    (``in_range`` boolean), named ``prefix + name``; rows on other protocols or
    without a port get nulls. A bad port fails the job with Spark's
    ``raise_error``, naming the value; ``errors="null"`` answers it with nulls.
    Row order is Spark's, as after any join.
    """
    functions = _sql()
    chosen = chosen_columns(columns)
    checked = check_errors(errors)
    check_frame_columns(frame.columns, port, protocol, chosen, prefix)
    if isinstance(protocol, Protocol):
        offset = functions.lit(transport_block(protocol) * PORTS)
    elif protocol is None:
        offset = functions.lit(ANY * PORTS)
    else:
        offset = _offset(functions, frame[protocol])
    table = lookup_frame(frame.sparkSession, registry=registry)
    table = table.select(KEY, *(functions.col(c).alias(prefix + c) for c in chosen))
    keyed = frame.withColumn(KEY, offset + _port_key(functions, frame[port], port, checked))
    joined: pyspark.sql.DataFrame = keyed.join(functions.broadcast(table), on=KEY, how="left").drop(
        KEY
    )
    return joined.select(*frame.columns, *(prefix + c for c in chosen))


def annotation_udf(
    column: str = "service",
    *,
    by_protocol: bool = True,
    errors: Errors = "raise",
    registry: Registry | None = None,
) -> Any:
    """A ``pandas_udf`` giving one annotation column of a column of ports.

    It takes the port column and the protocol column (names or IANA numbers; a
    ``lit("tcp")`` for one transport), or, with ``by_protocol=False``, the port
    column alone, answering for any transport. It returns strings (``in_range``:
    booleans), computed by :func:`portreg.annotate` on each Arrow batch from code
    tables built here, on the driver, and shipped with the UDF.

    >>> from portreg.spark import annotation_udf
    >>> service = annotation_udf("service")  # then: df.select(service("dst_port", "proto"))
    """
    _sql()
    need("pandas", "portreg.spark", "spark")
    import pandas as pd
    from pyspark.sql.pandas.functions import pandas_udf
    from pyspark.sql.types import BooleanType, StringType

    (chosen,) = chosen_columns(column)
    checked = check_errors(errors)
    tables = port_columns(registry)

    def by_port_and_protocol(ports: Any, protocols: Any) -> Any:
        return _one_column(tables, ports, protocols, chosen, checked)

    def by_port(ports: Any) -> Any:
        return _one_column(tables, ports, None, chosen, checked)

    annotation = by_port_and_protocol if by_protocol else by_port
    annotation.__name__ = f"portreg_{chosen}"
    # pandas_udf reads the kind of UDF from the hints; give them as objects, since
    # this module's annotations are strings it cannot resolve here.
    hints = {"ports": pd.Series, "return": pd.Series}
    annotation.__annotations__ = {"protocols": pd.Series, **hints} if by_protocol else hints
    # Types, not their names: a name is parsed by a running session, a type is not.
    return_type = BooleanType() if chosen == "in_range" else StringType()
    # The overloads tell UDF kinds apart by the hints set just above, at run time.
    return pandas_udf(annotation, return_type)  # type: ignore[call-overload]


def _one_column(
    tables: PortColumns, ports: Any, protocols: Any, column: str, errors: Errors
) -> Any:
    values = annotate_with(tables, ports, protocols, (column,), errors)[column]
    if column == "in_range":
        return values
    return values.astype(object).where(values.notna(), None)
