"""Reading one of IANA's files, the XML or the CSV, whole or not at all.

:func:`read_registry_file` (behind :meth:`portreg.Registry.from_file`) reads a file,
tells the two formats apart by their content and parses it completely; anything
else is refused with a :class:`~portreg.DataError` naming the file, the line or
record, and what is wrong.

A CSV names people by id only and carries no registry date; :func:`as_csv_carries`
gives an XML record as a CSV carries it, which is what "the same records" means
between the two formats.

Files larger than :data:`DEFAULT_MAX_BYTES` are refused unread; IANA's file is about
4 MB. Raise the limit with ``max_bytes=`` or the ``PORTREG_MAX_BYTES`` environment
variable.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

from portreg.errors import DataError
from portreg.sources.iana_csv import as_csv_carries
from portreg.sources.regular_files import checked_path, read_at_most, read_regular_file

if TYPE_CHECKING:
    from portreg.sources.iana_fields import ParsedRegistry

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_VARIABLE",
    "PathLike",
    "as_csv_carries",
    "max_bytes_allowed",
    "parse_registry",
    "read_at_most",
    "read_registry_file",
]

#: The default limit on the size of a registry file: 64 MiB, sixteen times IANA's.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_BYTES_VARIABLE = "PORTREG_MAX_BYTES"

PathLike = Union[str, "os.PathLike[str]"]


def max_bytes_allowed(max_bytes: int | None = None) -> int:
    """The size limit in force: ``max_bytes``, else ``$PORTREG_MAX_BYTES``, else the default."""
    if max_bytes is not None:
        if type(max_bytes) is not int or max_bytes <= 0:
            raise DataError(f"max_bytes must be a positive int; got {max_bytes!r}")
        return max_bytes
    configured = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if not configured:
        return DEFAULT_MAX_BYTES
    if not (configured.isascii() and configured.isdigit()) or int(configured) <= 0:
        raise DataError(
            f"{MAX_BYTES_VARIABLE} must be a positive whole number of bytes; got {configured!r}"
        )
    return int(configured)


def read_registry_file(path: PathLike, *, max_bytes: int | None = None) -> ParsedRegistry:
    """Read and parse IANA's XML or CSV file at ``path``, whole or not at all.

    Only a regular file is read (not a FIFO, a device or a directory), without
    blocking, and never past the size limit.
    """
    shown = checked_path(path)
    limit = max_bytes_allowed(max_bytes)
    data = read_regular_file(shown, shown, limit)
    if data is None:
        raise DataError(_too_large(shown, limit))
    return parse_registry(data, shown, max_bytes=limit)


def _too_large(shown: str, limit: int) -> str:
    return (
        f"{shown}: larger than the limit of {limit:,} bytes for a registry file; "
        f"raise it with max_bytes= or {MAX_BYTES_VARIABLE} if the file is trusted"
    )


def parse_registry(data: bytes, source: str, *, max_bytes: int | None = None) -> ParsedRegistry:
    """Parse the bytes of IANA's XML or CSV, telling them apart by their content."""
    limit = max_bytes_allowed(max_bytes)
    if len(data) > limit:
        raise DataError(_too_large(source, limit))
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise DataError(f"{source}: empty: not a registry file")
    for magic, meaning in _BINARY_FORMATS.items():
        if start.startswith(magic):
            raise DataError(f"{source}: not IANA's registry XML or CSV ({meaning})")
    if b"\x00" in data:
        raise DataError(
            f"{source}: not UTF-8 text (it holds NUL bytes: UTF-16, or not text at all); "
            "IANA's registry files are UTF-8"
        )
    if start[:14].lower() == b"<!doctype html" or start[:5].lower() == b"<html":
        raise DataError(f"{source}: an HTML page, not IANA's registry XML or CSV")
    if start.startswith(b"<"):
        from portreg.sources.iana_xml import parse_registry_xml

        return parse_registry_xml(data, source)
    from portreg.sources.iana_csv import looks_like_registry_csv, parse_registry_csv

    if looks_like_registry_csv(data):
        return parse_registry_csv(data, source)
    raise DataError(f"{source}: not IANA's registry XML or CSV ({_what_it_looks_like(start)})")


_BINARY_FORMATS = {
    b"\x1f\x8b": "gzip-compressed: decompress it first",
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
}


def _what_it_looks_like(start: bytes) -> str:
    known = {b"{": "it looks like JSON", b"[": "it looks like JSON"}
    for magic, meaning in known.items():
        if start.startswith(magic):
            return meaning
    first_line = start.split(b"\n", 1)[0][:40].decode("utf-8", "replace")
    return f"it starts {first_line!r}"
