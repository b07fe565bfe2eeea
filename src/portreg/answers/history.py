"""The registry's history: de-assignments, removals, renames, conflicts, read from its notes.

IANA keeps no history table; what happened to a port or a name is written in free
text in a row's notes (and sometimes its description or unauthorized-use field), in
a few recurring forms:

==========================  ===============================================================
kind                        the registry's wordings
==========================  ===============================================================
``DEASSIGNED``              "De-assigned on 2025-02-13, previously compressnet by [...]",
                            "De-Assigned on 2019-10-30", "Historic usage was acms.
                            De-Assigned on 2020-12-29", "This has been de-assigned"
``REASSIGNED``              "re-assigned with the approval of the previous assignee"
``REMOVED``                 "This entry has been removed on ...", "This entry is being
                            removed on ...", "This port has been removed on ...", "This
                            port was previously removed on ...", "(Removed 2004-2-6)",
                            "port 3001 previously "Removed on 2006-05-25"", a row described
                            only as "Removed"
``DEREGISTERED``            "De-registered 08 June 2001", "Deprecated June 2004",
                            "Decomissioned Port 04/14/00", and, undated, a row described
                            only as "De-registered", "Deprecated" or "De-Commissioned Port"
``RELEASED``                "Previously assigned to NETCONF over BEEP but released by
                            [RFC9900]", "(FRP-Released 12/7/00)"
``RETASKED``                "This port has been retasked on 2015-06-16."
``MOVED``                   ""pcp" assignment withdrawn, moved to port 5351 per RFC6887"
``REPLACED``                "Use of 585 is not recommended, use 993 instead"
``RENAMED``                 "(was snntp)", "Historically, this service has been referred to
                            as "kca_service"", "IANA assigned this well-formed service name
                            as a replacement for "whois++""
``HISTORIC_ALIAS``          "This entry is an alias to "whoispp". This entry is now historic"
``PREVIOUSLY_ASSIGNED``     "Unassigned [was netstat]", "Port 126 Previously assigned to
                            application below", "was already previously assigned by IANA
                            for "RadSec""
``FORMERLY``                "Formerly was Workstation Solutions", "(previous was: Delta
                            Solutions Direct)", "previously assigned under the name "..."",
                            "Was formerly listed as "iChat AV""
``CONFLICT``                "<== NOTE Conflict on 2049 !", "Possible Conflict of Port 222
                            with "Masqdialer"", "Potential Conflict of ports PORT 4000 also
                            used by ICQ"
``UNAUTHORIZED_USE``        the unauthorized-use field ("Known Unauthorized Use on port
                            6003"), "Microsoft (unoffically) using 1232"
``WIDESPREAD_USE``          "This entry records an unassigned but widespread use"
``CONTACT_CHANGED``         "New contact added for port 2222 on 2008-02-01", "(previous
                            contact was [Christopher_Allen])"
``MODIFIED``                "Modified: 27 October 2008", "this port was previously updated
                            on 2009-06-19", "Registration updated May 2007"
``NO_LONGER_IN_USE``        "This service name is no longer in use."
==========================  ===============================================================

Dates come in several spellings (``2025-02-13``, ``2004-2-6``, ``08 June 2001``,
``June 2004``, ``5/21/97``); they are read into :class:`~portreg.RegistryDate`
with the precision the text gives. A wording outside these forms makes no event:
the tests check every note of the registry against this list.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from portreg._public import public
from portreg.answers.search import fold
from portreg.errors import DataError
from portreg.records.assignment import Assignment, RegistryDate
from portreg.records.vocabulary import DatePrecision, Protocol

__all__ = [
    "HistoryEvent",
    "HistoryKind",
    "StoredHistory",
    "events_of",
    "history_by_name",
    "history_to_plain",
    "parse_loose_date",
]


@public
class HistoryKind(str, enum.Enum):
    """What happened, as the registry's notes tell it (see the module's table)."""

    DEASSIGNED = "de-assigned"
    REASSIGNED = "re-assigned"
    REMOVED = "removed"
    DEREGISTERED = "de-registered"
    RELEASED = "released"
    RETASKED = "retasked"
    MOVED = "moved"
    REPLACED = "replaced"
    RENAMED = "renamed"
    HISTORIC_ALIAS = "historic alias"
    PREVIOUSLY_ASSIGNED = "previously assigned"
    FORMERLY = "formerly"
    CONFLICT = "conflict"
    UNAUTHORIZED_USE = "unauthorized use"
    WIDESPREAD_USE = "widespread use"
    CONTACT_CHANGED = "contact changed"
    MODIFIED = "modified"
    NO_LONGER_IN_USE = "no longer in use"

    def __str__(self) -> str:
        return self.value


@public
@attrs.frozen
class HistoryEvent:
    """One event the registry records about a row.

    ``ports`` are the ports the text names, or the row's own ports when it names
    none; ``names`` the service names involved: the row's own name first, then the
    names the text gives (a former name, the name an alias points to, a name in
    conflict). ``text`` is the registry's own wording the event was read from, and
    ``field`` the row's field it stands in (``"notes"``, ``"description"`` or
    ``"unauthorized_use"``); ``assignment`` is the row itself. ``subject`` is what
    else the text names, where it is not a service name: a former use or owner
    ("NETCONF over BEEP", "Workstation Solutions"), or another user of the port
    ("ICQ <www.icq.com>", "Microsoft").
    """

    kind: HistoryKind
    date: RegistryDate | None
    ports: tuple[int, ...]
    names: tuple[str, ...]
    protocol: Protocol | None
    text: str
    field: str
    assignment: Assignment = attrs.field(repr=False)
    subject: str | None = None

    def __str__(self) -> str:
        where = ", ".join(str(p) for p in self.ports) or "no port"
        if self.protocol is not None:
            where = f"{where}/{self.protocol.value}"
        if self.assignment.service:
            where = f"{where} {self.assignment.service}"
        when = f" {self.date}" if self.date else ""
        return f"{self.kind.value}{when} ({where}): {' '.join(self.text.split())}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as each event of ``portreg NAME --json``'s ``history``: ``kind``,
        ``date``, ``ports``, ``names``, ``protocol``, ``text``, ``field``, ``subject``
        and the ``assignment`` in full, so the event stands on its own."""
        return {
            "kind": self.kind.value,
            "date": str(self.date) if self.date else None,
            "ports": list(self.ports),
            "names": list(self.names),
            "protocol": self.protocol.value if self.protocol else None,
            "text": self.text,
            "field": self.field,
            "subject": self.subject,
            "assignment": self.assignment.to_dict(),
        }


# -- dates ----------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH_NAMES = "|".join(_MONTHS)
#: A date as the registry's free text writes one.
DATE = (
    r"(?:\d{4}-\d{1,2}(?:-\d{1,2})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}"
    rf"|(?:\d{{1,2}}\s+)?(?:{_MONTH_NAMES})\s+\d{{4}})"
)


def parse_loose_date(text: str) -> RegistryDate | None:
    """A date in one of the registry's free-text spellings, or ``None``.

    >>> str(parse_loose_date("08 June 2001")), str(parse_loose_date("5/21/97"))
    ('2001-06-08', '1997-05-21')
    >>> str(parse_loose_date("June 2004"))
    '2004-06'
    """
    words = text.strip().lower().split()
    try:
        if "-" in text:
            parts = [int(p) for p in text.strip().split("-")]
            if len(parts) == 2:
                return RegistryDate(datetime.date(parts[0], parts[1], 1), DatePrecision.MONTH)
            return RegistryDate(datetime.date(parts[0], parts[1], parts[2]))
        if "/" in text:  # US order, as the registry's older notes write it
            month, day, year = (int(p) for p in text.strip().split("/"))
            if year < 100:
                year += 2000 if year < 50 else 1900
            return RegistryDate(datetime.date(year, month, day))
        if len(words) == 2:
            return RegistryDate(
                datetime.date(int(words[1]), _MONTHS[words[0]], 1), DatePrecision.MONTH
            )
        if len(words) == 3:
            return RegistryDate(datetime.date(int(words[2]), _MONTHS[words[1]], int(words[0])))
    except (ValueError, KeyError):
        return None
    return None


# -- the forms ------------------------------------------------------------------------

_NAME = r"[A-Za-z0-9][\w.+*/-]*[A-Za-z0-9+*]"
_D = rf"(?P<date>{DATE})"


def _rule(kind: HistoryKind, pattern: str) -> tuple[HistoryKind, str]:
    return kind, pattern


# Tried in order on each text; a span one rule matched is not matched again, so the
# specific forms come before the general ones they contain. Compiled on first use:
# compiling them all costs more than the rest of importing portreg.
_RULE_PATTERNS = (
    _rule(
        HistoryKind.DEASSIGNED, rf"historic usage was (?P<name>{_NAME})\.?\s*de-?assigned on {_D}"
    ),
    _rule(HistoryKind.DEASSIGNED, rf"de-?assigned on {_D}(?:,\s*previously (?P<name>{_NAME}))?"),
    _rule(HistoryKind.DEASSIGNED, r"(?:has been|was) de-?assigned"),
    _rule(HistoryKind.REASSIGNED, r"\bre-?assigned(?: with the approval of [^.]+)?"),
    _rule(
        HistoryKind.REMOVED,
        rf"port (?P<port>\d+) previously (?:noted )?\"removed on {_D}\"",
    ),
    _rule(
        HistoryKind.REMOVED,
        rf"this (?:entry|port) (?:has been|is being|was previously) removed on {_D}",
    ),
    _rule(HistoryKind.REMOVED, rf"\(removed {_D}\)"),
    _rule(HistoryKind.DEREGISTERED, rf"(?:de-registered|deprecated) {_D}"),
    _rule(HistoryKind.DEREGISTERED, rf"decomm?issioned port {_D}"),
    # Undated: a row described by the status word alone.
    _rule(HistoryKind.DEREGISTERED, r"^(?:de-?registered|deprecated|de-?comm?iss?ioned port)$"),
    _rule(HistoryKind.REMOVED, r"^removed\.?$"),
    _rule(HistoryKind.RELEASED, r"previously assigned to (?P<what>.+?) but released by \[[^\]]+\]"),
    _rule(HistoryKind.RELEASED, rf"\(frp-released {_D}\)"),
    _rule(HistoryKind.RETASKED, rf"this port has been retasked on {_D}"),
    _rule(
        HistoryKind.MOVED,
        r"\"(?P<name>[^\"]+)\" assignment withdrawn, moved to port (?P<port>\d+)",
    ),
    _rule(
        HistoryKind.REPLACED, r"use of (?P<port>\d+) is not recommended, use (?P<port2>\d+) instead"
    ),
    _rule(
        HistoryKind.FORMERLY,
        r"previously assigned under the\s+name \"(?P<what>[^\"]+)\"",
    ),
    _rule(HistoryKind.FORMERLY, r"formerly was (?P<what>[^\n]+)"),
    _rule(HistoryKind.FORMERLY, r"was formerly listed as \"(?P<what>[^\"]+)\""),
    _rule(HistoryKind.FORMERLY, r"\(previous was:\s*(?P<what>[^)]+)\)"),
    _rule(
        HistoryKind.RENAMED,
        rf"historically, this service has been referred to as \"(?P<name>{_NAME})\"",
    ),
    _rule(
        HistoryKind.RENAMED,
        r"iana assigned this well-formed service name as a replacement for \"(?P<name>[^\"]+)\"",
    ),
    _rule(
        HistoryKind.HISTORIC_ALIAS,
        r"this entry is an alias to \"(?P<name>[^\"]+)\"\.?"
        r"(?:\s*this entry is now historic[^.]*\.)?",
    ),
    _rule(
        HistoryKind.PREVIOUSLY_ASSIGNED,
        r"port (?P<port>\d+) previously assigned to application below\s*\n\s*(?P<name>\S+)",
    ),
    _rule(
        HistoryKind.PREVIOUSLY_ASSIGNED,
        r"port (?P<port>\d+) was already\s+previously assigned by iana for\s+\"(?P<what>[^\"]+)\"",
    ),
    _rule(HistoryKind.PREVIOUSLY_ASSIGNED, rf"^unassigned \[was (?P<name>{_NAME})\]"),
    _rule(HistoryKind.RENAMED, rf"\(was (?P<name>{_NAME})\)"),
    _rule(
        HistoryKind.CONFLICT,
        r"possible conflict of port (?P<port>\d+) with \"(?P<name>[^\"]+)\"",
    ),
    _rule(
        HistoryKind.CONFLICT,
        r"potential conflict of ports\s+port (?P<port>\d+) also used by (?P<what>[^\n]+)",
    ),
    _rule(HistoryKind.CONFLICT, r"conflict on (?P<port>\d+)"),
    _rule(
        HistoryKind.UNAUTHORIZED_USE,
        r"(?P<what>\w+) \(unoff?ici?al+y\) (?:is )?using (?:port )?(?P<port>\d+)",
    ),
    _rule(
        HistoryKind.WIDESPREAD_USE,
        rf"this entry records an unassigned but widespread use(?:\s*\(added {_D}\))?",
    ),
    _rule(HistoryKind.CONTACT_CHANGED, rf"new contact added for port (?P<port>\d+) on {_D}"),
    _rule(HistoryKind.CONTACT_CHANGED, r"\(previous contact was\s*\[[^\]]+\]\)"),
    _rule(HistoryKind.MODIFIED, rf"modified: {_D}"),
    _rule(HistoryKind.MODIFIED, rf"this port was previously updated on {_D}"),
    _rule(HistoryKind.MODIFIED, rf"registration updated {_D}"),
    _rule(HistoryKind.NO_LONGER_IN_USE, r"this service name is no longer in use"),
)


@functools.cache
def _rules() -> tuple[tuple[HistoryKind, re.Pattern[str]], ...]:
    # The patterns are lowercase and run on lowercased text: without IGNORECASE, re
    # finds each pattern's literal start by a fast scan, which makes them ten times faster.
    return tuple((kind, re.compile(pattern)) for kind, pattern in _RULE_PATTERNS)


# Port numbers and ranges an unauthorized-use text names ("ports 5151 and 5152",
# "Ports 33436-33534").
_PORT_NUMBERS = r"\b(\d{1,5})(?:\s*-\s*(\d{1,5}))?\b"


# Words without which no form above can match: a cheap first test for each text.
# Descriptions are mostly plain titles, in which only a few forms occur.
_NOTES_HINT = (
    r"(?i)assign|remov|regist|deprecat|decom|releas|retask|moved|recommended|formerly"
    r"|previous|historic|alias|conflict|unoff|widespread|contact|modified|no longer|\bwas\b"
    r"|de-com"
)
_DESCRIPTION_HINT = (
    r"(?i)\bwas\b|decom|de-com|released|previous|regist|remov|deprecat|replacement for"
)


@functools.cache
def _hints() -> tuple[Callable[[str], object], Callable[[str], object]]:
    """The bound search methods of the two hints, compiled once, on first use."""
    return re.compile(_NOTES_HINT).search, re.compile(_DESCRIPTION_HINT).search


def events_of(assignment: Assignment) -> tuple[HistoryEvent, ...]:
    """The history events one row records, in the order its text gives them."""
    events: list[HistoryEvent] = []
    notes_hint, description_hint = _hints()
    if assignment.notes and notes_hint(assignment.notes):
        events += _events_in(assignment, assignment.notes, "notes")
    if assignment.description and description_hint(assignment.description):
        events += _events_in(assignment, assignment.description, "description")
    if assignment.unauthorized_use:
        events.append(_unauthorized_use(assignment, assignment.unauthorized_use))
    return tuple(events)


def _events_in(assignment: Assignment, text: str, field: str) -> Iterator[HistoryEvent]:
    found: list[tuple[int, HistoryEvent]] = []
    remaining = fold(text)
    for kind, pattern in _rules():
        for match in pattern.finditer(remaining):
            found.append((match.start(), _event(assignment, kind, match, text, field)))
            # Blank the span (keeping offsets) so a general rule cannot match it again.
            blank = " " * (match.end() - match.start())
            remaining = remaining[: match.start()] + blank + remaining[match.end() :]
    found.sort(key=lambda item: item[0])
    return (event for _, event in found)


def _event(
    assignment: Assignment, kind: HistoryKind, match: re.Match[str], text: str, field: str
) -> HistoryEvent:
    # The match ran on a lowercased copy; read the groups from the registry's own text.
    groups = {
        name: text[match.start(name) : match.end(name)]
        for name, value in match.groupdict().items()
        if value is not None
    }
    date_text = groups.get("date")
    ports = tuple(int(groups[g]) for g in ("port", "port2") if groups.get(g))
    mentioned = [groups["name"]] if groups.get("name") else []
    if kind is HistoryKind.MOVED:  # from the row's own port to the one the text names
        ports = tuple(dict.fromkeys((*_own_ports(assignment), *ports)))
    return HistoryEvent(
        kind=kind,
        date=parse_loose_date(date_text) if date_text else None,
        ports=ports or _own_ports(assignment),
        names=_names(assignment, mentioned),
        protocol=assignment.protocol,
        text=text[match.start() : match.end()].strip(),
        field=field,
        assignment=assignment,
        subject=" ".join(groups["what"].split()) if groups.get("what") else None,
    )


def _unauthorized_use(assignment: Assignment, text: str) -> HistoryEvent:
    ports: list[int] = []
    for first, last in re.findall(_PORT_NUMBERS, text):
        low, high = int(first), int(last or first)
        if low <= high <= 65535:
            ports += range(low, high + 1)
    return HistoryEvent(
        kind=HistoryKind.UNAUTHORIZED_USE,
        date=None,
        ports=tuple(dict.fromkeys(ports)) or _own_ports(assignment),
        names=_names(assignment, []),
        protocol=assignment.protocol,
        text=text,
        field="unauthorized_use",
        assignment=assignment,
    )


def _own_ports(assignment: Assignment) -> tuple[int, ...]:
    return tuple(assignment.ports)


def _names(assignment: Assignment, mentioned: Iterable[str]) -> tuple[str, ...]:
    names = [assignment.service] if assignment.service else []
    for name in mentioned:
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return tuple(names)


# Releases whose wording fits more than one name: ports 832 and 833 are both released
# from "NETCONF over SOAP", which is neither name's description. The registry listed
# 832 as netconfsoaphttp and 833 as netconfsoapbeep (RFC 4743) until RFC 9900.
_RELEASED_FROM = {
    ("netconf over soap", 832): "netconfsoaphttp",
    ("netconf over soap", 833): "netconfsoapbeep",
}


def history_by_name(rows: Iterable[Assignment]) -> dict[str, tuple[HistoryEvent, ...]]:
    """Every row's events, filed under each name they involve (lowercase), registry order.

    A release that names the former use by its description ("Previously assigned to
    NETCONF over BEEP") is filed under the one name registered with that description
    too (``netconf-beep``), and that name is added to the event's ``names``; where the
    words fit more than one name, under the name that held the released port.
    """
    rows = tuple(rows)
    events = [e for row in rows for e in events_of(row)]
    by_description: dict[str, set[str]] = {}
    named: dict[str, str] = {}
    if any(e.kind is HistoryKind.RELEASED and e.subject for e in events):
        for row in rows:
            if row.service and row.description:
                by_description.setdefault(row.description.lower(), set()).add(row.service)
            if row.service:
                named.setdefault(row.service.lower(), row.service)
    by_name: dict[str, list[HistoryEvent]] = {}
    for event in events:
        if event.kind is HistoryKind.RELEASED and event.subject:
            owners = by_description.get(event.subject.lower(), set())
            if len(owners) != 1:
                owners = {
                    named[owner]
                    for port in event.ports
                    if (owner := _RELEASED_FROM.get((event.subject.lower(), port))) in named
                }
            if len(owners) == 1:
                event = attrs.evolve(event, names=_merged(event.names, owners))
        for name in event.names:
            by_name.setdefault(name.lower(), []).append(event)
    return {name: tuple(found) for name, found in by_name.items()}


def _merged(names: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    known = {n.lower() for n in names}
    return names + tuple(n for n in more if n.lower() not in known)


# -- the plain form the packaged image stores -------------------------------------------


def history_to_plain(
    by_name: Mapping[str, tuple[HistoryEvent, ...]], position_of: Mapping[int, int]
) -> dict[str, Any]:
    """``by_name`` as JSON-ready data: each event once, its row by position.

    ``position_of`` maps ``id(row)`` to the row's position in the registry.
    """
    events: list[list[Any]] = []
    numbers: dict[int, int] = {}
    filed: dict[str, list[int]] = {}
    for name, found in by_name.items():
        for event in found:
            number = numbers.get(id(event))
            if number is None:
                number = numbers[id(event)] = len(events)
                events.append(
                    [
                        position_of[id(event.assignment)],
                        event.kind.value,
                        str(event.date) if event.date else None,
                        list(event.ports),
                        list(event.names),
                        event.protocol.value if event.protocol else None,
                        event.text,
                        event.field,
                        event.subject,
                    ]
                )
            filed.setdefault(name, []).append(number)
    return {"events": events, "by_name": filed}


class StoredHistory(Mapping[str, tuple[HistoryEvent, ...]]):
    """History events by name, read from their plain form (:func:`history_to_plain`)
    one name at a time: asking about one name builds that name's events only."""

    def __init__(self, plain: Mapping[str, Any], row_at: Callable[[int], Assignment]) -> None:
        events, by_name = plain.get("events"), plain.get("by_name")
        if not isinstance(events, Sequence) or not isinstance(by_name, dict):
            raise DataError("the history events are damaged (not an event list and index)")
        self._events: Sequence[Any] = events
        self._by_name: dict[str, list[int]] = by_name
        self._row_at = row_at
        self._built: dict[int, HistoryEvent] = {}

    def __getitem__(self, name: str) -> tuple[HistoryEvent, ...]:
        return tuple(self._event(number) for number in self._by_name[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def _event(self, number: int) -> HistoryEvent:
        event = self._built.get(number)
        if event is None:
            try:
                position, kind, date, ports, names, protocol, text, field, subject = self._events[
                    number
                ]
                event = HistoryEvent(
                    kind=HistoryKind(kind),
                    date=RegistryDate.parse(date) if date else None,
                    ports=tuple(int(p) for p in ports),
                    names=tuple(str(n) for n in names),
                    protocol=Protocol(protocol) if protocol else None,
                    text=str(text),
                    field=str(field),
                    assignment=self._row_at(int(position)),
                    subject=None if subject is None else str(subject),
                )
            except (ValueError, TypeError, IndexError) as exc:
                raise DataError(f"history event {number} is damaged ({exc!r})") from None
            event = self._built.setdefault(number, event)
        return event
