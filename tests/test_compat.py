"""portreg.compat: socket's getservbyport and getservbyname, answered from IANA's registry.

The arguments, return types and exceptions are checked against the real socket
functions side by side; the answers against portreg's own lookups.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import Protocol, Registry, lookup, registry, service, use_registry
from portreg.compat import getservbyname, getservbyport
from tests.iana_files import SMALL_XML

# Calls that are refused the same way whatever /etc/services holds.
REFUSED_BY_PORT: list[tuple[Any, ...]] = [
    (-1,),
    (65536,),
    (2**40,),
    (-(2**40),),
    ("80",),
    (80.0,),
    (None,),
    (80, b"tcp"),
    (80, 3),
    (80, "tcp\0x"),
    (1, "no-such-protocol"),
    (1, "TCP"),
]
REFUSED_BY_NAME: list[tuple[Any, ...]] = [
    (b"http",),
    (80,),
    (None,),
    ("http", b"tcp"),
    ("http\0x",),
    ("no-such-service-anywhere",),
    ("http", "no-such-protocol"),
]


def _outcome(function: Callable[..., object], args: tuple[Any, ...]) -> tuple[str, str]:
    try:
        return ("returned", type(function(*args)).__name__)
    except Exception as exc:  # the point is to compare whatever is raised
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("args", REFUSED_BY_PORT, ids=repr)
def test_getservbyport_refuses_as_socket_does(args: tuple[Any, ...]) -> None:
    assert _outcome(getservbyport, args) == _outcome(socket.getservbyport, args)


@pytest.mark.parametrize("args", REFUSED_BY_NAME, ids=repr)
def test_getservbyname_refuses_as_socket_does(args: tuple[Any, ...]) -> None:
    assert _outcome(getservbyname, args) == _outcome(socket.getservbyname, args)


def test_what_socket_accepts_as_a_port_is_accepted() -> None:
    np = pytest.importorskip("numpy")
    for port in (80, True, np.int64(80), np.uint16(80)):
        assert type(getservbyport(port)) is str
        assert getservbyport(port) == getservbyport(int(port))


@settings(max_examples=500)
@given(st.integers(0, 65535), st.sampled_from([None, *Protocol]))
def test_getservbyport_names_the_preferred_name(port: int, protocol: Protocol | None) -> None:
    expected = lookup(port, protocol).preferred_name()
    args = (port,) if protocol is None else (port, protocol.value)
    if expected is None:
        with pytest.raises(OSError, match="port/proto not found"):
            getservbyport(*args)
    else:
        assert getservbyport(*args) == expected


def test_every_port_on_tcp_agrees_with_lookup() -> None:
    for port in range(65536):
        expected = lookup(port, "tcp").preferred_name()
        try:
            found: str | None = getservbyport(port, "tcp")
        except OSError:
            found = None
        assert found == expected, port


@settings(max_examples=300)
@given(st.sampled_from(registry().service_names()), st.sampled_from([None, *Protocol]))
def test_getservbyname_gives_a_port_the_name_is_assigned_on(
    name: str, protocol: Protocol | None
) -> None:
    args = (name,) if protocol is None else (name, protocol.value)
    try:
        port = getservbyname(*args)
    except OSError:
        info = service(name)
        assert not [
            p for p in info.ports if protocol is None or name in lookup(p, protocol).services
        ]
        return
    assert name in lookup(port, protocol).services


def test_well_known_answers() -> None:
    assert getservbyport(3306, "tcp") == "mysql"
    assert getservbyport(80) == "http"
    assert getservbyport(80, None) == "http"
    assert getservbyport(9, "sctp") == "discard"
    assert getservbyname("http", "tcp") == 80
    assert getservbyname("www") == 80
    assert getservbyname("x11", "tcp") == 6000
    with pytest.raises(OSError, match="service/proto not found"):
        getservbyname("HTTP")  # names are matched exactly, as the C library does
    with pytest.raises(OSError, match="service/proto not found"):
        getservbyname("postgres")  # an /etc/services alias, not an IANA name


def test_the_registry_in_use_answers() -> None:
    mine = Registry.from_file(SMALL_XML)
    try:
        use_registry(mine)
        with pytest.raises(OSError, match="port/proto not found"):
            getservbyport(443, "tcp")  # not in the small registry
        assert getservbyport(300, "tcp") == "tacacss"
    finally:
        use_registry(None)
    assert getservbyport(443, "tcp") == "https"
