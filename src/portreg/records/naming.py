"""The rules that pick the name to use for a port and the row describing it, and the
alias notes they read.

The registry marks aliases and duplicates in its notes: "This entry is an alias to
"whoispp"", "This is a duplicate of the "http" service"; :func:`alias_target` reads
them. Every answer that names a port (:meth:`PortInfo.preferred_name
<portreg.PortInfo.preferred_name>`, the command line, the name index) asks here;
the bulk tables' descriptions come from :func:`described_row`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol, Status

__all__ = [
    "alias_target",
    "described_row",
    "name_key",
    "named_and_described_rows",
    "notes_name_a_conflict",
    "preferred_name",
    "preferred_row",
]

# re caches compiled patterns: these compile on first use, not at import.
_ALIAS_NOTE = (
    r'(?i)This entry is an alias to "(?P<alias>[^"]+)"|'
    r'This is a duplicate of the "(?P<duplicate>[^"]+)" service'
)
_CONFLICT = r"(?i)conflict on (\d+)"


def name_key(name: str) -> str:
    """The key a name is compared by: its lowercase form. Punctuation is kept."""
    return name.lower()


def alias_target(assignment: Assignment) -> str | None:
    """The name a row says its own name is an alias or duplicate of, if it says so."""
    if not assignment.notes or not assignment.service:
        return None
    found = re.search(_ALIAS_NOTE, assignment.notes)
    if found is None:
        return None
    target = found.group("alias") or found.group("duplicate")
    return None if name_key(target) == name_key(assignment.service) else target


def preferred_name(
    rows: Sequence[Assignment], port: int, protocol: Protocol | None = None
) -> str | None:
    """The name to use for ``port`` on ``protocol`` (any transport for ``None``).

    Among the names assigned on the port and transport, in this order:

    1. a name the registry marks as an alias or duplicate of another name on the
       same port gives way to that name (80/tcp: ``http``, not ``www``/``www-http``);
    2. a name whose row notes a conflict on the port gives way (2049: ``nfs``, not
       ``shilp`` "<== NOTE Conflict on 2049 !");
    3. a row for this port alone beats a range row that covers it;
    4. then the registry's order (tcp before udp, as it lists them).

    ``None`` when no service is assigned on the port and transport.
    """
    chosen = preferred_row(rows, port, protocol)
    return None if chosen is None else rows[chosen].service


def preferred_row(
    rows: Sequence[Assignment], port: int, protocol: Protocol | None = None
) -> int | None:
    """The position in ``rows`` of the row whose name :func:`preferred_name` picks."""
    named = [
        (order, row)
        for order, row in enumerate(rows)
        if row.service and row.status is Status.ASSIGNED and row.covers(port, protocol)
    ]
    on_port = {name_key(row.service) for _, row in named if row.service}
    candidates: list[tuple[bool, bool, bool, int]] = []
    for order, row in named:
        target = alias_target(row)
        gives_way = target is not None and name_key(target) in on_port
        conflicted = _notes_conflict(row, port)
        candidates.append((gives_way, conflicted, row.is_range, order))
    return min(candidates)[3] if candidates else None


def described_row(
    rows: Sequence[Assignment], port: int, protocol: Protocol | None, status: Status
) -> int | None:
    """The position in ``rows`` of the row whose description describes ``port`` on
    ``protocol`` (any transport for ``None``), where the port's status is ``status``.

    Where a name is to be used (:func:`preferred_name`), the row is one registering
    that very name, assigned; otherwise one whose status is the port's. Among those,
    a row for this port alone beats a range row, then the registry's order. ``None``
    when no row covering the port qualifies (a port in the Dynamic range, say).
    """
    return named_and_described_rows(rows, port, protocol, status)[1]


def named_and_described_rows(
    rows: Sequence[Assignment], port: int, protocol: Protocol | None, status: Status
) -> tuple[int | None, int | None]:
    """:func:`preferred_row` and :func:`described_row` at once (the second needs the
    first, and the port tables want both)."""
    named = preferred_row(rows, port, protocol)
    name = None if named is None else rows[named].service
    candidates = [
        (row.is_range, order)
        for order, row in enumerate(rows)
        if row.covers(port, protocol)
        and (
            (row.service == name and row.status is Status.ASSIGNED)
            if name is not None
            else row.status is status
        )
    ]
    return named, (min(candidates)[1] if candidates else None)


def notes_name_a_conflict(row: Assignment) -> bool:
    """Whether the row's notes speak of a conflict on some port (then the name to use
    may differ from port to port of a range)."""
    return bool(row.notes) and re.search(_CONFLICT, row.notes or "") is not None


def _notes_conflict(row: Assignment, port: int) -> bool:
    if not row.notes:
        return False
    return any(int(found) == port for found in re.findall(_CONFLICT, row.notes))
