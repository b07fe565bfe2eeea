"""Registry rows that say the same on several transports, shown once.

The registry has a row per transport: http on 80 is one row for tcp and another for
udp, word for word the same but for the transport, and www-http's twenty lines of
DNS-SD notes come twice. A report lists such rows once, naming every transport
(``80/tcp+udp``); rows that differ in anything else stay apart. Text is compared as the report shows
it, line by line without the registry's indentation: www-http's notes are indented
differently on tcp and udp, and read the same.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol

__all__ = ["merged_by_transport"]


def merged_by_transport(
    assignments: Iterable[Assignment],
) -> list[tuple[Assignment, tuple[Protocol, ...]]]:
    """Each distinct row once, with the transports it is registered on, in first-seen order.

    A row that names no transport (it applies to all) is never merged with others.
    """
    merged: dict[object, tuple[Assignment, list[Protocol]]] = {}
    for position, row in enumerate(assignments):
        if row.protocol is None:
            merged[position] = (row, [])
            continue
        key = attrs.evolve(
            row,
            protocol=None,
            notes=_as_shown(row.notes),
            unauthorized_use=_as_shown(row.unauthorized_use),
        )
        protocols = merged.setdefault(key, (row, []))[1]
        if row.protocol not in protocols:
            protocols.append(row.protocol)
    return [(row, tuple(protocols)) for row, protocols in merged.values()]


def _as_shown(text: str | None) -> str | None:
    # As assignment_details() prints a multi-line field: each line stripped, blank
    # lines left out.
    if text is None:
        return None
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
