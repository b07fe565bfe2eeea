"""Where the command line writes: plain text, or with colour on a terminal.

Every line goes out through :meth:`Console.line`, which shows the characters a
terminal would act on (escape sequences, line breaks inside a field, bidi overrides)
as visible escapes: registry text, file contents and process names are written by
others (:mod:`portreg.rendering.terminal`). Only the console's own colour codes reach
the terminal as codes.

Colour follows the usual conventions: only when writing to a terminal (or when asked
with ``--color always``), never when ``NO_COLOR`` is set to a non-empty value
(https://no-color.org), and never on a ``TERM=dumb`` terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from portreg.errors import PortregError
from portreg.records.vocabulary import Status
from portreg.rendering.terminal import neutralised

__all__ = ["Console", "UsageError", "colour_wanted", "table", "warn"]

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

    Text is neutralised as it is written, whatever it holds. The console's own styles
    are written as a private mark (a random token no text from outside can guess)
    followed by the code; :meth:`line` turns the marks into escape sequences and
    neutralises everything between them.

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
        self._mark = "\x00" + os.urandom(8).hex()

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
        """Write ``text`` as one line: any line break inside it is shown, not obeyed.

        With a width, the line wraps at spaces to fit it.
        """
        shown = self.shown(text)
        if self.width is None:
            self.stream.write(shown + "\n")
            return
        from portreg.cli._width import wrap

        for piece in wrap(shown, self.width):
            self.stream.write(piece + "\n")

    def lines(self, lines: Iterable[str]) -> None:
        """Write each of ``lines`` as :meth:`line` does, in chunks (one write per line is
        slow for the 15,000 lines of an export)."""
        if self.width is not None:  # lines to fit: each wraps on its own
            for line in lines:
                self.line(line)
            return
        chunk: list[str] = []
        for line in lines:
            chunk.append(self.shown(line))
            if len(chunk) >= 1000:
                self.stream.write("\n".join(chunk) + "\n")
                chunk.clear()
        if chunk:
            self.stream.write("\n".join(chunk) + "\n")

    def shown(self, text: str) -> str:
        """``text`` as it reaches the stream: neutralised, the console's styles applied."""
        if not self.colour or self._mark not in text:
            return neutralised(text)
        first, *styled = text.split(self._mark)
        parts = [neutralised(first)]
        for part in styled:
            code = _STYLE_CODE.match(part)
            if code is None:  # cannot happen: only _style writes the mark
                parts.append(neutralised(part))
            else:
                parts.append("\033" + code.group())
                parts.append(neutralised(part[code.end() :]))
        return "".join(parts)

    def _style(self, text: str, code: str) -> str:
        mark = self._mark
        return f"{mark}[{code}m{text}{mark}{_RESET[1:]}" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self._style(text, _BOLD)

    def dim(self, text: str) -> str:
        return self._style(text, _DIM)

    def status(self, text: str, status: Status) -> str:
        """``text`` in the colour of ``status``."""
        return self._style(text, _STATUS_COLOURS[status])


_STYLE_CODE = re.compile(r"\[[0-9;]*m")


def warn(message: str) -> None:
    """Write ``message`` to standard error as one neutralised line (a lost stderr is ignored)."""
    text = " ".join(message.split())
    try:
        sys.stderr.write(neutralised(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr is gone (or None): nothing to say
        pass


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
    # Measured as they will be shown: text from outside is neutralised, escapes widen it.
    sizes = [[text_width(neutralised(cell)) for cell in row] for row in rows]
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
            if "\x00" not in cell:  # no style mark: plain text, shown as it is measured
                cell = neutralised(cell)
            size = row_sizes[i]
            if size > widths[i]:
                cell, size = cut(cell, widths[i], ellipsis), widths[i]
            cells.append(cell + " " * (widths[i] - size) if i < count - 1 else cell)
        line = (indent + "  ".join(cells)).rstrip()
        # Columns too wide even at their narrowest: the row is cut at the edge.
        lines.append(line if fits or width is None else cut(line, width, ellipsis))
    return lines
