"""The rule that reads one port's rows into its status on a transport.

Every answer that needs a port's status (a :class:`PortInfo <portreg.PortInfo>`, the
unassigned blocks, the command line) asks these functions, so the rule is written
once and the answers cannot disagree. The name to use is :mod:`.naming`'s rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from portreg.records.assignment import Assignment
from portreg.records.ranges import RangeClass, range_class_of
from portreg.records.vocabulary import Protocol, Status

__all__ = ["STATUS_PRECEDENCE", "status_on", "statuses_at"]

#: When rows disagree (a range row says Unassigned, a single row Reserved), the more
#: committal status wins: earlier in this tuple beats later.
STATUS_PRECEDENCE = (
    Status.ASSIGNED,
    Status.RESERVED,
    Status.DEREGISTERED,
    Status.UNASSIGNED,
    Status.DYNAMIC,
)


def status_on(rows: Sequence[Assignment], range_class: RangeClass, protocol: Protocol) -> Status:
    """The status that ``rows``, the rows covering one port, give it on ``protocol``.

    A port no row covers on the transport is unassigned, or dynamic in the
    Dynamic range. A name assigned on it wins; otherwise a row about this transport
    says more than a row about all of them, and the more committal status wins.
    """
    relevant = [a for a in rows if a.protocol is None or a.protocol is protocol]
    if not relevant:
        return Status.DYNAMIC if range_class is RangeClass.DYNAMIC else Status.UNASSIGNED
    statuses = {a.status for a in relevant}
    if Status.ASSIGNED in statuses:
        return Status.ASSIGNED
    specific = {a.status for a in relevant if a.protocol is protocol}
    return min(specific or statuses, key=STATUS_PRECEDENCE.index)


def statuses_at(port: int, rows: Sequence[Assignment]) -> dict[Protocol, Status]:
    """The status of ``port`` on every transport, given the rows that cover it."""
    range_class = range_class_of(port)
    return {p: status_on(rows, range_class, p) for p in Protocol}
