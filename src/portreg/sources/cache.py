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

The directory is created private to the user (mode 0700, whatever the umask). A
refresh holds an exclusive lock (``.refresh.lock``, ``fcntl.flock`` where the platform
has it) while it compares and replaces the cached file, so concurrent refreshes keep
the newest registry; under the lock it removes the ``.partial`` files a killed
refresh left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from portreg.errors import DataError
from portreg.sources.regular_files import read_regular_file

__all__ = [
    "CACHE_DIR_VARIABLE",
    "REGISTRY_FILE_NAME",
    "cache_dir",
    "cached_registry_path",
    "make_private_directory",
    "read_origin",
    "refresh_lock",
    "remove_stale_partials",
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
        try:
            return Path(configured).expanduser()
        except RuntimeError:  # ~someone who is not a user here, or no home to expand
            raise DataError(
                f"{CACHE_DIR_VARIABLE} must be a directory path (~ and ~user expanded); "
                f"got {configured!r}, whose home directory is unknown"
            ) from None
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
        data = read_regular_file(str(directory / _ORIGIN_FILE_NAME), _ORIGIN_FILE_NAME, 64 * 1024)
        note = json.loads(data.decode("utf-8")) if data is not None else None
    except (DataError, ValueError):
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
    make_private_directory(path.parent)
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


def make_private_directory(directory: Path) -> None:
    """Create ``directory`` (and its parents) if missing, the directory itself mode 0700.

    The mode is set after creating, so the umask cannot widen it; a directory that
    already exists is left as its owner made it.
    """
    if directory.is_dir():
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        return  # made by another process meanwhile (or not a directory: writing says so)
    os.chmod(directory, 0o700)


#: How old a ``.partial`` file must be before a refresh without locks removes it.
STALE_PARTIAL_SECONDS = 60 * 60.0
_LOCK_FILE_NAME = ".refresh.lock"


@contextlib.contextmanager
def refresh_lock(directory: Path) -> Iterator[bool]:
    """Hold the cache's refresh lock for the ``with`` block; yields whether it is a lock.

    Blocks until another refresh releases it. Where ``fcntl`` is missing (Windows), no
    lock is taken and ``False`` is yielded.
    """
    try:
        import fcntl
    except ImportError:
        yield False
        return
    descriptor = os.open(
        directory / _LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600
    )
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(descriptor)  # closing releases the lock


def remove_stale_partials(directory: Path, *, locked: bool = True) -> list[Path]:
    """Remove the temporary files a killed refresh left in ``directory``; return them.

    Called under :func:`refresh_lock`, where every ``.partial`` file is an orphan (each
    writer holds the lock); with ``locked=False``, only those older than
    :data:`STALE_PARTIAL_SECONDS`.
    """
    removed: list[Path] = []
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    try:
        candidates = list(directory.glob(".*.partial"))
    except OSError:
        return removed
    for candidate in candidates:
        try:
            if not locked and candidate.lstat().st_mtime > cutoff:
                continue
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed
