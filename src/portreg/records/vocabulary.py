"""The registry's closed vocabularies, and the facts every layer shares.

Transport protocols, statuses, reference kinds and date precisions are enums, so a
typo is an error, not a silent mismatch. The largest port and the protocols by name
are written here once.
"""

from __future__ import annotations

import enum

from portreg._public import public

__all__ = [
    "MAX_PORT",
    "PORT_COUNT",
    "PROTOCOLS_BY_NAME",
    "PROTOCOLS_BY_NUMBER",
    "STATUS_CODES",
    "TABLE_KEYS",
    "DatePrecision",
    "Protocol",
    "ReferenceKind",
    "Status",
]

#: The largest port number; ports are 0-65535.
MAX_PORT = 65535
#: How many port numbers there are.
PORT_COUNT = MAX_PORT + 1


@public
class Protocol(str, enum.Enum):
    """A transport protocol the registry assigns ports on.

    Members compare equal to their lowercase names, as the registry spells them.
    """

    TCP = "tcp"
    UDP = "udp"
    SCTP = "sctp"
    DCCP = "dccp"

    def __str__(self) -> str:
        return self.value


@public
class Status(str, enum.Enum):
    """What the registry says of a port on one transport.

    The registry writes statuses as free text in the description of a row without a
    service name. portreg reads them into these members:

    ``ASSIGNED``
        A service name is registered on the port ("http", "novastorbakcup").
        A named row with an empty description (113/tcp "ident") is assigned too.
    ``RESERVED``
        Set aside, not for a named service: "Reserved", "Reserved - IANA", a named
        row "Reserved for a future enhancement…" (5349/udp stun-behaviors), and
        the historic "any private mail system" rows (24 and friends), which
        reserve the port for private use.
    ``DEREGISTERED``
        Once assigned, since withdrawn: "De-registered", "Removed", "Deprecated",
        "Decomissioned Port…", "De-Commissioned Port". IANA does not hand these out
        again lightly, so they are not free either.
    ``UNASSIGNED``
        Free for assignment: "Unassigned", "unassigned", "Unassigned [was netstat]",
        "(unassigned) Possibly assigned", a row without a name that only guesses at
        use ("Possibly used by Sun Solaris????"), and a port in 0-49151 that no row
        covers on that transport at all.
    ``DYNAMIC``
        In the Dynamic/Private range 49152-65535, which the registry does not list
        and IANA never assigns: any program may use these ports, usually as
        ephemeral ports picked by the operating system.
    """

    ASSIGNED = "assigned"
    RESERVED = "reserved"
    DEREGISTERED = "deregistered"
    UNASSIGNED = "unassigned"
    DYNAMIC = "dynamic"

    def __str__(self) -> str:
        return self.value


@public
class DatePrecision(str, enum.Enum):
    """How precisely the registry gave a date: some rows say only ``2003-11``."""

    MONTH = "month"
    DAY = "day"


@public
class ReferenceKind(str, enum.Enum):
    """The kind of document a reference points to, as the registry's ``xref`` types."""

    RFC = "rfc"
    DRAFT = "draft"
    URI = "uri"
    TEXT = "text"
    NOTE = "note"
    PERSON = "person"

    def __str__(self) -> str:
        return self.value


#: Each transport by its name as the registry spells it (lowercase).
PROTOCOLS_BY_NAME: dict[str, Protocol] = {p.value: p for p in Protocol}
#: Each transport by its IP protocol number, as flow logs carry it (IANA's Assigned
#: Internet Protocol Numbers registry).
PROTOCOLS_BY_NUMBER: dict[int, Protocol] = {
    6: Protocol.TCP,
    17: Protocol.UDP,
    132: Protocol.SCTP,
    33: Protocol.DCCP,
}
#: The keys of the per-port tables, in their order: every transport at once, then each.
TABLE_KEYS: tuple[Protocol | None, ...] = (None, *Protocol)
#: Status codes of the per-port tables: a status is stored as its position here.
STATUS_CODES: tuple[Status, ...] = tuple(Status)
