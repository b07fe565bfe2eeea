"""Bulk annotation in pandas, and the ``Series.portreg`` accessor.

Importing this module registers the accessor::

    >>> import pandas as pd
    >>> import portreg.pandas
    >>> flows = pd.DataFrame({"dst_port": [443, 53, 1], "proto": [6, 17, 1]})
    >>> flows["dst_port"].portreg.service(flows["proto"]).tolist()
    ['https', 'domain', nan]

``annotate`` and ``service_side`` here are :func:`portreg.annotate` and
:func:`portreg.service_side`. Needs pandas: ``pip install 'portreg[pandas]'``.
"""

from __future__ import annotations

from portreg._deps import need

need("pandas", "portreg.pandas")
need("numpy", "portreg.pandas", "pandas")

import pandas  # noqa: E402  # after the check that names the extra

from portreg.bulk.frames import PortregSeriesAccessor, annotate, service_side  # noqa: E402

__all__ = ["PortregSeriesAccessor", "annotate", "service_side"]

pandas.api.extensions.register_series_accessor("portreg")(PortregSeriesAccessor)
