"""portreg.annotate, portreg.service_side and the Series accessor, in pandas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import portreg
import portreg.pandas  # registers Series.portreg
from portreg import (
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    PortregError,
    Protocol,
    annotate,
    lookup,
    service_side,
)
from portreg.bulk.options import InvalidOptionError, LengthMismatchError
from tests.bulk_cases import expected_row, rows

COLUMNS = ["service", "status", "range_class"]


def _plain(frame: pd.DataFrame, columns: list[str] = COLUMNS) -> list[dict[str, Any]]:
    """Rows as dicts with None for nulls, to compare with the scalar answers."""
    out = frame[columns].astype(object)
    return [
        {str(c): (None if pd.isna(v) else v) for c, v in row.items()}
        for row in out.to_dict(orient="records")
    ]


# -- every row is the scalar answer ----------------------------------------------------


@given(rows)
def test_every_row_is_the_scalar_answer(data: list[tuple[int | None, object]]) -> None:
    ports = [p for p, _ in data]
    protocols = [q for _, q in data]
    assert _plain(annotate(ports, protocols)) == [expected_row(p, q) for p, q in data]


@given(hnp.arrays(np.int64, st.integers(1, 200), elements=st.integers(0, 65535)))
def test_numpy_ports_without_protocols_answer_for_any_transport(ports: Any) -> None:
    expected = [expected_row(int(p), None, any_transport=True) for p in ports]
    assert _plain(annotate(ports)) == expected


@given(
    hnp.arrays(np.uint16, st.integers(1, 100)),
    st.sampled_from([Protocol.TCP, "udp", "SCTP", 33, np.int64(6)]),
)
def test_one_transport_for_every_row(ports: Any, protocol: object) -> None:
    frame = annotate(ports, protocol)
    chosen = {33: "dccp"}.get(protocol, protocol)  # type: ignore[call-overload]
    expected = [
        expected_row(int(p), 6 if isinstance(chosen, np.integer) else chosen) for p in ports
    ]
    assert _plain(frame) == expected


def test_the_issue_example_and_the_extra_columns() -> None:
    frame = annotate([443, 53, 51234, None, 6000], [6, "UDP", "tcp", "tcp", 6])
    assert list(frame.columns) == ["service", "status", "range_class", "description", "in_range"]
    assert frame["service"].tolist()[:2] == ["https", "domain"]
    assert frame["description"].tolist()[:2] == ["http protocol over TLS/SSL", "Domain Name Server"]
    assert frame["in_range"].tolist() == [False, False, False, pd.NA, True]
    assert frame.isna().loc[3].all()


# -- the columns -------------------------------------------------------------------------


def test_columns_are_dictionary_encoded_in_at_most_two_bytes_a_row() -> None:
    frame = annotate(np.arange(65536), "tcp")
    for name in ["service", "status", "range_class", "description"]:
        column = frame[name]
        assert isinstance(column.dtype, pd.CategoricalDtype), name
        assert column.cat.codes.to_numpy().itemsize <= 2, name
    assert frame["in_range"].dtype == "boolean"
    assert set(frame["status"].cat.categories) == {s.value for s in portreg.Status}
    assert list(frame["range_class"].cat.categories) == ["system", "user", "dynamic"]


def test_columns_picks_some_in_order() -> None:
    frame = annotate([80], columns=["status", "service"])
    assert list(frame.columns) == ["status", "service"]
    with pytest.raises(InvalidOptionError, match="columns must be some of"):
        annotate([80], columns=["nope"])
    with pytest.raises(InvalidOptionError, match="errors must be"):
        annotate([80], errors="ignore")  # type: ignore[arg-type]


# -- the inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ports",
    [
        pd.Series([22, None, 80], dtype="Int64"),
        pd.Series([22, None, 80], dtype="UInt16"),
        pd.Series([22.0, np.nan, 80.0]),
        pd.Series([22, None, 80], dtype="Float64"),
        pd.Series([22, None, 80], dtype=object),
        pd.Series(["22", None, "80"], dtype="string"),
        pd.Series([22, pd.NA, 80], dtype=object),
        np.array([22, np.nan, 80]),
        [22, None, 80],
        (22, float("nan"), 80),
        pd.array([22, None, 80], dtype="Int32"),
    ],
    ids=lambda p: f"{type(p).__name__}-{getattr(p, 'dtype', '')}",
)
def test_ports_in_every_dtype_and_missing_ones(ports: Any) -> None:
    frame = annotate(ports, "tcp")
    assert frame["service"].tolist()[0] == "ssh"
    assert frame["service"].tolist()[2] == "http"
    assert frame.loc[1].isna().all()


def test_the_index_of_a_series_is_kept() -> None:
    ports = pd.Series([443, 53], index=["a", "b"], name="dst_port")
    frame = annotate(ports, pd.Series(["tcp", "udp"], index=["a", "b"]))
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["b", "service"] == "domain"


@pytest.mark.parametrize(
    ("ports", "shown", "position"),
    [
        ([80, 65536, -1], "65536", "position 1"),
        (np.array([80, -5]), "-5", "position 1"),
        (np.array([1.5, 80.0]), "1.5", "position 0"),
        (["80", "http", 70000], "'http'", "position 1"),
        ([80, True], "True", "position 1"),
        (pd.Series([80, 99999], index=["x", "y"]), "99999", "position 1 (index 'y')"),
        (pd.Series([80, -1], dtype="Int64"), "-1", "position 1"),
    ],
)
def test_a_bad_port_is_named_with_its_position(ports: Any, shown: str, position: str) -> None:
    with pytest.raises(InvalidPortError, match="ports must be integers 0-65535") as raised:
        annotate(ports)
    assert f"got {shown} at {position}" in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, PortregError)


def test_errors_null_turns_bad_ports_into_nulls() -> None:
    frame = annotate([80, 65536, -1, 1.5, "x", True, None], "tcp", errors="null")
    assert frame["service"].tolist()[0] == "http"
    assert frame.iloc[1:].isna().all().all()


def test_boolean_columns_are_not_ports() -> None:
    for ports in [np.array([True, False]), pd.Series([True], dtype="boolean")]:
        with pytest.raises(InputTypeError, match="not booleans"):
            annotate(ports, errors="null")


@pytest.mark.parametrize("ports", [np.zeros((2, 2), int), pd.DataFrame({"a": [1]}), "80", {"a": 1}])
def test_anything_but_a_column_is_refused(ports: Any) -> None:
    with pytest.raises(InputTypeError):
        annotate(ports)


@pytest.mark.parametrize(
    "protocols",
    [
        ["tcp", " UDP ", "Sctp", "dccp", "icmp", None, "6", 1],
        np.array([6, 17, 132, 33, 1, 300, 58, -1]),
        np.array([6.0, 17.0, 132.0, 33.0, 1.0, np.nan, 6.5, 0.0]),
        pd.Series([6, 17, 132, 33, 1, None, 47, 0], dtype="UInt8"),
        pd.Series(["tcp", "udp", "sctp", "dccp", "icmp", None, "gre", "esp"], dtype="category"),
        pd.Series(["TCP", "udp", "sctp", "DCCP", "", None, "x", "ah"], dtype="string"),
        [Protocol.TCP, Protocol.UDP, Protocol.SCTP, Protocol.DCCP, 1.0, None, b"tcp", [6]],
    ],
    ids=lambda p: f"{type(p).__name__}-{getattr(p, 'dtype', '')}",
)
def test_protocol_columns_by_name_or_number_and_others_are_null(protocols: Any) -> None:
    ports = [22] * 8
    frame = annotate(ports, protocols)
    statuses = frame["status"].astype(object).where(frame["status"].notna(), None).tolist()
    expected_first = ["assigned", "assigned", "assigned", "unassigned"]
    expected_last: list[str | None] = [None] * 4
    if isinstance(protocols, list) and protocols[6] == "6":
        expected_last = [None, None, "assigned", None]
    assert statuses[:4] == expected_first
    assert statuses[4:] == expected_last


@pytest.mark.parametrize("protocol", ["icmp", 1, "tpc", 6.0, True])
def test_one_transport_must_name_a_transport(protocol: object) -> None:
    with pytest.raises(InvalidProtocolError):
        annotate([80], protocol)


def test_ports_and_protocols_must_pair_up() -> None:
    with pytest.raises(LengthMismatchError, match="2 ports, 3 protocols"):
        annotate([80, 81], ["tcp"] * 3)
    with pytest.raises(LengthMismatchError, match="different indexes"):
        annotate(pd.Series([80, 81]), pd.Series(["tcp", "udp"], index=[5, 6]))
    positional = annotate(pd.Series([80, 53]), pd.Series(["tcp", "udp"], index=[5, 6]).to_numpy())
    assert positional["service"].tolist() == ["http", "domain"]


def test_an_empty_column_gives_an_empty_frame() -> None:
    frame = annotate(np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert frame.shape == (0, 5)
    assert annotate([]).shape == (0, 5)


def test_a_registry_of_ones_own() -> None:
    from portreg import Assignment, Registry, Status, registry

    row = Assignment("mine", 80, 80, Protocol.TCP, "Mine", Status.ASSIGNED)
    mine = Registry((row,), registry().provenance)
    assert annotate([80], "tcp", registry=mine)["service"].tolist() == ["mine"]
    assert annotate([80], "tcp")["service"].tolist() == ["http"]


# -- the accessor -------------------------------------------------------------------------


def test_the_series_accessor() -> None:
    flows = pd.DataFrame({"dst_port": [443, 53, 0, 6001], "proto": [6, 17, 1, 6]})
    ports: Any = flows["dst_port"]  # the accessor is unknown to pandas' stubs
    assert ports.portreg.service(flows["proto"]).tolist()[:2] == ["https", "domain"]
    assert ports.portreg.status("tcp").tolist() == ["assigned"] * 2 + ["reserved", "assigned"]
    assert ports.portreg.range_class().tolist() == ["system"] * 3 + ["user"]
    assert ports.portreg.description(flows["proto"]).tolist()[0] == "http protocol over TLS/SSL"
    assert ports.portreg.in_range(flows["proto"]).tolist() == [False, False, pd.NA, True]
    assert ports.portreg.service().name == "service"
    assert list(ports.portreg.annotate(flows["proto"], columns=["service"]).columns) == ["service"]
    too_high: Any = pd.Series([70000])
    with pytest.raises(InvalidPortError):
        too_high.portreg.service()


# -- which end is the service -----------------------------------------------------------------

# (port a, port b, protocol, the service end's port or None, its service name)
FLOWS = [
    (51234, 443, "tcp", 443, "https"),  # a client's ephemeral port to HTTPS
    (40000, 53, "udp", 53, "domain"),  # 40000 is registered on tcp; on Linux it is ephemeral
    (22, 8080, "tcp", 22, "ssh"),  # both assigned: System beats User
    (8080, 61000, "tcp", 8080, "http-alt"),  # 61000: past Linux's range, in the Dynamic one
    (3306, 45678, "tcp", 3306, "mysql"),
    (123, 123, "udp", 123, "ntp"),  # the same port at both ends: named, side null
    (5353, 5353, "udp", 5353, "mdns"),
    (5060, 40000, "udp", 5060, "sip"),
    (33434, 52000, "udp", 33434, "traceroute"),  # both ephemeral: assigned wins
    (6000, 45000, "tcp", 6000, "x11"),  # a range row's name
    (1024, 3389, "tcp", 3389, "ms-wbt-server"),  # 1024 is reserved
    (50000, 50001, "tcp", None, None),  # nothing to tell them apart
    (20000, 20000, 1, None, None),  # ICMP has no ports
    (443, None, "tcp", None, None),  # a missing port
]


@pytest.mark.parametrize(("a", "b", "protocol", "port", "name"), FLOWS)
def test_service_side_on_real_flows_in_both_orders(
    a: int, b: int | None, protocol: object, port: int | None, name: str | None
) -> None:
    for src, dst in [(a, b), (b, a)]:
        row = service_side([src], [dst], [protocol]).iloc[0]
        side = None if port is None or a == b else ("src" if src == port else "dst")
        assert (None if pd.isna(row["side"]) else row["side"]) == side, (src, dst)
        assert (None if pd.isna(row["port"]) else int(row["port"])) == port, (src, dst)
        assert (None if pd.isna(row["service"]) else row["service"]) == name, (src, dst)
        if name is not None:  # the name is the scalar API's for that port
            assert lookup(port, transport_of(protocol)).preferred_name() == name  # type: ignore[arg-type]


def transport_of(protocol: object) -> Protocol | None:
    return Protocol(protocol) if isinstance(protocol, str) else None


def test_service_side_is_vectorised_and_keeps_the_index() -> None:
    src = pd.Series([a for a, *_ in FLOWS], index=[f"f{i}" for i in range(len(FLOWS))])
    dst = pd.Series([b for _, b, *_ in FLOWS], index=src.index, dtype="Int64")
    frame = service_side(src, dst, pd.Series([p for _, _, p, *_ in FLOWS], index=src.index))
    assert list(frame.index) == list(src.index)
    assert list(frame.columns) == ["side", "port", "service"]
    assert frame["port"].dtype == "UInt16"
    expected = [port for *_, port, _ in FLOWS]
    assert [None if pd.isna(p) else int(p) for p in frame["port"]] == expected


def test_service_side_without_protocols_and_its_refusals() -> None:
    frame = service_side([51234], [443])
    assert frame.iloc[0].tolist() == ["dst", 443, "https"]
    with pytest.raises(LengthMismatchError):
        service_side([1, 2], [3])
    with pytest.raises(InvalidPortError, match="at position 0"):
        service_side([70000], [80])
    assert service_side([70000], [80], errors="null").iloc[0].isna().all()


# -- the gather: chunks, threads, packed codes -------------------------------------------------


def test_large_inputs_split_across_chunks_and_threads_agree_with_plain_takes() -> None:
    from portreg.bulk import port_columns
    from portreg.bulk.frames import annotation_columns, indexes_of
    from portreg.bulk.gather import CHUNK, PARALLEL_ROWS

    rows_ = PARALLEL_ROWS + CHUNK + 123  # two threads, and a short last chunk on each
    rng = np.random.default_rng(8)
    ports: Any = pd.Series(rng.integers(0, 65536, rows_), dtype="Int64")
    ports[rng.integers(0, rows_, 1000)] = pd.NA
    protocols = rng.choice(np.array([6, 17, 132, 33, 1, 300, -4]), rows_)
    frame = annotate(ports, protocols)
    index, _ = indexes_of(ports, protocols, "raise")
    plain = annotation_columns(port_columns(), index, list(frame.columns))
    for name in frame.columns:
        got: Any = frame[name].array
        want: Any = plain[name]
        if isinstance(got, pd.Categorical):
            assert got.dtype == want.dtype, name
            assert np.array_equal(got.codes, want.codes), name
        else:  # in_range: booleans with missing values
            assert np.array_equal(got.isna(), want.isna()), name
            assert np.array_equal(got.fillna(False), want.fillna(False)), name


def test_a_bad_port_in_the_second_thread_is_still_named() -> None:
    from portreg.bulk.gather import PARALLEL_ROWS

    ports = np.full(PARALLEL_ROWS + 10, 80, dtype=np.int64)
    ports[-3] = -7
    with pytest.raises(InvalidPortError, match=f"got -7 at position {len(ports) - 3}"):
        annotate(ports, 6)
    assert annotate(ports, 6, errors="null")["status"].isna().sum() == 1
