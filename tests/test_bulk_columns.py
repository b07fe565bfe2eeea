"""The code tables every bulk answer comes from: equal to the scalar answers, port by port.

The tables are built from a registry's port tables by indexing; the oracle
(``tests.bulk_cases.scalar_port_columns``) asks ``lookup()`` about every port. It
runs first on a registry whose tables are not computed yet, so its statuses and
names come from the rules over each port's rows, not from the tables under test.
"""

from __future__ import annotations

import gc
import pickle
import weakref
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portreg import (
    Assignment,
    Protocol,
    RangeClass,
    Registry,
    Status,
    classify,
    lookup,
    registry,
)
from portreg.answers.columns import (
    ANY,
    BLOCKS,
    NONE,
    PORTS,
    RANGE_CLASSES,
    STATUSES,
    build_port_columns,
)
from portreg.bulk import PortColumns, port_columns
from tests.bulk_cases import assert_same_columns, scalar_port_columns
from tests.strategies import crowded_assignments


@pytest.fixture(scope="module")
def tables() -> PortColumns:
    return port_columns()


def _name(tables: PortColumns, protocol: Protocol | None, port: int) -> str | None:
    code = int(tables.service_code[protocol][port])
    return None if code < 0 else tables.services[code]


def test_every_port_on_every_transport_matches_the_scalar_answers(tables: PortColumns) -> None:
    # The whole table, not a sample: the build answers ports that share rows once,
    # and this is what shows that sharing changed no answer.
    statuses = np.asarray(STATUSES, dtype=object)
    services = np.asarray([*tables.services, None], dtype=object)
    for protocol in BLOCKS:
        expected_names = [lookup(p).preferred_name(protocol) for p in range(PORTS)]
        expected_statuses = [lookup(p).status(protocol) for p in range(PORTS)]
        assert services[tables.service_code[protocol]].tolist() == expected_names, protocol
        assert statuses[tables.status_code[protocol]].tolist() == expected_statuses, protocol
    classes = np.asarray(RANGE_CLASSES, dtype=object)[tables.range_class_code]
    assert classes.tolist() == [classify(p) for p in range(PORTS)]


@pytest.mark.parametrize(
    ("port", "protocol", "description", "in_range"),
    [
        (443, Protocol.TCP, "http protocol over TLS/SSL", False),
        (305, Protocol.TCP, "Unassigned", True),  # the run 301-307
        (6000, Protocol.TCP, "X Window System", True),  # x11 6000-6063
        (80, None, "World Wide Web HTTP", False),
        (143, Protocol.UDP, "Reserved", False),
        (50000, Protocol.TCP, None, False),  # no row covers the Dynamic range
    ],
)
def test_descriptions_and_range_rows(
    tables: PortColumns, port: int, protocol: Protocol | None, description: str | None,
    in_range: bool,
) -> None:  # fmt: skip
    code = int(tables.description_code[protocol][port])
    assert (None if code < 0 else tables.descriptions[code]) == description
    assert bool(tables.in_range[protocol][port]) is in_range


def test_codes_fit_in_two_bytes_and_cannot_be_written(tables: PortColumns) -> None:
    assert tables.service_code[Protocol.TCP].dtype == np.int16
    assert tables.status_code[Protocol.TCP].dtype == np.int8
    assert tables.range_class_code.dtype == np.int8
    with pytest.raises(ValueError, match="read-only"):
        tables.service_code[Protocol.TCP][0] = 1
    with pytest.raises(ValueError, match="read-only"):
        tables.stacked("service")[0] = 1


def test_the_stacked_tables_lay_the_blocks_end_to_end(tables: PortColumns) -> None:
    stacked = tables.stacked("service")
    assert len(stacked) == (len(BLOCKS) + 1) * PORTS
    assert int(stacked[ANY * PORTS + 80]) == tables.services.index("http")
    assert int(stacked[1 * PORTS + 53]) == tables.services.index("domain")  # udp
    assert (stacked[NONE * PORTS :] == -1).all()
    assert not tables.stacked("in_range")[NONE * PORTS :].any()
    assert tables.stacked("service") is stacked
    with pytest.raises(ValueError, match="no column"):
        tables.stacked("nope")


def test_one_set_of_tables_per_registry_kept_while_it_lives() -> None:
    rows = (
        Assignment("web", 80, 80, Protocol.TCP, "A web server", Status.ASSIGNED),
        Assignment(None, 81, 90, None, "Reserved", Status.RESERVED),
    )
    mine = Registry(rows, registry().provenance)
    tables = port_columns(mine)
    assert port_columns(mine) is tables
    assert port_columns() is not tables
    assert _name(tables, Protocol.TCP, 80) == "web"
    assert _name(tables, Protocol.UDP, 80) is None
    assert tables.services == ("web",)
    assert STATUSES[tables.status_code[Protocol.UDP][85]] is Status.RESERVED
    assert STATUSES[tables.status_code[None][80]] is Status.ASSIGNED
    assert STATUSES[tables.status_code[Protocol.SCTP][1000]] is Status.UNASSIGNED
    assert STATUSES[tables.status_code[Protocol.SCTP][60000]] is Status.DYNAMIC
    assert RANGE_CLASSES[tables.range_class_code[60000]] is RangeClass.DYNAMIC
    assert mine.port_columns() is tables  # the registry keeps them, and only it
    kept = weakref.ref(tables)
    del mine, tables
    gc.collect()
    assert kept() is None


def test_tables_pickle_without_their_caches(tables: PortColumns) -> None:
    tables.stacked("status")
    copy = pickle.loads(pickle.dumps(tables))
    assert copy.services == tables.services
    assert (copy.stacked("status") == tables.stacked("status")).all()
    assert (copy.service_code[None] == tables.service_code[None]).all()


def _row(
    service: str | None,
    first: int,
    last: int,
    description: str,
    notes: str | None = None,
    protocol: Protocol | None = Protocol.TCP,
) -> Assignment:
    status = Status.ASSIGNED if service else Status.RESERVED
    return Assignment(service, first, last, protocol, description, status, notes=notes)


def _answered_by_the_rules(mine: Registry) -> PortColumns:
    """The oracle's tables for ``mine``, checked to come from the rules, not tables."""
    expected = scalar_port_columns(mine)
    derived = mine._derived_indexes
    assert derived is None or derived._port_tables is None
    return expected


def test_the_packaged_tables_build_what_the_scalar_answers_give() -> None:
    # The same rows in a registry without shipped tables: the oracle applies the rules.
    by_the_rules = _answered_by_the_rules(Registry(tuple(registry()), registry().provenance))
    assert_same_columns(build_port_columns(registry()._tables()), by_the_rules)


def test_a_registry_read_from_ianas_xml_builds_what_its_scalar_answers_give(
    shared_xml: Path,
) -> None:
    theirs = Registry.from_file(shared_xml)
    expected = _answered_by_the_rules(theirs)
    assert_same_columns(build_port_columns(theirs._tables()), expected)


@settings(max_examples=30)
@given(st.lists(crowded_assignments(), max_size=10))
# The cases the rules order rows for: a single row describes its port before an
# earlier range row; a name giving way to its alias target; a conflict noted on one
# port of a range; a name whose first row notes a conflict, so that the row giving
# the name (the range) is not the one describing the port (the single row).
@example([_row(None, 0, 1, "range"), _row(None, 0, 0, "single")])
@example([_row("x", 2049, 2049, "noted", "Conflict on 2049"), _row("x", 2048, 2050, "range")])
@example(
    [
        _row("www", 80, 80, "alias", 'This entry is an alias to "http"'),
        _row("http", 80, 80, "web"),
        _row("www", 80, 80, "www too"),
    ]
)
@example(
    [
        _row("shilp", 2048, 2050, "shilp", "<== NOTE Conflict on 2049 !"),
        _row(None, 2049, 2049, "single"),
        _row("nfs", 2049, 2049, "nfs", protocol=None),
    ]
)
def test_a_small_registry_builds_what_its_scalar_answers_give(rows: list[Assignment]) -> None:
    mine = Registry(tuple(rows), registry().provenance)
    expected = _answered_by_the_rules(mine)
    assert_same_columns(build_port_columns(mine._tables()), expected)


def test_what_is_kept_beside_the_tables_is_built_once_and_not_pickled(
    tables: PortColumns,
) -> None:
    built: list[int] = []

    def build() -> list[int]:
        built.append(1)
        return [len(built)]

    first = tables.kept(("a test", 1), build)
    assert tables.kept(("a test", 1), build) is first
    assert built == [1]
    copy = pickle.loads(pickle.dumps(tables))
    assert copy.kept(("a test", 1), build) == [2]  # built again where it was unpickled
