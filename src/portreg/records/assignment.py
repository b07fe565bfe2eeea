"""One row of the registry: :class:`Assignment`, and the values it holds.

An :class:`Assignment` is one row of IANA's registry, with every field parsed into a
typed value: dates with their precision, people, references. Rows are immutable,
hashable and typed; the vocabularies they use are in :mod:`portreg.records.vocabulary`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

import attrs

from portreg._public import public
from portreg.records.vocabulary import DatePrecision, Protocol, ReferenceKind, Status

if TYPE_CHECKING:
    import datetime

    from portreg.rendering.tables import PrettyPrinter

__all__ = [
    "Assignment",
    "FieldValue",
    "Person",
    "Reference",
    "RegistryDate",
    "labelled_fields",
    "where",
]


@public
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
        """Read ``YYYY-MM-DD`` or ``YYYY-MM``; raise :class:`ValueError` on anything else
        (:class:`~portreg.InputTypeError` for what is not a ``str``)."""
        given: object = text  # whatever a caller passed, whatever the annotation says
        if not isinstance(given, str):
            from portreg.errors import InputTypeError

            raise InputTypeError(
                f"date must be a str, YYYY-MM-DD or YYYY-MM; got {text!r} ({type(text).__name__})"
            )
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


@public
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

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``id``, ``name``, ``organization`` (docs/cli-json.md, Person)."""
        return {"id": self.id, "name": self.name, "organization": self.organization}


@public
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

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``kind``, ``data``, ``section``, ``text``, and the ``label`` and
        ``url`` derived from them (docs/cli-json.md, Reference)."""
        return {
            "kind": self.kind.value,
            "data": self.data,
            "section": self.section,
            "text": self.text,
            "label": self.label,
            "url": self.url,
        }


@public
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
        place = where(self)
        if self.service:
            return f"{place} {self.service}" + (f": {self.description}" if self.description else "")
        # An unnamed row's description is its status wording; say it once.
        return f"{place} {self.description or self.status.value}"

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data, ready for ``json.dumps()``.

        The form the command line's ``--json`` prints (docs/cli-json.md, Assignment):
        enums as their values, dates as the registry spells them (``2003-11`` for a
        month), people and references as dicts.

        >>> from portreg import lookup
        >>> row = lookup(22, "tcp").assignments[0].to_dict()
        >>> row["service"], row["port_text"], row["protocol"], row["status"]
        ('ssh', '22', 'tcp', 'assigned')
        """
        return {
            "service": self.service,
            "first": self.first,
            "last": self.last,
            "port_text": self.port_text,
            "protocol": self.protocol.value if self.protocol else None,
            "description": self.description,
            "status": self.status.value,
            "assignees": [p.to_dict() for p in self.assignees],
            "contacts": [p.to_dict() for p in self.contacts],
            "registered": str(self.registered) if self.registered else None,
            "modified": str(self.modified) if self.modified else None,
            "references": [r.to_dict() for r in self.references],
            "service_code": self.service_code,
            "unauthorized_use": self.unauthorized_use,
            "notes": self.notes,
        }

    # The rendering toolkit is imported only when a row is shown.

    def _repr_html_(self) -> str:
        from portreg.rendering.tables import facts_html

        return facts_html(_caption(self), _facts(self))

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.rendering.tables import facts_text, pretty

        pretty(printer, cycle, facts_text(_caption(self), _facts(self)), "Assignment(...)")


def where(row: Assignment) -> str:
    """The row's port and transport as people write them: ``80/tcp``, ``6000-6063``,
    ``(no port)``."""
    place = row.port_text or "(no port)"
    return f"{place}/{row.protocol.value}" if row.protocol is not None else place


#: A value of a labelled field: a person, a reference, a date, a number or text.
FieldValue = Union[Person, Reference, RegistryDate, int, str]


def labelled_fields(row: Assignment) -> list[tuple[str, tuple[FieldValue, ...]]]:
    """The fields of a row beyond its port, transport, name and description.

    Labelled, in the registry's order, each with its values (one per person or
    reference), empty fields left out. Every view of a row (its text, its HTML, the
    command line's report) lists these, so a field is never shown in one and missed
    in another.
    """
    fields: list[tuple[str, tuple[FieldValue, ...]]] = []
    if row.assignees:
        fields.append(("assignee", row.assignees))
    if row.contacts:
        fields.append(("contact", row.contacts))
    if row.registered:
        fields.append(("registered", (row.registered,)))
    if row.modified:
        fields.append(("modified", (row.modified,)))
    if row.references:
        fields.append(("reference", row.references))
    if row.service_code is not None:
        fields.append(("service code", (row.service_code,)))
    if row.unauthorized_use:
        fields.append(("unauthorized use", (row.unauthorized_use,)))
    if row.notes:
        fields.append(("notes", (row.notes,)))
    return fields


def _caption(row: Assignment) -> str:
    return f"Registry row {where(row)} {row.service or row.status.value}"


def _facts(row: Assignment) -> list[tuple[str, str]]:
    head = [
        ("service", row.service or ""),
        ("port", row.port_text or "(no port)"),
        ("protocol", row.protocol.value if row.protocol else "(all)"),
        ("status", row.status.value),
        ("description", row.description),
    ]
    return head + [(label, "; ".join(map(str, values))) for label, values in labelled_fields(row)]
