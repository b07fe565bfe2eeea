"""registry().to_pandas() and PortTable.to_pandas(): typed columns, faithful rows."""

from __future__ import annotations

import re
import sys
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg import (
    MissingDependencyError,
    PortregError,
    Protocol,
    Status,
    lookup,
    neighbours,
    registry,
)
from portreg.answers.frames import (
    ASSIGNMENT_COLUMNS,
    PORT_COLUMNS,
    FrameColumn,
    assignments_frame,
    ports_frame,
)

# IANA's registry of 2026-08-17: its records, those without a port, and its ranges:
# 766 numbers are written as ranges, six of them one port long ("4748-4748").
RECORDS = 14_533
WITHOUT_PORT = 1_070
RANGES = 766 - 6


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return registry().to_pandas()


def test_one_row_per_registry_record(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == [c.name for c in ASSIGNMENT_COLUMNS]
    assert len(frame) == RECORDS
    assert int(frame["first"].isna().sum()) == WITHOUT_PORT
    assert int((frame["last"] > frame["first"]).sum()) == RANGES


def test_columns_are_typed(frame: pd.DataFrame) -> None:
    assert str(frame["first"].dtype) == "Int32"
    assert str(frame["last"].dtype) == "Int32"
    assert str(frame["service_code"].dtype) == "Int64"
    assert list(frame["protocol"].cat.categories) == [p.value for p in Protocol]
    assert list(frame["status"].cat.categories) == [s.value for s in Status]
    assert frame["registered"].dtype.kind == "M"
    assert frame["modified"].dtype.kind == "M"
    for name in ("service", "description", "notes", "assignees", "references"):
        assert str(frame[name].dtype) == "string", name


def test_a_known_row(frame: pd.DataFrame) -> None:
    # 300/tcp tacacss, registered 2025-07-15 (IANA's registry, 2026-08-17).
    rows = frame[(frame["first"] == 300) & (frame["protocol"] == "tcp")]
    assert rows["service"].tolist() == ["tacacss"]
    assert rows["registered"].dt.strftime("%Y-%m-%d").tolist() == ["2025-07-15"]
    unassigned = frame[(frame["first"] == 301) & (frame["last"] == 307)]
    assert unassigned["status"].tolist() == ["unassigned"]
    assert unassigned["protocol"].isna().all()


def test_statuses_count_as_the_records_do(frame: pd.DataFrame) -> None:
    counted = frame["status"].value_counts()
    expected: dict[str, int] = {}
    for assignment in registry():
        expected[assignment.status.value] = expected.get(assignment.status.value, 0) + 1
    assert {k: int(v) for k, v in counted.items() if v} == expected


@given(st.integers(min_value=0, max_value=RECORDS - 1))
def test_each_row_matches_its_record(position: int) -> None:
    record = registry()[position]
    row = assignments_frame([record]).iloc[0]
    assert (None if pd.isna(row["service"]) else row["service"]) == record.service
    assert (None if pd.isna(row["first"]) else int(row["first"])) == record.first
    assert (None if pd.isna(row["last"]) else int(row["last"])) == record.last
    assert (None if pd.isna(row["protocol"]) else row["protocol"]) == (
        record.protocol.value if record.protocol else None
    )
    assert row["status"] == record.status.value
    assert row["description"] == record.description
    if record.registered is None:
        assert pd.isna(row["registered"])
    else:
        assert row["registered"].date() == record.registered.value
        assert row["registered_precision"] == record.registered.precision.value


def test_an_empty_frame_keeps_its_columns_and_types() -> None:
    empty = assignments_frame([])
    assert list(empty.columns) == [c.name for c in ASSIGNMENT_COLUMNS]
    assert len(empty) == 0
    assert str(empty["first"].dtype) == "Int32"


def test_neighbours_frame_has_a_row_per_port() -> None:
    table = neighbours(305)
    ports = table.to_pandas()
    assert list(ports.columns) == [c.name for c in PORT_COLUMNS]
    assert ports["port"].tolist() == list(range(300, 311))
    assert ports["status"].tolist() == [info.status().value for info in table]
    assert ports["tcp"].tolist() == [info.status("tcp").value for info in table]
    assert ports.loc[ports["port"] == 308, "services"].tolist() == ["novastorbakcup"]
    assert str(ports["port"].dtype) == "Int32"
    assert list(ports["status"].cat.categories) == [s.value for s in Status]


def test_neighbours_frame_for_one_protocol_leaves_the_others_missing() -> None:
    ports = neighbours(300, radius=1, protocol="udp").to_pandas()
    assert ports["udp"].tolist() == [lookup(p, "udp").status().value for p in (299, 300, 301)]
    assert ports["tcp"].isna().all()


def test_without_pandas_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingDependencyError, match=r"pip install 'portreg\[pandas\]'") as info:
        registry().to_pandas()
    assert isinstance(info.value, PortregError)
    assert isinstance(info.value, ImportError)


@pytest.mark.parametrize(
    ("function", "columns"), [(assignments_frame, ASSIGNMENT_COLUMNS), (ports_frame, PORT_COLUMNS)]
)
def test_the_docstring_lists_the_columns(
    function: object, columns: tuple[FrameColumn[Any], ...]
) -> None:
    documented = re.search(r"The columns: ([^.]*)\.", function.__doc__ or "")
    assert documented is not None
    assert re.findall(r"``(\w+)``", documented.group(1)) == [c.name for c in columns]
