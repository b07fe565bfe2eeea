"""What the registry says about one port: :class:`PortInfo`.

An answer holds the rows that cover its port. For the questions that need the whole
registry (the block the port stands in, its nearest assigned ports) it asks the
registry it came from through :class:`PortQuestions`, a small interface that
:class:`~portreg.Registry` provides; the answer never imports a registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from typing import Protocol as Interface

import attrs

from portreg._public import public
from portreg.errors import InvalidProtocolError
from portreg.records.assignment import Assignment, labelled_fields
from portreg.records.inputs import ProtocolLike, parse_optional_protocol, parse_protocol
from portreg.records.ranges import RangeClass
from portreg.records.statuses import STATUS_PRECEDENCE, status_on
from portreg.records.vocabulary import Protocol, Status

if TYPE_CHECKING:
    from portreg.answers.block import Block
    from portreg.rendering.tables import PrettyPrinter

__all__ = ["PortInfo", "PortQuestions", "answer_hand_built_ports_from", "port_summary_dict"]


class PortQuestions(Interface):
    """What a :class:`~portreg.PortInfo` asks the registry it came from."""

    def block_at(self, port: int, protocol: Protocol | None = None) -> Block | None:
        """The block of ports not assigned that ``port`` stands in, if any."""

    def nearest_assigned_below(self, port: int, protocol: Protocol | None = None) -> int | None:
        """The highest port below ``port`` assigned on ``protocol`` (any, for ``None``)."""

    def nearest_assigned_above(self, port: int, protocol: Protocol | None = None) -> int | None:
        """The lowest port above ``port`` assigned on ``protocol`` (any, for ``None``)."""

    def status_at(self, port: int, protocol: Protocol | None = None) -> Status:
        """The status of ``port`` on ``protocol``; its overall status for ``None``."""

    def name_at(self, port: int, protocol: Protocol | None = None) -> str | None:
        """The name to use for ``port`` on ``protocol`` (any transport for ``None``)."""

    def lookup(self, port: int, protocol: Protocol | None = None) -> PortInfo:
        """The answer about another port (the nearest assigned one, for its names)."""


# Where an answer built by hand (or unpickled) asks its questions: the registry in
# use. The lookups layer, which owns that state, hands this function in when it loads
# (importing any public name from portreg loads it).
_registry_in_use: Callable[[], PortQuestions] | None = None


def answer_hand_built_ports_from(registry_in_use: Callable[[], PortQuestions]) -> None:
    """Let answers that carry no registry ask ``registry_in_use()`` (set by lookups)."""
    global _registry_in_use
    _registry_in_use = registry_in_use


@public
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
    _registry: PortQuestions | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True, alias="registry"
    )

    @property
    def services(self) -> tuple[str, ...]:
        """The service names assigned on the port: registry order, each once, as registered.

        A named row whose description withdraws it (14001/udp "sua", De-Registered)
        names no service here; it is still among ``assignments``.
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
        chosen = self.protocol if protocol is None else parse_protocol(protocol)
        if chosen is not self.protocol and self.protocol is not None and chosen is not None:
            raise InvalidProtocolError(
                f"this answer is about {self.protocol.value} only; got protocol "
                f"{chosen.value!r}: look the port up without a protocol to ask about others"
            )
        if self._registry is not None:  # the registry's tables hold the answer
            return self._registry.status_at(self.port, chosen)
        if chosen is None:
            return min((self._status_on(p) for p in Protocol), key=STATUS_PRECEDENCE.index)
        return self._status_on(chosen)

    def _status_on(self, protocol: Protocol) -> Status:
        if self._registry is not None:
            return self._registry.status_at(self.port, protocol)
        return status_on(self.assignments, self.range_class, protocol)

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
            lines.extend(
                f"      {label}: {_joined(values)}" for label, values in labelled_fields(row)
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from portreg.answers.views import port_info_html

        return port_info_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.rendering.tables import pretty

        pretty(printer, cycle, str(self), f"PortInfo({self.port})")

    def to_dict(self) -> dict[str, Any]:
        """Everything about the port as plain data, ready for ``json.dumps()``.

        The port's fields of ``portreg PORT --json`` (docs/cli-json.md): ``port``,
        ``protocol``, ``range_class`` (an object), ``status``, ``statuses``,
        ``services``, ``preferred_name``, ``summary``, ``assignments``, ``block``,
        ``nearest_assigned_below`` and ``nearest_assigned_above``.

        >>> from portreg import lookup
        >>> info = lookup(305).to_dict()
        >>> info["status"], info["block"], info["nearest_assigned_above"]
        ('unassigned', {'first': 301, 'last': 307, 'size': 7, 'status': 'unassigned', 'protocol': None}, 308)
        """  # noqa: E501
        block = self.block
        return {
            "port": self.port,
            "protocol": self.protocol.value if self.protocol else None,
            "range_class": self.range_class.to_dict(),
            "status": self.status().value,
            "statuses": {p.value: s.value for p, s in self.statuses.items()},
            "services": list(self.services),
            # Without a service there is no name to prefer; skipping the call spares
            # the names module's import.
            "preferred_name": self.preferred_name() if self.services else None,
            "summary": self.summary,
            "assignments": [a.to_dict() for a in self.assignments],
            "block": block.to_dict() if block is not None else None,
            "nearest_assigned_below": self.nearest_assigned_below,
            "nearest_assigned_above": self.nearest_assigned_above,
        }

    # -- the space around the port, and the name to use -------------------------------

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Pickles and copies carry the registry the answer came from, so that its block
        # and nearest ports are still that registry's (the packaged registry pickles as
        # a reference, any other as its rows); an answer built without one asks the
        # registry in use, before and after.
        fields = (self.port, self.range_class, self.assignments, self.protocol)
        if self._registry is None:
            return (PortInfo, fields)
        return (_answer_from, (*fields, self._registry))

    def _source(self) -> PortQuestions:
        if self._registry is not None:
            return self._registry
        if _registry_in_use is None:
            raise RuntimeError("no registry to ask: import portreg.lookups.in_use first")
        return _registry_in_use()

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
        return self._source().block_at(self.port, self.protocol)

    @property
    def nearest_assigned_below(self) -> int | None:
        """The highest port below this one assigned on this answer's transport (or on
        any, when it has none); ``None`` when there is none."""
        return self._source().nearest_assigned_below(self.port, self.protocol)

    @property
    def nearest_assigned_above(self) -> int | None:
        """The lowest port above this one assigned on this answer's transport (or on
        any, when it has none); ``None`` when there is none."""
        return self._source().nearest_assigned_above(self.port, self.protocol)

    def _nearby(self, port: int) -> PortInfo:
        """The answer about another port, from the same registry, on the same transport."""
        return self._source().lookup(port, self.protocol)

    def preferred_name(self, protocol: ProtocolLike | None = None) -> str | None:
        """The service name to use for this port, or ``None`` when none is assigned.

        ``protocol`` defaults to the one this answer was asked for; with neither, the
        names on every transport compete. Among the names assigned there, in order:

        1. a name the registry marks as an alias or duplicate of another name on the
           port gives way to it (80/tcp: ``http``, not ``www`` or ``www-http``);
        2. a name whose row notes a conflict on the port gives way (2049: ``nfs``);
        3. a row for this port alone beats a range row covering it;
        4. then registry order.
        """
        if protocol is None and self._registry is not None:  # the warm path
            return self._registry.name_at(self.port, self.protocol)
        asked = None if protocol is None else parse_optional_protocol(protocol)
        if asked is not None and self.protocol is not None and asked is not self.protocol:
            raise InvalidProtocolError(
                f"this answer is about {self.protocol.value} only; got protocol "
                f"{asked.value!r}: look the port up without a protocol to ask about others"
            )
        if self._registry is not None:  # the registry's tables hold the answer
            return self._registry.name_at(self.port, asked or self.protocol)
        from portreg.records.naming import preferred_name  # its patterns load when asked

        return preferred_name(self.assignments, self.port, asked or self.protocol)


def _answer_from(
    port: int,
    range_class: RangeClass,
    assignments: tuple[Assignment, ...],
    protocol: Protocol | None,
    registry: PortQuestions,
) -> PortInfo:
    """A :class:`PortInfo` from its pickle: its fields and the registry it came from."""
    return PortInfo(port, range_class, assignments, protocol, registry=registry)


def port_summary_dict(info: PortInfo) -> dict[str, Any]:
    """A port as a row of a table shows it, as plain data (docs/cli-json.md, Port
    summary): ``port``, ``range_class``, ``status``, ``statuses``, ``services``."""
    return {
        "port": info.port,
        "range_class": info.range_class.value,
        "status": info.status().value,
        "statuses": {p.value: s.value for p, s in info.statuses.items()},
        "services": list(info.services),
    }


def _joined(values: tuple[object, ...]) -> str:
    # Notes run over several lines in the registry; a report keeps one line a field.
    return " ".join("; ".join(map(str, values)).split())
