"""Validation at the boundary: what users may pass as a port, a protocol, a radius.

Everything a user hands to portreg passes through here, so every refusal reads the
same way: what was given, and what is accepted.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Union

from portreg.errors import (
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    InvalidRangeClassError,
    InvalidSearchError,
    InvalidServiceNameError,
)
from portreg.model import Protocol

if TYPE_CHECKING:
    from portreg.ranges import RangeClass

__all__ = [
    "PortLike",
    "ProtocolLike",
    "RangeClassLike",
    "parse_limit",
    "parse_optional_range_class",
    "parse_port",
    "parse_protocol",
    "parse_search_text",
    "parse_service_name",
]

#: A port as users write it: ``80``, ``"80"``, ``"80/tcp"``.
PortLike = Union[int, str]
#: A protocol as users write it: ``Protocol.TCP``, ``"tcp"``, ``"TCP"``.
ProtocolLike = Union[Protocol, str]
#: A range class as users write it: ``RangeClass.SYSTEM``, ``"system"``, ``"System"``.
RangeClassLike = Union["RangeClass", str]

MAX_PORT = 65535
_PORT_FORMS = "an int 0-65535 or a string such as '80' or '80/tcp'"
_PROTOCOL_NAMES = ", ".join(p.value for p in Protocol)
_PROTOCOLS_BY_NAME = {p.value: p for p in Protocol}


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages about huge input."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_protocol(value: object) -> Protocol:
    """A :class:`Protocol` from a member or its name in any case.

    >>> parse_protocol("TCP")
    <Protocol.TCP: 'tcp'>
    """
    if isinstance(value, Protocol):
        return value
    if not isinstance(value, str):
        raise InputTypeError(
            f"protocol must be a Protocol or one of {_PROTOCOL_NAMES} (any case); "
            f"got {shown(value)} ({type(value).__name__})"
        )
    protocol = _PROTOCOLS_BY_NAME.get(value.strip().lower())
    if protocol is None:
        raise InvalidProtocolError(
            f"protocol must be one of {_PROTOCOL_NAMES} (any case); got {shown(value)}"
        )
    return protocol


def parse_optional_protocol(value: object) -> Protocol | None:
    """:func:`parse_protocol`, letting ``None`` (any protocol) through."""
    return None if value is None else parse_protocol(value)


def parse_port(value: object) -> tuple[int, Protocol | None]:
    """A port number, and the protocol if the value named one (``"80/tcp"``).

    A ``bool`` is refused although it is an ``int``: ``lookup(True)`` is a bug, not
    port 1. Strings are plain decimal, optionally followed by ``/protocol``;
    surrounding white space is ignored.

    >>> parse_port("443/TCP")
    (443, <Protocol.TCP: 'tcp'>)
    """
    if not isinstance(value, (int, str)):
        value = _as_index(value)  # numpy and pandas integer scalars are ports too
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InputTypeError(
            f"port must be {_PORT_FORMS}; got {shown(value)} ({type(value).__name__})"
        )
    if isinstance(value, int):
        return _checked_number(value, value), None
    text = value.strip()
    number_text, slash, protocol_text = text.partition("/")
    number_text = number_text.strip()
    if not (number_text.isascii() and number_text.isdigit()):
        raise InvalidPortError(f"port must be {_PORT_FORMS}; got {shown(value)}")
    protocol = parse_protocol(protocol_text) if slash else None
    # Cap the digits before int(): a port has at most five, and a megabyte of digits
    # should be refused quickly, not converted.
    significant = number_text.lstrip("0") or "0"
    if len(significant) > len(str(MAX_PORT)):
        raise InvalidPortError(f"port must be 0-{MAX_PORT}; got {shown(value)}")
    return _checked_number(int(significant), value), protocol


def _as_index(value: object) -> object:
    """``operator.index(value)`` for integer-like objects (numpy.int64), else ``value``."""
    if getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return value  # numpy.bool_: numpy < 2.1 still lets it pass for an index
    try:
        return operator.index(value)  # type: ignore[arg-type]  # refused below if not
    except TypeError:
        return value


def _checked_number(number: int, given: object) -> int:
    if not 0 <= number <= MAX_PORT:
        raise InvalidPortError(f"port must be 0-{MAX_PORT}; got {shown(given)}")
    return number


def parse_port_and_protocol(port: object, protocol: object) -> tuple[int, Protocol | None]:
    """A port and an optional protocol given apart or together (``"80/tcp"``).

    Both forms at once must agree: ``("80/tcp", "udp")`` is refused, not guessed at.
    """
    number, embedded = parse_port(port)
    explicit = parse_optional_protocol(protocol)
    if embedded is not None and explicit is not None and embedded is not explicit:
        raise InvalidProtocolError(
            f"port {shown(port)} names protocol {embedded.value} but "
            f"protocol={shown(protocol)} was also given; give the protocol once"
        )
    return number, explicit if explicit is not None else embedded


# -- names, search text, range classes, limits -------------------------------------------

_RANGE_CLASS_NAMES = "system, user, dynamic"


def parse_service_name(value: object) -> str:
    """A service name as asked for, white space around it removed.

    >>> parse_service_name(" HTTP ")
    'HTTP'
    """
    if not isinstance(value, str):
        raise InputTypeError(
            f"service name must be a string such as 'http'; got {shown(value)} "
            f"({type(value).__name__})"
        )
    name = value.strip()
    if not name:
        raise InvalidServiceNameError(
            f"service name must be a non-empty string such as 'http'; got {shown(value)}"
        )
    return name


def parse_search_text(value: object) -> str:
    """Search text with white space around it removed; empty text is refused."""
    if not isinstance(value, str):
        raise InputTypeError(
            f"search text must be a string such as 'backup'; got {shown(value)} "
            f"({type(value).__name__})"
        )
    text = value.strip()
    if not text:
        raise InvalidSearchError(
            f"search text must contain something other than white space; got {shown(value)}"
        )
    return text


def parse_limit(value: object) -> int | None:
    """A result limit: ``None`` for no limit, or a whole number from 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(
            f"limit must be None or an int >= 0; got {shown(value)} ({type(value).__name__})"
        )
    if value < 0:
        raise InvalidSearchError(f"limit must be None or an int >= 0; got {value!r}")
    return value


def parse_optional_range_class(value: object) -> RangeClass | None:
    """A :class:`~portreg.ranges.RangeClass` from a member or its name in any case."""
    from portreg.ranges import RangeClass  # ranges imports this module

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
