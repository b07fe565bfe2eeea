"""The registry's history: events read from the recurring forms of its notes."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portreg import REGISTRY_DATE, HistoryEvent, HistoryKind, Protocol, registry, service
from portreg.answers.history import events_of, parse_loose_date
from portreg.records.assignment import RegistryDate
from portreg.records.vocabulary import DatePrecision

ROWS = tuple(registry())
EVENTS = tuple(e for row in ROWS for e in events_of(row))


def test_compressnet_was_de_assigned_from_2_and_3() -> None:
    history = service("compressnet").history
    assert [(e.kind, e.ports, e.protocol) for e in history] == [
        (HistoryKind.DEASSIGNED, (2,), Protocol.TCP),
        (HistoryKind.DEASSIGNED, (2,), Protocol.UDP),
        (HistoryKind.DEASSIGNED, (3,), Protocol.TCP),
        (HistoryKind.DEASSIGNED, (3,), Protocol.UDP),
    ]
    assert all(e.date == RegistryDate(datetime.date(2025, 2, 13)) for e in history)
    assert all(e.assignment.service is None for e in history)  # the reserved rows
    assert all("previously compressnet" in e.text for e in history)


@pytest.mark.parametrize(
    ("name", "kind", "ports", "date"),
    [
        ("nntps", HistoryKind.RENAMED, (563,), None),
        ("kca-service", HistoryKind.RENAMED, (9878,), None),
        ("whois++", HistoryKind.HISTORIC_ALIAS, (63,), None),
        ("shilp", HistoryKind.CONFLICT, (2049,), None),
        ("masqdialer", HistoryKind.CONFLICT, (222,), None),
        ("tibet-server", HistoryKind.RETASKED, (1407,), "2015-06-16"),
        ("pcp", HistoryKind.MOVED, (44323, 5351), None),
        ("netconf-beep", HistoryKind.RELEASED, (831,), None),
        ("EtherNet-IP-1", HistoryKind.CONTACT_CHANGED, (2222,), "2008-02-01"),
        ("ansysli", HistoryKind.MODIFIED, (2325,), "2008-10-27"),
        ("iad1", HistoryKind.NO_LONGER_IN_USE, (), None),
        ("x11", HistoryKind.UNAUTHORIZED_USE, (6003,), None),
        ("bhoetty", HistoryKind.WIDESPREAD_USE, (351,), "1997-05-21"),
        ("osb-sd", HistoryKind.FORMERLY, (400,), None),
    ],
)
def test_the_recurring_forms(
    name: str, kind: HistoryKind, ports: tuple[int, ...], date: str | None
) -> None:
    found = [e for e in service(name).history if e.kind is kind]
    assert found, service(name).history
    assert found[0].ports == ports
    assert (str(found[0].date) if found[0].date else None) == date


def test_former_names_and_subjects() -> None:
    (netstat,) = [e for e in EVENTS if "netstat" in e.names]
    assert netstat.kind is HistoryKind.PREVIOUSLY_ASSIGNED
    assert netstat.ports == (15,)
    assert netstat.field == "description"
    icq = next(e for e in service("terabase").history if e.kind is HistoryKind.CONFLICT)
    assert icq.subject == "ICQ <www.icq.com>"
    assert icq.ports == (4000,)
    assert service("pcp").former_ports == (44323,)
    assert service("netconf-beep").former_ports == (831,)


def test_every_event_quotes_its_row() -> None:
    assert len(EVENTS) > 400
    for event in EVENTS:
        field_text = getattr(event.assignment, event.field)
        assert event.text
        assert event.text in field_text
        assert event.protocol is event.assignment.protocol
        if event.assignment.service:
            assert event.names[0] == event.assignment.service


def test_every_date_is_plausible_and_written_in_its_text() -> None:
    dated = [e for e in EVENTS if e.date is not None]
    assert len(dated) > 50
    for event in dated:
        assert event.date is not None
        assert datetime.date(1990, 1, 1) <= event.date.value <= REGISTRY_DATE
        year = event.date.value.year
        assert str(year) in event.text or f"/{year % 100:02d}" in event.text


def test_every_name_an_event_involves_lists_it() -> None:
    registered = {row.service.lower() for row in ROWS if row.service}
    for event in EVENTS:
        for name in event.names:
            if name.lower() in registered:
                assert event in service(name).history or any(
                    event.assignment is other.assignment and event.kind is other.kind
                    for other in service(name).history
                )


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2025-02-13", datetime.date(2025, 2, 13), DatePrecision.DAY),
        ("2004-2-6", datetime.date(2004, 2, 6), DatePrecision.DAY),
        ("08 June 2001", datetime.date(2001, 6, 8), DatePrecision.DAY),
        ("June 2004", datetime.date(2004, 6, 1), DatePrecision.MONTH),
        ("21 January 2010", datetime.date(2010, 1, 21), DatePrecision.DAY),
        ("5/21/97", datetime.date(1997, 5, 21), DatePrecision.DAY),
        ("04/14/00", datetime.date(2000, 4, 14), DatePrecision.DAY),
        ("2003-11", datetime.date(2003, 11, 1), DatePrecision.MONTH),
    ],
)
def test_loose_dates(text: str, value: datetime.date, precision: DatePrecision) -> None:
    assert parse_loose_date(text) == RegistryDate(value, precision)


@pytest.mark.parametrize("text", ["13/45/99", "Smarch 2004", "2004-13-01", "soon", ""])
def test_impossible_dates_are_none(text: str) -> None:
    assert parse_loose_date(text) is None


# Each wording, counted straight from the XML, must give an event of its kind.
_WORDINGS = {
    r"de-assigned on": HistoryKind.DEASSIGNED,
    r"removed on|\(removed ": HistoryKind.REMOVED,
    r"retasked": HistoryKind.RETASKED,
    r"conflict (?:on|of)": HistoryKind.CONFLICT,
    r"alias to \"": HistoryKind.HISTORIC_ALIAS,
    r"new contact added|previous contact": HistoryKind.CONTACT_CHANGED,
    r"widespread use": HistoryKind.WIDESPREAD_USE,
    r"no longer in use": HistoryKind.NO_LONGER_IN_USE,
    r"released by": HistoryKind.RELEASED,
    r"unoff?ici?ally": HistoryKind.UNAUTHORIZED_USE,
    r"^modified:|previously updated": HistoryKind.MODIFIED,
}


def test_every_note_wording_in_the_xml_gives_its_event(shared_xml: Path) -> None:
    ns = "{http://www.iana.org/assignments}"
    records = list(ET.parse(shared_xml).getroot().iter(f"{ns}record"))
    assert len(records) == len(ROWS)
    counted = dict.fromkeys(_WORDINGS, 0)
    for position, record in enumerate(records):
        note = record.find(f"{ns}note")
        text = " ".join("".join(note.itertext()).split()).lower() if note is not None else ""
        kinds = {e.kind for e in events_of(ROWS[position])}
        for wording, kind in _WORDINGS.items():
            if re.search(wording, text):
                counted[wording] += 1
                assert kind in kinds, (position, text)
        if record.findtext(f"{ns}unauthorized"):
            assert HistoryKind.UNAUTHORIZED_USE in kinds
    assert all(counted.values()), counted  # every wording occurs: the test has teeth


def test_events_are_frozen_records() -> None:
    event = service("compressnet").history[0]
    assert isinstance(event, HistoryEvent)
    assert hash(event) == hash(service("COMPRESSNET").history[0])
    assert str(event).startswith("de-assigned 2025-02-13 (2/tcp): De-assigned on 2025-02-13")
