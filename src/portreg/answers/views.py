"""How answers look in a notebook (HTML) and in IPython (plain text).

Each answer type's columns and captions, built with the toolkit in
:mod:`portreg.rendering.tables`. The answer classes call in here from their display
hooks, only when something is shown.

>>> from portreg import lookup
>>> from portreg.rendering.tables import render_text
>>> print(render_text(port_info_table(lookup(80, "tcp"))))
Port 80/tcp: http, www, www-http
port  service   status    description          registered
----  --------  --------  -------------------  ----------
80    http      assigned  World Wide Web HTTP
80    www       assigned  World Wide Web HTTP
80    www-http  assigned  World Wide Web HTTP
range: System Ports 0-1023 (assigned by IANA through IETF Review or IESG Approval; well-known services; binding one needs privileges on Unix)
name: http (the name to use; the others are duplicates or aliases)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol, Status
from portreg.rendering.tables import Column, Table, facts_html, render_html, table

if TYPE_CHECKING:
    from portreg.answers.block import Block
    from portreg.answers.history import HistoryEvent
    from portreg.answers.port import PortInfo
    from portreg.answers.search import SearchHit
    from portreg.answers.service import ServiceInfo

__all__ = [
    "blocks_table",
    "neighbours_table",
    "port_info_html",
    "port_info_table",
    "search_table",
    "service_html",
    "service_table",
    "service_text",
    "status_text",
    "unassigned_runs",
]

# -- statuses ----------------------------------------------------------------------------


def status_text(info: PortInfo) -> str:
    """A port's status in a few words: ``assigned``, or per transport where they differ.

    Protocols left unassigned go unmentioned when another is taken, since that is
    most ports' lot on sctp and dccp.

    >>> from portreg import lookup
    >>> status_text(lookup(305)), status_text(lookup(308)), status_text(lookup(300))
    ('unassigned', 'tcp, udp assigned', 'tcp assigned; udp reserved')
    """
    by_status: dict[Status, list[Protocol]] = {}
    for protocol, status in info.statuses.items():
        by_status.setdefault(status, []).append(protocol)
    if len(by_status) == 1:
        return next(iter(by_status)).value
    return "; ".join(
        f"{', '.join(p.value for p in protocols)} {status.value}"
        for status, protocols in by_status.items()
        if status not in (Status.UNASSIGNED, Status.DYNAMIC)
    )


def _descriptions(info: PortInfo) -> str:
    seen = dict.fromkeys(a.description for a in info.assignments if a.description)
    return " / ".join(seen)


# -- one port ----------------------------------------------------------------------------

_ROW_COLUMNS: tuple[Column[Assignment], ...] = (
    Column("port", lambda a: a.port_text),
    Column("protocol", lambda a: a.protocol.value if a.protocol else "(all)"),
    Column("service", lambda a: a.service or ""),
    Column("status", lambda a: a.status.value),
    Column("description", lambda a: a.description),
    Column("registered", lambda a: str(a.registered or "")),
)
# An answer about one transport keeps only rows for it or for all transports: the
# protocol column would say little.
_ROW_COLUMNS_FOR_ONE_PROTOCOL = tuple(c for c in _ROW_COLUMNS if c.header != "protocol")


def port_info_table(info: PortInfo) -> Table:
    """The rows covering one port, captioned with its summary, range and statuses."""
    range_class = info.range_class
    notes = [f"range: {range_class} ({range_class.procedure}; {range_class.meaning})"]
    if info.protocol is None:
        notes.append(f"status: {status_text(info)}")
        columns = _ROW_COLUMNS
    else:
        columns = _ROW_COLUMNS_FOR_ONE_PROTOCOL
    notes += _space_notes(info)
    if not info.assignments:
        notes.insert(0, "no registry row covers this port")
    return table(info.assignments, columns, caption=f"Port {info.summary}", notes=notes)


def _space_notes(info: PortInfo) -> list[str]:
    """What the command line's report says beyond the rows: the name to use among
    several, the block the port stands in, and the nearest assigned ports."""
    notes = []
    if len(info.services) > 1:
        notes.append(
            f"name: {info.preferred_name()} (the name to use; the others are duplicates or aliases)"
        )
    block = info.block
    if block is not None:
        size = "1 port" if len(block) == 1 else f"{len(block)} ports"
        notes.append(f"block: within the {block.status.value} block {block.port_text} ({size})")
    if not info.is_assigned:
        nearest = []
        below, above = info.nearest_assigned_below, info.nearest_assigned_above
        if below is not None and below != info.port - 1:
            nearest.append(f"{below} below ({', '.join(info._nearby(below).services)})")
        if above is not None and above != info.port + 1:
            nearest.append(f"{above} above ({', '.join(info._nearby(above).services)})")
        if nearest:
            notes.append("nearest assigned: " + ", ".join(nearest))
    return notes


def port_info_html(info: PortInfo) -> str:
    """One port as an HTML table: its rows, range class and status on each transport."""
    return render_html(port_info_table(info))


# -- ports side by side ------------------------------------------------------------------

_PORT_COLUMNS: tuple[Column[PortInfo], ...] = (
    Column("port", lambda info: str(info.port)),
    Column("status", status_text),
    Column("services", lambda info: ", ".join(info.services)),
    Column("description", _descriptions),
)


def unassigned_runs(infos: Iterable[PortInfo]) -> list[tuple[int, int]]:
    """The runs of consecutive unassigned ports, as (first, last) pairs.

    A port counts when nothing is assigned, reserved or withdrawn on it on any
    transport the answer speaks for: it is free for IANA to assign.

    >>> from portreg import neighbours
    >>> unassigned_runs(neighbours(305))
    [(301, 307)]
    """
    runs: list[tuple[int, int]] = []
    for info in infos:
        if info.status() is not Status.UNASSIGNED:
            continue
        if runs and runs[-1][1] == info.port - 1:
            runs[-1] = (runs[-1][0], info.port)
        else:
            runs.append((info.port, info.port))
    return runs


def neighbours_table(infos: Sequence[PortInfo], *, asked: int | None = None) -> Table:
    """Ports side by side, one row each, with the unassigned runs highlighted and the
    port ``asked`` about marked."""
    if not infos:
        return table((), _PORT_COLUMNS, caption="No ports")
    first, last = infos[0], infos[-1]
    where = f"Ports {first.port}-{last.port}" if len(infos) > 1 else f"Port {first.port}"
    if first.protocol is not None:
        where = f"{where}/{first.protocol.value}"
    ranges = dict.fromkeys(info.range_class for info in infos)
    caption = f"{where} ({', '.join(str(r) for r in ranges)})"
    runs = unassigned_runs(infos)
    notes = []
    if runs:
        spans = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
        count = sum(b - a + 1 for a, b in runs)
        notes.append(f"unassigned: {spans} ({count} port{'s' if count != 1 else ''})")
    return table(
        infos,
        _PORT_COLUMNS,
        caption=caption,
        highlight=lambda info: info.status() is Status.UNASSIGNED,
        notes=notes,
        mark=None if asked is None else lambda info: info.port == asked,
    )


# -- service names -----------------------------------------------------------------------

_HISTORY_COLUMNS: tuple[Column[HistoryEvent], ...] = (
    Column("date", lambda e: str(e.date or "")),
    Column("what", lambda e: e.kind.value),
    Column("ports", lambda e: ", ".join(map(str, e.ports))),
    Column("names", lambda e: ", ".join(e.names)),
    Column("registry's words", lambda e: e.text),
)


def _service_facts(info: ServiceInfo) -> list[tuple[str, str]]:
    return [
        ("canonical", info.canonical if info.is_alias else ""),
        ("aliases", ", ".join(info.aliases)),
        ("description", info.description),
        ("former ports", ", ".join(map(str, info.former_ports))),
    ]


def service_table(info: ServiceInfo) -> Table:
    """A service name's rows, captioned with its summary; aliases and history below."""
    notes = [f"{label}: {value}" for label, value in _service_facts(info) if value]
    notes += (f"history: {event}" for event in info.history)
    return table(info.assignments, _ROW_COLUMNS, caption=f"Service {info.summary}", notes=notes)


def service_html(info: ServiceInfo) -> str:
    """A service name as HTML: its facts, its rows, and its history when it has one."""
    from portreg.rendering.options import options

    rows = options.max_rows
    parts = [
        facts_html(f"Service {info.summary}", _service_facts(info)),
        render_html(table(info.assignments, _ROW_COLUMNS, caption="Registry rows"), max_rows=rows),
    ]
    if info.history:
        history = table(info.history, _HISTORY_COLUMNS, caption="History")
        parts.append(render_html(history, max_rows=rows))
    return '<div class="portreg">' + "".join(parts) + "</div>"


def service_text(info: ServiceInfo) -> str:
    """A service name as plain text, as ``str()`` gives it."""
    return str(info)


# -- search hits -------------------------------------------------------------------------


def _where(assignment: Assignment) -> str:
    where = assignment.port_text or "(no port)"
    return f"{where}/{assignment.protocol.value}" if assignment.protocol else where


_SEARCH_COLUMNS: tuple[Column[SearchHit], ...] = (
    Column("port", lambda hit: _where(hit.assignment)),
    Column("service", lambda hit: hit.assignment.service or ""),
    Column("match", lambda hit: hit.match.value),
    Column("in", lambda hit: hit.field),
    Column("description", lambda hit: hit.assignment.description),
)


def search_table(hits: Sequence[SearchHit]) -> Table:
    """Search hits best first, one row each, with where the text matched."""
    count = f"{len(hits)} match{'es' if len(hits) != 1 else ''}"
    caption = f"{count} for {hits[0].matched_text!r}" if hits else "No matches"
    return table(hits, _SEARCH_COLUMNS, caption=caption)


# -- blocks of ports not assigned --------------------------------------------------------

_BLOCK_COLUMNS: tuple[Column[Block], ...] = (
    Column("ports", lambda block: block.port_text),
    Column("count", lambda block: str(len(block))),
    Column("status", lambda block: block.status.value),
    Column("protocol", lambda block: block.protocol.value if block.protocol else "(all)"),
    Column("range", lambda block: ", ".join(c.value for c in block.range_classes)),
)


def blocks_table(blocks: Sequence[Block]) -> Table:
    """Blocks of ports not assigned, in order; the unassigned ones highlighted.

    The notes count the ports by status, which answers "how many are free".
    """
    totals: dict[Status, int] = {}
    for block in blocks:
        totals[block.status] = totals.get(block.status, 0) + len(block)
    notes = [f"{status.value}: {count} ports" for status, count in totals.items()]
    ports = sum(totals.values())
    caption = f"{len(blocks)} block{'s' if len(blocks) != 1 else ''}, {ports} ports"
    return table(
        blocks,
        _BLOCK_COLUMNS,
        caption=caption,
        highlight=lambda block: block.status is Status.UNASSIGNED,
        notes=notes,
    )
