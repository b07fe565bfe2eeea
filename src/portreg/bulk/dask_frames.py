"""Bulk annotation on Dask: each partition annotated as :func:`portreg.annotate` would.

The code tables are built once, on the client, from the registry in use there, and
go to the workers as one shared piece of the task graph: workers neither rebuild
them nor need the same registry installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portreg._deps import need
from portreg.answers.columns import PortColumns
from portreg.bulk.frames import annotate_frame, check_frame_columns
from portreg.bulk.options import Errors, check_errors, chosen_columns
from portreg.bulk.tables import port_columns
from portreg.records.vocabulary import Protocol

if TYPE_CHECKING:
    import dask.dataframe

    from portreg.lookups.registry import Registry

__all__ = ["annotate"]


def annotate(
    frame: dask.dataframe.DataFrame,
    port: str,
    protocol: str | Protocol | None = None,
    *,
    columns: Sequence[str] | None = None,
    errors: Errors = "raise",
    prefix: str = "",
    registry: Registry | None = None,
) -> dask.dataframe.DataFrame:
    """``frame`` with the annotation of its ``port`` column added, lazily.

    ``protocol`` names the column of protocols (names or IANA numbers), or is one
    :class:`~portreg.Protocol` for every row, or ``None`` for any transport. The
    new columns are those of :func:`portreg.annotate` (``columns`` picks some),
    named ``prefix + name``, with their categories known up front. A bad port
    raises :class:`~portreg.InvalidPortError` when the partition holding it is
    computed, naming its index; ``errors="null"`` answers it with nulls. See the
    how-to "Annotate flow logs" for an example.
    """
    delayed = need("dask", "portreg.dask").delayed
    need("dask.dataframe", "portreg.dask")
    chosen = chosen_columns(columns)
    checked = check_errors(errors)
    check_frame_columns(list(frame.columns), port, protocol, chosen, prefix)
    tables = port_columns(registry)
    options: dict[str, Any] = {"columns": chosen, "errors": checked, "prefix": prefix}
    meta = annotate_frame(frame._meta, port, protocol, tables=tables, **options)
    # One copy of the tables in the graph, shared by every partition's task.
    shared = delayed(tables, pure=True, traverse=False)
    map_partitions: Any = frame.map_partitions  # untyped in Dask
    annotated: dask.dataframe.DataFrame = map_partitions(
        _annotate_partition, port, protocol, shared, meta=meta, **options
    )
    return annotated


def _annotate_partition(
    partition: Any,
    port: str,
    protocol: str | Protocol | None,
    tables: PortColumns,
    **options: Any,
) -> Any:
    return annotate_frame(partition, port, protocol, tables=tables, **options)
