"""The JSON the command line prints: records as plain JSON values.

The schema is documented in docs/cli-json.md; :data:`SCHEMA_VERSION` changes only
when a field changes meaning or goes away (new fields may be added without it).
Every field of every record is carried, so nothing the text shows is lost.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from portreg.answers.port import PortInfo
from portreg.records.assignment import Assignment, Person, Reference
from portreg.records.ranges import RangeClass
from portreg.rendering.terminal import is_unsafe

if TYPE_CHECKING:
    from portreg.answers.history import HistoryEvent
    from portreg.answers.search import SearchHit
    from portreg.listening.sockets import Listener
    from portreg.sources.provenance import Provenance

__all__ = [
    "SCHEMA_VERSION",
    "assignment_json",
    "document",
    "dumps",
    "history_json",
    "listener_json",
    "person_json",
    "port_summary_json",
    "range_class_json",
    "reference_json",
    "search_hit_json",
]

#: The version of the JSON documents' schema (docs/cli-json.md).
SCHEMA_VERSION = 1

JSON = dict[str, Any]


def document(kind: str, body: JSON, provenance: Provenance) -> JSON:
    """A top-level document: schema version, kind, provenance, then ``body``.

    ``provenance`` is that of the registry that answered: the packaged snapshot, a
    refreshed cache, or a file.
    """
    from portreg._version import __version__

    updated = provenance.registry_updated
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "portreg_version": __version__,
        "registry_date": updated.isoformat() if updated is not None else None,
        "registry_source": provenance.source,
        "registry_sha256": provenance.sha256,
        **body,
    }


def dumps(value: JSON, *, indent: int | None = None) -> str:
    """JSON text, UTF-8 characters kept as they are, except those a terminal or a
    line-based reader would act on.

    ``json.dumps`` escapes only the C0 controls; DEL, the C1 controls (U+0085 among
    them, a line break to some readers), U+2028 and U+2029 (line breaks to JavaScript
    and many editors), bidi overrides and other invisible format characters are
    escaped here as ``\\uXXXX``, which every JSON reader decodes to the same string.
    One document is then one line, and shows on a terminal as what it says.
    """
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if text.isascii() and "\x7f" not in text:
        return text
    return re.sub("[\x7f-\U0010ffff]", _escaped_if_unsafe, text)


def _escaped_if_unsafe(match: re.Match[str]) -> str:
    character = match.group()
    if not is_unsafe(character):
        return character
    code = ord(character)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # a surrogate pair, as JSON spells it
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def person_json(person: Person) -> JSON:
    return {"id": person.id, "name": person.name, "organization": person.organization}


def reference_json(reference: Reference) -> JSON:
    return {
        "kind": reference.kind.value,
        "data": reference.data,
        "section": reference.section,
        "text": reference.text,
        "label": reference.label,
        "url": reference.url,
    }


def assignment_json(assignment: Assignment) -> JSON:
    """Every field of a registry row; dates as the registry spells them."""
    return {
        "service": assignment.service,
        "first": assignment.first,
        "last": assignment.last,
        "port_text": assignment.port_text,
        "protocol": assignment.protocol.value if assignment.protocol else None,
        "description": assignment.description,
        "status": assignment.status.value,
        "assignees": [person_json(p) for p in assignment.assignees],
        "contacts": [person_json(p) for p in assignment.contacts],
        "registered": str(assignment.registered) if assignment.registered else None,
        "modified": str(assignment.modified) if assignment.modified else None,
        "references": [reference_json(r) for r in assignment.references],
        "service_code": assignment.service_code,
        "unauthorized_use": assignment.unauthorized_use,
        "notes": assignment.notes,
    }


def range_class_json(range_class: RangeClass) -> JSON:
    return {
        "name": range_class.value,
        "label": range_class.label,
        "first": range_class.first,
        "last": range_class.last,
        "procedure": range_class.procedure,
        "privileged": range_class.privileged,
        "meaning": range_class.meaning,
    }


def port_summary_json(info: PortInfo) -> JSON:
    """A port as a table row shows it: status per transport and service names."""
    return {
        "port": info.port,
        "range_class": info.range_class.value,
        "status": info.status().value,
        "statuses": {p.value: s.value for p, s in info.statuses.items()},
        "services": list(info.services),
    }


def history_json(event: HistoryEvent) -> JSON:
    """A history event; its row in full, so the event stands on its own."""
    return {
        "kind": event.kind.value,
        "date": str(event.date) if event.date else None,
        "ports": list(event.ports),
        "names": list(event.names),
        "protocol": event.protocol.value if event.protocol else None,
        "text": event.text,
        "field": event.field,
        "subject": event.subject,
        "assignment": assignment_json(event.assignment),
    }


def search_hit_json(hit: SearchHit) -> JSON:
    return {
        "match": hit.match.value,
        "rank": hit.match.rank,
        "field": hit.field,
        "start": hit.start,
        "end": hit.end,
        "matched_text": hit.matched_text,
        "position": hit.position,
        "assignment": assignment_json(hit.assignment),
    }


def listener_json(listener: Listener) -> JSON:
    return {
        "port": listener.port,
        "protocol": listener.protocol.value,
        "family": listener.family.value,
        "address": listener.address,
        "state": listener.state.value,
        "pid": listener.pid,
        "pids": list(listener.pids),
        "process_name": listener.process_name,
        "uid": listener.uid,
        "remote_address": listener.remote_address,
        "remote_port": listener.remote_port,
    }
