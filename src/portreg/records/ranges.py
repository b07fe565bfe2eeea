"""The three port ranges of RFC 6335 and what each means."""

from __future__ import annotations

import enum
from typing import Any, Union

from portreg._public import public
from portreg.errors import InputTypeError, InvalidRangeClassError
from portreg.records.inputs import PortLike, parse_port, shown
from portreg.records.vocabulary import MAX_PORT

__all__ = [
    "RangeClass",
    "RangeClassLike",
    "classify",
    "parse_optional_range_class",
    "range_class_of",
]


@public
class RangeClass(enum.Enum):
    """The range a port number falls in (RFC 6335, section 6).

    Each member knows its bounds, how IANA assigns ports in it, and whether binding
    one needs privileges on Unix-like systems.

    >>> RangeClass.SYSTEM.first, RangeClass.SYSTEM.last
    (0, 1023)
    >>> RangeClass.USER.privileged
    False
    """

    SYSTEM = "system"
    USER = "user"
    DYNAMIC = "dynamic"

    @property
    def first(self) -> int:
        """The lowest port of the range."""
        return _FACTS[self][0]

    @property
    def last(self) -> int:
        """The highest port of the range."""
        return _FACTS[self][1]

    @property
    def ports(self) -> range:
        """Every port of the range."""
        return range(self.first, self.last + 1)

    @property
    def label(self) -> str:
        """The range's name as RFC 6335 gives it: "System Ports", ..."""
        return _FACTS[self][2]

    @property
    def procedure(self) -> str:
        """How IANA assigns ports in the range (RFC 6335 section 8.1.2, RFC 8126)."""
        return _FACTS[self][3]

    @property
    def privileged(self) -> bool:
        """Whether binding a port of the range needs privileges on Unix-like systems.

        Traditionally root (or ``CAP_NET_BIND_SERVICE`` on Linux, whose
        ``net.ipv4.ip_unprivileged_port_start`` sysctl can lower the bound).
        """
        return self is RangeClass.SYSTEM

    @property
    def meaning(self) -> str:
        """A sentence on what the range is for."""
        return _FACTS[self][4]

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.first <= port <= self.last

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``name`` (the value), ``label``, ``first``, ``last``,
        ``procedure``, ``privileged``, ``meaning`` (docs/cli-json.md)."""
        return {
            "name": self.value,
            "label": self.label,
            "first": self.first,
            "last": self.last,
            "procedure": self.procedure,
            "privileged": self.privileged,
            "meaning": self.meaning,
        }

    def __str__(self) -> str:
        return f"{self.label} {self.first}-{self.last}"


_FACTS: dict[RangeClass, tuple[int, int, str, str, str]] = {
    RangeClass.SYSTEM: (
        0,
        1023,
        "System Ports",
        "assigned by IANA through IETF Review or IESG Approval",
        "well-known services; binding one needs privileges on Unix",
    ),
    RangeClass.USER: (
        1024,
        49151,
        "User Ports",
        "assigned by IANA through IETF Review, IESG Approval or Expert Review",
        "registered services; any user may bind them",
    ),
    RangeClass.DYNAMIC: (
        49152,
        MAX_PORT,
        "Dynamic and/or Private Ports",
        "never assigned by IANA",
        "free for private use and for ephemeral ports chosen by the operating system",
    ),
}


@public
def classify(port: PortLike) -> RangeClass:
    """The range class of ``port``, an int 0-65535 or a port string such as ``"80/tcp"``.

    >>> classify(305)
    <RangeClass.SYSTEM: 'system'>
    >>> classify(49152)
    <RangeClass.DYNAMIC: 'dynamic'>
    """
    number, _ = parse_port(port)
    return range_class_of(number)


def range_class_of(number: int) -> RangeClass:
    """:func:`classify` for a number already known to be 0-65535."""
    if number <= 1023:
        return RangeClass.SYSTEM
    if number <= 49151:
        return RangeClass.USER
    return RangeClass.DYNAMIC


#: A range class as users write it: ``RangeClass.SYSTEM``, ``"system"``, ``"System"``.
RangeClassLike = Union[RangeClass, str]
_RANGE_CLASS_NAMES = ", ".join(c.value for c in RangeClass)


def parse_optional_range_class(value: object) -> RangeClass | None:
    """A :class:`~portreg.RangeClass` from a member or its name in any case; ``None`` passes."""
    if value is None or isinstance(value, RangeClass):
        return value
    if not isinstance(value, str):
        raise InputTypeError(
            f"range class must be a RangeClass or one of {_RANGE_CLASS_NAMES} (any case); "
            f"got {shown(value)} ({type(value).__name__})"
        )
    try:
        return RangeClass(value.strip().lower())
    except ValueError:
        raise InvalidRangeClassError(
            f"range class must be one of {_RANGE_CLASS_NAMES} (any case); got {shown(value)}"
        ) from None
