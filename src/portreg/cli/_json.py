"""The JSON the command line prints: records as plain JSON values.

The schema is documented in docs/cli-json.md; :data:`SCHEMA_VERSION` changes only
when a field changes meaning or goes away (new fields may be added without it).
Every field of every record is carried, so nothing the text shows is lost.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from portreg.answers.port import PortInfo, port_summary_dict
from portreg.records.assignment import Assignment, Person, Reference
from portreg.records.ranges import RangeClass
from portreg.rendering.terminal import is_unsafe

if TYPE_CHECKING:
    from portreg.answers.history import HistoryEvent
    from portreg.answers.port import PortInfo
    from portreg.answers.search import SearchHit
    from portreg.listening.sockets import Listener
    from portreg.records.assignment import Assignment, Person, Reference
    from portreg.records.ranges import RangeClass
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


# The records convert themselves (their ``to_dict()``), so the library's plain data and
# the command line's JSON are one and the same; these names are the command line's.


def person_json(person: Person) -> JSON:
    return person.to_dict()


def reference_json(reference: Reference) -> JSON:
    return reference.to_dict()


def assignment_json(assignment: Assignment) -> JSON:
    """Every field of a registry row; dates as the registry spells them."""
    return assignment.to_dict()


def range_class_json(range_class: RangeClass) -> JSON:
    return range_class.to_dict()


def port_summary_json(info: PortInfo) -> JSON:
    """A port as a table row shows it: status per transport and service names."""
    return port_summary_dict(info)


def history_json(event: HistoryEvent) -> JSON:
    """A history event; its row in full, so the event stands on its own."""
    return event.to_dict()


def search_hit_json(hit: SearchHit) -> JSON:
    return hit.to_dict()


def listener_json(listener: Listener) -> JSON:
    return listener.to_dict()
