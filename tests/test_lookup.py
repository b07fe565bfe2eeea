"""lookup() and neighbours() against the registry's own facts, and their invariants."""

from __future__ import annotations

import datetime
import gc

import attrs
import pytest
from hypothesis import given

from portreg import (
    REGISTRY_DATE,
    PortInfo,
    Protocol,
    RangeClass,
    Registry,
    Status,
    lookup,
    neighbours,
    registry,
)
from portreg.lookups.registry import ANSWERS_KEPT
from tests.strategies import optional_protocols, ports, protocols, radii

# -- the registry's facts around the port that started the project --------------------


def test_305_is_a_system_port_unassigned_on_every_transport() -> None:
    info = lookup(305)
    assert info.port == 305
    assert info.range_class is RangeClass.SYSTEM
    assert info.statuses == dict.fromkeys(Protocol, Status.UNASSIGNED)
    assert not info.is_assigned
    assert info.services == ()
    [row] = info.assignments
    assert (row.first, row.last, row.protocol) == (301, 307, None)
    assert row.description == "Unassigned"
    assert row.status is Status.UNASSIGNED


def test_the_neighbours_of_305_are_300_to_310_as_the_registry_has_them() -> None:
    around = neighbours(305)
    assert [n.port for n in around] == list(range(300, 311))
    by_port = {n.port: n for n in around}
    assert by_port[300].status("tcp") is Status.ASSIGNED
    assert by_port[300].on("tcp")[0].service == "tacacss"
    assert by_port[300].status("udp") is Status.RESERVED
    for port in range(301, 308):
        assert by_port[port].status() is Status.UNASSIGNED
    assert by_port[308].services == ("novastorbakcup",)
    assert by_port[309].services == ("entrusttime",)
    assert by_port[310].services == ("bhmds",)
    for port in (308, 309, 310):
        assert by_port[port].status("tcp") is Status.ASSIGNED
        assert by_port[port].status("udp") is Status.ASSIGNED


def test_tacacss_registration_date_is_kept_with_its_precision() -> None:
    [tacacss] = [a for a in lookup(300).assignments if a.service == "tacacss"]
    assert tacacss.registered is not None
    assert tacacss.registered.value == datetime.date(2025, 7, 15)
    assert str(tacacss.registered) == "2025-07-15"
    assert tacacss.protocol is Protocol.TCP


def test_80_tcp_carries_http_www_and_www_http_in_registry_order() -> None:
    assert lookup("80/tcp").services == ("http", "www", "www-http")
    assert lookup(80, Protocol.TCP) == lookup("80/tcp")


def test_143_is_imap_on_tcp_and_reserved_on_udp() -> None:
    assert lookup(143, "tcp").services == ("imap",)
    assert lookup(143, "udp").status() is Status.RESERVED
    assert lookup(143).status("udp") is Status.RESERVED
    assert lookup(143).status("tcp") is Status.ASSIGNED


def test_2_is_reserved_noting_it_was_compressnet_until_2025_02_13() -> None:
    info = lookup(2)
    assert info.status("tcp") is Status.RESERVED
    assert info.status("udp") is Status.RESERVED
    notes = [a.notes for a in info.assignments]
    assert notes
    for note in notes:
        assert note is not None
        assert "2025-02-13" in note
        assert "compressnet" in note


def test_range_rows_cover_every_port_of_their_range() -> None:
    for port in (6000, 6010, 6063):
        info = lookup(port)
        assert info.services == ("x11",)
        assert {(a.first, a.last) for a in info.assignments} == {(6000, 6063)}
        assert {a.protocol for a in info.assignments} == {Protocol.TCP, Protocol.UDP}
    assert "x11" not in lookup(6064).services
    assert "x11" not in lookup(5999).services


def test_dynamic_ports_are_answered_and_say_why() -> None:
    info = lookup(50000)
    assert info.range_class is RangeClass.DYNAMIC
    assert info.assignments == ()
    assert info.statuses == dict.fromkeys(Protocol, Status.DYNAMIC)
    assert "never assigned by IANA" in info.summary


def test_a_named_row_with_an_empty_description_is_an_assignment() -> None:
    [ident] = [a for a in lookup(113, "tcp").assignments if a.service == "ident"]
    assert ident.description == ""
    assert ident.status is Status.ASSIGNED


def test_the_registry_date_is_the_snapshots() -> None:
    assert datetime.date(2026, 8, 17) == REGISTRY_DATE
    assert registry().provenance.registry_updated == REGISTRY_DATE
    assert registry().provenance.packaged
    assert len(registry()) == 14533


# -- invariants ----------------------------------------------------------------------


def test_every_port_is_answered_in_one_range_class_with_a_status_on_every_protocol() -> None:
    counts = dict.fromkeys(RangeClass, 0)
    for port in range(65536):
        info = lookup(port)
        assert info.port == port
        assert port in info.range_class
        counts[info.range_class] += 1
        statuses = info.statuses
        assert set(statuses) == set(Protocol)
        for protocol, status in statuses.items():
            assert isinstance(status, Status)
            assert (status is Status.DYNAMIC) == (port >= 49152)
            assert lookup(port, protocol).status() is status
        for row in info.assignments:
            assert row.covers(port)
    assert counts == {RangeClass.SYSTEM: 1024, RangeClass.USER: 48128, RangeClass.DYNAMIC: 16384}


def test_every_row_with_a_port_is_found_at_each_of_its_ports() -> None:
    rows_by_port: dict[int, list[int]] = {}
    everything = list(registry())
    for position, row in enumerate(everything):
        for port in row.ports:
            rows_by_port.setdefault(port, []).append(position)
    for port in range(65536):
        expected = [everything[i] for i in rows_by_port.get(port, [])]
        assert list(lookup(port).assignments) == expected


@given(ports, protocols)
def test_lookup_with_a_protocol_agrees_with_lookup_then_status(
    port: int, protocol: Protocol
) -> None:
    narrowed = lookup(port, protocol)
    assert narrowed.status() is lookup(port).status(protocol)
    assert narrowed.protocol is protocol
    assert narrowed.assignments == lookup(port).on(protocol)
    assert all(a.protocol in (None, protocol) for a in narrowed.assignments)


@given(ports, radii, optional_protocols)
def test_neighbours_are_ordered_contiguous_clipped_and_contain_the_port(
    port: int, radius: int, protocol: Protocol | None
) -> None:
    around = neighbours(port, radius, protocol)
    numbers = [n.port for n in around]
    assert numbers == list(range(max(0, port - radius), min(65535, port + radius) + 1))
    assert port in numbers
    assert all(n == lookup(n.port, protocol) for n in around)


def test_neighbours_with_radius_zero_is_the_port_alone() -> None:
    assert neighbours(305, 0) == (lookup(305),)


@given(ports, optional_protocols)
def test_answers_are_immutable_hashable_and_equal_when_built_from_equal_data(
    port: int, protocol: Protocol | None
) -> None:
    info = lookup(port, protocol)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        info.port = 1  # type: ignore[misc]
    rebuilt = PortInfo(info.port, info.range_class, tuple(info.assignments), info.protocol)
    assert rebuilt == info
    assert hash(rebuilt) == hash(info)
    assert len({info, rebuilt}) == 1


def test_a_narrowed_answer_refuses_questions_about_another_protocol() -> None:
    from portreg import InvalidProtocolError

    with pytest.raises(InvalidProtocolError, match="about tcp only"):
        lookup(80, "tcp").status("udp")


def test_the_overall_status_is_the_most_committal_over_transports() -> None:
    assert lookup(300).status() is Status.ASSIGNED  # tcp assigned, udp reserved
    assert lookup(2).status() is Status.RESERVED
    assert lookup(305).status() is Status.UNASSIGNED


def test_str_tells_the_story_of_the_port() -> None:
    text = str(lookup(305))
    assert "305" in text
    assert "System Ports 0-1023" in text
    assert "301-307" in text


def test_str_gives_every_field_of_every_row() -> None:
    text = str(lookup(300))
    [tacacss] = [a for a in lookup(300).assignments if a.service == "tacacss"]
    for person in (*tacacss.assignees, *tacacss.contacts):
        assert person.display_name in text
    assert str(tacacss.registered) in text
    for reference in tacacss.references:
        assert reference.label in text
    assert "previously compressnet" in str(lookup(2))


# -- what a registry keeps: the latest answers, not one per port ever asked ---------------


def _answers_alive(of: Registry) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is PortInfo and o._registry is of)


def test_a_sweep_of_every_port_keeps_a_bounded_number_of_answers() -> None:
    mine = Registry(tuple(registry()), registry().provenance)
    for port in range(65536):
        mine.lookup(port)
    for port in range(2000):
        mine.lookup(port, "tcp")
        mine.lookup(f"{port}/udp")
    # By number, and on each transport and by text, each its own bound.
    assert _answers_alive(mine) <= 3 * ANSWERS_KEPT


def test_the_latest_answers_are_kept_and_the_oldest_answered_again_equal() -> None:
    mine = Registry(tuple(registry()), registry().provenance)
    first = mine.lookup(7)
    assert mine.lookup(7) is first
    for port in range(1000, 1000 + ANSWERS_KEPT):
        mine.lookup(port)
    latest = mine.lookup(1000 + ANSWERS_KEPT - 1)
    assert mine.lookup(1000 + ANSWERS_KEPT - 1) is latest
    again = mine.lookup(7)
    assert again == first
    assert again is not first  # forgotten, then answered anew
    text = mine.lookup("7/tcp")
    for port in range(1000, 1000 + ANSWERS_KEPT):
        mine.lookup(f"{port}/tcp")
    assert mine.lookup("7/tcp") == text
