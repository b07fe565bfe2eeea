"""PortInfo.preferred_name: the documented rule, checked on every named port."""

from __future__ import annotations

import re

import pytest

from portreg import PortInfo, Protocol, Status, lookup, registry
from portreg.records.ranges import range_class_of

PROTOCOLS: tuple[Protocol | None, ...] = (None, *Protocol)


def _alias_target(notes: str | None) -> str | None:
    """The registry's own alias and duplicate wordings, read here independently."""
    found = re.search(r'alias to "([^"]+)"|duplicate of the "([^"]+)"', notes or "")
    return (found[1] or found[2]).lower() if found else None


def _named_ports() -> list[int]:
    ports: set[int] = set()
    for row in registry():
        if row.service and row.first is not None and row.last is not None:
            ports.update(range(row.first, row.last + 1))
    return sorted(ports)


@pytest.mark.parametrize(
    ("port", "protocol", "name"),
    [
        (80, "tcp", "http"),
        (80, None, "http"),
        (80, "sctp", "http"),
        (63, "udp", "whoispp"),
        (66, "tcp", "sql-net"),
        (210, None, "z39-50"),
        (774, "udp", "acmaint-dbd"),
        (2222, "tcp", "EtherNet-IP-1"),
        (2049, "tcp", "nfs"),
        (6010, "udp", "x11"),
        (308, None, "novastorbakcup"),
        (305, None, None),
        (50000, "tcp", None),
    ],
)
def test_examples(port: int, protocol: str | None, name: str | None) -> None:
    assert lookup(port, protocol).preferred_name() == name
    assert lookup(port).preferred_name(protocol) == name


def test_the_rule_holds_on_every_named_port_and_transport() -> None:
    rows_at = registry()._rows_at
    checked = 0
    for port in _named_ports():
        rows = rows_at(port)
        for protocol in PROTOCOLS:
            info = PortInfo(port, range_class_of(port), rows, protocol)
            mine = [
                r
                for r in rows
                if r.service
                and r.status is Status.ASSIGNED
                and (protocol is None or r.protocol in (None, protocol))
            ]
            chosen = info.preferred_name()
            if not mine:
                assert chosen is None, (port, protocol)
                continue
            checked += 1
            names = [r.service for r in mine]
            assert chosen in names, (port, protocol)
            on_port = {n.lower() for n in names if n}
            gives_way = {
                r.service
                for r in mine
                if _alias_target(r.notes) in on_port - {(r.service or "").lower()}
            }
            conflicted = {
                r.service for r in mine if re.search(rf"conflict on {port}\b", r.notes or "", re.I)
            }
            # 1. an alias or duplicate gives way to its name on the same port
            if set(names) - gives_way:
                assert chosen not in gives_way, (port, protocol, chosen)
            # 2. then a name noted as conflicting gives way
            if set(names) - gives_way - conflicted:
                assert chosen not in conflicted, (port, protocol, chosen)
            # 3. a row for this port alone beats a range; 4. then registry order
            best = [r for r in mine if r.service not in gives_way | conflicted] or mine
            singles = [r for r in best if r.first == r.last] or best
            assert chosen == singles[0].service, (port, protocol, chosen)
    assert checked > 15_000  # ~6,000 named ports, on their transports and on all at once


def test_the_answer_does_not_depend_on_how_the_port_was_asked() -> None:
    for port in (80, 443, 2049, 6000, 3478, 5349):
        for protocol in Protocol:
            assert lookup(port, protocol).preferred_name() == lookup(port).preferred_name(protocol)
