"""portreg.spark on a real local Spark session: the broadcast join and the pandas UDF.

One session serves the whole test run (it takes tens of seconds to start on two
cores). Spark needs Java: without it these tests fail, saying so, rather than skip.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from portreg import Protocol, annotate
from portreg.bulk.options import InvalidOptionError
from tests.bulk_cases import expected_row, rows

COLUMNS = ["service", "status", "range_class", "description", "in_range"]

pytestmark = [
    # PySpark 4.0 (the last for Python 3.9) leaves a loopback socket of its Arrow
    # transfer for the garbage collector to close; later releases close it.
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
    # PySpark raises the recursion limit while it pickles, which Hypothesis notes.
    pytest.mark.filterwarnings(
        "ignore:The recursion limit will not be reset:hypothesis.errors.HypothesisWarning"
    ),
]


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session with two cores, bound to loopback, for the whole run."""
    if _java() is None:
        pytest.fail(
            "the Spark tests need a Java runtime (17 or later), and none is on PATH or in "
            "JAVA_HOME; install one (Debian: apt-get install openjdk-17-jre-headless)"
        )
    from pyspark.sql import SparkSession

    # Python workers must run this interpreter, which has the portreg under test.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("portreg-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Short-lived and on two cores: the quick JIT and the serial collector start
        # answering sooner than the defaults, which suit long jobs on many cores.
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _flows(size: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": np.arange(size),
            "dst_port": rng.integers(0, 65536, size),
            "proto": rng.choice(["tcp", "UDP", "17", "6", "sctp", "dccp", "icmp"], size),
        }
    )


def _expected(flows: pd.DataFrame, protocol: object, columns: list[str]) -> pd.DataFrame:
    frame = annotate(flows["dst_port"], protocol, columns=columns).astype(object)
    return frame.where(frame.notna(), None)


def _collected(frame: Any, columns: list[str]) -> pd.DataFrame:
    rows_ = sorted(frame.collect(), key=lambda row: row["id"])
    return pd.DataFrame([[row[c] for c in columns] for row in rows_], columns=columns, dtype=object)


def test_the_broadcast_join_gives_the_pandas_answers(spark: Any) -> None:
    import portreg.spark

    flows = _flows(3000, seed=3)
    joined = portreg.spark.annotate(spark.createDataFrame(flows), port="dst_port", protocol="proto")
    assert joined.columns == ["id", "dst_port", "proto", *COLUMNS]
    plan = joined._jdf.queryExecution().executedPlan().toString()
    assert "BroadcastHashJoin" in plan
    assert "PythonUDF" not in plan  # no Python on the executors
    assert "ArrowEvalPython" not in plan
    got = _collected(joined, COLUMNS)
    pd.testing.assert_frame_equal(got, _expected(flows, flows["proto"], COLUMNS))
    scalar = [expected_row(int(p), q) for p, q in zip(flows["dst_port"], flows["proto"])]
    assert got[["service", "status", "range_class"]].to_dict(orient="records") == scalar


def test_one_transport_or_any_with_prefixes(spark: Any) -> None:
    import portreg.spark

    flows = _flows(500, seed=4)
    frame = spark.createDataFrame(flows)
    on_udp = portreg.spark.annotate(
        frame, port="dst_port", protocol=Protocol.UDP, columns=["service"], prefix="udp_"
    )
    both = portreg.spark.annotate(on_udp, port="dst_port", columns=["service"], prefix="any_")
    assert both.columns == ["id", "dst_port", "proto", "udp_service", "any_service"]
    got = _collected(both, ["udp_service", "any_service"])
    assert got["udp_service"].tolist() == _expected(flows, "udp", ["service"])["service"].tolist()
    assert got["any_service"].tolist() == _expected(flows, None, ["service"])["service"].tolist()


def test_a_bad_port_fails_the_job_naming_it_or_becomes_null(spark: Any) -> None:
    import portreg.spark

    flows = spark.createDataFrame(
        pd.DataFrame({"id": [0, 1, 2, 3], "dst_port": [80.0, 70000.0, np.nan, None]})
    )
    missing = portreg.spark.annotate(flows.where("id != 1"), port="dst_port", columns=["status"])
    assert _collected(missing, ["status"])["status"].tolist() == ["assigned", None, None]
    from pyspark.errors import SparkRuntimeException

    with pytest.raises(SparkRuntimeException, match=r"got 70000\.0 in column 'dst_port'"):
        portreg.spark.annotate(flows, port="dst_port").collect()
    nulls = portreg.spark.annotate(flows, port="dst_port", errors="null", columns=["status"])
    assert _collected(nulls, ["status"])["status"].tolist() == ["assigned", None, None, None]
    with pytest.raises(InvalidOptionError, match="no column 'tcp'"):
        portreg.spark.annotate(flows, port="dst_port", protocol="tcp")


def test_the_pandas_udf_gives_the_same_answers(spark: Any) -> None:
    import portreg.spark

    flows = _flows(2000, seed=6)
    service = portreg.spark.annotation_udf("service")
    in_range = portreg.spark.annotation_udf("in_range")
    any_status = portreg.spark.annotation_udf("status", by_protocol=False)
    result = spark.createDataFrame(flows).select(
        "id",
        service("dst_port", "proto").alias("service"),
        in_range("dst_port", "proto").alias("in_range"),
        any_status("dst_port").alias("any_status"),
    )
    got = _collected(result, ["service", "in_range", "any_status"])
    expected = _expected(flows, flows["proto"], ["service", "in_range"])
    expected["any_status"] = _expected(flows, None, ["status"])["status"]
    pd.testing.assert_frame_equal(got, expected)


@given(rows)
@settings(max_examples=2, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_sample_of_rows_is_the_scalar_answer(
    spark: Any, data: list[tuple[int | None, object]]
) -> None:
    import portreg.spark

    flows = pd.DataFrame(
        {
            "id": np.arange(len(data)),
            "dst_port": pd.array([p for p, _ in data], "Int64"),
            "proto": [str(q) for _, q in data],
        }
    )
    frame = spark.createDataFrame(flows)
    joined = portreg.spark.annotate(frame, port="dst_port", protocol="proto")
    expected = _expected(flows, flows["proto"], COLUMNS)
    pd.testing.assert_frame_equal(_collected(joined, COLUMNS), expected)
