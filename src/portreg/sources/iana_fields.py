"""The registry's field values as both IANA formats write them, read strictly.

IANA publishes the registry as XML and as CSV; a port, a protocol or a date is
written the same way in both, so both parsers read those fields through here and
refuse the same malformed values with the same words. Each reader raises
:class:`ValueError` saying what was given and what is accepted; the parser adds the
file and the line or record.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterator

import attrs

from portreg.records.assignment import Assignment, RegistryDate
from portreg.records.vocabulary import DatePrecision, Protocol, Status
from portreg.records.wording import status_of_row

__all__ = [
    "ParsedRegistry",
    "clean",
    "collection_paused",
    "read_date",
    "read_port_range",
    "read_protocol",
    "read_registry_updated",
    "read_service_code",
    "status_of",
]

_PROTOCOLS = {p.value: p for p in Protocol}
_MAX_PORT = 65535


@attrs.frozen
class ParsedRegistry:
    """What one IANA file holds: its date, its records, and where it came from."""

    #: The registry's ``<updated>`` date; ``None`` for a CSV, which carries none.
    updated: datetime.date | None
    assignments: tuple[Assignment, ...]
    sha256: str
    source: str
    #: ``"xml"`` or ``"csv"``.
    format: str = "xml"


def clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` for a missing or blank value."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def read_port_range(text: str | None) -> tuple[int | None, int | None]:
    """``"80"`` -> (80, 80), ``"6000-6063"`` -> (6000, 6063), blank -> (None, None)."""
    if text is None:
        return None, None
    stripped = text.strip()
    if not stripped:
        return None, None
    if len(stripped) <= 5 and stripped.isdigit() and stripped.isascii():
        port = int(stripped)  # the common case, one port
        if port <= _MAX_PORT:
            return port, port
    first_text, dash, last_text = stripped.partition("-")
    if not _is_port_text(first_text) or (dash and not _is_port_text(last_text)):
        raise ValueError(f"port {stripped!r} is not N or N-M with 0 <= N <= M <= {_MAX_PORT}")
    first = int(first_text)
    last = int(last_text) if dash else first
    if first > last:
        raise ValueError(f"port range {stripped!r} ends before it starts")
    return first, last


def _is_port_text(text: str) -> bool:
    return 0 < len(text) <= 5 and text.isascii() and text.isdigit() and int(text) <= _MAX_PORT


def read_protocol(text: str | None) -> Protocol | None:
    """A transport protocol by its registry name, any case; blank means "every one"."""
    if text is None:
        return None
    protocol = _PROTOCOLS.get(text)
    if protocol is not None:
        return protocol
    stripped = text.strip()
    if not stripped:
        return None
    protocol = _PROTOCOLS.get(stripped.lower())
    if protocol is None:
        raise ValueError(f"protocol {stripped!r} is not one of {', '.join(_PROTOCOLS)}")
    return protocol


# Dates repeat a great deal (4,725 registration dates, far fewer distinct ones), and
# RegistryDate is immutable: share one instance per spelling.
_dates: dict[str, RegistryDate] = {}


def read_date(text: str | None, what: str = "date") -> RegistryDate | None:
    """``YYYY-MM-DD`` or ``YYYY-MM``; blank means no date."""
    if text is None:
        return None
    known = _dates.get(text)
    if known is not None:
        return known
    stripped = text.strip()
    if not stripped:
        return None
    known = _dates.get(stripped)
    if known is not None:
        return known
    try:
        date = RegistryDate.parse(stripped)
    except ValueError:
        raise ValueError(
            f"{what} {stripped!r} is not a valid date written YYYY-MM-DD or YYYY-MM"
        ) from None
    if len(_dates) < 100_000:  # bounded: hostile input must not grow memory without end
        _dates[stripped] = date
    return date


def read_registry_updated(text: str | None) -> datetime.date | None:
    """The registry's own ``updated`` date: a full ``YYYY-MM-DD`` date."""
    date = read_date(text, "registry date")
    if date is None:
        return None
    if date.precision is not DatePrecision.DAY:
        raise ValueError(f"registry date {text!r} is not a full YYYY-MM-DD date")
    return date.value


def read_service_code(text: str | None) -> int | None:
    """The registry's numeric service code (``<sc>``), or ``None``."""
    stripped = clean(text)
    if stripped is None:
        return None
    if not (stripped.isascii() and stripped.isdigit() and len(stripped) <= 10):
        raise ValueError(f"service code {stripped!r} is not a whole number of up to 10 digits")
    return int(stripped)


# A registry repeats a few hundred descriptions ("Unassigned", "Reserved") over
# thousands of rows; the status depends only on those and on whether a name is given.
_statuses: dict[tuple[bool, str], Status] = {}


def status_of(service: str | None, description: str) -> Status:
    """:func:`~portreg.records.wording.status_of_row`, remembered per distinct wording."""
    key = (service is not None, description)
    status = _statuses.get(key)
    if status is None:
        status = status_of_row(service, description)
        # Bounded in count and size: a hostile file must not grow this without end.
        if len(description) <= 200 and len(_statuses) < 10_000:
            _statuses[key] = status
    return status


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parser builds its records.

    A registry is tens of thousands of small objects without reference cycles; the
    collector would walk them again and again while they are built, for nothing,
    which costs about as much as building them. Reference counting still frees
    everything as usual meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
