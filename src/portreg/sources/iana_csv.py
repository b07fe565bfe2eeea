"""Reading IANA's CSV form of the registry into :class:`Assignment` records.

This is the one parser of the registry's CSV. IANA's CSV has one header line and
twelve columns::

    Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,
    Registration Date,Modification Date,Reference,Service Code,
    Unauthorized Use Reported,Assignment Notes

Older files spell the eleventh column "Known Unauthorized Uses"; both are read, and
the columns may come in any order. Cross-references are written ``[id]``: people as
``[Bernie_Volz]`` (several as ``[A][B]``), references as ``[RFC6335]``,
``[draft-ietf-foo-01]``, ``[https://...]`` or a footnote's number ``[1]``; a
reference with a section is ``[RFC6335, Section 8]``; text outside brackets is a
reference in words.

What a CSV does not carry, and the XML does: the registry's ``updated`` date, people's
names and organisations (a CSV names people by id only, so its records hold
``Person(id)``), the display text of an RFC, draft or URI reference, and a footnote's
wording. Everything else reads into the same :class:`Assignment` as the XML gives;
:func:`as_csv_carries` gives a record as a CSV can carry it, so the two can be compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

import attrs

from portreg.errors import DataError
from portreg.records.assignment import Assignment, Person, Reference
from portreg.records.vocabulary import ReferenceKind
from portreg.sources.iana_fields import (
    ParsedRegistry,
    clean,
    collection_paused,
    read_date,
    read_port_range,
    read_protocol,
    read_service_code,
    status_of,
)

__all__ = [
    "COLUMNS",
    "as_csv_carries",
    "formula_safe",
    "formula_unescaped",
    "looks_like_registry_csv",
    "parse_registry_csv",
]

#: The columns of IANA's CSV, as it spells them today, in its order.
COLUMNS = (
    "Service Name",
    "Port Number",
    "Transport Protocol",
    "Description",
    "Assignee",
    "Contact",
    "Registration Date",
    "Modification Date",
    "Reference",
    "Service Code",
    "Unauthorized Use Reported",
    "Assignment Notes",
)

# Every spelling of a column (lowercase, single-spaced) -> its place in COLUMNS.
_SPELLINGS = {name.lower(): position for position, name in enumerate(COLUMNS)}
_SPELLINGS["known unauthorized uses"] = COLUMNS.index("Unauthorized Use Reported")

_BRACKETED = re.compile(r"\[([^\[\]]*)\]")
_SECTION = re.compile(r"^(.*?),\s*[Ss]ection\s+(\S.*)$")
_RFC = re.compile(r"^rfc\d+$", re.IGNORECASE)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def looks_like_registry_csv(data: bytes) -> bool:
    """Whether ``data`` starts like IANA's CSV: a header line naming its columns."""
    first_line = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].lower()
    return b"service name" in first_line and b"port number" in first_line


def parse_registry_csv(data: bytes, source: str = "<bytes>") -> ParsedRegistry:
    """Parse the registry from the bytes of IANA's CSV file.

    Raises :class:`~portreg.DataError`, naming ``source`` and the line and
    record, for anything that is not a complete registry.
    """
    if b"\x00" in data:
        raise DataError(f"{source}: not UTF-8 text (it holds NUL bytes); IANA's CSV is UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(f"{source}, line {line}: not UTF-8 text ({exc.reason})") from None
    with collection_paused():
        assignments = _read_rows(text, source)
    return ParsedRegistry(
        updated=None,
        assignments=assignments,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        format="csv",
    )


# -- cells a spreadsheet would run --------------------------------------------------------

#: A cell a spreadsheet program reads as a formula (or that portreg escaped as one).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def formula_safe(cell: str) -> str:
    """``cell`` as portreg writes it to CSV: a cell a spreadsheet would run as a formula
    (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
    leading ``'``, the mark spreadsheets read as "text, not a formula".

    Cells that already start with quotes before such a character get one more, so that
    :func:`formula_unescaped` gives back exactly the value written.
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def formula_unescaped(cell: str) -> str:
    """The value of a cell :func:`formula_safe` wrote: one leading ``'`` removed where it
    stands before quotes and a formula character; any other cell as it is."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def _read_rows(text: str, source: str) -> tuple[Assignment, ...]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise DataError(f"{source}: empty: no header line and no records")
        columns = _column_positions(header, source)
        people: dict[str, Person] = {}
        assignments: list[Assignment] = []
        line = reader.line_num + 1
        for row in reader:
            if row:  # a blank line is no record
                try:
                    if len(row) != len(header):
                        raise ValueError(f"{len(row)} columns where the header has {len(header)}")
                    cells = [formula_unescaped(row[i]) for i in columns]
                    assignments.append(_read_row(cells, people))
                except ValueError as exc:
                    where = f"record {len(assignments) + 1}" + _label(row, columns)
                    raise DataError(f"{source}, line {line} ({where}): {exc}") from None
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"{source}, line {reader.line_num}: not readable CSV ({exc})") from None
    if not assignments:
        raise DataError(f"{source}: the registry holds no records")
    return tuple(assignments)


def _column_positions(header: list[str], source: str) -> list[int]:
    """Where each of :data:`COLUMNS` is in this file's header."""
    found: dict[int, int] = {}
    for position, name in enumerate(header):
        column = _SPELLINGS.get(" ".join(name.split()).lower())
        if column is not None:
            if column in found:
                raise DataError(f"{source}, line 1: the column {COLUMNS[column]!r} twice")
            found[column] = position
    missing = [name for column, name in enumerate(COLUMNS) if column not in found]
    if missing:
        raise DataError(
            f"{source}, line 1: not IANA's registry CSV: missing column(s) "
            f"{', '.join(repr(m) for m in missing)} (expected the header "
            f"{','.join(COLUMNS)!r})"
        )
    return [found[column] for column in range(len(COLUMNS))]


def _label(row: list[str], columns: list[int]) -> str:
    parts = [row[columns[i]].strip() for i in (1, 2, 0) if columns[i] < len(row)]
    label = " ".join(p for p in parts if p)
    return f", {label[:60]}" if label else ""


def _read_row(cells: list[str], people: dict[str, Person]) -> Assignment:
    (service_text, number, protocol, description, assignees, contacts, registered, modified,
     references, service_code, unauthorized, notes) = cells  # fmt: skip
    service = clean(service_text)
    first, last = read_port_range(number)
    if service is None and first is None:
        raise ValueError("a record with neither a service name nor a port number")
    description = description.strip()
    return Assignment(
        service=service,
        first=first,
        last=last,
        protocol=read_protocol(protocol),
        description=description,
        status=status_of(service, description),
        assignees=_read_people(assignees, people, "assignee"),
        contacts=_read_people(contacts, people, "contact"),
        registered=read_date(registered, "registration date"),
        modified=read_date(modified, "modification date"),
        references=_read_references(references),
        service_code=read_service_code(service_code),
        unauthorized_use=clean(unauthorized),
        notes=clean(notes),
    )


def _read_people(cell: str, people: dict[str, Person], what: str) -> tuple[Person, ...]:
    if not cell.strip():
        return ()
    ids = _BRACKETED.findall(cell)
    if not ids or _BRACKETED.sub("", cell).strip():
        raise ValueError(f"{what} {cell.strip()[:60]!r} is not written [id] or [id][id]")
    found: list[Person] = []
    for text in ids:
        person_id = text.strip()
        if not person_id:
            raise ValueError(f"{what} {cell.strip()[:60]!r} holds an empty []")
        person = people.get(person_id)
        if person is None:
            person = people[person_id] = Person(person_id)
        found.append(person)
    return tuple(found)


def _read_references(cell: str) -> tuple[Reference, ...]:
    references: list[Reference] = []
    position = 0
    for match in _BRACKETED.finditer(cell):
        words = cell[position : match.start()].strip()
        if words:
            references.append(Reference(ReferenceKind.TEXT, text=words))
        references.append(_reference(match.group(1).strip()))
        position = match.end()
    words = cell[position:].strip()
    if words:
        references.append(Reference(ReferenceKind.TEXT, text=words))
    return tuple(references)


def _reference(token: str) -> Reference:
    section: str | None = None
    with_section = _SECTION.match(token)
    if with_section:
        token, section = with_section.group(1).strip(), with_section.group(2).strip()
    if _RFC.match(token):
        return Reference(ReferenceKind.RFC, data=token.lower(), section=section)
    if token.lower().startswith(("draft-", "rfc-")):  # "RFC-ietf-…": an RFC to be
        return Reference(ReferenceKind.DRAFT, data=token, section=section)
    if token.isascii() and token.isdigit():
        return Reference(ReferenceKind.NOTE, data=token, section=section)
    if _URI.match(token) and " " not in token:
        return Reference(ReferenceKind.URI, data=token, section=section)
    if not token:
        raise ValueError("a reference written [] with nothing in it")
    return Reference(ReferenceKind.TEXT, text=token, section=section)


def as_csv_carries(assignment: Assignment) -> Assignment:
    """``assignment`` as IANA's CSV can carry it: what "the same records" means.

    People become ids only; an RFC, draft, URI or footnote reference keeps its kind,
    identifier and section but not its display text; everything else is kept.
    Loading a CSV gives records equal to the XML's records passed through this.
    """
    return attrs.evolve(
        assignment,
        assignees=tuple(Person(p.id) for p in assignment.assignees),
        contacts=tuple(Person(p.id) for p in assignment.contacts),
        references=tuple(
            r if r.kind is ReferenceKind.TEXT else attrs.evolve(r, text=None)
            for r in assignment.references
        ),
    )
