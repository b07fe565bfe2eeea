"""Public classes and functions name their public path, ``portreg``.

Reprs, pickles and the documentation then say ``portreg.PortInfo`` rather than the
module that happens to define it today, so moving code inside the package never
breaks a pickle or a link. Where each was defined is kept in :data:`DEFINED_IN`, for
tools that want the source (the suite runs each one's docstring examples there).
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["DEFINED_IN", "public"]

T = TypeVar("T")

#: Each public name, and the module that defines it.
DEFINED_IN: dict[str, str] = {}


def public(thing: T) -> T:
    """Mark ``thing`` (a class or function ``portreg`` exports) as living in ``portreg``."""
    name: str = thing.__name__  # type: ignore[attr-defined]  # classes and functions have one
    DEFINED_IN[name] = thing.__module__
    thing.__module__ = "portreg"
    return thing
