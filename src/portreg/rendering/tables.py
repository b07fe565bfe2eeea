"""Tables and labelled facts, as HTML for notebooks and as aligned text for IPython.

The toolkit every record and answer renders itself with. It knows nothing of the
registry: a type describes its columns once as :class:`Column` objects (or its
facts as labelled pairs) and gets both forms. The HTML escapes every string it is
given (registry descriptions contain ``<`` and ``&``) and is well-formed XML, so it
can be checked with a strict parser.

A new result type gets the same display in a few lines: its columns once, and thin
methods that call in here (``pretty`` for IPython)::

    _COLUMNS = (Column("service", lambda hit: hit.name), Column("port", ...))

    def _view(self) -> Table:
        return table(self, _COLUMNS, caption=f"{len(self)} matches")

    def _repr_html_(self) -> str:
        return render_html(self._view())

    def _repr_pretty_(self, printer, cycle) -> None:
        pretty(printer, cycle, render_text(self._view()), "Hits(...)")
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, Protocol, TypeVar

import attrs

__all__ = [
    "CELL_STYLE",
    "HIGHLIGHT_STYLE",
    "MARKED_STYLE",
    "TEXT_CELL_WIDTH",
    "Column",
    "PrettyPrinter",
    "Table",
    "facts_html",
    "facts_text",
    "pretty",
    "render_html",
    "render_text",
    "shown_rows",
    "table",
]

T = TypeVar("T")

#: The background of highlighted rows: translucent, so it reads on light and dark themes.
HIGHLIGHT_STYLE = "background-color: rgba(46, 160, 67, 0.18)"
#: The row asked about (the port ``neighbours(305)`` was centred on).
MARKED_STYLE = "font-weight: bold"
#: Every cell's alignment, inline: Jupyter's stylesheet right-aligns table cells,
#: which makes registry text hard to read; an inline style wins over it.
CELL_STYLE = "text-align: left"
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

    ``highlighted`` holds the positions of rows to highlight, ``marked`` the position
    of the row asked about (shown with ``>``, as the command line does), and ``notes``
    lines to show under the table. Cells are plain text; rendering escapes them.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    highlighted: frozenset[int] = frozenset()
    notes: tuple[str, ...] = ()
    marked: int | None = None


def table(
    items: Iterable[T],
    columns: Sequence[Column[T]],
    *,
    caption: str,
    highlight: Callable[[T], bool] | None = None,
    notes: Sequence[str] = (),
    mark: Callable[[T], bool] | None = None,
) -> Table:
    """A :class:`Table` of ``items``, one row each, with a cell per column.

    ``highlight`` picks rows to highlight, ``mark`` the one row asked about.

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
    marked: int | None = None
    for position, item in enumerate(items):
        rows.append(tuple(column.cell(item) for column in columns))
        if highlight is not None and highlight(item):
            highlighted.add(position)
        if mark is not None and marked is None and mark(item):
            marked = position
    return Table(
        caption=caption,
        headers=tuple(column.header for column in columns),
        rows=tuple(rows),
        highlighted=frozenset(highlighted),
        notes=tuple(notes),
        marked=marked,
    )


def shown_rows(count: int, max_rows: int | None) -> tuple[range, range]:
    """The rows a table of ``count`` rows shows: all of them, or, past ``max_rows``,
    its head and its tail (``max_rows // 2`` rows each), as pandas does.

    >>> shown_rows(5, 10), shown_rows(100, 10)
    ((range(0, 5), range(5, 5)), (range(0, 5), range(95, 100)))
    """
    if max_rows is None or count <= max_rows:
        return range(count), range(count, count)
    half = max(max_rows // 2, 1)
    return range(half), range(count - half, count)


def _more(count: int) -> str:
    return f"… {count:,} more row{'s' if count != 1 else ''}"


def render_html(table: Table, *, max_rows: int | None = None) -> str:
    """The table as an HTML ``<table>``, every string escaped.

    Past ``max_rows`` rows, only the head and the tail are shown, with a row saying
    how many are left out between them.

    >>> render_html(table(["<b>&"], [Column("text", str)], caption="x < y"))
    '<table class="portreg"><caption>x &lt; y</caption><thead><tr><th style="text-align: left">text</th></tr></thead><tbody><tr><td style="text-align: left">&lt;b&gt;&amp;</td></tr></tbody></table>'
    """  # noqa: E501
    marker = table.marked is not None
    span = len(table.headers) + marker
    parts = ['<table class="portreg">', f"<caption>{_escape(table.caption)}</caption>"]
    parts.append("<thead><tr>")
    if marker:
        parts.append(f'<th style="{CELL_STYLE}"></th>')
    parts.extend(f'<th style="{CELL_STYLE}">{_escape(header)}</th>' for header in table.headers)
    parts.append("</tr></thead><tbody>")
    head, tail = shown_rows(len(table.rows), max_rows)
    for position in (*head, *tail):
        if position == tail.start and len(head) < tail.start:
            left_out = tail.start - len(head)
            parts.append(
                f'<tr class="portreg-more"><td colspan="{span}" style="{CELL_STYLE}">'
                f"{_escape(_more(left_out))}</td></tr>"
            )
        classes, styles = [], []
        if position in table.highlighted:
            classes.append("portreg-highlight")
            styles.append(HIGHLIGHT_STYLE)
        if position == table.marked:
            classes.append("portreg-marked")
            styles.append(MARKED_STYLE)
        if classes:
            parts.append(f'<tr class="{" ".join(classes)}" style="{"; ".join(styles)}">')
        else:
            parts.append("<tr>")
        if marker:
            mark = "&gt;" if position == table.marked else ""
            parts.append(f'<td style="{CELL_STYLE}">{mark}</td>')
        parts.extend(
            f'<td style="{CELL_STYLE}">{_escape(cell)}</td>' for cell in table.rows[position]
        )
        parts.append("</tr>")
    parts.append("</tbody>")
    if table.notes:
        parts.append("<tfoot>")
        parts.extend(
            f'<tr><td colspan="{span}" style="{CELL_STYLE}">{_escape(note)}</td></tr>'
            for note in table.notes
        )
        parts.append("</tfoot>")
    parts.append("</table>")
    return "".join(parts)


def render_text(table: Table, *, max_rows: int | None = None) -> str:
    """The table as aligned plain text; highlighted rows are marked with ``*``, the
    row asked about with ``>``. Past ``max_rows`` rows, only the head and the tail.

    >>> print(render_text(table([1, 22], [Column("n", str)], caption="Numbers")))
    Numbers
    n
    --
    1
    22
    """
    marked = bool(table.highlighted) or table.marked is not None
    head, tail = shown_rows(len(table.rows), max_rows)
    positions = (*head, *tail)
    rows = {i: tuple(_shortened(cell) for cell in table.rows[i]) for i in positions}
    widths = [
        max([len(header), *(len(row[i]) for row in rows.values())])
        for i, header in enumerate(table.headers)
    ]

    def line(cells: Sequence[str], mark: str) -> str:
        text = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
        return f"{mark} {text}" if marked else text

    def mark(position: int) -> str:
        if position == table.marked:
            return ">"
        return "*" if position in table.highlighted else " "

    lines = [table.caption, line(table.headers, " "), line(["-" * w for w in widths], " ")]
    lines += (line(rows[i], mark(i)) for i in head)
    if len(head) < tail.start:
        lines.append(_more(tail.start - len(head)))
    lines += (line(rows[i], mark(i)) for i in tail)
    lines += table.notes
    return "\n".join(lines)


def pretty(printer: PrettyPrinter, cycle: bool, text: str, short: str) -> None:
    """Feed ``text`` to IPython's printer; ``short`` if the object refers to itself."""
    printer.text(short if cycle else text)


def facts_html(caption: str, facts: Iterable[tuple[str, str]]) -> str:
    """A two-column HTML table of labelled facts, empty values left out."""
    parts = ['<table class="portreg">', f"<caption>{_escape(caption)}</caption><tbody>"]
    parts.extend(
        f'<tr><th style="{CELL_STYLE}">{_escape(label)}</th>'
        f'<td style="{CELL_STYLE}">{_escape(value)}</td></tr>'
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
