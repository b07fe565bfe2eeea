"""``--help`` laid out for the terminal's width, broken at spaces.

Descriptions are written as paragraphs and flow to the width; the examples, the
commands and the other lists keep a line an entry and wrap under their own text.
"""

from __future__ import annotations

from portreg.cli._width import wrap

__all__ = ["fill", "fit"]


def fill(text: str, width: int, indent: str = "") -> str:
    """``text`` (paragraphs and indented lists, blank lines between) in ``width`` columns."""
    out: list[str] = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if not any(line.startswith(" ") or line.endswith(":") for line in lines):
            lines = [" ".join(line.strip() for line in lines)]
        for line in lines:
            out += wrap(indent + line, width + len(indent))
        out.append("")
    return "\n".join(out[:-1])


def fit(text: str, width: int) -> str:
    """Any line of ``text`` wider than ``width`` wrapped: argparse's own usage lines."""
    return "\n".join(piece for line in text.split("\n") for piece in wrap(line, width))
