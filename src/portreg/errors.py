"""The errors portreg raises.

Every error derives from :class:`PortregError`, so ``except PortregError`` catches
anything portreg refuses. Bad input also derives from :class:`ValueError` or
:class:`TypeError`, and "not found" from :class:`LookupError`, so code that already
catches those built-ins keeps working.
"""

from __future__ import annotations

from portreg._public import public

__all__ = [
    "DataError",
    "InputTypeError",
    "InvalidPortError",
    "InvalidProtocolError",
    "InvalidRadiusError",
    "InvalidRangeClassError",
    "InvalidSearchError",
    "InvalidServiceNameError",
    "MissingDependencyError",
    "PortregError",
    "RefreshError",
    "UnknownServiceError",
]


@public
class PortregError(Exception):
    """The base of every error portreg raises."""


@public
class InputTypeError(PortregError, TypeError):
    """An argument of the wrong type: a port that is not an ``int`` or a ``str``, say.

    >>> from portreg import lookup
    >>> lookup(True)
    Traceback (most recent call last):
    ...
    portreg.InputTypeError: port must be an int 0-65535 or ...; got True (bool)
    """


@public
class InvalidPortError(PortregError, ValueError):
    """A port number outside 0-65535, or a string that is not a port.

    >>> from portreg import lookup
    >>> lookup(65536)
    Traceback (most recent call last):
    ...
    portreg.InvalidPortError: port must be 0-65535; got 65536
    """


@public
class InvalidProtocolError(PortregError, ValueError):
    """A transport protocol that the registry does not know.

    >>> from portreg import lookup
    >>> lookup("80/xyz")
    Traceback (most recent call last):
    ...
    portreg.InvalidProtocolError: protocol must be one of tcp, ... (any case); got 'xyz'
    """


@public
class InvalidRadiusError(PortregError, ValueError):
    """A neighbour radius that is not a whole number from 0 to 65535."""


@public
class DataError(PortregError):
    """Registry data that is damaged, truncated or not in the expected format.

    portreg raises this rather than answer from data it cannot trust.
    """


@public
class MissingDependencyError(PortregError, ImportError):
    """An optional feature was used without the extra that provides it.

    The message names the extra to install, such as ``pip install 'portreg[pandas]'``.
    """


@public
class RefreshError(PortregError):
    """A refresh of the registry that did not happen; nothing was changed.

    The message is one line saying what went wrong: no network, an HTTP error, a
    truncated or malformed download, a registry older than the one in use, a full disk.
    """


@public
class InvalidServiceNameError(PortregError, ValueError):
    """A service name that cannot be one: empty, or only white space.

    >>> from portreg import service
    >>> service("  ")
    Traceback (most recent call last):
    ...
    portreg.InvalidServiceNameError: service name must be a non-empty string ...; got '  '
    """


@public
class UnknownServiceError(PortregError, LookupError):
    """A service name the registry does not have.

    ``name`` is the name asked for and ``suggestions`` the registered names closest to
    it, best first (possibly none).

    >>> from portreg import service
    >>> service("postgres")
    Traceback (most recent call last):
    ...
    portreg.UnknownServiceError: no service is registered as 'postgres'; did you mean ...
    """

    def __init__(self, message: str, *, name: str = "", suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.suggestions = suggestions


@public
class InvalidSearchError(PortregError, ValueError):
    """Search text that cannot be searched for (empty or only white space), or a bad limit.

    >>> from portreg import search
    >>> search(" ")
    Traceback (most recent call last):
    ...
    portreg.InvalidSearchError: search text must contain something other than ...; got ' '
    """


@public
class InvalidRangeClassError(PortregError, ValueError):
    """A range class that is not one of system, user or dynamic."""
