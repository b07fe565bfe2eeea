"""The tables every registry answers from: shipped in the image, or computed from rows.

The packaged image carries tables the generator computed; any other registry
computes them from its rows with the same code. They must agree with each other,
with a registry read from IANA's own XML, and with the rules port by port.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import DataError, PortInfo, Protocol, Registry, Status, lookup, registry
from portreg import _data as packaged
from portreg.lookups.indexes import Shipped
from portreg.lookups.tables import build_history, build_names, build_port_tables
from portreg.records.naming import described_row, preferred_name
from portreg.records.ranges import range_class_of
from portreg.records.statuses import STATUS_PRECEDENCE, status_on
from portreg.sources.image import Image, ImageError, encode_image
from portreg.sources.package_data import read_package_data
from portreg.sources.snapshot import decode
from portreg.sources.tables import KEYS, STATUS_CODES, PortTables, Runs

PACKAGED = registry()
ROWS = list(PACKAGED)


def _shipped() -> object:
    derived = PACKAGED._derived()
    assert derived._shipped is not None  # the packaged registry reads its image
    return derived


def test_the_shipped_port_tables_are_the_ones_its_rows_give() -> None:
    _shipped()
    index = PACKAGED._index
    computed = build_port_tables(ROWS, index.rows_at, index.stretch_at)
    assert computed == PACKAGED._derived().port_tables()


def test_the_shipped_name_table_and_history_are_the_ones_its_rows_give() -> None:
    derived = PACKAGED._derived()
    assert derived._shipped is not None
    assert build_names(ROWS) == derived._shipped.name_table()
    assert build_history(ROWS) == derived.history()


@pytest.mark.parametrize("key", KEYS)
def test_every_port_answers_as_the_rules_say(key: Protocol | None) -> None:
    """Status and name to use, port by port, from the rules over the covering rows."""
    index = PACKAGED._index
    statuses = PACKAGED._derived().port_tables().status[KEYS.index(key)]
    names = PACKAGED.port_names(key)
    for port in range(65536):
        rows = [ROWS[p] for p in index.rows_at(port)]
        range_class = range_class_of(port)
        if key is None:
            expected = min(
                (status_on(rows, range_class, p) for p in Protocol),
                key=STATUS_PRECEDENCE.index,
            )
        else:
            expected = status_on(rows, range_class, key)
        assert STATUS_CODES[statuses[port]] is expected, port
        assert names[port] == preferred_name(rows, port, key), port


@pytest.mark.parametrize("key", KEYS)
def test_every_port_is_described_as_the_rule_says(key: Protocol | None) -> None:
    """The description of each port, and whether a range row speaks for it, from the
    rules over the covering rows; the tables hold codes into sorted descriptions."""
    index = PACKAGED._index
    tables = PACKAGED._derived().port_tables()
    k = KEYS.index(key)
    codes, in_range = tables.description[k], tables.in_range[k]
    for port in range(65536):
        positions = index.rows_at(port)
        rows = [ROWS[p] for p in positions]
        status = STATUS_CODES[tables.status[k][port]]  # checked against the rules above
        found = described_row(rows, port, key, status)
        expected = None if found is None else rows[found].description or None
        code = codes[port]
        assert (None if code == -1 else tables.descriptions[code]) == expected, port
        assert in_range[port] == any(r.is_range for r in rows if r.covers(port, key)), port


def test_the_categories_are_every_distinct_text_of_the_rows_sorted() -> None:
    tables = PACKAGED._derived().port_tables()
    assert tables.services == tuple(sorted({r.service for r in ROWS if r.service}))
    assert tables.descriptions == tuple(sorted({r.description for r in ROWS if r.description}))


def test_a_registry_from_the_same_rows_answers_identically() -> None:
    """A registry built from rows (as a user's file is) answers from computed tables."""
    mine = Registry(list(ROWS), PACKAGED.provenance)
    for key in KEYS:
        assert mine.port_names(key) == PACKAGED.port_names(key)
        assert mine.unassigned(protocol=key) == PACKAGED.unassigned(protocol=key)
    assert mine._derived().port_tables() == PACKAGED._derived().port_tables()


def test_the_registry_read_from_ianas_xml_answers_as_the_packaged_one(shared_xml: Path) -> None:
    theirs = Registry.from_file(shared_xml)
    assert theirs._derived_indexes is None or theirs._derived_indexes._shipped is None
    for key in KEYS:
        assert theirs.port_names(key) == PACKAGED.port_names(key), key
        assert theirs.unassigned(protocol=key) == PACKAGED.unassigned(protocol=key), key
        for port in range(0, 65536, 7):
            assert theirs.status_at(port, key) is PACKAGED.status_at(port, key), (key, port)
    for name in PACKAGED.service_names():
        assert theirs.service(name) == PACKAGED.service(name), name
    assert theirs.search("backup") == PACKAGED.search("backup")


@settings(max_examples=300)
@given(st.integers(0, 65535), st.sampled_from(KEYS))
def test_answers_from_the_tables_equal_answers_built_by_hand(
    port: int, key: Protocol | None
) -> None:
    """A PortInfo asks its registry's tables; one built by hand applies the rules."""
    asked = lookup(port, key)
    by_hand = PortInfo(port, asked.range_class, asked.assignments, key)
    assert asked.status() is by_hand.status()
    assert asked.preferred_name() == by_hand.preferred_name()
    assert asked.statuses == by_hand.statuses
    assert asked.is_assigned == by_hand.is_assigned


@settings(max_examples=200)
@given(st.integers(0, 65535), st.sampled_from([*Protocol]), st.sampled_from(["lower", "upper"]))
def test_every_form_of_a_question_gets_the_same_answer(
    port: int, protocol: Protocol, case: str
) -> None:
    name = protocol.value if case == "lower" else protocol.value.upper()
    expected = lookup(port, protocol)
    assert lookup(port, name) == expected
    assert lookup(f"{port}/{name}") == expected
    assert lookup(str(port), protocol) == expected
    assert lookup(f"{port}/{name}") is lookup(f"{port}/{name}")  # kept once answered


def test_status_and_name_of_a_few_ports_are_the_registrys() -> None:
    assert PACKAGED.status_at(305) is Status.UNASSIGNED
    assert PACKAGED.status_at(300, Protocol.UDP) is Status.RESERVED
    assert PACKAGED.status_at(300) is Status.ASSIGNED
    assert PACKAGED.name_at(80, Protocol.TCP) == "http"
    assert PACKAGED.name_at(2049) == "nfs"
    assert PACKAGED.name_at(50000) is None


# -- the tables' image sections ---------------------------------------------------------


def _sections() -> dict[str, bytes]:
    return PACKAGED._derived().port_tables().to_sections()


def _read(sections: dict[str, bytes], *, verify: bool = True) -> PortTables:
    """The tables read back; an image read without checking its sections' CRC-32s is
    not the generator's, so its entries are checked instead."""
    tables = PACKAGED._derived().port_tables()
    image = Image(encode_image({}, sections), verify=verify)
    return PortTables.from_image(image, tables.services, tables.descriptions)


def _with_code(name: str, code: int) -> dict[str, bytes]:
    """The sections with the first entry of ``name`` (a table of codes) replaced."""
    return _replaced(name, array("h", [code]).tobytes() + _sections()[name][2:])


def test_the_port_tables_read_back_from_their_sections() -> None:
    assert _read(_sections()) == PACKAGED._derived().port_tables()


def test_the_port_tables_are_stored_port_by_port() -> None:
    """A port's entries on every key side by side, where they mostly repeat."""
    tables = PACKAGED._derived().port_tables()
    stored = _sections()["ports.status"]
    for port in (0, 80, 305, 6000, 49152, 65535):
        place = port * len(KEYS)
        assert stored[place : place + len(KEYS)] == bytes(t[port] for t in tables.status)
    codes = array("h", _sections()["ports.service"])
    assert list(codes[80 * len(KEYS) : 81 * len(KEYS)]) == [t[80] for t in tables.service]


def _replaced(name: str, body: bytes) -> dict[str, bytes]:
    return {**_sections(), name: body}


def _dropped(name: str) -> dict[str, bytes]:
    return {k: v for k, v in _sections().items() if k != name}


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        (lambda: _replaced("ports.description", _sections()["ports.description"][:-2]),
         "one entry per key and port"),
        (lambda: _replaced("ports.description", _sections()["ports.description"][:-3]),
         "whole number"),
        (lambda: _dropped("ports.description"), "no section 'ports.description'"),
        (lambda: _replaced("ports.in_range", _sections()["ports.in_range"][:-1]),
         "one entry per key and port"),
        (lambda: _replaced("ports.in_range", b"\2" + _sections()["ports.in_range"][1:]),
         "range flag"),
        (lambda: _replaced("ports.status", b"\7" + _sections()["ports.status"][1:]),
         "unknown status"),
        (lambda: _with_code("ports.service", 0x7FFF), "codes past their"),
        (lambda: _with_code("ports.description", -2), "codes past their"),
    ],
)  # fmt: skip
def test_port_tables_that_do_not_fit_are_refused(
    sections: Callable[[], dict[str, bytes]], message: str
) -> None:
    with pytest.raises(ImageError, match=message):
        _read(sections(), verify=False)


def test_a_short_description_table_in_the_package_is_damage_to_reinstall() -> None:
    data = read_package_data(packaged.SNAPSHOT_NAME)
    entry = re.compile(rb"section\tports\.description\t(\d+)\t(\d+)\t(\d+)\n")
    found = entry.search(data)
    assert found is not None
    short = b"section\tports.description\t%s\t%d\t%s\n" % (
        found[1],
        int(found[2]) - 2,
        found[3],
    )
    snapshot = decode(entry.sub(short, data, 1), expected_checksum=None, source="t")
    with pytest.raises(DataError, match=r"t: the port tables are damaged .*one entry per key"):
        Shipped(snapshot, "t").port_tables()


def test_the_tables_are_read_only_and_equal_by_value() -> None:
    runs = Runs(array("H", [1]), array("H", [5]), b"\x01")
    assert runs == Runs(array("H", [1]), array("H", [5]), b"\x01")
    assert runs != Runs(array("H", [1]), array("H", [6]), b"\x01")
    with pytest.raises(AttributeError, match="read-only"):
        runs.lasts = array("H", [9])
    with pytest.raises(TypeError):
        hash(runs)
