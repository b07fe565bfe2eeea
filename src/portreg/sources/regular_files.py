"""Reading a file that may be anything: only a regular file, never more than a limit.

A path a user names (or a cache directory someone else can write to) may be a FIFO,
whose ``open()`` blocks until a writer comes and whose ``read()`` then waits for
ever; a device such as ``/dev/zero`` or ``/dev/urandom``, which never ends; a socket;
a directory. :func:`read_regular_file` opens without blocking (``O_NONBLOCK``), asks
the open descriptor what it is (``fstat``, so a file swapped in after a check is
caught too) and reads only a regular file, and only up to the limit.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from portreg.errors import DataError, InputTypeError

__all__ = ["checked_path", "read_at_most", "read_regular_file"]

_CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)


def checked_path(path: object, what: str = "path") -> str:
    """``path`` as a ``str``, or :class:`~portreg.InputTypeError` / :class:`~portreg.DataError`.

    A ``str`` or an ``os.PathLike`` naming a ``str`` is accepted; bytes, numbers and
    ``None`` are refused, and so is a path holding a NUL byte (no file has one).
    """
    if isinstance(path, (str, os.PathLike)):
        text = os.fspath(path)
        if isinstance(text, str):
            if "\x00" in text:
                raise DataError(f"{what} {text!r} cannot name a file: it holds a NUL byte")
            if not text:
                raise DataError(f"{what} must name a file; got an empty string")
            return text
    raise InputTypeError(
        f"{what} must be a str or os.PathLike naming a file; got {_described(path)}"
    )


def _described(value: object) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def read_regular_file(path: str, shown: str, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path``, or ``None`` if it is over ``limit``.

    Anything that is not a regular file, or that cannot be opened or read, raises
    :class:`~portreg.DataError` naming ``shown``; nothing here blocks.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise DataError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{shown}: a directory, not a registry file") from None
    except OSError as exc:
        raise DataError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise DataError(
                f"{shown}: {_kind(mode)}, not a registry file; only regular files are read"
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return read_at_most(stream, limit)
    except OSError as exc:
        raise DataError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """All of ``stream``, or ``None`` as soon as it proves longer than ``limit`` bytes.

    Read in chunks, so that memory follows what the stream holds, not the limit, and
    an endless stream (a device, a hostile server) is cut off at the limit.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
