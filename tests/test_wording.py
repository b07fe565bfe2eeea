"""The registry's status wordings, each decided on purpose (see ``Status``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portreg import Status, registry
from portreg.records.wording import status_of_row

# Every description a row without a service name has in the registry, and what it
# means. A wording missing here fails test_every_unnamed_wording_is_decided.
UNNAMED_WORDINGS = {
    "Unassigned": Status.UNASSIGNED,
    "unassigned": Status.UNASSIGNED,
    "Unassigned [was netstat]": Status.UNASSIGNED,
    "Unassigned (FRP-Released 12/7/00)": Status.UNASSIGNED,
    "(unassigned) Possibly assigned": Status.UNASSIGNED,
    "Possibly used by Sun Solaris????": Status.UNASSIGNED,
    "Reserved": Status.RESERVED,
    "Reserved - IANA": Status.RESERVED,
    "any private mail system": Status.RESERVED,
    "any private printer server": Status.RESERVED,
    "any private terminal access": Status.RESERVED,
    "any private file service": Status.RESERVED,
    "any private dial out service": Status.RESERVED,
    "any private RJE service": Status.RESERVED,
    "any private terminal link": Status.RESERVED,
    "De-registered": Status.DEREGISTERED,
    "Removed": Status.DEREGISTERED,
    "Deprecated": Status.DEREGISTERED,
    "Decomissioned Port 04/14/00, ms": Status.DEREGISTERED,
    "De-Commissioned Port": Status.DEREGISTERED,
}

# Named rows whose description is a status wording: the wording wins.
NAMED_WORDINGS = {
    ("stun-behaviors", "Reserved for a future enhancement of STUN-BEHAVIOR"): Status.RESERVED,
    ("sua", "De-Registered"): Status.DEREGISTERED,
}

_NS = "{http://www.iana.org/assignments}"


@pytest.mark.parametrize(("description", "status"), sorted(UNNAMED_WORDINGS.items()))
def test_unnamed_wordings(description: str, status: Status) -> None:
    assert status_of_row(None, description) is status


@pytest.mark.parametrize(("row", "status"), sorted(NAMED_WORDINGS.items()))
def test_named_rows_with_a_status_wording(row: tuple[str, str], status: Status) -> None:
    assert status_of_row(*row) is status


@pytest.mark.parametrize("description", ["", "World Wide Web HTTP", "Unassigned-looking Service"])
def test_a_named_row_is_assigned_whatever_else_it_says(description: str) -> None:
    assert status_of_row("svc", description) is Status.ASSIGNED


def _rows(xml: Path) -> list[tuple[str | None, str]]:
    root = ET.parse(xml).getroot()
    rows = []
    for record in root.iter(f"{_NS}record"):
        name = (record.findtext(f"{_NS}name") or "").strip() or None
        rows.append((name, (record.findtext(f"{_NS}description") or "").strip()))
    return rows


def test_every_unnamed_wording_is_decided(shared_xml: Path) -> None:
    unnamed = {description for name, description in _rows(shared_xml) if name is None}
    assert unnamed <= set(UNNAMED_WORDINGS), sorted(unnamed - set(UNNAMED_WORDINGS))


def test_every_named_status_wording_is_decided(shared_xml: Path) -> None:
    odd = {
        (name, description)
        for name, description in _rows(shared_xml)
        if name is not None and status_of_row(name, description) is not Status.ASSIGNED
    }
    assert odd == set(NAMED_WORDINGS)


def test_every_row_has_exactly_one_status_and_the_snapshot_agrees() -> None:
    for row in registry():
        assert row.status is status_of_row(row.service, row.description)
        if row.service is None:
            assert row.status is UNNAMED_WORDINGS[row.description]
