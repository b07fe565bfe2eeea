"""The per-user cache that ``portreg refresh`` writes the downloaded registry to.

Where it is, first match wins:

- ``$PORTREG_CACHE_DIR``, if set;
- on Windows, ``%LOCALAPPDATA%\\portreg\\Cache``;
- on macOS, ``~/Library/Caches/portreg``;
- elsewhere, ``$XDG_CACHE_HOME/portreg``, or ``~/.cache/portreg``.

The cache holds IANA's XML exactly as downloaded (``service-names-port-numbers.xml``)
and a small JSON note of where and when it came from. It is read only when the user
opted in (``PORTREG_USE_CACHE=1`` or :func:`portreg.use_cache`); it is written only
by :func:`portreg.refresh`, which replaces the file atomically, so a reader
sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

__all__ = [
    "CACHE_DIR_VARIABLE",
    "REGISTRY_FILE_NAME",
    "cache_dir",
    "cached_registry_path",
    "read_origin",
    "write_atomically",
    "write_origin",
]

CACHE_DIR_VARIABLE = "PORTREG_CACHE_DIR"
REGISTRY_FILE_NAME = "service-names-port-numbers.xml"
_ORIGIN_FILE_NAME = "service-names-port-numbers.origin.json"


def cache_dir() -> Path:
    """The directory portreg caches the refreshed registry in (it may not exist yet)."""
    configured = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "portreg" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "portreg"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    # The XDG spec: a relative path in the variable is invalid and must be ignored.
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base_dir / "portreg"


def cached_registry_path(directory: Path | None = None) -> Path:
    """Where the refreshed registry is (or would be) cached."""
    return (directory if directory is not None else cache_dir()) / REGISTRY_FILE_NAME


def read_origin(directory: Path, sha256: str) -> str | None:
    """Where the cached file came from, if the note beside it is about this very file."""
    try:
        note = json.loads((directory / _ORIGIN_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or note.get("sha256") != sha256:
        return None
    url, fetched = note.get("url"), note.get("fetched")
    if not isinstance(url, str):
        return None
    return f"{url} on {fetched}" if isinstance(fetched, str) else url


def write_origin(directory: Path, *, url: str, sha256: str, fetched: str) -> None:
    """Note where the cached file came from (best effort: the note is a courtesy)."""
    note = json.dumps({"url": url, "sha256": sha256, "fetched": fetched}, indent=2) + "\n"
    with contextlib.suppress(OSError):
        write_atomically(directory / _ORIGIN_FILE_NAME, note.encode("utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    The bytes go to a temporary file in the same directory, are flushed to disk, and
    the temporary file is renamed over ``path``. On any failure (a full disk, say)
    the temporary file is removed and ``path`` is untouched; the ``OSError`` is raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
