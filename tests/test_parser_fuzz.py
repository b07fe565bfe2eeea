"""Fuzzing the parsers: mutations of a small real registry give a sound registry or a DataError.

Each example takes a hand-written fixture (from IANA's own records) and mutates it:
bytes deleted, inserted, replaced or duplicated, values swapped for nasty ones, the
file cut short. Whatever comes out, parsing must raise nothing but a
:class:`~portreg.PortregError`, and a registry it returns must keep the core's
invariants.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portreg import PortregError, Protocol, Registry, Status
from portreg.records.wording import status_of_row
from portreg.sources.files import parse_registry
from tests.iana_files import SMALL_CSV, SMALL_XML

XML = SMALL_XML.read_bytes()
CSV = SMALL_CSV.read_bytes()

#: Values a hostile or broken file might hold where the registry has a port, a
#: protocol, a date, a name or markup.
NASTY = [
    b"", b" ", b"70000", b"12-3", b"-1", b"1-", b"65535", b"0-65535", b"\xd9\xa3", b"tcpx",
    b"TCP", b"2025-13", b"2025-02-30", b"2025-1", b"<", b">", b"&", b"&amp;", b"&#0;",
    b"&xxe;", b"]]>", b"<![CDATA[x]]>", b"<!--", b"-->", b"<br/>", b"</record>", b"<record>",
    b"<number>", b"</registry>", b'"', b",", b'""', b"\r", b"\n", b"[", b"]", b"[]", b"\x00",
    b"\xff", b"\xef\xbb\xbf", b"<!DOCTYPE x>", b"<?xml version='1.0'?>", b"x" * 300,
]  # fmt: skip

#: Spots worth hitting: where values and markup sit in the fixtures.
ANCHORS = [
    b"80", b"tcp", b"udp", b"2025-07-15", b"2003-11", b"6000-6063", b"<number>", b"</record>",
    b"<name>", b"<description>", b"[RFC", b"][", b",,", b'"', b"\n", b"updated", b"<xref",
    b"data=", b"<people>", b"Service Name", b"Port Number",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["replace-value", "insert", "delete", "flip", "dup", "cut"]))
        if not data:
            break
        if kind == "replace-value":
            anchor = draw(st.sampled_from(ANCHORS))
            spots = [i for i in range(len(data)) if data.startswith(anchor, i)]
            if spots:
                at = draw(st.sampled_from(spots))
                data[at : at + len(anchor)] = draw(st.sampled_from(NASTY) | st.binary(max_size=8))
            continue
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=40))]
        elif kind == "flip":
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "dup":
            end = at + draw(st.integers(min_value=1, max_value=200))
            data[end:end] = data[at:end]
        else:
            del data[at:]
    return bytes(data)


def _check_sound(data: bytes) -> None:
    try:
        parsed = parse_registry(data, "fuzzed")
    except PortregError:
        return
    loaded: Registry = Registry.from_parsed(parsed, "fuzzed")
    rows = list(loaded)
    assert len(rows) == len(loaded) == len(parsed.assignments) > 0
    for row in rows:
        assert (row.first is None) == (row.last is None)
        if row.first is not None and row.last is not None:
            assert 0 <= row.first <= row.last <= 65535
        assert row.protocol is None or isinstance(row.protocol, Protocol)
        assert row.service is None or (row.service and row.service == row.service.strip())
        assert row.service is not None or row.first is not None
        assert row.status is status_of_row(row.service, row.description)
        assert isinstance(row.status, Status)
        if row.first is not None and row.last is not None:
            assert row in loaded.lookup(row.first).assignments
            assert row in loaded.lookup(row.last).assignments
    for port in (0, 2, 79, 80, 300, 6010, 65535):
        info = loaded.lookup(port)
        assert all(a.covers(port) for a in info.assignments)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(XML))
def test_mutated_xml_gives_a_sound_registry_or_a_data_error(data: bytes) -> None:
    _check_sound(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(CSV))
def test_mutated_csv_gives_a_sound_registry_or_a_data_error(data: bytes) -> None:
    _check_sound(data)


@settings(max_examples=100)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_registry_or_a_data_error(data: bytes) -> None:
    _check_sound(data)
