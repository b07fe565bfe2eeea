"""Reading files shipped inside the package.

The package's own loader hands over a resource's bytes directly (``get_data``, the
hook ``importlib.resources`` itself sits on, which both the file-system and the zip
importers provide). Asking the loader first keeps the first lookup cheap: importing
``importlib.resources`` costs about 20 ms on CPython 3.11, more than reading and
checking the whole snapshot. Loaders without ``get_data`` are served through
``importlib.resources.files()``, the general route.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from portreg.errors import DataError

if TYPE_CHECKING:
    import mmap

__all__ = ["map_package_data", "read_package_data", "read_package_data_via_files"]

_PACKAGE = "portreg._data"


def read_package_data(name: str) -> bytes:
    """The bytes of ``portreg/_data/<name>``, wherever the package is installed."""
    from portreg import _data

    loader = getattr(_data.__spec__, "loader", None)
    get_data = getattr(loader, "get_data", None)
    if get_data is None or not _data.__file__:
        return read_package_data_via_files(name)
    path = os.path.join(os.path.dirname(_data.__file__), name)
    try:
        data = get_data(path)
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if not isinstance(data, bytes):  # pragma: no cover - a loader breaking its contract
        return read_package_data_via_files(name)
    return data


def map_package_data(name: str) -> bytes | mmap.mmap:
    """The contents of ``portreg/_data/<name>``, mapped into memory where it is a file
    on disk, else read (:func:`read_package_data`).

    A mapping reads nothing up front: the pages a question touches are read when it
    touches them, and are shared by every process that maps the file. Only on POSIX
    systems: Windows would keep an installed file that is mapped from being replaced.
    """
    from portreg import _data

    if os.name == "posix" and _data.__file__:
        import mmap

        path = os.path.join(os.path.dirname(_data.__file__), name)
        try:
            with open(path, "rb") as file:
                return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # not a plain file (a zip import), or empty
            pass
    return read_package_data(name)


def read_package_data_via_files(name: str) -> bytes:
    """:func:`read_package_data` through ``importlib.resources.files()``."""
    from importlib.resources import files

    try:
        data: bytes = files(_PACKAGE).joinpath(name).read_bytes()
    except OSError as exc:
        raise _unreadable(name, exc) from None
    return data


def _unreadable(name: str, exc: OSError) -> DataError:
    return DataError(
        f"portreg's packaged registry data ({name}) cannot be read: {exc}; reinstall portreg"
    )
