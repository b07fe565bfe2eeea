"""Bulk annotation on Dask DataFrames: :func:`annotate`.

Each partition is annotated by the same code as :func:`portreg.annotate`, so the
answers are the same, on a local scheduler or a ``distributed`` cluster. Needs
Dask: ``pip install 'portreg[dask]'`` (Dask 2025.7 or later, on Python 3.10 or
later); without it, :func:`annotate` raises :class:`~portreg.MissingDependencyError`.
"""

from __future__ import annotations

from portreg.bulk.dask_frames import annotate

__all__ = ["annotate"]
