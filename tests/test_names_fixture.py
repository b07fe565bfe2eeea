"""Names, blocks, history and search on a small hand-written registry: the edge cases."""

from __future__ import annotations

import pytest

from portreg import (
    Assignment,
    Block,
    HistoryKind,
    MatchKind,
    PortInfo,
    Protocol,
    Provenance,
    Registry,
    Status,
    UnknownServiceError,
)
from portreg.records.ranges import range_class_of

TCP, UDP = Protocol.TCP, Protocol.UDP


def _row(
    service: str | None,
    first: int | None,
    last: int | None = None,
    protocol: Protocol | None = TCP,
    description: str = "",
    notes: str | None = None,
    status: Status | None = None,
) -> Assignment:
    if status is None:
        status = Status.ASSIGNED if service else Status.UNASSIGNED
    return Assignment(
        service=service,
        first=first,
        last=first if last is None and first is not None else last,
        protocol=protocol,
        description=description,
        status=status,
        notes=notes,
    )


ROWS = [
    _row("alpha", 10, description="Alpha service"),
    _row("Alpha_Old", 10, notes='This entry is an alias to "alpha".'),
    _row("loop-a", 11, notes='This entry is an alias to "loop-b".'),
    _row("loop-b", 11, notes='This entry is an alias to "loop-a".'),
    _row("dangling", 12, notes='This entry is an alias to "nowhere".'),
    _row("wide", 20, 29, description="A range"),
    _row("narrow", 25, description="One port inside the range"),
    _row("clash", 30, notes="<== NOTE Conflict on 30 !"),
    _row("calm", 30),
    _row(None, 40, 49, protocol=None, description="Unassigned"),
    _row(None, 45, protocol=UDP, description="Reserved", status=Status.RESERVED),
    _row(
        None,
        50,
        protocol=None,
        description="Reserved",
        status=Status.RESERVED,
        notes="De-assigned on 5/21/97, previously gone-now by [Someone]",
    ),
    _row("portless", None, protocol=TCP, description="A DNS-SD name, Backup tool"),
]


@pytest.fixture(scope="module")
def tiny() -> Registry:
    return Registry(ROWS, Provenance(None, "0" * 64, "hand-written fixture"))


def test_aliases_chains_cycles_and_dangling_notes(tiny: Registry) -> None:
    assert tiny.service("ALPHA_OLD").canonical == "alpha"
    assert tiny.service("alpha").aliases == ("Alpha_Old",)
    # A cycle stops where it closes; each name still resolves to a registered name.
    assert {tiny.service("loop-a").canonical, tiny.service("loop-b").canonical} <= {
        "loop-a",
        "loop-b",
    }
    # A note pointing at a name the registry lacks redirects nowhere.
    assert tiny.service("dangling").canonical == "dangling"
    assert tiny.service("portless").ports == ()
    assert not tiny.service("portless").has_port


def test_unknown_names_in_the_fixture(tiny: Registry) -> None:
    with pytest.raises(UnknownServiceError) as caught:
        tiny.service("alpha-old")
    assert caught.value.suggestions[0] == "Alpha_Old"
    with pytest.raises(UnknownServiceError, match="history mentions it"):
        tiny.service("gone-now")


def test_preferred_names_follow_the_rule(tiny: Registry) -> None:
    assert tiny.lookup(10, "tcp").preferred_name() == "alpha"  # the alias gives way
    assert tiny.lookup(25).preferred_name() == "narrow"  # the single row beats the range
    assert tiny.lookup(24).preferred_name() == "wide"
    assert tiny.lookup(30).preferred_name() == "calm"  # the conflicted name gives way
    assert tiny.lookup(10, "udp").preferred_name() is None


def test_blocks_per_transport_and_across_them(tiny: Registry) -> None:
    # tcp: nothing covers 31-39 and the row 40-49 says Unassigned: one block.
    on_tcp = tiny.unassigned(protocol="tcp")
    assert on_tcp[:4] == (
        Block(0, 9, Status.UNASSIGNED, TCP),
        Block(13, 19, Status.UNASSIGNED, TCP),
        Block(31, 49, Status.UNASSIGNED, TCP),
        Block(50, 50, Status.RESERVED, TCP),
    )
    # udp: no name at all below 50, but 45 is reserved there.
    on_udp = tiny.unassigned(protocol="udp")
    assert on_udp[:4] == (
        Block(0, 44, Status.UNASSIGNED, UDP),
        Block(45, 45, Status.RESERVED, UDP),
        Block(46, 49, Status.UNASSIGNED, UDP),
        Block(50, 50, Status.RESERVED, UDP),
    )
    # Across transports, 45 (reserved on udp only) stands in no block.
    everywhere = tiny.unassigned()
    assert everywhere[:5] == (
        Block(0, 9, Status.UNASSIGNED),
        Block(13, 19, Status.UNASSIGNED),
        Block(31, 44, Status.UNASSIGNED),
        Block(46, 49, Status.UNASSIGNED),
        Block(50, 50, Status.RESERVED),
    )
    assert tiny.lookup(45).block is None
    assert tiny.lookup(44).block == Block(31, 44, Status.UNASSIGNED)
    assert tiny.lookup(45, "udp").block == Block(45, 45, Status.RESERVED, UDP)
    # Above the last row, everything is unassigned up to the Dynamic range.
    assert tiny.lookup(1000).block == Block(51, 49151, Status.UNASSIGNED)
    assert tiny.lookup(1000).nearest_assigned_below == 30
    assert tiny.lookup(1000).nearest_assigned_above is None
    assert tiny.lookup(12, "udp").nearest_assigned_above is None


def test_history_with_an_old_date_and_a_former_name(tiny: Registry) -> None:
    (event,) = tiny._derived().history()["gone-now"]
    assert event.kind is HistoryKind.DEASSIGNED
    assert str(event.date) == "1997-05-21"
    assert event.ports == (50,)
    assert event.names == ("gone-now",)


def test_search_in_the_fixture(tiny: Registry) -> None:
    hits = tiny.search("alpha")
    assert [(h.assignment.service, h.match) for h in hits] == [
        ("alpha", MatchKind.EXACT_NAME),
        ("Alpha_Old", MatchKind.NAME_PREFIX),
    ]
    (backup,) = tiny.search("backup")
    assert backup.assignment.service == "portless"
    assert backup.match is MatchKind.DESCRIPTION_WORD
    assert backup.matched_text == "Backup"
    assert tiny.search("backup", range_class="system") == ()


def _rule_status(port: int, protocol: Protocol | None) -> Status | None:
    """The status by the rule over the port's rows, asked of an answer with no
    registry; for every transport, the one status they share (assigned if any is)."""
    rows = tuple(row for row in ROWS if row.covers(port))
    by_hand = PortInfo(port, range_class_of(port), rows)
    if protocol is not None:
        return by_hand.status(protocol)
    statuses = {by_hand.status(p) for p in Protocol}
    if Status.ASSIGNED in statuses:
        return Status.ASSIGNED
    return statuses.pop() if len(statuses) == 1 else None


@pytest.mark.parametrize("protocol", [None, *Protocol])
def test_the_tables_agree_with_the_rule_port_by_port_on_the_fixture(
    protocol: Protocol | None,
) -> None:
    tiny = Registry(ROWS, Provenance(None, "0" * 64, "hand-written fixture"))
    for port in [*range(60), 1000, 49151, 49152, 65535]:
        info = tiny.lookup(port, protocol)
        status = _rule_status(port, protocol)
        if status is Status.ASSIGNED or status is None:
            assert info.block is None, port
            continue
        first, last = port, port
        while first > 0 and _rule_status(first - 1, protocol) is status:
            first -= 1
        while last < 65535 and _rule_status(last + 1, protocol) is status:
            last += 1
        assert info.block == Block(first, last, status, protocol), port
        assigned = (
            p for p in range(port - 1, -1, -1) if _rule_status(p, protocol) is Status.ASSIGNED
        )
        below = next(assigned, None)
        assert info.nearest_assigned_below == below, port
