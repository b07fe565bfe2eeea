"""Building registries from what the sources layer reads: the packaged snapshot, the
user's cache, a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg import _data
from portreg.errors import DataError
from portreg.lookups.indexes import Shipped
from portreg.lookups.registry import Registry
from portreg.sources.package_data import map_package_data
from portreg.sources.provenance import Provenance
from portreg.sources.snapshot import decode

if TYPE_CHECKING:
    from pathlib import Path

    from portreg.sources.files import PathLike

__all__ = ["load_cached_registry", "load_packaged", "load_registry"]


def load_registry(path: PathLike, *, max_bytes: int | None = None) -> Registry:
    """The registry in IANA's XML or CSV file at ``path``; see :meth:`Registry.from_file`."""
    return Registry.from_file(path, max_bytes=max_bytes)


def load_packaged() -> Registry:
    """The snapshot shipped inside the package: read, checked, and indexed (rows are
    decoded the first time each is asked for)."""
    source = f"portreg/_data/{_data.SNAPSHOT_NAME}"
    snapshot = decode(
        map_package_data(_data.SNAPSHOT_NAME),
        expected_checksum=_data.SNAPSHOT_HEADER_CRC32,
        source=source,
    )
    provenance = Provenance(
        registry_updated=snapshot.header.registry_updated,
        sha256=snapshot.header.source_sha256,
        source=f"packaged snapshot of {snapshot.header.source}",
        packaged=True,
    )
    return Registry(
        snapshot.records,
        provenance,
        index=snapshot.port_index,
        shipped=Shipped(snapshot, source),
    )


def load_cached_registry(directory: Path | None = None) -> Registry | None:
    """The registry ``portreg refresh`` cached, or ``None`` if there is none.

    A cached file that does not load is an error, not a silent fall-back: it says
    which file and what to do.
    """
    # The cache and the parsers load only for users who opted in to the cache.
    from portreg.sources.cache import cached_registry_path, read_origin
    from portreg.sources.files import max_bytes_allowed, read_registry_file

    path = cached_registry_path(directory)
    if not path.exists():
        return None
    limit = max_bytes_allowed()  # a bad PORTREG_MAX_BYTES is its own error, not the cache's
    try:
        parsed = read_registry_file(path, max_bytes=limit)
    except DataError as exc:
        raise DataError(
            f"the cached registry cannot be used: {exc}; run `portreg refresh` to replace "
            "it, or unset PORTREG_USE_CACHE to use the packaged one"
        ) from None
    origin = read_origin(path.parent, parsed.sha256)
    source = f"{path} (downloaded from {origin})" if origin else str(path)
    return Registry.from_parsed(parsed, source)
