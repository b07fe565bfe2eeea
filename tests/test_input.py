"""What users may pass as a port, a protocol or a radius, and how the rest is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import portreg
from portreg import (
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    InvalidRadiusError,
    PortregError,
    Protocol,
    classify,
    lookup,
    neighbours,
)
from tests.strategies import ports, protocol_spellings, protocols


@pytest.mark.parametrize(
    ("given_port", "error", "builtin", "shown"),
    [
        (True, InputTypeError, TypeError, "True (bool)"),
        (3.5, InputTypeError, TypeError, "3.5 (float)"),
        (None, InputTypeError, TypeError, "None (NoneType)"),
        (b"80", InputTypeError, TypeError, "b'80' (bytes)"),
        (-1, InvalidPortError, ValueError, "-1"),
        (65536, InvalidPortError, ValueError, "65536"),
        ("abc", InvalidPortError, ValueError, "'abc'"),
        ("", InvalidPortError, ValueError, "''"),
        ("  ", InvalidPortError, ValueError, "'  '"),
        ("-1", InvalidPortError, ValueError, "'-1'"),
        ("+80", InvalidPortError, ValueError, "'+80'"),
        ("0x50", InvalidPortError, ValueError, "'0x50'"),
        ("8 0", InvalidPortError, ValueError, "'8 0'"),
        ("80/", InvalidProtocolError, ValueError, "''"),
        ("80/xyz", InvalidProtocolError, ValueError, "'xyz'"),
        ("/tcp", InvalidPortError, ValueError, "'/tcp'"),
        ("65536/tcp", InvalidPortError, ValueError, "'65536/tcp'"),
        ("\u0663", InvalidPortError, ValueError, "'\u0663'"),  # an Arabic-Indic digit
    ],
)
def test_bad_ports_are_refused_saying_what_was_given_and_what_is_accepted(
    given_port: object, error: type[PortregError], builtin: type[Exception], shown: str
) -> None:
    with pytest.raises(error) as caught:
        lookup(given_port)  # type: ignore[arg-type]
    assert isinstance(caught.value, builtin)
    assert isinstance(caught.value, PortregError)
    message = str(caught.value)
    assert shown in message
    assert "must be" in message  # ... and what is accepted
    assert "\n" not in message


def test_a_huge_digit_string_is_refused_quickly_and_shown_cut_short() -> None:
    with pytest.raises(InvalidPortError) as caught:
        lookup("9" * 1_000_000)
    assert len(str(caught.value)) < 200


@given(ports)
def test_ints_and_their_decimal_strings_answer_alike(port: int) -> None:
    assert lookup(str(port)) == lookup(port)
    assert lookup(f" {port} ") == lookup(port)


@given(ports, protocol_spellings)
def test_protocol_in_the_port_string_or_apart_answer_alike(
    port: int, protocol: Protocol | str
) -> None:
    name = protocol.value if isinstance(protocol, Protocol) else protocol
    assert lookup(f"{port}/{name}") == lookup(port, protocol)
    assert lookup(f"{port}/{name}", protocol) == lookup(port, protocol)


@given(ports, protocols, protocols)
def test_two_different_protocols_at_once_are_refused(
    port: int, first: Protocol, second: Protocol
) -> None:
    if first is second:
        return
    with pytest.raises(InvalidProtocolError, match="give the protocol once"):
        lookup(f"{port}/{first.value}", second)


@pytest.mark.parametrize("protocol", ["xyz", "", "tcpx", "ip"])
def test_unknown_protocols_are_refused(protocol: str) -> None:
    with pytest.raises(InvalidProtocolError, match="tcp, udp, sctp, dccp"):
        lookup(80, protocol)


@pytest.mark.parametrize("protocol", [6, True, b"tcp"])
def test_protocols_of_the_wrong_type_are_refused(protocol: object) -> None:
    with pytest.raises(InputTypeError, match="protocol must be"):
        lookup(80, protocol)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("radius", "error"),
    [
        (-1, InvalidRadiusError),
        (65536, InvalidRadiusError),
        (True, InputTypeError),
        (1.5, InputTypeError),
        ("5", InputTypeError),
    ],
)
def test_bad_radii_are_refused(radius: object, error: type[PortregError]) -> None:
    with pytest.raises(error, match="radius must be"):
        neighbours(305, radius)  # type: ignore[arg-type]


@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=65536)))
def test_every_out_of_range_int_is_refused_everywhere(port: int) -> None:
    for call in (lookup, classify, neighbours):
        with pytest.raises(InvalidPortError):
            call(port)


def test_every_error_is_exported_and_rooted_at_portreg_error() -> None:
    errors = [getattr(portreg, name) for name in portreg.__all__ if name.endswith("Error")]
    assert errors
    for error in errors:
        assert issubclass(error, PortregError)
