"""The records: immutable, hashable, typed, and equal when built from equal data."""

from __future__ import annotations

import copy
import datetime
import pickle

import attrs
import pytest
from hypothesis import given

from portreg import (
    Assignment,
    DatePrecision,
    Person,
    Protocol,
    RangeClass,
    Reference,
    ReferenceKind,
    RegistryDate,
    classify,
    registry,
)
from tests.strategies import assignments, ports, registry_dates


@given(assignments())
def test_records_are_immutable(row: Assignment) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.service = "changed"  # type: ignore[misc]


@given(assignments())
def test_records_built_from_equal_data_are_equal_and_hash_alike(row: Assignment) -> None:
    twin = attrs.evolve(row)
    assert twin == row
    assert hash(twin) == hash(row)
    assert copy.deepcopy(row) == row
    assert pickle.loads(pickle.dumps(row)) == row


@given(assignments(), assignments())
def test_records_differing_in_any_field_differ(a: Assignment, b: Assignment) -> None:
    assert (a == b) == (attrs.astuple(a, recurse=False) == attrs.astuple(b, recurse=False))


@given(registry_dates)
def test_registry_dates_round_trip_through_their_text(date: RegistryDate) -> None:
    assert RegistryDate.parse(str(date)) == date


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-02-30", "25-01-01", "2025/01/01", "2025", "", "2025-1-01"]
)
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"date|month|day|range"):
        RegistryDate.parse(text)


def test_month_precision_is_kept() -> None:
    date = RegistryDate.parse("2003-11")
    assert date.value == datetime.date(2003, 11, 1)
    assert date.precision is DatePrecision.MONTH
    assert str(date) == "2003-11"


def test_snapshot_dates_keep_the_precision_the_registry_gave() -> None:
    precisions = {row.registered.precision for row in registry() if row.registered}
    assert precisions == {DatePrecision.DAY, DatePrecision.MONTH}


@given(ports)
def test_each_port_is_in_exactly_one_range_class(port: int) -> None:
    owners = [c for c in RangeClass if port in c]
    assert owners == [classify(port)]
    assert owners[0].first <= port <= owners[0].last


def test_range_class_boundaries_and_meaning() -> None:
    bounds = {c: (c.first, c.last) for c in RangeClass}
    assert bounds == {
        RangeClass.SYSTEM: (0, 1023),
        RangeClass.USER: (1024, 49151),
        RangeClass.DYNAMIC: (49152, 65535),
    }
    assert [classify(p) for p in (0, 1023, 1024, 49151, 49152, 65535)] == [
        RangeClass.SYSTEM,
        RangeClass.SYSTEM,
        RangeClass.USER,
        RangeClass.USER,
        RangeClass.DYNAMIC,
        RangeClass.DYNAMIC,
    ]
    assert "IETF Review" in RangeClass.SYSTEM.procedure
    assert "IESG Approval" in RangeClass.SYSTEM.procedure
    assert "Expert Review" in RangeClass.USER.procedure
    assert [c.privileged for c in RangeClass] == [True, False, False]
    assert sum(len(c.ports) for c in RangeClass) == 65536


def test_reference_labels_and_urls() -> None:
    rfc = Reference(ReferenceKind.RFC, "rfc9110")
    assert (rfc.label, rfc.url) == ("RFC 9110", "https://www.rfc-editor.org/rfc/rfc9110")
    draft = Reference(
        ReferenceKind.DRAFT, "draft-zubov-snif-05", "4.3", "draft-zubov-snif-05, Section 4.3"
    )
    assert draft.label == "draft-zubov-snif-05, Section 4.3"
    assert Reference(ReferenceKind.TEXT, None, None, "ISO/IEC 13818-6").url is None


def test_people_show_their_best_name() -> None:
    assert Person("x", "Ann", "Org").display_name == "Ann (Org)"
    assert Person("x", None, "Org").display_name == "Org"
    assert Person("Bernie_Volz").display_name == "Bernie_Volz"


def test_a_row_without_a_port_covers_nothing() -> None:
    row = Assignment("svc", None, None, None, "", status=registry()[0].status)
    assert row.ports == range(0)
    assert not row.covers(0)
    assert row.protocols == tuple(Protocol)
