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

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from portreg.history import HistoryEvent, HistoryKind
from portreg.model import Assignment, Protocol, RegistryDate, Status

if TYPE_CHECKING:
    from portreg.display import PrettyPrinter

__all__ = [
    "NameIndex",
    "ServiceInfo",
    "alias_target",
    "name_key",
    "preferred_name",
]

# re caches compiled patterns: these compile on first use, not at import.
_ALIAS_NOTE = (
    r'(?i)This entry is an alias to "(?P<alias>[^"]+)"|'
    r'This is a duplicate of the "(?P<duplicate>[^"]+)" service'
)
# A name asked for in DNS-SD form: "_http._tcp".
_DNS_SD_FORM = r"(?i)^_(?P<name>[^.]+)\._(?:tcp|udp)\.?$"
# Kinds of history event after which the ports they name are no longer the name's.
_FORMER_HOLDING = frozenset(
    {
        HistoryKind.DEASSIGNED,
        HistoryKind.REMOVED,
        HistoryKind.DEREGISTERED,
        HistoryKind.RELEASED,
        HistoryKind.MOVED,
    }
)


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
    rows: Iterable[Assignment], port: int, protocol: Protocol | None = None
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
    named = [
        (row, row.service)
        for row in rows
        if row.service and row.status is Status.ASSIGNED and row.covers(port, protocol)
    ]
    on_port = {name_key(name) for _, name in named}
    candidates: list[tuple[tuple[bool, bool, bool, int], str]] = []
    for order, (row, name) in enumerate(named):
        target = alias_target(row)
        gives_way = target is not None and name_key(target) in on_port
        conflicted = _notes_conflict(row, port)
        candidates.append(((gives_way, conflicted, row.is_range, order), name))
    return min(candidates)[1] if candidates else None


_CONFLICT = r"(?i)conflict on (\d+)"


def _notes_conflict(row: Assignment, port: int) -> bool:
    if not row.notes:
        return False
    return any(int(found) == port for found in re.findall(_CONFLICT, row.notes))


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
        from portreg._input import parse_protocol

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
                    if event.kind in _FORMER_HOLDING
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

    def _repr_html_(self) -> str:
        from portreg.display import service_html

        return service_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.display import pretty, service_text

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
    dates = [e.date for e in events if e.kind in _FORMER_HOLDING and e.date is not None]
    return max(dates) if dates else None


class NameIndex:
    """Rows by service name, aliases, and the :class:`ServiceInfo` of each name.

    Built once per registry from every row. ``ServiceInfo`` records are made the
    first time a name is asked for and kept, so a repeated question is a dict probe.
    """

    def __init__(
        self,
        rows: Sequence[Assignment],
        history_by_name: Mapping[str, tuple[HistoryEvent, ...]],
    ) -> None:
        positions: dict[str, list[int]] = {}
        spelling: dict[str, str] = {}
        alias_of: dict[str, str] = {}
        for position, row in enumerate(rows):
            if not row.service:
                continue
            key = name_key(row.service)
            positions.setdefault(key, []).append(position)
            spelling.setdefault(key, row.service)
            target = alias_target(row)
            if target is not None and name_key(target) != key:
                alias_of.setdefault(key, name_key(target))
        self._rows = rows
        self._positions = {key: tuple(found) for key, found in positions.items()}
        self._spelling = spelling
        # Only aliases of names the registry has: a dangling note is not a redirection.
        self._alias_of = {k: t for k, t in alias_of.items() if t in positions}
        aliases: dict[str, list[str]] = {}
        for key in self._positions:  # registry order of first appearance
            if key in self._alias_of:
                aliases.setdefault(self._canonical_key(key), []).append(spelling[key])
        self._aliases = {key: tuple(names) for key, names in aliases.items()}
        self._history_by_name = history_by_name
        self._infos: dict[str, ServiceInfo] = {}
        self._lock = threading.Lock()
        self._sorted_keys: tuple[str, ...] | None = None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._positions

    def __len__(self) -> int:
        return len(self._positions)

    def names(self) -> tuple[str, ...]:
        """Every registered name, as spelled, in registry order of first appearance."""
        return tuple(self._spelling[key] for key in self._positions)

    def _canonical_key(self, key: str) -> str:
        seen = {key}
        while key in self._alias_of:
            key = self._alias_of[key]
            if key in seen:  # a cycle in the notes: stop where it closes
                break
            seen.add(key)
        return key

    def find(self, name: str) -> ServiceInfo | None:
        """The :class:`ServiceInfo` for ``name`` in any case, or ``None``."""
        key = name_key(name)
        info = self._infos.get(key)
        if info is not None:
            return info
        positions = self._positions.get(key)
        if positions is None:
            dns_sd = re.match(_DNS_SD_FORM, name)
            if dns_sd is not None and name_key(dns_sd.group("name")) in self._positions:
                return self.find(dns_sd.group("name"))
            return None
        info = ServiceInfo(
            name=self._spelling[key],
            canonical=self._spelling[self._canonical_key(key)],
            aliases=self._aliases.get(key, ()),
            assignments=tuple(self._rows[p] for p in positions),
            history=self._history_by_name.get(key, ()),
        )
        with self._lock:
            return self._infos.setdefault(key, info)

    def suggestions(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """Registered names close to ``name``, best first.

        Spelling variants come first (``_`` for ``-`` and back, then names the history
        says replaced it), then names that start with it, then similar spellings.
        """
        key = name_key(name)
        found: dict[str, None] = {}
        for variant in (key.replace("_", "-"), key.replace("-", "_")):
            if variant != key and variant in self._positions:
                found.setdefault(self._spelling[variant], None)
        for event in self._history_by_name.get(key, ()):
            for other in event.names:
                if name_key(other) != key and name_key(other) in self._positions:
                    found.setdefault(self._spelling[name_key(other)], None)
        keys = self._keys_sorted()
        if len(key) >= 3:
            import bisect

            start = bisect.bisect_left(keys, key)
            for candidate in keys[start : start + limit]:
                if not candidate.startswith(key):
                    break
                found.setdefault(self._spelling[candidate], None)
        import difflib

        for candidate in difflib.get_close_matches(key, keys, n=limit, cutoff=0.75):
            found.setdefault(self._spelling[candidate], None)
        return tuple(found)[:limit]

    def _keys_sorted(self) -> tuple[str, ...]:
        keys = self._sorted_keys
        if keys is None:
            keys = self._sorted_keys = tuple(sorted(self._positions))
        return keys
