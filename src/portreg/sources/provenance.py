"""Where a registry's data came from: :class:`Provenance`."""

from __future__ import annotations

import datetime

import attrs

from portreg._public import public

__all__ = ["Provenance"]


@public
@attrs.frozen
class Provenance:
    """Where a registry's data came from.

    Everything that states a registry's date, source or checksum (the command line's
    text, its JSON, an export's header) reads it from the provenance of the registry
    that answered, never from the packaged snapshot's constants.
    """

    #: The registry's own ``updated`` date, where the source has one.
    registry_updated: datetime.date | None
    #: sha256 of IANA's file the data was read from.
    sha256: str
    #: What the data was read from: a file name, a path or a URL.
    source: str
    #: Whether this is the snapshot shipped inside the package.
    packaged: bool = False
