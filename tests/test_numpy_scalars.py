"""The scalar API takes numpy's and pandas' integer scalars as ports, never their bools."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from portreg import InputTypeError, InvalidPortError, RangeClass, classify, lookup


@pytest.mark.parametrize(
    "port", [np.int64(443), np.int32(443), np.uint16(443), np.uint64(443), np.int16(443)]
)
def test_numpy_integer_scalars_are_ports(port: object) -> None:
    assert lookup(port, "tcp").preferred_name() == "https"  # type: ignore[arg-type]
    assert classify(port) is RangeClass.SYSTEM  # type: ignore[arg-type]


def test_a_pandas_series_element_is_a_port() -> None:
    flows = pd.Series([22, 53], dtype="int64")
    assert lookup(flows.iloc[0]).services == ("ssh",)
    assert lookup(pd.array([53], dtype="UInt16")[0], "udp").preferred_name() == "domain"


@pytest.mark.parametrize("flag", [np.bool_(True), np.bool_(False), True])
def test_bools_are_refused_in_every_form(flag: object) -> None:
    with pytest.raises(InputTypeError, match="port must be"):
        lookup(flag)  # type: ignore[arg-type]


@pytest.mark.parametrize("port", [np.float64(80.0), np.str_("x"), pd.NA])
def test_other_numpy_and_pandas_scalars_are_refused(port: object) -> None:
    with pytest.raises((InputTypeError, InvalidPortError)):
        lookup(port)  # type: ignore[arg-type]


def test_an_out_of_range_numpy_integer_is_refused() -> None:
    with pytest.raises(InvalidPortError, match="65536"):
        lookup(np.int64(65536))  # type: ignore[arg-type]
