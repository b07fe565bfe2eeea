"""The unassigned space: Block, unassigned(), PortInfo.block and the nearest assigned ports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import (
    Block,
    InputTypeError,
    InvalidProtocolError,
    InvalidRangeClassError,
    PortInfo,
    Protocol,
    RangeClass,
    Registry,
    Status,
    lookup,
    registry,
    unassigned,
)
from portreg.records.ranges import range_class_of

PROTOCOLS: tuple[Protocol | None, ...] = (None, *Protocol)
ports = st.integers(min_value=0, max_value=65535)
protocols = st.sampled_from(PROTOCOLS)


def _status(port: int, protocol: Protocol | None) -> Status | None:
    """The port's status as PortInfo gives it, built apart from the registry's caches;
    for every transport at once, the one status they share, or None."""
    info = PortInfo(port, range_class_of(port), registry()._rows_at(port))
    if protocol is not None:
        return info.status(protocol)
    statuses = {info.status(p) for p in Protocol}
    if Status.ASSIGNED in statuses:
        return Status.ASSIGNED
    return statuses.pop() if len(statuses) == 1 else None


# -- the examples -----------------------------------------------------------------


def test_301_to_307_is_one_block() -> None:
    for protocol in (None, Protocol.TCP, Protocol.UDP):
        block = lookup(305, protocol).block
        assert block == Block(301, 307, Status.UNASSIGNED, protocol)
        assert block in unassigned(protocol=protocol)
        assert len(block) == 7
        assert block.ports == range(301, 308)
    assert str(lookup(305).block) == "301-307 unassigned (7 ports, every transport)"
    # sctp and dccp have no rows at 300 or 308: their block runs on.
    for protocol in (Protocol.SCTP, Protocol.DCCP):
        wider = lookup(305, protocol).block
        assert wider is not None
        assert wider.first < 301
        assert wider.last > 307


def test_the_nearest_assigned_ports_of_305_are_300_and_308() -> None:
    info = lookup(305)
    assert (info.nearest_assigned_below, info.nearest_assigned_above) == (300, 308)
    udp = lookup(305, "udp")  # 300 is reserved on udp; 299 and below is a long run
    assert udp.nearest_assigned_above == 308
    assert udp.nearest_assigned_below is not None
    assert udp.nearest_assigned_below < 300


def test_the_dynamic_range_is_one_block() -> None:
    for protocol in PROTOCOLS:
        blocks = unassigned(RangeClass.DYNAMIC, protocol)
        assert blocks == (Block(49152, 65535, Status.DYNAMIC, protocol),)


def test_an_assigned_port_stands_in_no_block() -> None:
    assert lookup(80).block is None
    assert lookup(80, "tcp").block is None
    assert lookup(300, "tcp").block is None
    assert lookup(300, "udp").block == Block(300, 300, Status.RESERVED, Protocol.UDP)


@pytest.mark.parametrize("protocol", list(Protocol))
def test_free_system_ports_counted_from_the_xml(protocol: Protocol, shared_xml: Path) -> None:
    # Counted here straight from the XML: a System port is free on a transport when
    # every record covering it there has no name and an Unassigned wording (or the
    # documented "Possibly used by ..." guess), or when no record covers it.
    ns = "{http://www.iana.org/assignments}"
    covering: dict[int, list[tuple[str, str]]] = {}
    for record in ET.parse(shared_xml).getroot().iter(f"{ns}record"):
        number = (record.findtext(f"{ns}number") or "").strip()
        transport = (record.findtext(f"{ns}protocol") or "").strip()
        if not number or transport not in ("", protocol.value):
            continue
        first, _, last = number.partition("-")
        name = (record.findtext(f"{ns}name") or "").strip()
        wording = (record.findtext(f"{ns}description") or "").strip().lower()
        for port in range(int(first), min(int(last or first), 1023) + 1):
            covering.setdefault(port, []).append((name, wording))
    free = sum(
        1
        for port in range(1024)
        if all(
            not name and wording.startswith(("unassigned", "possibly used"))
            for name, wording in covering.get(port, [])
        )
    )
    counted = sum(len(b) for b in unassigned("system", protocol) if b.status is Status.UNASSIGNED)
    assert counted == free
    assert 250 < counted < 1000  # the registry's System range is mostly taken


# -- the properties over every port ---------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_every_port_is_assigned_or_in_exactly_one_block(protocol: Protocol | None) -> None:
    blocks = unassigned(protocol=protocol)
    owner: dict[int, Block] = {}
    for block in blocks:
        for port in block.ports:
            assert port not in owner, (port, block, owner.get(port))
            owner[port] = block
    for port in range(65536):
        status = _status(port, protocol)
        if status is Status.ASSIGNED or status is None:
            assert port not in owner, (port, protocol)
        else:
            assert owner[port].status is status, (port, protocol)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_blocks_are_sorted_disjoint_and_maximal(protocol: Protocol | None) -> None:
    blocks = unassigned(protocol=protocol)
    assert blocks
    for block in blocks:
        assert block.first <= block.last
        assert block.status is not Status.ASSIGNED
        assert block.protocol is protocol
    for before, after in zip(blocks, blocks[1:]):
        assert before.last < after.first
        # Touching blocks would have merged unless their statuses differ.
        assert before.last + 1 < after.first or before.status is not after.status
    for block in blocks:  # a neighbour of the same status outside would make it longer
        for outside in (block.first - 1, block.last + 1):
            if 0 <= outside <= 65535:
                assert _status(outside, protocol) is not block.status


@pytest.mark.parametrize("range_class", list(RangeClass))
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_range_class_clips_the_blocks(range_class: RangeClass, protocol: Protocol | None) -> None:
    clipped = unassigned(range_class, protocol)
    expected = {
        p
        for b in unassigned(protocol=protocol)
        for p in b.ports
        if range_class.first <= p <= range_class.last
    }
    assert {p for b in clipped for p in b.ports} == expected
    assert all(range_class.first <= b.first <= b.last <= range_class.last for b in clipped)
    assert list(clipped) == sorted(clipped, key=lambda b: b.first)


@settings(max_examples=300, deadline=None)
@given(ports, protocols)
def test_portinfo_block_and_nearest_assigned(port: int, protocol: Protocol | None) -> None:
    info = lookup(port, protocol)
    status = _status(port, protocol)
    if status is Status.ASSIGNED or status is None:
        assert info.block is None
    else:
        assert info.block is not None
        assert port in info.block
        assert info.block.status is status
    below, above = info.nearest_assigned_below, info.nearest_assigned_above
    if below is not None:
        assert below < port
        assert _status(below, protocol) is Status.ASSIGNED
    for between in range(below + 1 if below is not None else 0, port):
        assert _status(between, protocol) is not Status.ASSIGNED
    if above is not None:
        assert above > port
        assert _status(above, protocol) is Status.ASSIGNED
    for between in range(port + 1, above if above is not None else 65536):
        assert _status(between, protocol) is not Status.ASSIGNED


def test_the_edges_have_no_nearest_port_beyond_them() -> None:
    assert lookup(0).nearest_assigned_below is None
    assert lookup(65535).nearest_assigned_above is None
    highest = lookup(65535).nearest_assigned_below  # nothing is assigned above 49151
    assert highest is not None
    assert highest <= RangeClass.USER.last
    assert lookup(highest).is_assigned


# -- records and input ----------------------------------------------------------------------


def test_portinfo_equality_ignores_where_it_came_from() -> None:
    info = lookup(80)
    by_hand = PortInfo(80, RangeClass.SYSTEM, info.assignments)
    assert by_hand == info
    assert hash(by_hand) == hash(info)
    assert "registry" not in repr(info)
    assert by_hand.block is None  # answered from the registry in use
    assert PortInfo(305, RangeClass.SYSTEM, lookup(305).assignments).block == lookup(305).block


def test_block_is_frozen_and_knows_its_range_classes() -> None:
    block = Block(1000, 1100, Status.UNASSIGNED)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        block.first = 3  # type: ignore[misc]
    assert block.range_classes == (RangeClass.SYSTEM, RangeClass.USER)
    assert 1050 in block
    assert 999 not in block
    assert block.port_text == "1000-1100"


@pytest.mark.parametrize("given_class", ["system", "SYSTEM", " System ", RangeClass.SYSTEM])
def test_range_classes_are_accepted_by_name(given_class: RangeClass | str) -> None:
    assert unassigned(given_class) == unassigned(RangeClass.SYSTEM)


def test_bad_range_class_and_protocol_are_refused() -> None:
    with pytest.raises(InvalidRangeClassError, match=r"system, user, dynamic.*'well-known'"):
        unassigned("well-known")
    with pytest.raises(InputTypeError, match="range class"):
        unassigned(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidProtocolError):
        unassigned(protocol="icmp")


def test_preferred_name_refuses_another_transport_than_asked() -> None:
    with pytest.raises(InvalidProtocolError, match="tcp only"):
        lookup(80, "tcp").preferred_name("udp")


def test_answers_pickle_and_copy_without_their_registry() -> None:
    import copy
    import pickle

    info = lookup(305, "tcp")
    for clone in (pickle.loads(pickle.dumps(info)), copy.copy(info), copy.deepcopy(info)):
        assert clone == info
        assert clone.block == info.block
    for record in (unassigned()[0], info.block):
        assert pickle.loads(pickle.dumps(record)) == record


# -- a registry built from rows computes the same tables the image ships ------------------


def _fresh() -> Registry:
    return Registry(list(registry()), registry().provenance)


FRESH = _fresh()


def test_one_ports_block_needs_no_search_or_name_index() -> None:
    fresh = _fresh()
    info = fresh.lookup(305)
    assert info.block == Block(301, 307, Status.UNASSIGNED)
    assert (info.nearest_assigned_below, info.nearest_assigned_above) == (300, 308)
    assert fresh.lookup(60000, "udp").block == Block(49152, 65535, Status.DYNAMIC, Protocol.UDP)
    derived = fresh._derived_indexes
    assert derived is not None
    assert derived._names is None
    assert derived._search is None


def _turning_ports(protocol: Protocol | None) -> list[int]:
    """Ports where blocks turn: the ends of the protocol's blocks and their neighbours."""
    ports = {0, 1, 1023, 1024, 49151, 49152, 65535}
    for block in unassigned(protocol=protocol):
        ports.update({block.first - 1, block.first, block.last, block.last + 1})
    return sorted(p for p in ports if 0 <= p <= 65535)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_computed_and_shipped_tables_agree_where_blocks_turn(protocol: Protocol | None) -> None:
    shipped = registry()
    for port in _turning_ports(protocol):
        for question in ("block_at", "nearest_assigned_below", "nearest_assigned_above"):
            asked = getattr(FRESH, question)(port, protocol)
            assert asked == getattr(shipped, question)(port, protocol), (question, port)


@settings(max_examples=300)
@given(ports, protocols)
def test_computed_and_shipped_answers_agree(port: int, protocol: Protocol | None) -> None:
    shipped = registry()
    assert FRESH.block_at(port, protocol) == shipped.block_at(port, protocol)
    assert FRESH.status_at(port, protocol) == shipped.status_at(port, protocol)
    assert FRESH.name_at(port, protocol) == shipped.name_at(port, protocol)
