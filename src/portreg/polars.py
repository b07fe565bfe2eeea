"""Bulk annotation in polars: ``pl.col(...).portreg`` and ``series.portreg``.

Importing this module registers both namespaces::

    >>> import polars as pl
    >>> import portreg.polars
    >>> flows = pl.LazyFrame({"dst_port": [443, 53], "proto": ["TCP", "udp"]})
    >>> flows.with_columns(
    ...     service=pl.col("dst_port").portreg.service(pl.col("proto")),
    ...     status=pl.col("dst_port").portreg.status(pl.col("proto")),
    ... ).collect(engine="streaming").rows()
    [(443, 'TCP', 'https', 'assigned'), (53, 'udp', 'domain', 'assigned')]

The expressions are native polars operations (a ``replace_strict`` and a ``gather``
from a literal code table), lazy and streaming; see
:class:`~portreg.bulk.polars_exprs.PortregExprNamespace`. :func:`port_table` and
:func:`rows_frame` give the dense port table and the registry's rows as polars
DataFrames. Needs polars: ``pip install 'portreg[polars]'``.
"""

from __future__ import annotations

from portreg._deps import need

need("polars", "portreg.polars")
need("numpy", "portreg.polars", "polars")

import polars  # noqa: E402  # after the check that names the extra

from portreg.bulk.polars_exprs import (  # noqa: E402
    PortregExprNamespace,
    PortregSeriesNamespace,
    port_table,
    rows_frame,
)

__all__ = ["PortregExprNamespace", "PortregSeriesNamespace", "port_table", "rows_frame"]

polars.api.register_expr_namespace("portreg")(PortregExprNamespace)
polars.api.register_series_namespace("portreg")(PortregSeriesNamespace)
