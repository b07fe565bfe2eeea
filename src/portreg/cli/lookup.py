"""``portreg QUERY...``: the report on a port, a span of ports or a service name."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any, NamedTuple, Union

from portreg.answers.port import PortInfo
from portreg.cli._console import Console, UsageError
from portreg.cli._json import (
    assignment_json,
    document,
    dumps,
    listener_json,
    port_summary_json,
)
from portreg.cli._same_rows import merged_by_transport
from portreg.cli._text import assignment_details, port_table, registry_credit, statuses_text
from portreg.lookups.in_use import lookup, neighbours, registry, service
from portreg.records.assignment import Assignment
from portreg.records.inputs import (
    parse_optional_protocol,
    parse_port,
    parse_port_and_protocol,
    shown,
)
from portreg.records.vocabulary import Protocol, Status

if TYPE_CHECKING:
    from portreg.answers.block import Block
    from portreg.answers.service import ServiceInfo
    from portreg.listening.sockets import Listener

__all__ = [
    "DESCRIPTION",
    "EXAMPLES",
    "NameQuery",
    "PortQuery",
    "SpanQuery",
    "configure",
    "parse_query",
    "run",
]

DESCRIPTION = """\
What is port N? The report on a port from IANA's Service Name and Transport Protocol
Port Number Registry (shipped with portreg, no network needed): its range and what
that means, its status on tcp, udp, sctp and dccp, every registry row that covers it
with assignee, contact, dates and references, and the ports around it.

A QUERY is a port (305, 80/tcp), a span of ports (300-310, 6000-6010/udp) or a
service name (postgresql, x11). Several queries give several reports."""

EXAMPLES = """\
examples:
  portreg 305                 the report on port 305
  portreg 443/tcp             the report on 443, tcp only
  portreg 300-310             a table of ports 300 to 310
  portreg 5432 --local        ... and what listens on 5432 on this machine
  portreg 22 --json | jq .    the same facts as JSON (schema: docs/cli-json.md)
  portreg postgresql          a service name's ports, aliases and history
  portreg lookup search       a service called like a command: name the command
"""

# A span: "300-310", "6000-6010/udp". re caches it once compiled, on first use.
_SPAN = r"(?s)\s*(\d+)\s*-\s*(\d+)\s*(?:/(.*))?\s*\Z"
# A port, or what was surely meant as one: "80", "80/tcp", "80/xyz", "-1", "70000".
_PORT = r"(?s)[+-]?\d+\s*(?:/.*)?\Z"


# Plain named tuples, not attrs classes: each class created at import costs the
# report's start-up, and these never leave this module.
class PortQuery(NamedTuple):
    port: int
    protocol: Protocol | None


class SpanQuery(NamedTuple):
    first: int
    last: int
    protocol: Protocol | None


class NameQuery(NamedTuple):
    name: str
    protocol: Protocol | None


Query = Union[PortQuery, SpanQuery, NameQuery]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "queries", nargs="+", metavar="QUERY", help="a port, a span FIRST-LAST, or a service name"
    )
    parser.add_argument(
        "-p",
        "--protocol",
        metavar="PROTO",
        help="only this transport: tcp, udp, sctp or dccp (also written 80/tcp)",
    )
    parser.add_argument(
        "-r",
        "--radius",
        type=int,
        default=5,
        metavar="N",
        help="show N ports either side of a port (default 5; 0 for none)",
    )
    parser.add_argument(
        "--local",
        action="store_true",
        help="also say what is listening on the port on this machine",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON, one document per query per line (schema: docs/cli-json.md)",
    )


def parse_query(text: str, protocol: str | None) -> Query:
    """What a query asks about; raises a PortregError saying what is accepted."""
    stripped = text.strip()
    if not stripped:
        raise UsageError(
            "a query must be a port (80, 80/tcp), a span of ports (300-310) or a "
            f"service name; got {shown(text)}"
        )
    span = re.match(_SPAN, stripped)
    if span:
        first_text, last_text, protocol_text = span.groups()
        first, _ = parse_port(first_text)
        last, _ = parse_port(last_text)
        if first > last:
            raise UsageError(f"a span must run from low to high, as 300-310; got {shown(text)}")
        with_protocol = first_text if protocol_text is None else f"{first}/{protocol_text}"
        return SpanQuery(first, last, parse_port_and_protocol(with_protocol, protocol)[1])
    if re.match(_PORT, stripped):
        number, chosen = parse_port_and_protocol(stripped, protocol)
        return PortQuery(number, chosen)
    # Anything else is a name, digits first or not: 3com-tsmux, 9pfs, 914c/g.
    return NameQuery(stripped, parse_optional_protocol(protocol))


def run(args: argparse.Namespace, console: Console) -> int:
    queries = [parse_query(text, args.protocol) for text in args.queries]
    if args.radius < 0:
        raise UsageError(f"--radius must be 0 or more; got {args.radius}")
    status = 0
    for position, query in enumerate(queries):
        if position and not args.json:
            console.line()
        if isinstance(query, PortQuery):
            _port(query, args, console)
        elif isinstance(query, SpanQuery):
            _span(query, args, console)
        else:
            status = max(status, _name(query, args, console))
    return status


# -- a port ----------------------------------------------------------------------------


def _port(query: PortQuery, args: argparse.Namespace, console: Console) -> None:
    info = lookup(query.port, query.protocol)
    around = neighbours(query.port, args.radius, query.protocol) if args.radius else ()
    local = _local(query) if args.local else None
    if args.json:
        console.line(dumps(_port_json(info, around, local, args.radius)))
        return
    space = _Space(info.block, info.nearest_assigned_below, info.nearest_assigned_above)
    for line in _port_text(info, around, space, local, console):
        console.line(line)


class _Space(NamedTuple):
    """The block a port stands in, and the nearest assigned ports either side."""

    block: Block | None
    below: int | None
    above: int | None


class _Local(NamedTuple):
    source: str | None
    checked: tuple[Protocol, ...]
    listeners: tuple[Listener, ...] = ()
    unavailable: str | None = None


def _local(query: PortQuery) -> _Local:
    from portreg.listening.listeners import checked_protocols, listeners, listeners_source
    from portreg.listening.sockets import ListenersUnavailableError

    try:
        found = listeners(query.port, query.protocol)
        checked = (query.protocol,) if query.protocol else checked_protocols()
        return _Local(listeners_source(), checked, found)
    except ListenersUnavailableError as error:
        return _Local(None, (), unavailable=str(error))


def _port_json(
    info: PortInfo,
    around: tuple[PortInfo, ...],
    local: _Local | None,
    radius: int,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": {"port": info.port, "protocol": info.protocol.value if info.protocol else None},
        **info.to_dict(),  # the port's facts: one implementation, shared with the library
        "radius": radius,
        "neighbours": [port_summary_json(n) for n in around],
        "local": None,
    }
    if local is not None:
        body["local"] = {
            "available": local.unavailable is None,
            "source": local.source,
            "checked_protocols": [p.value for p in local.checked],
            "reason": local.unavailable,
            "listeners": [listener_json(item) for item in local.listeners],
        }
    return document("port", body, registry().provenance)


def _port_text(
    info: PortInfo,
    around: tuple[PortInfo, ...],
    space: _Space,
    local: _Local | None,
    console: Console,
) -> list[str]:
    where = f"{info.port}/{info.protocol.value}" if info.protocol else str(info.port)
    overall = info.status()
    title = ", ".join(info.services) if info.services else _status_title(overall)
    lines = [f"{console.bold('Port ' + where)}  {console.status(title, overall)}"]
    preferred = _preferred_name(info)
    if preferred and len(info.services) > 1:
        lines.append(
            _field(
                "Name",
                f"{preferred} (the name to use; the others are duplicates or aliases)",
                console,
            )
        )
    range_class = info.range_class
    lines.append(
        _field(
            "Range",
            f"{range_class.label} {range_class.first}-{range_class.last}, {range_class.procedure}",
            console,
        )
    )
    lines.append(_field("", range_class.meaning, console))
    lines.append(_field("Status", statuses_text(info.statuses, console), console))
    block = space.block
    if block is not None:
        size = "1 port" if len(block) == 1 else f"{len(block)} ports"
        lines.append(
            _field(
                "Block",
                f"within the {block.status.value} block {block.port_text} ({size})",
                console,
            )
        )
    nearest = []
    if space.below is not None and space.below != info.port - 1:
        nearest.append(f"{space.below} below ({_names_at(space.below, info.protocol)})")
    if space.above is not None and space.above != info.port + 1:
        nearest.append(f"{space.above} above ({_names_at(space.above, info.protocol)})")
    if nearest and not info.is_assigned:
        lines.append(_field("Nearest", "assigned: " + ", ".join(nearest), console))
    if not info.assignments:
        reason = (
            "the registry lists no Dynamic port: any program may use it"
            if overall is Status.DYNAMIC
            else "no registry row covers it"
        )
        lines.append(_field("Registry", reason, console))
    if local is not None:
        lines += _local_text(info, local, console)
    if info.assignments:
        lines.append("")
        lines.append(console.bold("  Registry rows"))
        for assignment, protocols in merged_by_transport(info.assignments):
            lines += assignment_details(assignment, console, "  ", protocols)
    if around:
        first, last = around[0].port, around[-1].port
        lines.append("")
        lines += port_table(
            around, console, marked=info.port, indent="  ", title=f"  Ports {first}-{last}"
        )
    lines.append("")
    lines.append(console.dim(registry_credit(registry().provenance)))
    return lines


def _preferred_name(info: PortInfo) -> str | None:
    # Without a service there is no name to prefer; skipping the call spares the
    # names module's import on the report's most common path.
    return info.preferred_name() if info.services else None


def _names_at(port: int, protocol: Protocol | None) -> str:
    return ", ".join(lookup(port, protocol).services)


def _status_title(status: Status) -> str:
    if status is Status.DYNAMIC:
        return "Dynamic/private, never assigned by IANA"
    return "De-registered" if status is Status.DEREGISTERED else status.value.capitalize()


def _field(label: str, value: str, console: Console) -> str:
    return f"  {console.dim(f'{label:<10}')}{value}"


def _local_text(info: PortInfo, local: _Local, console: Console) -> list[str]:
    if local.unavailable is not None:
        return [_field("Here", f"cannot tell: {local.unavailable}", console)]
    transports = ", ".join(p.value for p in local.checked)
    if not local.listeners:
        return [
            _field(
                "Here",
                f"nothing is listening on {info.port} (checked {transports} in {local.source})",
                console,
            )
        ]
    count = len(local.listeners)
    lines = [
        _field("Here", f"{count} socket{'s' if count > 1 else ''} bound to {info.port}:", console)
    ]
    from portreg.cli.listening import listener_rows

    lines += listener_rows(local.listeners, console, indent="            ")
    return lines


# -- a span of ports --------------------------------------------------------------------


def _span(query: SpanQuery, args: argparse.Namespace, console: Console) -> None:
    infos = [lookup(port, query.protocol) for port in range(query.first, query.last + 1)]
    if args.json:
        rows: dict[Any, int] = {}
        ports = []
        for info in infos:
            summary = port_summary_json(info)
            summary["assignment_indexes"] = [
                rows.setdefault(a, len(rows)) for a in info.assignments
            ]
            ports.append(summary)
        body = {
            "query": {
                "first": query.first,
                "last": query.last,
                "protocol": query.protocol.value if query.protocol else None,
            },
            "first": query.first,
            "last": query.last,
            "protocol": query.protocol.value if query.protocol else None,
            "ports": ports,
            "assignments": [assignment_json(a) for a in rows],
        }
        console.line(dumps(document("span", body, registry().provenance)))
        return
    where = f"{query.first}-{query.last}"
    where += f"/{query.protocol.value}" if query.protocol else ""
    for line in port_table(infos, console, indent="", title=f"Ports {where}"):
        console.line(line)
    console.line()
    console.line(console.dim(registry_credit(registry().provenance)))


# -- a service name ---------------------------------------------------------------------


def _name(query: NameQuery, args: argparse.Namespace, console: Console) -> int:
    from portreg.errors import UnknownServiceError

    try:
        info = service(query.name)
    except UnknownServiceError as error:
        if args.json:
            body = {
                "query": _name_query_json(query),
                "found": False,
                "name": query.name,
                "suggestions": list(error.suggestions),
            }
            console.line(dumps(document("service", body, registry().provenance)))
        else:
            _print_unknown(query.name, error.suggestions)
        return 1
    rows = info.on(query.protocol) if query.protocol else info.assignments
    if args.json:
        console.line(
            dumps(document("service", _service_json(query, info, rows), registry().provenance))
        )
        return 0
    for line in _service_text(info, rows, query.protocol, console):
        console.line(line)
    return 0


def _print_unknown(name: str, suggestions: tuple[str, ...]) -> None:
    import shlex

    from portreg.cli._console import warn

    # Not a usage error, but the reader should see why nothing printed: one line.
    message = f"portreg: no service is registered as {shown(name)}"
    if suggestions:
        message += f"; did you mean {', '.join(suggestions)}?"
    message += f" (portreg search {shlex.quote(name)} looks in descriptions and notes too)"
    warn(message)


def _name_query_json(query: NameQuery) -> dict[str, Any]:
    return {"name": query.name, "protocol": query.protocol.value if query.protocol else None}


def _service_json(
    query: NameQuery, info: ServiceInfo, rows: tuple[Assignment, ...]
) -> dict[str, Any]:
    return {
        "query": _name_query_json(query),
        "found": True,
        **info.to_dict(),  # one implementation, shared with the library
        "assignments": [assignment_json(a) for a in rows],  # only the --protocol's
    }


def _service_text(
    info: ServiceInfo,
    rows: tuple[Assignment, ...],
    protocol: Protocol | None,
    console: Console,
) -> list[str]:
    title = console.bold(f"Service {info.name}")
    places = ", ".join(
        dict.fromkeys(
            f"{a.port_text}/{p.value}"
            for a in rows
            if a.first is not None and a.status is Status.ASSIGNED
            for p in a.protocols
        )
    )
    lines = [f"{title}  {places or 'no port'}"]
    if info.description:
        lines.append(_field("About", info.description, console))
    if info.is_alias:
        lines.append(
            _field(
                "Alias", f"of {info.canonical}: the registry says to use {info.canonical}", console
            )
        )
    if info.aliases:
        lines.append(_field("Aliases", ", ".join(info.aliases), console))
    if info.former_ports:
        lines.append(_field("Formerly", ", ".join(map(str, info.former_ports)), console))
    if protocol is not None and not rows:
        lines.append(_field("Registry", f"no row of {info.name} is on {protocol.value}", console))
    if rows:
        lines.append("")
        lines.append(console.bold("  Registry rows"))
        for assignment, protocols in merged_by_transport(rows):
            lines += assignment_details(assignment, console, "  ", protocols)
    if info.history:
        lines.append("")
        lines.append(console.bold("  History"))
        for event in info.history:
            when = str(event.date) if event.date else "undated"
            where = ", ".join(map(str, event.ports)) or "no port"
            if event.protocol is not None:
                where += f"/{event.protocol.value}"
            lines.append(f"  {console.dim(f'{when:<10}')}  {event.kind.value} ({where})")
            text = " ".join(event.text.split())
            lines.append(f"              {text}")
    lines.append("")
    lines.append(console.dim(registry_credit(registry().provenance)))
    return lines
