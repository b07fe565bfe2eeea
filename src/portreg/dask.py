"""Bulk annotation on Dask DataFrames: :func:`annotate`.

Each partition is annotated by the same code as :func:`portreg.annotate`, so the
answers are the same, on a local scheduler or a ``distributed`` cluster. Needs
Dask: ``pip install 'portreg[dask]'``.
"""

from __future__ import annotations

from portreg.bulk._deps import need

need("dask.dataframe", "portreg.dask")
need("pandas", "portreg.dask", "dask")

from portreg.bulk.dask_frames import annotate  # noqa: E402  # after the check naming the extra

__all__ = ["annotate"]
