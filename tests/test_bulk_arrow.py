"""portreg.arrow: annotations as Arrow, the dense port table, and joins in DuckDB."""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute
import pytest
from hypothesis import given, settings

from portreg import (
    Assignment,
    InvalidPortError,
    Protocol,
    Registry,
    Status,
    annotate,
    registry,
)
from portreg.arrow import PORT_TABLE_COLUMNS, port_table, rows_table
from portreg.arrow import annotate as arrow_annotate
from tests.bulk_cases import expected_row, rows


@given(rows)
@settings(max_examples=50)
def test_every_row_is_the_scalar_answer(data: list[tuple[int | None, object]]) -> None:
    ports = pa.array([p for p, _ in data], pa.int64())
    protocols = pa.array([str(q) for _, q in data])
    table = arrow_annotate(ports, protocols, columns=["service", "status", "range_class"])
    assert table.to_pylist() == [expected_row(p, str(q)) for p, q in data]


def test_columns_are_dictionaries_of_small_indices() -> None:
    table = arrow_annotate(pa.array([443, None, 53]), pa.array(["tcp", "tcp", "udp"]))
    assert table.column_names == ["service", "status", "range_class", "description", "in_range"]
    assert table.schema.field("service").type == pa.dictionary(pa.int16(), pa.string())
    assert table.schema.field("status").type == pa.dictionary(pa.int8(), pa.string())
    assert table.schema.field("in_range").type == pa.bool_()
    assert table.column("service").to_pylist() == ["https", None, "domain"]
    assert table.column("in_range").to_pylist() == [False, None, False]


@pytest.mark.parametrize(
    ("ports", "protocols"),
    [
        (pa.chunked_array([[443], [None, 53]]), pa.chunked_array([["TCP"], ["tcp", "udp"]])),
        (pa.array([443.0, None, 53.0]), pa.array([6, 6, 17], pa.uint8())),
        (
            pa.array([443, None, 53], pa.uint16()),
            pa.array(["tcp", "tcp", "udp"]).dictionary_encode(),
        ),
        (np.array([443, 0, 53]), np.array([6, 1, 17])),
        ([443, None, 53], ["tcp", None, "udp"]),
    ],
)
def test_arrow_numpy_and_python_inputs(ports: Any, protocols: Any) -> None:
    assert arrow_annotate(ports, protocols).column("service").to_pylist() == [
        "https",
        None,
        "domain",
    ]


def test_the_same_answers_as_pandas() -> None:
    rng = np.random.default_rng(11)
    ports = rng.integers(0, 65536, 5000)
    protocols = rng.choice([6, 17, 132, 33, 1], 5000)
    expected = annotate(ports, protocols)
    table = arrow_annotate(ports, protocols).to_pandas()
    for column in ["service", "status", "range_class", "description"]:
        assert (
            table[column].astype(object).fillna("-").tolist()
            == expected[column].astype(object).fillna("-").tolist()
        )


def test_bad_ports_raise_or_become_null() -> None:
    with pytest.raises(InvalidPortError, match="got 70000 at position 1"):
        arrow_annotate(pa.array([80, 70000]))
    table = arrow_annotate(pa.array([80, 70000]), errors="null")
    assert table.column("status").to_pylist() == ["assigned", None]


# -- the port table --------------------------------------------------------------------------


def test_the_port_table_has_every_port_on_every_transport() -> None:
    table = port_table()
    assert table.num_rows == 65536 * 4
    assert table.column_names == list(PORT_TABLE_COLUMNS)
    assert port_table() is table  # built once per registry
    frame = table.to_pandas()
    for protocol in Protocol:
        part = frame[frame["protocol"] == protocol.value]
        assert part["port"].tolist() == list(range(65536))
        expected = annotate(np.arange(65536), protocol)
        for column in ["service", "status", "description"]:
            assert (
                part[column].astype(object).fillna("-").tolist()
                == expected[column].astype(object).fillna("-").tolist()
            ), (protocol, column)


@pytest.mark.parametrize("odd", ["caf\u00e9 \u2603", "a\0b", ""])
def test_the_port_tables_texts_are_the_registrys_whatever_they_hold(odd: str) -> None:
    """The categories reach Arrow as the registry's own strings: read from the image,
    or, for a registry of one's own, from its rows (non-ASCII text, even a NUL)."""
    mine = Registry(
        [
            Assignment("zeta", 10, 10, Protocol.TCP, odd, Status.ASSIGNED),
            Assignment("alpha", 20, 20, Protocol.UDP, "second", Status.ASSIGNED),
            Assignment("\u00e9t\u00e9", 30, 30, Protocol.TCP, "third \u00e9", Status.ASSIGNED),
        ],
        registry().provenance,
    )
    for source in (registry(), mine):
        table = port_table(source)
        for column, expected in (("service", source.service_names()), ("description", None)):
            dictionary = table.column(column).chunk(0).dictionary.to_pylist()
            assert dictionary == sorted(set(dictionary)), column
            if expected is not None:
                assert set(dictionary) == set(expected)
        frame = table.to_pandas()
        tcp = frame[frame["protocol"] == "tcp"]
        ports = tcp["port"].to_numpy()
        for port in (10, 20, 30, 80):
            info = source.lookup(port)
            row = tcp[ports == port].iloc[0]
            assert (None if pd.isna(row["service"]) else row["service"]) == info.preferred_name(
                Protocol.TCP
            )
    described = port_table(mine).to_pandas().set_index(["protocol", "port"])["description"]
    assert (None if pd.isna(described["tcp", 10]) else described["tcp", 10]) == (odd or None)


def test_duckdb_joins_flow_logs_against_the_port_table() -> None:
    ports = port_table()
    flows = pa.table(
        {
            "dst_port": pa.array([443, 53, 5353, 51234], pa.int32()),
            "proto": ["tcp", "udp", "udp", "tcp"],
        }
    )
    connection = duckdb.connect()
    connection.register("ports", ports)
    connection.register("flows", flows)
    result = connection.execute(
        """
        SELECT f.dst_port, p.service, p.status
        FROM flows AS f LEFT JOIN ports AS p
          ON p.port = f.dst_port AND p.protocol = f.proto
        ORDER BY f.dst_port
        """
    ).fetchall()
    assert result == [
        (53, "domain", "assigned"),
        (443, "https", "assigned"),
        (5353, "mdns", "assigned"),
        (51234, None, "dynamic"),
    ]
    counts = connection.execute(
        "SELECT status, count(*) FROM ports WHERE protocol = 'tcp' GROUP BY status ORDER BY 1"
    ).fetchall()
    assert sum(n for _, n in counts) == 65536


def test_the_registry_gives_its_port_table_and_rows_as_arrow() -> None:
    """``registry().port_table()`` and ``.to_arrow()`` are what the module's functions
    give, for the packaged registry and for one of one's own rows."""
    mine = Registry(
        [Assignment("web", 80, 80, Protocol.TCP, "A web server", Status.ASSIGNED)],
        registry().provenance,
    )
    assert registry().port_table() is port_table()  # made once, kept by the registry
    assert mine.port_table() is port_table(mine)
    assert mine.port_table() is not registry().port_table()
    tcp = mine.port_table().filter(pa.compute.equal(mine.port_table()["protocol"], "tcp"))
    assert tcp["service"].to_pylist()[79:82] == [None, "web", None]
    for source in (registry(), mine):
        assert source.to_arrow().equals(rows_table(source))
        assert source.to_arrow().column_names == list(source.to_pandas().columns)
    assert mine.to_arrow()["description"].to_pylist() == ["A web server"]


def test_the_registry_rows_as_arrow() -> None:
    table = rows_table()
    frame = registry().to_pandas()
    assert table.num_rows == len(frame)
    assert table.column_names == list(frame.columns)
    back = table.to_pandas()
    assert back["service"].fillna("-").tolist() == frame["service"].fillna("-").tolist()
    assert [None if pd.isna(v) else int(v) for v in back["first"]] == [
        None if pd.isna(v) else int(v) for v in frame["first"]
    ]
    assert str(table.schema.field("registered").type) == "date32[day]"
