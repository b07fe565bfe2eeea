"""Fitting lines to the terminal: how many columns text takes, cutting and wrapping it.

A line may hold the console's colour sequences (SGR, ``ESC [ ... m``): they take no
columns, and neither cutting nor wrapping ever splits one; a line cut or wrapped
inside a colour ends it and, wrapped, starts it again on the next line. Every other
control character (registry text is outside input) is shown as U+FFFD once a line is
laid out for a terminal, so no cut can leave half an escape sequence for the
terminal to act on.

Prose wraps at spaces and goes on under the text after the line's label: the column
after the first gap of two or more spaces (``  Range     System Ports ...``), else
under the line's own indent. Tables do not wrap: their text columns give up width
and cut values end with an ellipsis (see :func:`fit_columns`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from typing import TextIO

__all__ = [
    "cut",
    "ellipsis_for",
    "fit_columns",
    "terminal_width",
    "text_width",
    "visible_width",
    "wrap",
]

_SGR = re.compile(r"(\x1b\[[0-9;]*m)")
_RESETS = ("\x1b[0m", "\x1b[m")
# C0, DEL and C1 controls become U+FFFD; a tab becomes a space.
_NEUTRAL = dict.fromkeys((*range(32), *range(127, 160)), "\ufffd")
_NEUTRAL[0x09] = " "
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_GAP = re.compile(r"\S {2,}(?=\S)")
#: Below this many columns for the text, wrapped prose hangs nearer the margin.
_NARROWEST_TEXT = 20


def terminal_width(stream: TextIO, environ: Mapping[str, str]) -> int | None:
    """The columns to fit ``stream``'s lines in: ``$COLUMNS``, else the terminal's.

    ``None`` when neither says (output to a pipe or a file): lines keep whole values.
    """
    columns = environ.get("COLUMNS", "").strip()
    if columns.isdecimal() and int(columns) > 0:
        return int(columns)
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    try:
        return os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, ValueError, OSError):
        return None


def ellipsis_for(stream: TextIO) -> str:
    """``…``, or ``...`` where ``stream``'s encoding has no ellipsis."""
    try:
        "\u2026".encode(getattr(stream, "encoding", None) or "utf-8")
    except (LookupError, UnicodeEncodeError):
        return "..."
    return "\u2026"


def text_width(text: str) -> int:
    """Columns that plain ``text`` (no escape sequences) takes on a terminal."""
    if text.isascii():
        return len(text)
    return len(text) + sum(_char_width(char) - 1 for char in _NON_ASCII.findall(text))


@functools.lru_cache(maxsize=1024)
def _char_width(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def visible_width(line: str) -> int:
    """Columns ``line`` takes, its colour sequences taking none."""
    if "\x1b" not in line:
        return text_width(line)
    return sum(text_width(part) for part in _SGR.split(line)[::2])


def _fits(line: str, width: int) -> bool:
    """Whether ``line`` goes out as it is: within ``width``, no control but colour."""
    if len(line) <= width and line.isascii() and line.isprintable():
        return True  # the common case, cheaply
    if "\x1b" in line:
        line = _SGR.sub("", line)
    return line.isprintable() and text_width(line) <= width


class _Atoms:
    """A line as its visible characters, each with the colour sequences just before it."""

    __slots__ = ("chars", "codes", "widths")

    def __init__(self, line: str) -> None:
        self.chars: list[str] = []
        self.codes: list[str] = []
        pending = ""
        for position, part in enumerate(_SGR.split(line)):
            if position % 2:
                pending += part
                continue
            for char in part.translate(_NEUTRAL):
                self.chars.append(char)
                self.codes.append(pending)
                pending = ""
        # Sequences after the last character only close colours, as render() does.
        self.widths = [text_width(char) for char in self.chars]

    def render(self, start: int, end: int, active: list[str]) -> str:
        """Characters ``start:end`` with their colours; ``active`` carries colour across.

        The text opens the colours in force at ``start`` and closes any left open at
        ``end``, so each piece stands alone on its line.
        """
        out = []
        opened = False
        for position in range(start, end):
            code = self.codes[position]
            if code:
                _track(active, code)
            if not opened:  # the colours in force, once, however they came to be
                out.append("".join(active))
                opened = True
            elif code:
                out.append(code)
            out.append(self.chars[position])
        if active:
            out.append(_RESETS[0])
        return "".join(out)

    def skip(self, start: int, end: int, active: list[str]) -> None:
        """Pass over characters ``start:end`` unshown, keeping track of colour."""
        for position in range(start, end):
            if self.codes[position]:
                _track(active, self.codes[position])


def _track(active: list[str], codes: str) -> None:
    for code in _SGR.findall(codes):
        if code in _RESETS:
            active.clear()
        else:
            active.append(code)


def cut(line: str, width: int, ellipsis: str = "\u2026") -> str:
    """``line`` in at most ``width`` columns: cut short, it ends with ``ellipsis``."""
    if _fits(line, width):
        return line
    atoms = _Atoms(line)
    if sum(atoms.widths) <= width:
        return atoms.render(0, len(atoms.chars), [])
    room = max(0, width - text_width(ellipsis))
    end, used = 0, 0
    while end < len(atoms.widths) and used + atoms.widths[end] <= room:
        used += atoms.widths[end]
        end += 1
    active: list[str] = []
    text = atoms.render(0, end, active)
    mark = ellipsis if used + text_width(ellipsis) <= width else ""
    if active:  # the ellipsis in the cut value's colour, then the colour closed
        return text[: -len(_RESETS[0])] + mark + _RESETS[0]
    return text + mark


def wrap(line: str, width: int) -> list[str]:
    """``line`` as lines of at most ``width`` columns, broken at spaces."""
    if _fits(line, width):
        return [line]
    atoms = _Atoms(line)
    if sum(atoms.widths) <= width:
        return [atoms.render(0, len(atoms.chars), [])]
    plain = "".join(atoms.chars)
    indent = len(plain) - len(plain.lstrip(" "))
    label = _GAP.search(plain, indent)
    hang = indent + 4 if 0 < indent < 8 else indent
    if label is not None:
        hang = text_width(plain[: label.end()])
    if width - hang >= _NARROWEST_TEXT:
        return _render(atoms, _flow(atoms, 0, 0, width, hang))
    # Too little room beside the label: the label on a line of its own, the text
    # under it, nearer the margin.
    hang = min(indent + 4, width // 3)
    if label is None or text_width(plain[: label.start() + 1]) > width:
        return _render(atoms, _flow(atoms, 0, 0, width, hang))
    head = (0, 0, label.start() + 1)
    return _render(atoms, [head, *_flow(atoms, label.end(), hang, width, hang)])


def _flow(
    atoms: _Atoms, start: int, lead: int, width: int, hang: int
) -> list[tuple[int, int, int]]:
    """Lines as (columns of indent, first character, end), broken at spaces.

    The text from ``start`` begins after ``lead`` columns (from the line's start, it
    keeps its own indent instead), and goes on after ``hang`` columns.
    """
    widths = atoms.widths
    plain = "".join(atoms.chars)
    pieces: list[tuple[int, int, int]] = []
    end_shown = -1  # the end of the last word on the line; -1 while there is none
    column = lead
    origin = start
    for word in re.finditer(r"\S+", plain[origin:]):
        first, end = word.start() + origin, word.end() + origin
        size = sum(widths[first:end])
        gap = sum(widths[end_shown:first]) if end_shown >= 0 else 0
        if end_shown < 0 and origin == 0:
            gap = sum(widths[:first])  # the line's own indent
        if column + gap + size <= width:
            column += gap + size
            end_shown = end
            continue
        if end_shown >= 0:
            pieces.append((lead, start, end_shown))
            at = hang
        else:  # the very first word does not fit after its indent
            at = min(column + gap, hang)
        at = max(0, min(at, width - size))
        while size > width - at:  # a word wider than a line goes in parts
            part, part_size = first, 0
            while part < end and part_size + widths[part] <= width - at:
                part_size += widths[part]
                part += 1
            if part == first:  # a character wider than the line goes alone
                part, part_size = first + 1, widths[first]
            pieces.append((at, first, part))
            size -= part_size
            first = part
        lead, start, end_shown, column = at, first, end, at + size
    if end_shown < 0 and start == 0:
        start = len(widths)  # nothing but spaces
    pieces.append((lead, start, max(end_shown, start)))
    return pieces


def _render(atoms: _Atoms, pieces: list[tuple[int, int, int]]) -> list[str]:
    """The lines ``pieces`` describes, each carrying the colours in force."""
    lines: list[str] = []
    active: list[str] = []
    position = 0
    for lead, start, end in pieces:
        atoms.skip(position, start, active)
        lines.append(" " * lead + atoms.render(start, end, active))
        position = end
    return lines


def fit_columns(
    widths: Sequence[int], flexible: Sequence[int], room: int, minimum: int = 8
) -> list[int]:
    """Column widths that add up to at most ``room``, or as near as they can.

    Only the ``flexible`` columns (by index) give up width, the widest first, none
    below ``minimum`` (or its own width, if narrower).
    """
    fitted = list(widths)
    if sum(fitted) <= room or not flexible:
        return fitted
    budget = room - sum(w for i, w in enumerate(widths) if i not in flexible)

    def used(cap: int) -> int:
        return sum(max(min(widths[i], minimum), min(widths[i], cap)) for i in flexible)

    low, high = 0, max(widths[i] for i in flexible)
    while low < high:  # the widest cap that stays within the budget
        middle = (low + high + 1) // 2
        if used(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    spare = budget - used(low)
    for i in flexible:
        fitted[i] = max(min(widths[i], minimum), min(widths[i], low))
        if spare > 0 and fitted[i] < widths[i] and fitted[i] >= low:
            fitted[i] += 1
            spare -= 1
    return fitted
