"""Bulk annotation: millions of ports at once, in pandas, Arrow, polars, Dask and Spark.

The engine-free core is :mod:`portreg.answers.columns` (per-transport, per-port code
tables built from a registry), :mod:`portreg.bulk.inputs` (columns of ports and
protocols as indexes into those tables) and :mod:`portreg.bulk.flows` (which end of
a flow is the service). Each engine has a module here and a public one beside
``portreg``: :mod:`portreg.pandas`, :mod:`portreg.arrow`, :mod:`portreg.polars`,
:mod:`portreg.dask`, :mod:`portreg.spark`. Importing this package imports none of
the engines, nor numpy.
"""

from __future__ import annotations

from portreg.answers.columns import PortColumns
from portreg.bulk.tables import port_columns

__all__ = ["PortColumns", "port_columns"]
