"""portreg.dask on a real two-worker cluster: the same answers as pandas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings

from portreg import InvalidPortError, Protocol, annotate
from portreg.bulk.options import InvalidOptionError
from portreg.dask import annotate as dask_annotate
from tests.bulk_cases import rows


@pytest.fixture(scope="session")
def client() -> Iterator[Client]:
    """One cluster for the session: two worker processes, one thread each, on loopback."""
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    with cluster, Client(cluster) as session_client:
        yield session_client


def _flows(size: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "dst_port": rng.integers(0, 65536, size),
            "proto": rng.choice(["tcp", "UDP", "17", "sctp", "icmp"], size),
        },
        index=pd.RangeIndex(1000, 1000 + size),
    )


def test_partitions_on_two_workers_give_the_pandas_answers(client: Client) -> None:
    flows = _flows(20_000, seed=1)
    lazy = dask_annotate(dd.from_pandas(flows, npartitions=4), port="dst_port", protocol="proto")
    assert isinstance(lazy.dtypes["service"], pd.CategoricalDtype)  # known before computing
    result = client.compute(lazy).result()
    expected = annotate(flows["dst_port"], flows["proto"])
    pd.testing.assert_frame_equal(result[expected.columns], expected)  # index included
    assert list(result.columns) == ["dst_port", "proto", *expected.columns]
    workers = client.run(lambda: "portreg.answers.columns" in __import__("sys").modules)
    assert len(workers) == 2


@given(rows)
@settings(max_examples=3, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_sample_of_rows_is_the_scalar_answer(
    client: Client, data: list[tuple[int | None, object]]
) -> None:
    flows = pd.DataFrame(
        {"port": pd.array([p for p, _ in data], "Int64"), "proto": [str(q) for _, q in data]}
    )
    lazy = dask_annotate(dd.from_pandas(flows, npartitions=2), port="port", protocol="proto")
    result = client.compute(lazy).result()
    expected = annotate(flows["port"], flows["proto"])
    pd.testing.assert_frame_equal(result[expected.columns], expected)


@pytest.mark.parametrize("protocol", [None, Protocol.UDP])
def test_one_transport_or_any_and_a_prefix(client: Client, protocol: Protocol | None) -> None:
    flows = _flows(1000, seed=2)
    lazy = dask_annotate(
        dd.from_pandas(flows, npartitions=2),
        port="dst_port",
        protocol=protocol,
        columns=["service", "status"],
        prefix="dst_",
    )
    result = client.compute(lazy).result()
    expected = annotate(flows["dst_port"], protocol, columns=["service", "status"])
    assert list(result.columns) == ["dst_port", "proto", "dst_service", "dst_status"]
    assert result["dst_service"].tolist() == expected["service"].tolist()


def test_a_bad_port_raises_naming_its_index(client: Client) -> None:
    flows = pd.DataFrame({"dst_port": [80, 443, 70000, 22]}, index=[10, 11, 12, 13])
    lazy = dask_annotate(dd.from_pandas(flows, npartitions=2), port="dst_port")
    with pytest.raises(InvalidPortError, match="got 70000 at index 12"):
        client.compute(lazy).result()
    nulls = client.compute(
        dask_annotate(dd.from_pandas(flows, npartitions=2), port="dst_port", errors="null")
    ).result()
    assert nulls["status"].isna().tolist() == [False, False, True, False]


def test_columns_are_checked_before_anything_runs() -> None:
    flows: Any = dd.from_pandas(pd.DataFrame({"dst_port": [80], "service": ["x"]}), npartitions=1)
    with pytest.raises(InvalidOptionError, match="no column 'port'"):
        dask_annotate(flows, port="port")
    with pytest.raises(InvalidOptionError, match="no column 'tcp'"):
        dask_annotate(flows, port="dst_port", protocol="tcp")
    with pytest.raises(InvalidOptionError, match="already has columns"):
        dask_annotate(flows, port="dst_port")
