"""How portreg's records look in a notebook (HTML) and in IPython (plain text).

The record classes call into this module from ``_repr_html_`` and ``_repr_pretty_``,
so the formatting lives in one place and imports nothing at ``import portreg`` time
beyond the standard library.

Every table goes through :func:`table`: a result type describes its columns once as
:class:`Column` objects and gets both the HTML and the text form. The HTML escapes
every string it is given (registry descriptions contain ``<`` and ``&``) and is
well-formed XML, so it can be checked with a strict parser.

A new result type gets the same display in a few lines: its columns once, and thin
methods that call in here (``pretty`` for IPython)::

    _COLUMNS = (Column("service", lambda hit: hit.name), Column("port", ...))

    def _view(self) -> Table:
        return table(self, _COLUMNS, caption=f"{len(self)} matches")

    def _repr_html_(self) -> str:
        return render_html(self._view())

    def _repr_pretty_(self, printer, cycle) -> None:
        pretty(printer, cycle, render_text(self._view()), "Hits(...)")

>>> from portreg import lookup
>>> print(render_text(port_info_table(lookup(80, "tcp"))))
Port 80/tcp: http, www, www-http
port  service   status    description          registered
----  --------  --------  -------------------  ----------
80    http      assigned  World Wide Web HTTP
80    www       assigned  World Wide Web HTTP
80    www-http  assigned  World Wide Web HTTP
range: System Ports 0-1023 (assigned by IANA through IETF Review or IESG Approval)
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

from portreg.model import Assignment, Status
from portreg.model import Protocol as Transport

if TYPE_CHECKING:
    from portreg.blocks import Block
    from portreg.history import HistoryEvent
    from portreg.names import ServiceInfo
    from portreg.portinfo import PortInfo
    from portreg.text_search import SearchHit

__all__ = [
    "Column",
    "PrettyPrinter",
    "Table",
    "assignment_html",
    "assignment_text",
    "blocks_table",
    "facts_html",
    "facts_text",
    "neighbours_table",
    "port_info_html",
    "port_info_table",
    "port_info_text",
    "pretty",
    "render_html",
    "render_text",
    "search_table",
    "service_html",
    "service_table",
    "service_text",
    "status_text",
    "table",
    "unassigned_runs",
]

T = TypeVar("T")

#: The background of highlighted rows: translucent, so it reads on light and dark themes.
HIGHLIGHT_STYLE = "background-color: rgba(46, 160, 67, 0.18)"
#: Cells longer than this are shortened in the text form (the HTML keeps them whole).
TEXT_CELL_WIDTH = 48


class PrettyPrinter(Protocol):
    """The part of IPython's ``RepresentationPrinter`` that ``_repr_pretty_`` uses."""

    def text(self, obj: str) -> None: ...


@attrs.frozen
class Column(Generic[T]):
    """One column of a table: its header, and how to get a cell's text from an item."""

    header: str
    cell: Callable[[T], str]


@attrs.frozen
class Table:
    """A table ready to render: a caption, headers, rows of plain text cells.

    ``highlighted`` holds the positions of rows to highlight, and ``notes`` lines to
    show under the table. Cells are plain text; rendering escapes them.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    highlighted: frozenset[int] = frozenset()
    notes: tuple[str, ...] = ()


def table(
    items: Iterable[T],
    columns: Sequence[Column[T]],
    *,
    caption: str,
    highlight: Callable[[T], bool] | None = None,
    notes: Sequence[str] = (),
) -> Table:
    """A :class:`Table` of ``items``, one row each, with a cell per column.

    >>> numbers = table(
    ...     [1, 2, 3],
    ...     [Column("n", str), Column("square", lambda n: str(n * n))],
    ...     caption="Squares",
    ...     highlight=lambda n: n % 2 == 0,
    ... )
    >>> numbers.rows, numbers.highlighted
    ((('1', '1'), ('2', '4'), ('3', '9')), frozenset({1}))
    """
    rows: list[tuple[str, ...]] = []
    highlighted: set[int] = set()
    for position, item in enumerate(items):
        rows.append(tuple(column.cell(item) for column in columns))
        if highlight is not None and highlight(item):
            highlighted.add(position)
    return Table(
        caption=caption,
        headers=tuple(column.header for column in columns),
        rows=tuple(rows),
        highlighted=frozenset(highlighted),
        notes=tuple(notes),
    )


def render_html(table: Table) -> str:
    """The table as an HTML ``<table>``, every string escaped.

    >>> render_html(table(["<b>&"], [Column("text", str)], caption="x < y"))
    '<table class="portreg"><caption>x &lt; y</caption><thead><tr><th>text</th></tr></thead><tbody><tr><td>&lt;b&gt;&amp;</td></tr></tbody></table>'
    """  # noqa: E501
    parts = ['<table class="portreg">', f"<caption>{_escape(table.caption)}</caption>"]
    parts.append("<thead><tr>")
    parts.extend(f"<th>{_escape(header)}</th>" for header in table.headers)
    parts.append("</tr></thead><tbody>")
    for position, row in enumerate(table.rows):
        if position in table.highlighted:
            parts.append(f'<tr class="portreg-highlight" style="{HIGHLIGHT_STYLE}">')
        else:
            parts.append("<tr>")
        parts.extend(f"<td>{_escape(cell)}</td>" for cell in row)
        parts.append("</tr>")
    parts.append("</tbody>")
    if table.notes:
        span = len(table.headers)
        parts.append("<tfoot>")
        parts.extend(f'<tr><td colspan="{span}">{_escape(note)}</td></tr>' for note in table.notes)
        parts.append("</tfoot>")
    parts.append("</table>")
    return "".join(parts)


def render_text(table: Table) -> str:
    """The table as aligned plain text; highlighted rows are marked with ``*``.

    >>> print(render_text(table([1, 22], [Column("n", str)], caption="Numbers")))
    Numbers
    n
    --
    1
    22
    """
    marked = bool(table.highlighted)
    rows = [tuple(_shortened(cell) for cell in row) for row in table.rows]
    widths = [
        max([len(header), *(len(row[i]) for row in rows)]) for i, header in enumerate(table.headers)
    ]

    def line(cells: Sequence[str], mark: str) -> str:
        text = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
        return f"{mark} {text}" if marked else text

    lines = [table.caption, line(table.headers, " "), line(["-" * w for w in widths], " ")]
    lines += (line(row, "*" if i in table.highlighted else " ") for i, row in enumerate(rows))
    lines += table.notes
    return "\n".join(lines)


def pretty(printer: PrettyPrinter, cycle: bool, text: str, short: str) -> None:
    """Feed ``text`` to IPython's printer; ``short`` if the object refers to itself."""
    printer.text(short if cycle else text)


def facts_html(caption: str, facts: Iterable[tuple[str, str]]) -> str:
    """A two-column HTML table of labelled facts, empty values left out."""
    parts = ['<table class="portreg">', f"<caption>{_escape(caption)}</caption><tbody>"]
    parts.extend(
        f'<tr><th style="text-align: left">{_escape(label)}</th><td>{_escape(value)}</td></tr>'
        for label, value in facts
        if value
    )
    parts.append("</tbody></table>")
    return "".join(parts)


def facts_text(caption: str, facts: Iterable[tuple[str, str]]) -> str:
    """Labelled facts as aligned text lines under a caption, empty values left out."""
    kept = [(label, value) for label, value in facts if value]
    width = max((len(label) for label, _ in kept), default=0)
    return "\n".join([caption, *(f"  {label.ljust(width)}  {value}" for label, value in kept)])


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _shortened(cell: str) -> str:
    cell = " ".join(cell.split())
    return cell if len(cell) <= TEXT_CELL_WIDTH else cell[: TEXT_CELL_WIDTH - 1] + "…"


# -- statuses ----------------------------------------------------------------------------


def status_text(info: PortInfo) -> str:
    """A port's status in a few words: ``assigned``, or per transport where they differ.

    Transports left unassigned go unmentioned when another is taken, since that is
    most ports' lot on sctp and dccp.

    >>> from portreg import lookup
    >>> status_text(lookup(305)), status_text(lookup(308)), status_text(lookup(300))
    ('unassigned', 'tcp, udp assigned', 'tcp assigned; udp reserved')
    """
    by_status: dict[Status, list[Transport]] = {}
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


# -- one assignment ----------------------------------------------------------------------


def _assignment_facts(assignment: Assignment) -> list[tuple[str, str]]:
    def people(persons: Iterable[object]) -> str:
        return "; ".join(str(p) for p in persons)

    return [
        ("service", assignment.service or ""),
        ("port", assignment.port_text or "(no port)"),
        ("protocol", assignment.protocol.value if assignment.protocol else "(all)"),
        ("status", assignment.status.value),
        ("description", assignment.description),
        ("assignees", people(assignment.assignees)),
        ("contacts", people(assignment.contacts)),
        ("registered", str(assignment.registered or "")),
        ("modified", str(assignment.modified or "")),
        ("references", "; ".join(r.label for r in assignment.references)),
        ("service code", "" if assignment.service_code is None else str(assignment.service_code)),
        ("unauthorized use", assignment.unauthorized_use or ""),
        ("notes", assignment.notes or ""),
    ]


def assignment_html(assignment: Assignment) -> str:
    """One registry row as an HTML table of its non-empty fields."""
    return facts_html(str(_assignment_caption(assignment)), _assignment_facts(assignment))


def assignment_text(assignment: Assignment) -> str:
    """One registry row as aligned text lines of its non-empty fields."""
    return facts_text(_assignment_caption(assignment), _assignment_facts(assignment))


def _assignment_caption(assignment: Assignment) -> str:
    where = assignment.port_text or "(no port)"
    if assignment.protocol is not None:
        where = f"{where}/{assignment.protocol.value}"
    return f"Registry row {where} {assignment.service or assignment.status.value}"


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
    notes = [f"range: {info.range_class} ({info.range_class.procedure})"]
    if info.protocol is None:
        notes.append(f"status: {status_text(info)}")
        columns = _ROW_COLUMNS
    else:
        columns = _ROW_COLUMNS_FOR_ONE_PROTOCOL
    if not info.assignments:
        notes.insert(0, "no registry row covers this port")
    return table(info.assignments, columns, caption=f"Port {info.summary}", notes=notes)


def port_info_html(info: PortInfo) -> str:
    """One port as an HTML table: its rows, range class and status on each transport."""
    return render_html(port_info_table(info))


def port_info_text(info: PortInfo) -> str:
    """One port as plain text, as ``str()`` gives it."""
    return str(info)


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


def neighbours_table(infos: Sequence[PortInfo]) -> Table:
    """Ports side by side, one row each, with the unassigned runs highlighted."""
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
    parts = [
        facts_html(f"Service {info.summary}", _service_facts(info)),
        render_html(table(info.assignments, _ROW_COLUMNS, caption="Registry rows")),
    ]
    if info.history:
        parts.append(render_html(table(info.history, _HISTORY_COLUMNS, caption="History")))
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
