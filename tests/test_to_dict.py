"""``to_dict()``: the records as plain data, the same as the command line's ``--json``.

The command line prints what the records' own ``to_dict()`` gives (docs/cli-json.md),
so a program that imports portreg and one that runs ``portreg --json`` read the same
fields with the same values.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import portreg
from tests.cli_helpers import assignment_from_json, run_portreg


def _json(*args: str) -> dict[str, Any]:
    result = run_portreg(*args, "--json", check_stderr_empty=True)
    assert result.returncode == 0
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize("query", ["305", "80", "22/tcp", "6000/udp", "50000"])
def test_a_port_is_what_portreg_port_json_prints(query: str) -> None:
    document = _json(query)
    port, _, protocol = query.partition("/")
    facts = portreg.lookup(int(port), protocol or None).to_dict()
    assert {key: document[key] for key in facts} == facts
    # Through JSON and back, nothing changes: the values are plain data.
    assert json.loads(json.dumps(facts)) == facts


def test_a_ports_block_and_neighbours_are_theirs() -> None:
    document = _json("305", "--radius", "2")
    info = portreg.lookup(305)
    assert info.block is not None
    assert document["block"] == info.block.to_dict()
    assert document["range_class"] == portreg.RangeClass.SYSTEM.to_dict()
    assert [n["port"] for n in document["neighbours"]] == [303, 304, 305, 306, 307]


def test_a_service_is_what_portreg_name_json_prints() -> None:
    document = _json("compressnet")
    facts = portreg.service("compressnet").to_dict()
    assert facts["history"], "compressnet has a history to compare"
    assert {key: document[key] for key in facts} == facts


def test_search_hits_are_what_portreg_search_json_prints() -> None:
    document = _json("search", "novastor")
    hits = portreg.search("novastor")
    assert document["hits"] == [hit.to_dict() for hit in hits]


def test_history_events_carry_their_row() -> None:
    event = portreg.service("compressnet").history[0]
    data = event.to_dict()
    assert data["kind"] == event.kind.value
    assert assignment_from_json(data["assignment"]) == event.assignment


def test_every_row_round_trips_through_its_plain_data() -> None:
    for row in portreg.registry():
        data = json.loads(json.dumps(row.to_dict()))
        assert assignment_from_json(data) == row


def test_people_and_references_follow_the_schema() -> None:
    rows = [row for row in portreg.registry() if row.assignees and row.references]
    person, reference = rows[0].assignees[0], rows[0].references[0]
    assert person.to_dict() == {
        "id": person.id,
        "name": person.name,
        "organization": person.organization,
    }
    assert set(reference.to_dict()) == {"kind", "data", "section", "text", "label", "url"}
    assert reference.to_dict()["label"] == reference.label


def test_a_listener_follows_the_schema() -> None:
    listener = portreg.Listener(
        8080,
        portreg.Protocol.TCP,
        portreg.AddressFamily.IPV4,
        "127.0.0.1",
        portreg.SocketState.LISTEN,
        pids=(12, 7),
        process_name="server",
    )
    data = listener.to_dict()
    assert (data["pid"], data["pids"]) == (12, [12, 7])
    assert (data["protocol"], data["family"], data["state"]) == ("tcp", "ipv4", "listen")
    assert json.loads(json.dumps(data)) == data
