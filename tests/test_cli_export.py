"""``portreg export``: /etc/services, IANA's CSV columns and JSON, checked against IANA's XML.

The XML is read here with ElementTree directly, not through portreg's parser, so the
comparison is independent of the code under test. Tests that need it skip without it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache

import pytest

import portreg
from tests.cli_helpers import IANA_NS, IANA_XML, assignment_from_json, run_portreg

needs_xml = pytest.mark.skipif(not IANA_XML.exists(), reason="IANA's XML is not here")

# services(5): name port/protocol [aliases ...] [# comment]
SERVICES_LINE = re.compile(
    r"(?P<name>[^\s#]+)\s+(?P<port>\d+)/(?P<protocol>tcp|udp|sctp|dccp)"
    r"(?P<aliases>(?:\s+[^\s#]+)*)\s*(?:#\s*(?P<comment>.*))?"
)
IANA_COLUMNS = [
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
]
RECORDS = 14533  # /work/shared/iana/README.md


@cache
def _export(format: str) -> str:
    result = run_portreg("export", "--format", format, check_stderr_empty=True)
    assert result.returncode == 0
    return result.stdout


@cache
def _xml_records() -> tuple[ET.Element, ...]:
    return tuple(ET.parse(IANA_XML).getroot().iter(f"{IANA_NS}record"))


def _services_entries() -> list[tuple[str, int, str, tuple[str, ...]]]:
    entries = []
    for line in _export("services").splitlines():
        if line.startswith("#"):
            continue
        match = SERVICES_LINE.fullmatch(line)
        assert match, f"not a services(5) line: {line!r}"
        aliases = tuple(match["aliases"].split())
        entries.append((match["name"], int(match["port"]), match["protocol"], aliases))
    return entries


def test_every_services_line_parses_and_ports_come_in_order() -> None:
    entries = _services_entries()
    assert len(entries) > 10000
    ports = [port for _, port, _, _ in entries]
    assert ports == sorted(ports)
    assert _export("services").startswith("# ")
    assert "2026-08-17" in _export("services").splitlines()[1]


def test_the_default_export_is_services() -> None:
    result = run_portreg("export", check_stderr_empty=True)
    assert result.stdout == _export("services")


@needs_xml
@pytest.mark.parametrize("port", [22, 80, 443])
def test_services_for_well_known_ports_match_what_iana_registers(port: int) -> None:
    registered = {
        (
            (record.findtext(f"{IANA_NS}name") or "").strip(),
            (record.findtext(f"{IANA_NS}protocol") or "").strip(),
        )
        for record in _xml_records()
        if (record.findtext(f"{IANA_NS}number") or "").strip() == str(port)
        and (record.findtext(f"{IANA_NS}name") or "").strip()
    }
    names_on_lines = {
        (name, protocol)
        for name, number, protocol, aliases in _services_entries()
        if number == port
        for name in (name, *aliases)
    }
    assert registered  # the XML does register these
    assert names_on_lines == registered


@needs_xml
def test_every_services_name_is_registered_by_iana_on_that_port() -> None:
    registered: set[tuple[str, int, str]] = set()
    for record in _xml_records():
        name = (record.findtext(f"{IANA_NS}name") or "").strip()
        number = (record.findtext(f"{IANA_NS}number") or "").strip()
        if not name or not number:
            continue
        first, _, last = number.partition("-")
        protocol = (record.findtext(f"{IANA_NS}protocol") or "").strip()
        for port in range(int(first), int(last or first) + 1):
            for transport in [protocol] if protocol else ["tcp", "udp", "sctp", "dccp"]:
                registered.add((name, port, transport))
    for name, port, protocol, aliases in _services_entries():
        for each in (name, *aliases):
            assert (each, port, protocol) in registered


def _span(number: str) -> tuple[str, str]:
    first, _, last = number.partition("-")
    return first, last or first


def _csv_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(_export("csv"))))


def test_csv_has_ianas_columns_and_a_row_per_record() -> None:
    rows = _csv_rows()
    assert rows[0] == IANA_COLUMNS
    assert len(rows) - 1 == RECORDS
    assert all(len(row) == len(IANA_COLUMNS) for row in rows)


@needs_xml
def test_csv_round_trips_the_xml_record_by_record() -> None:
    def text(record: ET.Element, tag: str) -> str:
        return (record.findtext(f"{IANA_NS}{tag}") or "").strip()

    def description(record: ET.Element) -> str:
        # The whole description: 184 go on after a <br/> (a line break; the newline
        # after it in the file is layout), and one ends in an RFC <xref>, written [RFC...].
        element = record.find(f"{IANA_NS}description")
        if element is None:
            return ""
        parts = [element.text or ""]
        for child in element:
            if child.tag == f"{IANA_NS}br":
                parts.append("\n" + (child.tail or "").removeprefix("\n"))
            else:
                data = child.get("data") or ""
                if child.get("type") == "rfc":
                    data = "RFC" + data.removeprefix("rfc")
                parts.append(f"[{data}]" + (child.tail or ""))
        return "".join(parts).strip()

    rows = _csv_rows()[1:]
    records = _xml_records()
    assert len(rows) == len(records)
    for row, record in zip(rows, records):
        assert row[0] == text(record, "name")
        # The registry spells one port as a range once (4748-4748); the ports are the same.
        assert _span(row[1]) == _span(text(record, "number"))
        assert row[2] == text(record, "protocol")
        assert row[3] == description(record)
        assignees = [x.get("data") for a in record.findall(f"{IANA_NS}assignee") for x in a]
        contacts = [
            x.get("data") for x in record.findall(f"{IANA_NS}xref") if x.get("type") == "person"
        ]
        assert re.findall(r"\[([^\]]+)\]", row[4]) == assignees
        assert re.findall(r"\[([^\]]+)\]", row[5]) == contacts
        assert row[6] == (record.get("date") or "")
        assert row[7] == (record.get("updated") or "")
        rfcs = [
            x.get("data", "").upper()
            for x in record.findall(f"{IANA_NS}xref")
            if x.get("type") == "rfc"
        ]
        assert list(re.findall(r"\[(RFC\d+)", row[8])) == rfcs
        assert row[9] == text(record, "sc")


def test_json_export_carries_every_row() -> None:
    document = json.loads(_export("json"))
    assert document["schema_version"] == 1
    assert document["kind"] == "export"
    assert document["registry_date"] == "2026-08-17"
    rows = [assignment_from_json(a) for a in document["assignments"]]
    assert len(rows) == RECORDS
    assert rows == list(portreg.registry())


@pytest.mark.parametrize("format", ["services", "csv", "json"])
def test_an_export_cut_short_by_its_reader_ends_quietly(format: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "portreg", "export", "--format", format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read()
    status = process.wait(timeout=60)
    process.stderr.close()
    assert stderr == b""
    # Quietly: stopped as SIGPIPE stops a program, or finished before it noticed.
    sigpipe = getattr(signal, "SIGPIPE", 13)
    assert status in (0, 128 + sigpipe, -sigpipe)


def test_duplicate_names_go_on_their_names_line_as_aliases() -> None:
    # 80/tcp: the registry notes www and www-http as duplicates of http.
    lines = {
        (name, port, protocol): aliases for name, port, protocol, aliases in _services_entries()
    }
    assert lines[("http", 80, "tcp")] == ("www", "www-http")
    assert ("www", 80, "tcp") not in lines
    assert lines[("ssh", 22, "tcp")] == ()
