"""portreg.polars: native, lazy, streaming expressions with the pandas answers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings

import portreg.polars  # registers the namespaces
from portreg import InvalidProtocolError, Protocol, annotate, registry
from portreg.bulk import port_columns
from tests.bulk_cases import expected_row, rows

COLUMNS = ["service", "status", "range_class", "description", "in_range"]


def _col(name: str) -> Any:
    """``pl.col(name)``, typed loosely: mypy cannot see namespaces registered at run time."""
    return pl.col(name)


def _column(frame: pl.DataFrame, name: str) -> list[Any]:
    return frame[name].cast(pl.String).to_list() if name != "in_range" else frame[name].to_list()


def _pandas_column(frame: Any, name: str) -> list[Any]:
    return [None if pd.isna(v) else v for v in frame[name].astype(object).tolist()]


@given(rows)
@settings(max_examples=50)
def test_every_row_is_the_scalar_answer(data: list[tuple[int | None, object]]) -> None:
    flows = pl.LazyFrame(
        {"port": [p for p, _ in data], "proto": [str(q) for _, q in data]},
        schema={"port": pl.Int64, "proto": pl.String},
    )
    ports = _col("port").portreg
    result = flows.select(
        service=ports.service(pl.col("proto")),
        status=ports.status(pl.col("proto")),
        range_class=ports.range_class(pl.col("proto")),
    ).collect(engine="streaming")
    assert result.cast(pl.String).to_dicts() == [expected_row(p, str(q)) for p, q in data]


def test_a_large_lazy_frame_streams_to_the_pandas_answers() -> None:
    # Large enough for the streaming engine to cut it into many morsels.
    rng = np.random.default_rng(5)
    size = 300_000
    ports = rng.integers(0, 65536, size)
    protocols = rng.choice([6, 17, 132, 33, 1], size)
    lazy = pl.LazyFrame({"dst_port": ports, "proto": protocols}).with_columns(
        _col("dst_port").portreg.annotate(pl.col("proto")).alias("a")
    )
    streamed = lazy.collect(engine="streaming").unnest("a")
    expected = annotate(ports, protocols)
    for name in COLUMNS:
        assert _column(streamed, name) == _pandas_column(expected, name), name
    assert streamed.schema["service"] == pl.Enum(port_columns().services)


def test_the_plan_is_native_polars_with_no_python_function() -> None:
    plan = (
        pl.LazyFrame({"dst_port": [443], "proto": ["tcp"]})
        .select(_col("dst_port").portreg.service(pl.col("proto")))
        .explain(engine="streaming")
    )
    assert "gather" in plan
    assert "replace_strict" in plan
    assert "python" not in plan.lower()
    assert "map" not in plan.lower()


@pytest.mark.parametrize(
    ("protocol", "expected"),
    [
        (None, ["ssh", "domain", "mdns"]),
        ("udp", ["ssh", "domain", "mdns"]),
        (Protocol.TCP, ["ssh", "domain", "mdns"]),
        (Protocol.SCTP, ["ssh", None, None]),  # ssh is registered on sctp too
        (17, ["ssh", "domain", "mdns"]),
    ],
)
def test_one_transport_for_every_row(protocol: object, expected: list[str | None]) -> None:
    frame = pl.DataFrame({"port": [22, 53, 5353]})
    result = frame.select(_col("port").portreg.service(protocol))
    assert result["port"].to_list() == expected  # the port column's name is kept


def test_protocol_columns_of_every_kind() -> None:
    frame = pl.DataFrame(
        {
            "port": [53] * 7,
            "names": ["UDP", " udp ", "tcp", "icmp", None, "17", "x"],
            "numbers": [17, 17, 6, 1, None, 17, 300],
            "floats": [17.0, 17.0, 6.0, 1.0, None, 17.0, float("nan")],
        }
    ).with_columns(category=pl.col("names").cast(pl.Categorical))
    expected = ["domain", "domain", "domain", None, None, "domain", None]
    for column in ["names", "numbers", "floats", "category"]:
        result = frame.select(_col("port").portreg.service(pl.col(column)))
        assert _column(result, "port") == expected, column


def test_a_bad_port_fails_the_query_naming_it_or_becomes_null() -> None:
    flows = pl.LazyFrame({"port": [80, 70000, None, -1]})
    with pytest.raises(pl.exceptions.InvalidOperationError, match=r'"70000"'):
        flows.select(_col("port").portreg.service()).collect()
    with pytest.raises(pl.exceptions.InvalidOperationError, match=r'"-1"'):
        flows.tail(2).select(_col("port").portreg.service()).collect()
    fractions = pl.LazyFrame({"port": [80.0, 1.5]})
    with pytest.raises(pl.exceptions.InvalidOperationError, match=r'"1.5"'):
        fractions.select(_col("port").portreg.status()).collect()
    missing = pl.LazyFrame({"port": [80.0, float("nan"), None]})
    statuses = missing.select(_col("port").portreg.status()).collect()
    assert _column(statuses, "port") == ["assigned", None, None]  # NaN is missing
    nulls = flows.select(_col("port").portreg.status(errors="null")).collect()
    assert _column(nulls, "port") == ["assigned", None, None, None]


def test_one_transport_must_name_one() -> None:
    with pytest.raises(InvalidProtocolError):
        _col("port").portreg.service("proto")


def test_the_series_namespace() -> None:
    ports: Any = pl.Series("dst_port", [443, 53, 0])
    protocols = pl.Series([6, 17, 1])
    assert ports.portreg.service(protocols).to_list() == ["https", "domain", None]
    assert ports.portreg.service(protocols).name == "dst_port"
    assert ports.portreg.status("tcp").to_list() == ["assigned", "assigned", "reserved"]
    assert ports.portreg.range_class().to_list() == ["system"] * 3
    assert ports.portreg.in_range("udp").to_list() == [False, False, False]
    assert ports.portreg.description("tcp").to_list()[0] == "http protocol over TLS/SSL"
    frame = ports.portreg.annotate(protocols)
    assert frame.columns == COLUMNS


def test_the_port_table_and_the_rows_as_polars() -> None:
    table = portreg.polars.port_table()
    assert table.height == 65536 * 4
    assert table.columns == ["port", "protocol", *COLUMNS]
    arrow = portreg.arrow.port_table().to_pandas()
    assert (
        table["service"].cast(pl.String).fill_null("-").to_list()
        == arrow["service"].astype(object).fillna("-").tolist()
    )
    rows_frame = portreg.polars.rows_frame()
    assert rows_frame.height == len(registry())
    assert rows_frame.filter(service="tacacss")["first"].to_list() == [300]
    # The registry's own method gives the same frame, with the columns of to_pandas().
    assert registry().to_polars().equals(rows_frame)
    assert registry().to_polars().columns == list(registry().to_pandas().columns)


import portreg.arrow  # noqa: E402  # for the comparison above
