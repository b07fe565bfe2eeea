"""The options every bulk function shares: which columns, what to do with bad ports.

Engine-free; the errors here are :class:`~portreg.PortregError` and
:class:`ValueError`, as the rest of portreg's refusals of bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from portreg.answers.columns import PortColumns
from portreg.errors import PortregError

__all__ = [
    "COLUMN_NAMES",
    "Errors",
    "InvalidOptionError",
    "LengthMismatchError",
    "categories",
    "check_errors",
    "chosen_columns",
]

#: The annotation columns, in the order they are shown.
COLUMN_NAMES = ("service", "status", "range_class", "description", "in_range")

#: What to do with a bad port: raise, or answer it with nulls.
Errors = Literal["raise", "null"]


class InvalidOptionError(PortregError, ValueError):
    """An option of a bulk function that is not one it knows (``errors="ignore"``)."""


class LengthMismatchError(PortregError, ValueError):
    """Columns that must be paired row by row that cannot be: lengths or indexes differ."""


def check_errors(errors: object) -> Errors:
    """``errors`` if it is ``"raise"`` or ``"null"``; refused otherwise."""
    if errors == "raise":
        return "raise"
    if errors == "null":
        return "null"
    raise InvalidOptionError(f"errors must be 'raise' or 'null'; got {errors!r}")


def chosen_columns(columns: Sequence[str] | str | None) -> tuple[str, ...]:
    """The annotation columns asked for, in the order given; all of them for ``None``."""
    if columns is None:
        return COLUMN_NAMES
    if isinstance(columns, str):
        columns = (columns,)
    unknown = [c for c in columns if c not in COLUMN_NAMES]
    if unknown or not columns:
        raise InvalidOptionError(
            f"columns must be some of {', '.join(COLUMN_NAMES)}; got {list(columns)!r}"
        )
    return tuple(dict.fromkeys(columns))


def categories(tables: PortColumns, column: str) -> tuple[str, ...]:
    """The category table of a column's codes (``in_range`` has none)."""
    try:
        return tables.categories(column)
    except ValueError:
        raise InvalidOptionError(f"column {column!r} has no categories") from None
