"""What the registry says about one port: :class:`PortInfo`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from portreg._input import ProtocolLike, parse_optional_protocol
from portreg.errors import InvalidProtocolError
from portreg.model import Assignment, Protocol, Status
from portreg.ranges import RangeClass

if TYPE_CHECKING:
    from portreg.blocks import Block
    from portreg.registries import Registry

__all__ = ["PortInfo"]

# When rows disagree (a range row says Unassigned, a single row Reserved), the more
# committal status wins.
_PRECEDENCE = (
    Status.ASSIGNED,
    Status.RESERVED,
    Status.DEREGISTERED,
    Status.UNASSIGNED,
    Status.DYNAMIC,
)


@attrs.frozen
class PortInfo:
    """Everything the registry knows about one port.

    ``assignments`` are the registry rows that cover the port, range rows included,
    in registry order. When ``protocol`` is set, the answer is about that transport:
    only the rows for it, and those without a protocol (which apply to all), are kept.
    """

    port: int
    range_class: RangeClass
    assignments: tuple[Assignment, ...]
    protocol: Protocol | None = None
    # The registry the answer came from, for the questions that need all of it (the
    # block a port stands in, its nearest assigned ports). Not part of the answer's
    # value: equal answers from equal registries compare and hash equal.
    _registry: Registry | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True, alias="registry"
    )

    @property
    def services(self) -> tuple[str, ...]:
        """The service names assigned on the port: registry order, each once, as registered.

        A named row whose description withdraws it (14001/udp "sua", De-Registered)
        names no service here; it is still among :attr:`assignments`.
        """
        seen: dict[str, None] = {}
        for assignment in self.assignments:
            if assignment.service and assignment.status is Status.ASSIGNED:
                seen.setdefault(assignment.service, None)
        return tuple(seen)

    @property
    def protocols(self) -> tuple[Protocol, ...]:
        """The transports this answer speaks for: the one asked about, or all four."""
        return (self.protocol,) if self.protocol is not None else tuple(Protocol)

    def status(self, protocol: ProtocolLike | None = None) -> Status:
        """The port's status on ``protocol``.

        ``protocol`` defaults to the one this answer was asked for. With neither, it
        is the port's overall status: the most committal over all transports, so a
        port assigned on tcp alone is :attr:`Status.ASSIGNED`.
        """
        chosen = parse_optional_protocol(protocol) or self.protocol
        if chosen is None:
            return min((self._status_on(p) for p in Protocol), key=_PRECEDENCE.index)
        if self.protocol is not None and chosen is not self.protocol:
            raise InvalidProtocolError(
                f"this answer is about {self.protocol.value} only; got protocol "
                f"{chosen.value!r}: look the port up without a protocol to ask about others"
            )
        return self._status_on(chosen)

    def _status_on(self, protocol: Protocol) -> Status:
        rows = [a for a in self.assignments if a.protocol is None or a.protocol is protocol]
        if not rows:
            if self.range_class is RangeClass.DYNAMIC:
                return Status.DYNAMIC
            return Status.UNASSIGNED
        statuses = {a.status for a in rows}
        if Status.ASSIGNED in statuses:
            return Status.ASSIGNED
        # A row about this transport says more than a row about all of them.
        specific = {a.status for a in rows if a.protocol is protocol}
        return min(specific or statuses, key=_PRECEDENCE.index)

    @property
    def statuses(self) -> dict[Protocol, Status]:
        """The status on each transport this answer speaks for, as a fresh dict."""
        return {p: self._status_on(p) for p in self.protocols}

    @property
    def is_assigned(self) -> bool:
        """Whether a service is assigned on the port, on any transport of this answer."""
        return any(self._status_on(p) is Status.ASSIGNED for p in self.protocols)

    def on(self, protocol: ProtocolLike) -> tuple[Assignment, ...]:
        """The rows that speak for ``protocol``: its own and those without a protocol."""
        chosen = parse_optional_protocol(protocol)
        return tuple(a for a in self.assignments if a.protocol is None or a.protocol is chosen)

    @property
    def summary(self) -> str:
        """One line: the port, its names or status, and why for unlisted ports."""
        where = f"{self.port}/{self.protocol.value}" if self.protocol else str(self.port)
        status = self.status()
        if self.services:
            return f"{where}: {', '.join(self.services)}"
        if status is Status.DYNAMIC:
            return f"{where}: dynamic/private port, never assigned by IANA"
        if not self.assignments:
            return f"{where}: unassigned (no registry row covers it)"
        return f"{where}: {status.value}"

    def __str__(self) -> str:
        """A readable report: the port, its range, its statuses and every row in full."""
        range_class = self.range_class
        lines = [
            f"Port {self.summary}",
            f"  range: {range_class} ({range_class.procedure}; {range_class.meaning})",
            "  status: " + ", ".join(f"{p.value} {s.value}" for p, s in self.statuses.items()),
        ]
        for row in self.assignments:
            lines.append(f"  {row}")
            lines.extend(f"      {label}: {value}" for label, value in _row_details(row))
        return "\n".join(lines)

    # -- the space around the port, and the name to use -------------------------------

    def __reduce__(self) -> tuple[type[PortInfo], tuple[object, ...]]:
        # Pickles and copies carry the answer, not the registry it came from (which
        # holds locks and the whole snapshot); they answer from the registry in use.
        return (PortInfo, (self.port, self.range_class, self.assignments, self.protocol))

    def _source(self) -> Registry:
        if self._registry is not None:
            return self._registry
        from portreg.registries import registry  # an answer built by hand: the one in use

        return registry()

    @property
    def block(self) -> Block | None:
        """The :class:`~portreg.Block` of unassigned ports this port stands in.

        ``None`` when the port is assigned (on this answer's transport, or on any
        when it has none), and, for an answer about every transport, when the
        transports give the port different statuses (reserved on udp, unassigned on
        tcp): look the port up with a protocol for those.
        """
        if self.is_assigned:
            return None
        return self._source()._derived().blocks().block_at(self.port, self.protocol)

    @property
    def nearest_assigned_below(self) -> int | None:
        """The highest port below this one assigned on this answer's transport (or on
        any, when it has none); ``None`` when there is none."""
        return self._source()._derived().blocks().assigned_below(self.port, self.protocol)

    @property
    def nearest_assigned_above(self) -> int | None:
        """The lowest port above this one assigned on this answer's transport (or on
        any, when it has none); ``None`` when there is none."""
        return self._source()._derived().blocks().assigned_above(self.port, self.protocol)

    def preferred_name(self, protocol: ProtocolLike | None = None) -> str | None:
        """The service name to use for this port, or ``None`` when none is assigned.

        See :func:`portreg.names.preferred_name` for the rule: 80/tcp is ``http``,
        not its duplicates ``www`` and ``www-http``.
        """
        from portreg.names import preferred_name

        asked = parse_optional_protocol(protocol)
        if asked is not None and self.protocol is not None and asked is not self.protocol:
            raise InvalidProtocolError(
                f"this answer is about {self.protocol.value} only; got protocol "
                f"{asked.value!r}: look the port up without a protocol to ask about others"
            )
        return preferred_name(self.assignments, self.port, asked or self.protocol)


def _row_details(row: Assignment) -> list[tuple[str, str]]:
    """The fields of a row beyond its first line, labelled, in the registry's order."""
    details = []
    if row.assignees:
        details.append(("assignee", "; ".join(map(str, row.assignees))))
    if row.contacts:
        details.append(("contact", "; ".join(map(str, row.contacts))))
    if row.registered:
        details.append(("registered", str(row.registered)))
    if row.modified:
        details.append(("modified", str(row.modified)))
    if row.references:
        details.append(("references", "; ".join(map(str, row.references))))
    if row.service_code is not None:
        details.append(("service code", str(row.service_code)))
    if row.unauthorized_use:
        details.append(("unauthorized use", row.unauthorized_use))
    if row.notes:
        details.append(("notes", " ".join(row.notes.split())))
    return details
