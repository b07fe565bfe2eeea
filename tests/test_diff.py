"""diff(old, new): rows added, removed, de-assigned, renamed and changed, field by field."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import (
    Assignment,
    ChangeKind,
    FieldChange,
    Protocol,
    Registry,
    RegistryDate,
    Status,
    diff,
    registry,
)
from portreg.updates.diff import _fields
from tests.iana_files import SMALL_XML, older_registry_xml
from tests.strategies import assignments


def _older_registry(shared_xml: Path, tmp_path: Path) -> Registry:
    path = tmp_path / "older.xml"
    path.write_text(older_registry_xml(shared_xml.read_text(encoding="utf-8")), encoding="utf-8")
    return Registry.from_file(path)


def test_from_an_older_file_tacacss_arrives_and_compressnet_leaves(
    shared_xml: Path, tmp_path: Path
) -> None:
    changes = diff(_older_registry(shared_xml, tmp_path), registry())
    assert changes.counts() == {
        "added": 1,
        "removed": 0,
        "deassigned": 4,
        "renamed": 0,
        "assigned": 0,
        "changed": 0,
    }
    (tacacss,) = changes.added
    assert tacacss.new is not None
    assert tacacss.old is None
    assert (tacacss.where, tacacss.new.service) == ("300/tcp", "tacacss")
    assert tacacss.new.registered == RegistryDate.parse("2025-07-15")
    assert [c.where for c in changes.deassigned] == ["2/tcp", "2/udp", "3/tcp", "3/udp"]
    for change in changes.deassigned:
        assert change.old is not None
        assert change.new is not None
        assert (change.old.service, change.new.service) == ("compressnet", None)
        assert (change.old.status, change.new.status) == (Status.ASSIGNED, Status.RESERVED)
        assert FieldChange("service", "compressnet", None) in change.fields
        assert FieldChange("status", "assigned", "reserved") in change.fields
    text = str(changes)
    assert (
        "+ 300/tcp tacacss: TLS Secure Login Host Protocol (TACACSS) (registered 2025-07-15)"
    ) in text
    assert "~ 2/tcp compressnet -> Reserved" in text
    assert "service: 'compressnet' -> (none)" in text
    assert "description: 'Management Utility' -> 'Reserved'" in text


def test_the_other_way_round_the_same_rows_are_removed_and_assigned(
    shared_xml: Path, tmp_path: Path
) -> None:
    changes = diff(registry(), _older_registry(shared_xml, tmp_path))
    assert [c.where for c in changes.removed] == ["300/tcp"]
    assert [c.where for c in changes.assigned] == ["2/tcp", "2/udp", "3/tcp", "3/udp"]
    assert len(changes) == 5


def test_the_json_form_carries_provenance_counts_and_fields(
    shared_xml: Path, tmp_path: Path
) -> None:
    older = _older_registry(shared_xml, tmp_path)
    document = json.loads(json.dumps(diff(older, registry()).to_json()))
    assert document["old"]["registry_updated"] == "2024-12-01"
    assert document["new"]["registry_updated"] == "2026-08-17"
    assert document["new"]["sha256"] == registry().provenance.sha256
    assert document["counts"]["added"] == 1
    first = document["changes"][0]
    assert first["kind"] == "deassigned"
    assert first["old"]["service"] == "compressnet"
    assert first["new"]["service"] is None
    assert {"field": "service", "old": "compressnet", "new": None} in first["fields"]
    added = [c for c in document["changes"] if c["kind"] == "added"]
    assert added[0]["new"]["registered"] == "2025-07-15"
    assert added[0]["old"] is None


def test_a_registry_has_no_differences_with_itself() -> None:
    small = Registry.from_file(SMALL_XML)
    same = diff(small, Registry.from_file(SMALL_XML))
    assert not same
    assert str(same).endswith("no differences")


def _edited(rows: list[Assignment], name: str, **changes: Any) -> list[Assignment]:
    return [attrs.evolve(a, **changes) if a.service == name else a for a in rows]


def test_a_new_name_on_the_same_port_is_a_rename() -> None:
    small = Registry.from_file(SMALL_XML)
    renamed = Registry(_edited(list(small), "http", service="web"), small.provenance)
    (change,) = diff(small, renamed).changes
    assert change.kind is ChangeKind.RENAMED
    assert change.fields == (FieldChange("service", "http", "web"),)
    assert str(change) == "~ 80/tcp http -> web\n    service: 'http' -> 'web'"


def test_a_changed_field_is_shown_from_and_to() -> None:
    small = Registry.from_file(SMALL_XML)
    edited = _edited(
        list(small), "x11", description="X Window", protocol=Protocol.TCP, service_code=None
    )
    changes = diff(small, Registry(edited, small.provenance))
    # The protocol is part of a row's identity: x11 on every transport left, x11/tcp came.
    assert [c.kind for c in changes.changes] == [ChangeKind.REMOVED, ChangeKind.ADDED]
    edited = _edited(list(small), "x11", description="X Window", service_code=None)
    (change,) = diff(small, Registry(edited, small.provenance)).changes
    assert change.kind is ChangeKind.CHANGED
    assert change.fields == (
        FieldChange("description", "X Window System", "X Window"),
        FieldChange("service_code", 1145656131, None),
    )


def test_a_named_row_that_becomes_deregistered_is_a_deassignment() -> None:
    small = Registry.from_file(SMALL_XML)
    edited = _edited(list(small), "finger", description="De-registered", status=Status.DEREGISTERED)
    (change,) = diff(small, Registry(edited, small.provenance)).changes
    assert change.kind is ChangeKind.DEASSIGNED
    assert FieldChange("status", "assigned", "deregistered") in change.fields


@settings(max_examples=60)
@given(
    old=st.lists(assignments(), max_size=8),
    new=st.lists(assignments(), max_size=8),
    data=st.data(),
)
def test_a_diff_accounts_for_every_row(
    old: list[Assignment], new: list[Assignment], data: st.DataObject
) -> None:
    # Share some rows between the two sides, as versions of a registry do.
    shared = data.draw(st.lists(st.sampled_from(old), max_size=4)) if old else []
    new = [*new, *shared]
    provenance = registry().provenance
    changes = diff(Registry(old, provenance), Registry(new, provenance))
    assert len(new) - len(old) == len(changes.added) - len(changes.removed)

    def seen(rows: list[Assignment]) -> Counter[str]:
        return Counter(repr(_fields(a)) for a in rows)

    # Old rows, less those removed or changed, plus those added or changed, are the new.
    gone = [c.old for c in changes.changes if c.old is not None]
    came = [c.new for c in changes.changes if c.new is not None]
    assert seen(old) - seen(gone) + seen(came) == seen(new)
    assert not diff(Registry(new, provenance), Registry(new, provenance))
