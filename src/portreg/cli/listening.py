"""``portreg listeners [PORT...]``: what is listening here, and what IANA calls each port."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from portreg.cli._console import Console, table
from portreg.cli._json import document, dumps, listener_json
from portreg.listening.sockets import Listener

__all__ = ["DESCRIPTION", "EXAMPLES", "configure", "listener_rows", "run"]

DESCRIPTION = """\
The sockets listening on this machine (TCP listening, UDP and SCTP bound), each with
its process where you may see it, and the registry's name for its port: the answer
of ss -lntup or lsof -i, checked against IANA. Linux is read from /proc/net; other
systems need psutil (pip install 'portreg[psutil]')."""

EXAMPLES = """\
examples:
  portreg listeners               every listening socket here
  portreg listeners 22 53/udp     only these ports
  portreg listeners -p tcp --json
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ports", nargs="*", metavar="PORT", help="only these ports (80, 53/udp); all by default"
    )
    parser.add_argument(
        "-p", "--protocol", metavar="PROTO", help="only this transport: tcp, udp or sctp"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document (schema: docs/cli-json.md)",
    )


def run(args: argparse.Namespace, console: Console) -> int:
    from portreg.listening.listeners import listeners
    from portreg.lookups.in_use import registry
    from portreg.records.inputs import parse_optional_protocol, parse_port_and_protocol

    protocol = parse_optional_protocol(args.protocol)
    wanted = [parse_port_and_protocol(text, protocol) for text in args.ports]
    if wanted:
        found = sorted({item for port, chosen in wanted for item in listeners(port, chosen)})
    else:
        found = list(listeners(None, protocol))
    if args.json:
        body = {
            "query": {
                "ports": [
                    {"port": port, "protocol": chosen.value if chosen else None}
                    for port, chosen in wanted
                ],
                "protocol": protocol.value if protocol else None,
            },
            "listeners": [
                {**listener_json(item), "services": list(_names(item))} for item in found
            ],
        }
        console.line(dumps(document("listeners", body, registry().provenance)))
    elif found:
        for line in listener_rows(found, console, with_names=True):
            console.line(line)
    else:
        console.line("nothing is listening" + (" on those ports" if wanted else ""))
    return 0 if found else 1


def _names(listener: Listener) -> tuple[str, ...]:
    from portreg.lookups.in_use import lookup

    return lookup(listener.port, listener.protocol).services


def listener_rows(
    found: Sequence[Listener], console: Console, *, indent: str = "", with_names: bool = False
) -> list[str]:
    """A table of sockets: transport, address, state, processes, owner (and IANA's names)."""
    header = ["PROTO", "LOCAL ADDRESS", "STATE", "PID", "PROCESS", "UID"]
    if with_names:
        header.append("IANA NAME")
    rows = [header]
    for item in found:
        row = [
            f"{item.protocol.value}{'6' if item.family.value == 'ipv6' else ''}",
            item.endpoint,
            item.state.value,
            ",".join(map(str, item.pids)) or "-",
            item.process_name or "-",
            "-" if item.uid is None else str(item.uid),
        ]
        if with_names:
            row.append(", ".join(_names(item)) or "-")
        rows.append(row)
    styles = [[console.bold(cell) for cell in header], *rows[1:]]
    # Addresses, process names and the registry's names give up width on a narrow screen.
    flexible = (1, 4, 6) if with_names else (1, 4)
    return table(rows, indent=indent, styles=styles, console=console, flexible=flexible)
