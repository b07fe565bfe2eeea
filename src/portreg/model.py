"""The records of the registry: immutable, hashable, typed.

An :class:`Assignment` is one row of IANA's registry, with every field parsed into a
typed value. The vocabularies the registry uses (transport protocols, statuses,
reference kinds, date precisions) are enums, so a typo is an error, not a silent
mismatch.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import datetime

    from portreg.display import PrettyPrinter

__all__ = [
    "Assignment",
    "DatePrecision",
    "Person",
    "Protocol",
    "Reference",
    "ReferenceKind",
    "RegistryDate",
    "Status",
]


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


class DatePrecision(str, enum.Enum):
    """How precisely the registry gave a date: some rows say only ``2003-11``."""

    MONTH = "month"
    DAY = "day"


@attrs.frozen(order=True)
class RegistryDate:
    """A registration or modification date, with the precision the registry gave.

    ``value`` is a :class:`datetime.date`; a month-only date is stored as the first of
    that month, and ``str()`` gives back the registry's own spelling.

    >>> RegistryDate.parse("2003-11")
    RegistryDate(value=datetime.date(2003, 11, 1), precision=<DatePrecision.MONTH: 'month'>)
    >>> str(RegistryDate.parse("2025-07-15"))
    '2025-07-15'
    """

    value: datetime.date
    precision: DatePrecision = DatePrecision.DAY

    @classmethod
    def parse(cls, text: str) -> RegistryDate:
        """Read ``YYYY-MM-DD`` or ``YYYY-MM``; raise :class:`ValueError` on anything else."""
        parts = text.split("-")
        if len(parts) not in (2, 3) or not all(p.isdigit() and p.isascii() for p in parts):
            raise ValueError(f"date must be YYYY-MM-DD or YYYY-MM; got {text!r}")
        if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError(f"date must be YYYY-MM-DD or YYYY-MM; got {text!r}")
        import datetime  # here, not at module level: only parsing needs it

        year, month = int(parts[0]), int(parts[1])
        if len(parts) == 2:
            return cls(datetime.date(year, month, 1), DatePrecision.MONTH)
        return cls(datetime.date(year, month, int(parts[2])), DatePrecision.DAY)

    def __str__(self) -> str:
        if self.precision is DatePrecision.MONTH:
            return self.value.strftime("%Y-%m")
        return self.value.isoformat()


@attrs.frozen
class Person:
    """An assignee or contact, resolved through the registry's ``<people>`` section.

    ``id`` is the registry's key for the person (``"Bernie_Volz"``). The registry's
    e-mail addresses are deliberately not shipped.
    """

    id: str
    name: str | None = None
    organization: str | None = None

    @property
    def display_name(self) -> str:
        """The best human-readable label: "name (organization)", or what there is."""
        if self.name and self.organization and self.organization != self.name:
            return f"{self.name} ({self.organization})"
        return self.name or self.organization or self.id

    def __str__(self) -> str:
        return self.display_name


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


@attrs.frozen
class Reference:
    """A reference of a record: an RFC, an Internet-Draft, a URI, free text or a footnote.

    ``data`` is the registry's identifier (``"rfc9110"``), ``section`` a section number
    where the registry gives one, and ``text`` the reference's own wording if it has
    any ("ISO/IEC 13818-6 MPEG-2 DSM-CC").
    """

    kind: ReferenceKind
    data: str | None = None
    section: str | None = None
    text: str | None = None

    @property
    def label(self) -> str:
        """A short citation: ``RFC 9110``, ``draft-ietf-foo-01, Section 4``, or the text."""
        if self.kind is ReferenceKind.RFC and self.data and self.data.lower().startswith("rfc"):
            label = f"RFC {self.data[3:]}"
        else:
            label = self.data or self.text or ""
        if self.section and "section" not in label.lower():
            label = f"{label}, Section {self.section}"
        return label

    @property
    def url(self) -> str | None:
        """Where to read it, for RFCs, drafts and URIs; ``None`` otherwise."""
        if not self.data:
            return None
        if self.kind is ReferenceKind.RFC:
            return f"https://www.rfc-editor.org/rfc/{self.data.lower()}"
        if self.kind is ReferenceKind.DRAFT:
            return f"https://datatracker.ietf.org/doc/{self.data}"
        if self.kind is ReferenceKind.URI:
            return self.data
        return None

    def __str__(self) -> str:
        return self.label


@attrs.frozen
class Assignment:
    """One row of the registry, every field typed.

    A row may carry a service name without a port (DNS-SD names), a port without a
    name (the Unassigned and Reserved rows), a range of ports (x11 6000-6063), and no
    protocol, which means it applies to every transport.

    Text fields are the registry's text with leading and trailing white space removed;
    a cross-reference inside a note is written as IANA's own CSV writes it, ``[RFC5389]``
    or ``[id]``.
    """

    service: str | None
    first: int | None
    last: int | None
    protocol: Protocol | None
    description: str
    status: Status
    assignees: tuple[Person, ...] = ()
    contacts: tuple[Person, ...] = ()
    registered: RegistryDate | None = None
    modified: RegistryDate | None = None
    references: tuple[Reference, ...] = ()
    service_code: int | None = None
    unauthorized_use: str | None = None
    notes: str | None = None

    @property
    def is_range(self) -> bool:
        """Whether the row covers more than one port (x11 6000-6063)."""
        return self.first is not None and self.last is not None and self.last > self.first

    @property
    def ports(self) -> range:
        """The ports the row covers; empty for a name without a port."""
        if self.first is None or self.last is None:
            return range(0)
        return range(self.first, self.last + 1)

    @property
    def protocols(self) -> tuple[Protocol, ...]:
        """The transports the row applies to: its own, or all of them when it names none."""
        return (self.protocol,) if self.protocol is not None else tuple(Protocol)

    def covers(self, port: int, protocol: Protocol | None = None) -> bool:
        """Whether the row speaks for ``port`` (on ``protocol``, when one is given)."""
        if self.first is None or self.last is None or not self.first <= port <= self.last:
            return False
        return protocol is None or self.protocol is None or self.protocol is protocol

    @property
    def port_text(self) -> str:
        """The port as the registry writes it: ``80``, ``6000-6063``, or empty."""
        if self.first is None:
            return ""
        return str(self.first) if not self.is_range else f"{self.first}-{self.last}"

    def __str__(self) -> str:
        where = self.port_text or "(no port)"
        if self.protocol is not None:
            where = f"{where}/{self.protocol.value}"
        if self.service:
            return f"{where} {self.service}" + (f": {self.description}" if self.description else "")
        # An unnamed row's description is its status wording; say it once.
        return f"{where} {self.description or self.status.value}"

    def _repr_html_(self) -> str:
        from portreg.display import assignment_html

        return assignment_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.display import assignment_text, pretty

        pretty(printer, cycle, assignment_text(self), "Assignment(...)")
