"""The registry's rows as a polars DataFrame: :meth:`portreg.Registry.to_polars`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from portreg.answers.frames import ASSIGNMENT_COLUMNS

if TYPE_CHECKING:
    import polars

    from portreg.records.assignment import Assignment

__all__ = ["rows_frame"]


def rows_frame(pl: Any, rows: Iterable[Assignment]) -> polars.DataFrame:
    """Every row as a polars DataFrame, with the columns of ``Registry.to_pandas()``."""
    rows = list(rows)
    data = {}
    for column in ASSIGNMENT_COLUMNS:
        values = [column.value(row) for row in rows]
        if column.kind == "int":
            dtype = pl.Int64 if column.dtype == "Int64" else pl.Int32
            data[column.name] = pl.Series(values, dtype=dtype)
        elif column.kind == "text":
            data[column.name] = pl.Series(values, dtype=pl.String)
        elif column.kind == "category":
            data[column.name] = pl.Series(values, dtype=pl.String).cast(
                pl.Enum(list(column.categories))
            )
        else:
            data[column.name] = pl.Series(values, dtype=pl.Date)
    frame: polars.DataFrame = pl.DataFrame(data)
    return frame
