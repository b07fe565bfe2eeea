"""Where the command line writes: plain text, or with colour on a terminal.

Colour follows the usual conventions: only when writing to a terminal (or when asked
with ``--color always``), never when ``NO_COLOR`` is set to a non-empty value
(https://no-color.org), and never on a ``TERM=dumb`` terminal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TextIO

from portreg.errors import PortregError
from portreg.records.vocabulary import Status

__all__ = ["Console", "UsageError", "colour_wanted", "table"]

_RESET = "\033[0m"
_BOLD = "1"
_DIM = "2"
_STATUS_COLOURS = {
    Status.ASSIGNED: "32",  # green
    Status.RESERVED: "33",  # yellow
    Status.DEREGISTERED: "35",  # magenta
    Status.UNASSIGNED: "2",  # dim
    Status.DYNAMIC: "36",  # cyan
}


class UsageError(PortregError, ValueError):
    """A command line that cannot be run as given: exit status 2, one line on stderr."""


def colour_wanted(choice: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether to colour ``stream``: ``choice`` is ``auto``, ``always`` or ``never``."""
    if environ.get("NO_COLOR") or choice == "never":
        return False
    if choice == "always":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and environ.get("TERM") != "dumb"


class Console:
    """Writes lines to a stream, styling them when colour is on.

    With a ``width`` (a terminal's, or ``$COLUMNS``), every line fits it: prose wraps
    at spaces (see :mod:`portreg.cli._width`), and tables, laid out by :func:`table`
    with that width, cut their text columns. Without one, lines go out whole.
    """

    def __init__(
        self, stream: TextIO, *, colour: bool, width: int | None = None, ellipsis: str = "\u2026"
    ) -> None:
        self.stream = stream
        self.colour = colour
        self.width = width
        self.ellipsis = ellipsis

    @classmethod
    def for_stream(cls, stream: TextIO, choice: str = "auto") -> Console:
        from portreg.cli._width import ellipsis_for, terminal_width

        return cls(
            stream,
            colour=colour_wanted(choice, stream, os.environ),
            width=terminal_width(stream, os.environ),
            ellipsis=ellipsis_for(stream),
        )

    def line(self, text: str = "") -> None:
        if self.width is None:
            self.stream.write(text + "\n")
            return
        from portreg.cli._width import wrap

        for line in text.split("\n"):
            for piece in wrap(line, self.width):
                self.stream.write(piece + "\n")

    def write(self, text: str) -> None:
        self.stream.write(text)

    def _style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}{_RESET}" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self._style(text, _BOLD)

    def dim(self, text: str) -> str:
        return self._style(text, _DIM)

    def status(self, text: str, status: Status) -> str:
        """``text`` in the colour of ``status``."""
        return self._style(text, _STATUS_COLOURS[status])


def table(
    rows: Sequence[Sequence[str]],
    *,
    indent: str = "",
    styles: Sequence[Sequence[str]] | None = None,
    console: Console | None = None,
    flexible: Sequence[int] = (),
) -> list[str]:
    """Rows as aligned columns, the last column unpadded.

    ``styles``, when given, holds each cell as it should be printed (with colour
    codes); widths are measured on the plain ``rows``. With a ``console`` that has a
    width, the table fits it: the ``flexible`` columns (text, by index) give up
    width, their cut values ending with an ellipsis, and a row that still does not
    fit is cut.
    """
    if not rows:
        return []
    from portreg.cli._width import cut, fit_columns, text_width

    count = len(rows[0])
    sizes = [[text_width(cell) for cell in row] for row in rows]
    natural = [max(row[i] for row in sizes) for i in range(count)]
    width = console.width if console is not None else None
    widths = natural
    fits = True
    if width is not None:
        room = width - text_width(indent) - 2 * (count - 1)
        widths = fit_columns(natural, flexible, room)
        fits = sum(widths) <= room
    ellipsis = console.ellipsis if console is not None else "\u2026"
    shown = styles if styles is not None else rows
    lines = []
    for row_sizes, styled in zip(sizes, shown):
        cells = []
        for i, cell in enumerate(styled):
            size = row_sizes[i]
            if size > widths[i]:
                cell, size = cut(cell, widths[i], ellipsis), widths[i]
            cells.append(cell + " " * (widths[i] - size) if i < count - 1 else cell)
        line = (indent + "  ".join(cells)).rstrip()
        # Columns too wide even at their narrowest: the row is cut at the edge.
        lines.append(line if fits or width is None else cut(line, width, ellipsis))
    return lines
