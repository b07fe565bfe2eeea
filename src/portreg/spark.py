"""Bulk annotation on Spark: :func:`annotate` (a broadcast join) and :func:`annotation_udf`.

:func:`annotate` joins each row against the dense port table, broadcast to the
executors, with the join key computed by Spark SQL expressions: no Python on the
executors. :func:`annotation_udf` gives one column as a ``pandas_udf``.
:func:`lookup_frame` is the port table as a Spark DataFrame, for joins of your own.
Needs PySpark (and a Java runtime for it): ``pip install 'portreg[spark]'``.
"""

from __future__ import annotations

from portreg._deps import need

need("pyspark.sql", "portreg.spark")
need("pyarrow", "portreg.spark", "spark")

from portreg.bulk.spark_frames import (  # noqa: E402  # after the check naming the extra
    KEY,
    annotate,
    annotation_udf,
    lookup_frame,
)

__all__ = ["KEY", "annotate", "annotation_udf", "lookup_frame"]
