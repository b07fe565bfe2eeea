"""``portreg export``: the whole registry as /etc/services, IANA's CSV, or JSON.

``services`` is the format of ``/etc/services`` (services(5)): one line per name, port
and transport, ``name port/protocol [aliases...] [# comment]``, assigned ports only,
in port order, so that a system could ship it. Rows that name no transport apply to
all four, and a named range (x11 6000-6063) is written a line per port, as the format
has no ranges.

A name that services(5) cannot hold (one with white space, ``#`` or a control or
format character: the format has no escapes) is left out, and a comment at the end
says which and why; every line written reads back as the registry's entry.

``csv`` has the columns of IANA's own CSV form of the registry, in its order, so the
export compares and round-trips with tools that read IANA's file. People are written
``[id]`` and references ``[RFC9110]`` as IANA writes them. A cell a spreadsheet would
run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or CR) is written with a
leading ``'``, which portreg's CSV reader removes again
(:func:`portreg.sources.iana_csv.formula_safe`).

``json`` is every row with every field (docs/cli-json.md).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TextIO

from portreg.cli._console import Console
from portreg.records.assignment import Assignment, Reference
from portreg.records.vocabulary import Protocol, ReferenceKind, Status
from portreg.rendering.terminal import is_unsafe
from portreg.sources.iana_csv import COLUMNS, formula_safe
from portreg.sources.provenance import Provenance

__all__ = [
    "CSV_COLUMNS",
    "DESCRIPTION",
    "EXAMPLES",
    "configure",
    "csv_rows",
    "run",
    "services_lines",
]

DESCRIPTION = """\
Write the whole registry to standard output: as /etc/services (the services(5) format
operating systems read), as CSV with IANA's own columns, or as JSON with every field."""

EXAMPLES = """\
examples:
  portreg export > services                      /etc/services format (the default)
  portreg export --format csv > ports.csv        IANA's CSV columns
  portreg export --format json | jq '.assignments | length'
"""

#: The columns of IANA's service-names-port-numbers.csv, in its order: the same
#: tuple the CSV reader checks, so what portreg writes it can read back.
CSV_COLUMNS = COLUMNS

_PROTOCOL_ORDER = {protocol: position for position, protocol in enumerate(Protocol)}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--format",
        choices=("services", "csv", "json"),
        default="services",
        help="services (/etc/services, the default), csv (IANA's columns) or json",
    )


def run(args: argparse.Namespace, console: Console) -> int:
    from portreg.lookups.in_use import registry

    answering = registry()
    rows = list(answering)
    console.width = None  # every format is for programs: lines go out whole
    if args.format == "services":
        console.lines(services_lines(rows, answering.provenance))
    elif args.format == "csv":
        import csv

        writer = csv.writer(console.stream, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        cells: Iterable[list[str]] = csv_rows(rows)
        if _is_terminal(console.stream):
            # Read on a screen, not by a program: every record on one line, shown safe.
            from portreg.rendering.terminal import neutralised

            cells = ([neutralised(cell) for cell in row] for row in cells)
        writer.writerows(cells)
    else:
        from portreg.cli._json import assignment_json, document, dumps

        body = {"assignments": [assignment_json(row) for row in rows]}
        # dumps escapes every line break inside a value: each line is one of the layout.
        console.lines(dumps(document("export", body, answering.provenance), indent=1).split("\n"))
    return 0


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# -- /etc/services ------------------------------------------------------------------------


def services_lines(rows: Iterable[Assignment], provenance: Provenance) -> Iterator[str]:
    """The services(5) lines for ``rows``, with a header naming the registry's date.

    Names the registry marks as aliases or duplicates of another name on the same port
    and transport (www and www-http of http on 80/tcp) go on that name's line as its
    aliases, as /etc/services has always written them.
    """
    from portreg._version import __version__
    from portreg.lookups.in_use import service

    updated = provenance.registry_updated
    dated = updated.isoformat() if updated is not None else "unknown (undated source)"
    yield "# Network services: IANA's Service Name and Transport Protocol Port Number Registry"
    yield f"# registry date {dated}, written by portreg {__version__}"
    yield "# (https://www.iana.org/assignments/service-names-port-numbers; CC0 1.0)."
    yield "# Assigned ports only. Format: name port/protocol [aliases ...] [# description]"
    # (port, protocol) -> {name: (registry position, row)}, names in registry order
    places: dict[tuple[int, Protocol], dict[str, tuple[int, Assignment]]] = {}
    for position, row in enumerate(rows):
        if row.status is not Status.ASSIGNED or not row.service:
            continue
        for port in row.ports:
            for protocol in row.protocols:
                places.setdefault((port, protocol), {}).setdefault(row.service, (position, row))
    lines: list[tuple[int, int, int, str]] = []
    left_out: dict[str, None] = {}
    canonical: dict[str, str] = {}
    for (port, protocol), names in places.items():
        keys = {name.lower(): name for name in names}
        aliases: dict[str, list[str]] = {}
        for name in names:
            if name not in canonical:
                canonical[name] = service(name).canonical
            target = keys.get(canonical[name].lower())
            if target is not None and target != name and services_can_hold(target):
                aliases.setdefault(target, []).append(name)
        alias_names = {alias for found in aliases.values() for alias in found}
        for name, (position, row) in names.items():
            if not services_can_hold(name):
                left_out.setdefault(name, None)
                continue
            if name in alias_names:
                continue
            line = f"{name:<15} {f'{port}/{protocol.value}':<10}"
            writable = [alias for alias in aliases.get(name, ()) if services_can_hold(alias)]
            if writable:
                line += " " + " ".join(writable)
            comment = " ".join(row.description.split())
            if comment:
                line += f" # {comment}"
            lines.append((port, _PROTOCOL_ORDER[protocol], position, line.rstrip()))
    lines.sort()
    yield from (line for *_, line in lines)
    if left_out:
        yield (
            f"# {len(left_out)} name(s) left out: services(5) cannot hold white space, '#' "
            "or control characters in a name"
        )
        yield from (f"#   {name!r}" for name in left_out)


def services_can_hold(name: str) -> bool:
    """Whether ``name`` can be written in services(5): no white space, ``#`` or controls."""
    return bool(name) and not any(c.isspace() or c == "#" or is_unsafe(c) for c in name)


# -- IANA's CSV ---------------------------------------------------------------------------


def csv_rows(rows: Iterable[Assignment]) -> Iterator[list[str]]:
    """A list of cells per row, in :data:`CSV_COLUMNS` order."""
    for row in rows:
        yield [formula_safe(cell) for cell in _csv_cells(row)]


def _csv_cells(row: Assignment) -> list[str]:
    return [
        row.service or "",
        row.port_text,
        row.protocol.value if row.protocol else "",
        row.description,
        "".join(f"[{person.id}]" for person in row.assignees),
        "".join(f"[{person.id}]" for person in row.contacts),
        str(row.registered) if row.registered else "",
        str(row.modified) if row.modified else "",
        "".join(_csv_reference(reference) for reference in row.references),
        "" if row.service_code is None else str(row.service_code),
        row.unauthorized_use or "",
        row.notes or "",
    ]


def _csv_reference(reference: Reference) -> str:
    if reference.kind is ReferenceKind.TEXT or reference.data is None:
        return reference.text or ""
    data = reference.data
    if reference.kind is ReferenceKind.RFC:
        data = data.upper()
    if reference.section:
        data = f"{data}, Section {reference.section}"
    return f"[{data}]"
