"""Drop-ins for :func:`socket.getservbyport` and :func:`socket.getservbyname`, from IANA.

The C library answers these from ``/etc/services``, a file that is missing in many
containers, absent on Windows, and curated differently by every system. These
functions take the same arguments, return the same types and raise the same
exceptions as the :mod:`socket` functions, and answer from IANA's registry (the
registry in use, see :func:`portreg.registry`)::

    from portreg.compat import getservbyport
    getservbyport(3306, "tcp")   # 'mysql', with or without /etc/services

>>> getservbyport(3306, "tcp"), getservbyport(80), getservbyname("http", "tcp")
('mysql', 'http', 80)
>>> getservbyport(1, "TCP")
Traceback (most recent call last):
...
OSError: port/proto not found

Where IANA and a typical ``/etc/services`` differ:

- The name for a port is the one IANA's registry says to use
  (:meth:`portreg.PortInfo.preferred_name`): ``http`` on 80, where some systems list
  ``www``; ``submissions`` on 465, where older files say ``smtps`` or ``urd``.
- Aliases are the registry's own names: ``www`` and ``www-http`` find port 80, but
  ``postgres`` (an alias Debian's file adds for ``postgresql``) is not a name IANA
  registers, so ``getservbyname("postgres")`` raises :class:`OSError`.
- Every transport IANA assigns is known: sctp and dccp too.
- As the C library does, names and protocols are matched exactly (``"HTTP"`` and
  ``"TCP"`` are not found), and with no protocol the first match on any transport
  answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.errors import UnknownServiceError
from portreg.lookups import in_use
from portreg.records.vocabulary import MAX_PORT, PROTOCOLS_BY_NAME, Status

if TYPE_CHECKING:
    from portreg.lookups.registry import Registry

__all__ = ["getservbyname", "getservbyport"]

# The names by protocol name (None: any transport) and port, for the registry they
# were read from: getservbyport() is then two indexings.
_names_for: Registry | None = None
_names: dict[str | None, list[str | None]] = {}


def getservbyport(port: int, protocolname: str | None = None, /) -> str:
    """The service name for ``port`` on ``protocolname`` (any transport when omitted).

    As :func:`socket.getservbyport`: ``OSError("port/proto not found")`` when no name
    is assigned there, ``OverflowError`` for a port outside 0-65535, ``TypeError``
    for an argument of the wrong type.
    """
    # The warm path: the registry in use is the one the table was read from.
    if in_use._in_use is _names_for and type(port) is int and port >= 0:
        try:
            name = _names[protocolname][port]
        except (LookupError, TypeError):
            pass
        else:
            if name is not None:
                return name
    return _getservbyport(port, protocolname)


def _getservbyport(port: object, protocolname: object) -> str:
    number = _port_number(port)
    if protocolname is not None and not isinstance(protocolname, str):
        raise TypeError(f"getservbyport() argument 2 must be str, not {_type_name(protocolname)}")
    _check_text(protocolname)
    names = _names_of(in_use.registry())
    found = names.get(protocolname)
    name = None if found is None else found[number]
    if name is None:
        raise OSError("port/proto not found")
    return name


def getservbyname(servicename: str, protocolname: str | None = None, /) -> int:
    """The port of ``servicename`` on ``protocolname`` (any transport when omitted).

    As :func:`socket.getservbyname`: ``OSError("service/proto not found")`` for a name
    not assigned a port there, ``TypeError`` for an argument of the wrong type. A
    name on a range of ports (``x11``, 6000-6063) gives the first.
    """
    if not isinstance(servicename, str):
        raise TypeError(f"getservbyname() argument 1 must be str, not {_type_name(servicename)}")
    if protocolname is not None and not isinstance(protocolname, str):
        raise TypeError(f"getservbyname() argument 2 must be str, not {_type_name(protocolname)}")
    _check_text(servicename)
    _check_text(protocolname)
    protocol = None
    if protocolname is not None:
        protocol = PROTOCOLS_BY_NAME.get(protocolname)
        if protocol is None or protocol.value != protocolname:
            raise OSError("service/proto not found")
    try:
        info = in_use.registry().service(servicename) if servicename.strip() else None
    except UnknownServiceError:
        info = None
    if info is not None and info.name == servicename:
        for row in info.assignments:
            if (
                row.first is not None
                and row.status is Status.ASSIGNED
                and (protocol is None or row.protocol in (None, protocol))
            ):
                return row.first
    raise OSError("service/proto not found")


def _port_number(port: object) -> int:
    # As socket does: anything with __index__ (bool included), C-int sized, 0-65535.
    if not hasattr(type(port), "__index__"):
        raise TypeError(f"'{type(port).__name__}' object cannot be interpreted as an integer")
    number = type(port).__index__(port)  # type: ignore[attr-defined]
    if not isinstance(number, int):  # pragma: no cover - __index__ must return an int
        raise TypeError("__index__ returned non-int")
    if number > 2**31 - 1:
        raise OverflowError("signed integer is greater than maximum")
    if number < -(2**31):
        raise OverflowError("signed integer is less than minimum")
    if not 0 <= number <= MAX_PORT:
        raise OverflowError("getservbyport: port must be 0-65535.")
    return number


def _type_name(value: object) -> str:
    # As CPython's argument parser words it: "not None", "not bytes".
    return "None" if value is None else type(value).__name__


def _check_text(value: str | None) -> None:
    if value is not None and "\0" in value:
        raise ValueError("embedded null character")


def _names_of(registry: Registry) -> dict[str | None, list[str | None]]:
    """Every port's name on every transport, read once from ``registry``'s tables."""
    global _names_for, _names
    if _names_for is registry:
        return _names
    names: dict[str | None, list[str | None]] = {None: registry.port_names(None)}
    names.update(
        (name, registry.port_names(protocol)) for name, protocol in PROTOCOLS_BY_NAME.items()
    )
    _names, _names_for = names, registry
    return names
