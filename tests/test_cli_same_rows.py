"""Rows that differ only by transport are shown once, naming both transports."""

from __future__ import annotations

import json

import attrs

import portreg
from portreg.cli._same_rows import merged_by_transport
from tests.cli_helpers import run_portreg

_NOTE_END = 'advertised explicitly as DNS-SD service type "xul-http".'


def test_the_www_http_note_is_shown_once_with_both_transports() -> None:
    text = run_portreg("80", check_stderr_empty=True).stdout
    assert text.count(_NOTE_END) == 1
    headings = [line for line in text.splitlines() if line.startswith("  80/")]
    assert headings == [
        "  80/tcp+udp  http  World Wide Web HTTP",
        "  80/tcp+udp  www  World Wide Web HTTP",
        "  80/tcp+udp  www-http  World Wide Web HTTP",
        "  80/sctp  http  HTTP",
    ]


def test_json_keeps_a_row_per_transport() -> None:
    document = json.loads(run_portreg("80", "--json", check_stderr_empty=True).stdout)
    rows = [(a["service"], a["protocol"]) for a in document["assignments"]]
    assert rows.count(("www-http", "tcp")) == rows.count(("www-http", "udp")) == 1
    assert len(rows) == len(portreg.lookup(80).assignments)


def test_only_rows_alike_in_every_other_field_merge() -> None:
    tcp = portreg.Assignment(
        "demo", 5, 5, portreg.Protocol.TCP, "Demo", portreg.Status.ASSIGNED, notes="a\n  b"
    )
    udp = attrs.evolve(tcp, protocol=portreg.Protocol.UDP, notes="a\nb")  # indented otherwise
    sctp = attrs.evolve(tcp, protocol=portreg.Protocol.SCTP, description="Demo on SCTP")
    every = attrs.evolve(tcp, protocol=None)
    assert merged_by_transport([tcp, sctp, udp, every, every]) == [
        (tcp, (portreg.Protocol.TCP, portreg.Protocol.UDP)),
        (sctp, (portreg.Protocol.SCTP,)),
        (every, ()),
        (every, ()),
    ]


def test_every_row_of_every_port_is_shown_under_some_heading() -> None:
    # Merging loses no transport: over the registry, each row's transports are named.
    for row in portreg.registry():
        if row.first is None or row.protocol is None or row.first % 97:
            continue
        info = portreg.lookup(row.first)
        named = {
            (shown.service, protocol)
            for shown, protocols in merged_by_transport(info.assignments)
            for protocol in protocols
        }
        assert (row.service, row.protocol) in named
