"""Bulk annotation into Apache Arrow, the dense port table and the registry as Arrow.

* :func:`annotate`: :func:`portreg.annotate` as a ``pyarrow.Table`` of dictionary
  columns;
* :func:`port_table`: every (port, transport), 65,536 x 4 rows, to register in
  DuckDB, Spark or a warehouse and join flow logs against;
* :func:`rows_table`: the registry's rows, the columns of ``Registry.to_pandas()``.

Needs pyarrow: ``pip install 'portreg[arrow]'``.
"""

from __future__ import annotations

from portreg._deps import need

need("pyarrow", "portreg.arrow")
need("numpy", "portreg.arrow", "arrow")

from portreg.bulk.arrow_tables import (  # noqa: E402  # after the check that names the extra
    PORT_TABLE_COLUMNS,
    annotate,
    port_table,
    rows_table,
)

__all__ = ["PORT_TABLE_COLUMNS", "annotate", "port_table", "rows_table"]
