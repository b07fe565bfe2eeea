"""Reading IANA's official XML form of the registry into :class:`Assignment` records.

This is the one parser of the registry's XML: the snapshot generator in ``tools/``
uses it, and so does anything that loads an IANA file at run time.
"""

from __future__ import annotations

import datetime
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs

from portreg._wording import status_of_row
from portreg.errors import DataError
from portreg.model import Assignment, Person, Protocol, Reference, ReferenceKind, RegistryDate

__all__ = ["ParsedRegistry", "parse_registry_xml"]

_NS = "{http://www.iana.org/assignments}"
_PROTOCOLS = {p.value: p for p in Protocol}
_REFERENCE_KINDS = {k.value: k for k in ReferenceKind}


@attrs.frozen
class ParsedRegistry:
    """What one IANA XML file holds: its date, its records, and where it came from."""

    updated: datetime.date | None
    assignments: tuple[Assignment, ...]
    sha256: str
    source: str


def parse_registry_xml(data: bytes, source: str = "<bytes>") -> ParsedRegistry:
    """Parse the registry from the bytes of IANA's XML file.

    Raises :class:`~portreg.errors.DataError`, naming ``source`` and the record, for
    anything that is not a well-formed registry.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DataError(f"{source}: not well-formed XML ({exc})") from None
    if root.tag != f"{_NS}registry" or root.get("id") != "service-names-port-numbers":
        raise DataError(
            f"{source}: not IANA's service name and port number registry "
            f"(root element {root.tag!r}, id {root.get('id')!r})"
        )
    people = _read_people(root, source)
    footnotes = {note.get("anchor", ""): _flatten(note) for note in root.iter(f"{_NS}footnote")}
    updated_text = root.findtext(f"{_NS}updated")
    updated: datetime.date | None = None
    if updated_text:
        try:
            updated = datetime.date.fromisoformat(updated_text.strip())
        except ValueError:
            raise DataError(f"{source}: registry date {updated_text!r} is not YYYY-MM-DD") from None
    assignments = tuple(
        _read_record(element, position, people, footnotes, source)
        for position, element in enumerate(root.iter(f"{_NS}record"), start=1)
    )
    return ParsedRegistry(
        updated=updated,
        assignments=assignments,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
    )


def _read_people(root: ET.Element, source: str) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for element in root.iter(f"{_NS}person"):
        person_id = element.get("id")
        if not person_id:
            raise DataError(f"{source}: a <person> without an id")
        people[person_id] = Person(
            id=person_id,
            name=_clean(element.findtext(f"{_NS}name")),
            organization=_clean(element.findtext(f"{_NS}org")),
        )
    return people


def _read_record(
    element: ET.Element,
    position: int,
    people: dict[str, Person],
    footnotes: dict[str, str],
    source: str,
) -> Assignment:
    where = f"{source}: record {position}"
    try:
        service = _clean(element.findtext(f"{_NS}name"))
        description = (element.findtext(f"{_NS}description") or "").strip()
        first, last = _read_number(element.findtext(f"{_NS}number"))
        protocol = _read_protocol(element.findtext(f"{_NS}protocol"))
        contacts: list[Person] = []
        references: list[Reference] = []
        for xref in element.findall(f"{_NS}xref"):
            if xref.get("type") == "person":
                contacts.append(_person(xref, people))
            else:
                references.append(_reference(xref, footnotes))
        assignees = tuple(
            _person(xref, people)
            for assignee in element.findall(f"{_NS}assignee")
            for xref in assignee.iter(f"{_NS}xref")
        )
        note = element.find(f"{_NS}note")
        service_code = _clean(element.findtext(f"{_NS}sc"))
        return Assignment(
            service=service,
            first=first,
            last=last,
            protocol=protocol,
            description=description,
            status=status_of_row(service, description),
            assignees=assignees,
            contacts=tuple(contacts),
            registered=_read_date(element.get("date")),
            modified=_read_date(element.get("updated")),
            references=tuple(references),
            service_code=int(service_code) if service_code is not None else None,
            unauthorized_use=_clean(element.findtext(f"{_NS}unauthorized")),
            notes=_clean(_flatten(note)) if note is not None else None,
        )
    except ValueError as exc:
        label = element.findtext(f"{_NS}name") or element.findtext(f"{_NS}number") or "?"
        raise DataError(f"{where} ({label.strip()}): {exc}") from None


def _read_number(text: str | None) -> tuple[int | None, int | None]:
    if text is None or not text.strip():
        return None, None
    first_text, dash, last_text = text.strip().partition("-")
    if not _is_port_text(first_text) or (dash and not _is_port_text(last_text)):
        raise ValueError(f"port {text.strip()!r} is not N or N-M with 0 <= N <= M <= 65535")
    first = int(first_text)
    last = int(last_text) if dash else first
    if first > last:
        raise ValueError(f"port range {text.strip()!r} ends before it starts")
    return first, last


def _is_port_text(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535


def _read_protocol(text: str | None) -> Protocol | None:
    if text is None or not text.strip():
        return None
    protocol = _PROTOCOLS.get(text.strip().lower())
    if protocol is None:
        names = ", ".join(_PROTOCOLS)
        raise ValueError(f"protocol {text.strip()!r} is not one of {names}")
    return protocol


def _read_date(text: str | None) -> RegistryDate | None:
    return RegistryDate.parse(text.strip()) if text and text.strip() else None


def _person(xref: ET.Element, people: dict[str, Person]) -> Person:
    person_id = xref.get("data") or (xref.text or "").strip()
    if not person_id:
        raise ValueError("a person reference without an id")
    # An id missing from <people> still names someone: keep it rather than drop it.
    return people.get(person_id) or Person(id=person_id)


def _reference(xref: ET.Element, footnotes: dict[str, str]) -> Reference:
    kind_text = xref.get("type", "")
    kind = _REFERENCE_KINDS.get(kind_text)
    if kind is None:
        raise ValueError(
            f"reference type {kind_text!r} is not one of {', '.join(_REFERENCE_KINDS)}"
        )
    data = xref.get("data")
    text = _clean(xref.text)
    if kind is ReferenceKind.NOTE and text is None and data in footnotes:
        # The registry's footnotes are few and short: carry the wording with the record.
        text = footnotes[data]
    return Reference(kind=kind, data=data, section=xref.get("section"), text=text)


def _flatten(element: ET.Element) -> str:
    """An element's text, cross-references written ``[id]`` and paragraphs on lines."""
    return "".join(_flatten_parts(element)).strip()


def _flatten_parts(element: ET.Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        tag = child.tag.removeprefix(_NS)
        if tag == "xref":
            yield f"[{child.get('data')}]" if child.get("data") else (child.text or "")
        elif tag == "paragraph":
            yield "\n" + _flatten(child) + "\n"
        else:
            yield from _flatten_parts(child)
        if child.tail:
            yield child.tail


def _clean(text: str | None) -> str | None:
    """Stripped text, or ``None`` for a missing or blank element."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None
