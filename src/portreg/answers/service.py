"""Service names: what a name is registered for, which name to use, and its aliases.

Names compare case-insensitively, and only case-insensitively: ``HTTP`` is ``http``,
but ``acmaint_dbd`` and ``acmaint-dbd`` stay two names, because the registry lists
them as two (the one with an underscore is a historic alias of the other, and
``service("acmaint_dbd").canonical`` says so). Folding ``_`` into ``-`` would hide
that distinction; instead, an unknown name's spelling variants lead its suggestions
(``kca_service`` suggests ``kca-service``).

The registry marks aliases and duplicates in its notes: "This entry is an alias to
"whoispp"", "This is a duplicate of the "http" service". A name's *canonical* name is
the one such a note points to (followed through chains), or the name itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from portreg._public import public
from portreg.answers.history import HistoryEvent, HistoryKind
from portreg.records.assignment import Assignment, RegistryDate
from portreg.records.vocabulary import Protocol, Status

if TYPE_CHECKING:
    from portreg.rendering.tables import PrettyPrinter

__all__ = ["FORMER_HOLDING", "ServiceInfo"]

# Kinds of history event after which the ports they name are no longer the name's.
FORMER_HOLDING = frozenset(
    {
        HistoryKind.DEASSIGNED,
        HistoryKind.REMOVED,
        HistoryKind.DEREGISTERED,
        HistoryKind.RELEASED,
        HistoryKind.MOVED,
    }
)


@public
@attrs.frozen
class ServiceInfo:
    """Everything the registry says about one service name.

    ``assignments`` are the rows registered under the name in registry order, on
    every port and transport, ranges and rows without a port included. ``history``
    holds the events the registry's notes record about the name, on its own rows and
    on rows that mention it (the reserved ports 2 and 3 that were ``compressnet``).
    """

    #: The name as the registry spells it.
    name: str
    #: The name to use: the one this name is an alias or duplicate of, or itself.
    canonical: str
    #: The names registered as aliases or duplicates of this one, registry order.
    aliases: tuple[str, ...]
    assignments: tuple[Assignment, ...]
    history: tuple[HistoryEvent, ...] = ()

    @property
    def is_alias(self) -> bool:
        """Whether the registry says to use another name (``www`` -> ``http``)."""
        return self.canonical != self.name

    @property
    def ports(self) -> tuple[int, ...]:
        """Every port the name is assigned on, on any transport, in order."""
        return tuple(
            sorted(
                {port for a in self.assignments if a.status is Status.ASSIGNED for port in a.ports}
            )
        )

    @property
    def protocols(self) -> tuple[Protocol, ...]:
        """The transports the name is registered on, ports or not, in Protocol order."""
        found = {p for a in self.assignments for p in a.protocols}
        return tuple(p for p in Protocol if p in found)

    @property
    def has_port(self) -> bool:
        """Whether the name holds a port today (DNS-SD names often hold none)."""
        return bool(self.ports)

    def on(self, protocol: Protocol | str) -> tuple[Assignment, ...]:
        """The name's rows for ``protocol``: its own and those without a protocol."""
        from portreg.records.inputs import parse_protocol

        chosen = parse_protocol(protocol)
        return tuple(a for a in self.assignments if a.protocol in (None, chosen))

    @property
    def former_ports(self) -> tuple[int, ...]:
        """Ports the history says the name held and no longer holds, in order."""
        current = set(self.ports)
        return tuple(
            sorted(
                {
                    port
                    for event in self.history
                    if event.kind in FORMER_HOLDING
                    for port in event.ports
                    if port not in current
                }
            )
        )

    @property
    def description(self) -> str:
        """The description of the name's first row that has one, or empty."""
        return next((a.description for a in self.assignments if a.description), "")

    @property
    def summary(self) -> str:
        """One line: the name, where it is, and what to use instead if it is an alias."""
        places = _places(self.assignments)
        line = f"{self.name}: {places or 'no port'}"
        if self.is_alias:
            line += f" (alias of {self.canonical})"
        former = self.former_ports
        if former:
            until = _latest_date(self.history)
            line += f"; formerly {_port_list(former)}" + (f" until {until}" if until else "")
        return line

    def to_dict(self) -> dict[str, Any]:
        """Plain data, the fields of ``portreg NAME --json`` (docs/cli-json.md):
        ``name``, ``canonical``, ``is_alias``, ``aliases``, ``description``, ``ports``,
        ``protocols``, ``former_ports``, ``summary``, ``assignments`` and ``history``.

        >>> from portreg import service
        >>> info = service("www").to_dict()
        >>> info["canonical"], info["ports"], info["protocols"]
        ('http', [80], ['tcp', 'udp'])
        """
        return {
            "name": self.name,
            "canonical": self.canonical,
            "is_alias": self.is_alias,
            "aliases": list(self.aliases),
            "description": self.description,
            "ports": list(self.ports),
            "protocols": [p.value for p in self.protocols],
            "former_ports": list(self.former_ports),
            "summary": self.summary,
            "assignments": [a.to_dict() for a in self.assignments],
            "history": [event.to_dict() for event in self.history],
        }

    def _repr_html_(self) -> str:
        from portreg.answers.views import service_html

        return service_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.answers.views import service_text
        from portreg.rendering.tables import pretty

        pretty(printer, cycle, service_text(self), f"ServiceInfo({self.name!r})")

    def __str__(self) -> str:
        lines = [self.summary]
        if self.description:
            lines.append(f"  {self.description}")
        if self.aliases:
            lines.append(f"  aliases: {', '.join(self.aliases)}")
        lines += (f"  {a}" for a in self.assignments)
        lines += (f"  history: {event}" for event in self.history)
        return "\n".join(lines)


def _places(assignments: Iterable[Assignment]) -> str:
    by_port: dict[str, list[str]] = {}
    for a in assignments:
        if a.first is None or a.status is not Status.ASSIGNED:
            continue
        by_port.setdefault(a.port_text, [])
        for protocol in a.protocols:
            if protocol.value not in by_port[a.port_text]:
                by_port[a.port_text].append(protocol.value)
    return ", ".join(f"{port}/{'+'.join(protocols)}" for port, protocols in by_port.items())


def _port_list(ports: Sequence[int]) -> str:
    return ", ".join(str(p) for p in ports)


def _latest_date(events: Iterable[HistoryEvent]) -> RegistryDate | None:
    dates = [e.date for e in events if e.kind in FORMER_HOLDING and e.date is not None]
    return max(dates) if dates else None
