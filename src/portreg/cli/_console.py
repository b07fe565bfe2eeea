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
    """Writes lines to a stream, styling them when colour is on."""

    def __init__(self, stream: TextIO, *, colour: bool) -> None:
        self.stream = stream
        self.colour = colour

    @classmethod
    def for_stream(cls, stream: TextIO, choice: str = "auto") -> Console:
        return cls(stream, colour=colour_wanted(choice, stream, os.environ))

    def line(self, text: str = "") -> None:
        self.stream.write(text + "\n")

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
) -> list[str]:
    """Rows as aligned columns, the last column unpadded.

    ``styles``, when given, holds each cell as it should be printed (with colour
    codes); widths are measured on the plain ``rows``.
    """
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    shown = styles if styles is not None else rows
    lines = []
    for plain, styled in zip(rows, shown):
        cells = [
            cell + " " * (widths[i] - len(plain[i])) if i < len(widths) else cell
            for i, cell in enumerate(styled)
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines
