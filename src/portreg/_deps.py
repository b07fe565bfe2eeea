"""The optional libraries bulk annotation and the tables as DataFrames run on, each
imported when first needed."""

from __future__ import annotations

import importlib
from types import ModuleType

from portreg.errors import MissingDependencyError

__all__ = ["EXTRAS", "need"]

#: The extra that installs each library: ``pip install 'portreg[EXTRA]'``.
EXTRAS = {
    "numpy": "pandas",
    "pandas": "pandas",
    "pyarrow": "arrow",
    "polars": "polars",
    "dask": "dask",
    "dask.dataframe": "dask",
    "distributed": "dask",
    "pyspark": "spark",
    "pyspark.sql": "spark",
}


def need(module: str, purpose: str, extra: str | None = None) -> ModuleType:
    """``module``, imported; :class:`~portreg.MissingDependencyError` naming the extra if absent."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = extra or EXTRAS.get(module, module)
        raise MissingDependencyError(
            f"{purpose} needs {module.split('.')[0]}, which is not installed "
            f"({error}); install it with: pip install 'portreg[{extra}]'"
        ) from None
