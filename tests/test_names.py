"""Service names: ServiceInfo, canonical names and aliases, unknown names."""

from __future__ import annotations

import pytest

import portreg
from portreg import Protocol, Status, UnknownServiceError, lookup, service


def _places(name: str) -> set[tuple[str, str]]:
    return {
        (a.port_text, a.protocol.value if a.protocol else "")
        for a in service(name).assignments
        if a.first is not None
    }


def test_http_in_any_case_is_on_80_tcp_udp_sctp() -> None:
    assert {("80", "tcp"), ("80", "udp"), ("80", "sctp")} <= _places("HTTP")
    assert service("HTTP") is service("http")
    assert service("Http").name == "http"


def test_the_issues_examples() -> None:
    assert _places("novastorbakcup") == {("308", "tcp"), ("308", "udp")}
    x11 = service("x11")
    assert {(a.first, a.last) for a in x11.assignments} == {(6000, 6063)}
    assert {a.protocol for a in x11.assignments} == {Protocol.TCP, Protocol.UDP}
    assert service("www").canonical == "http"
    assert service("www-http").canonical == "http"
    assert {"www", "www-http"} <= set(service("http").aliases)
    assert service("http").canonical == "http"


def test_compressnet_held_2_and_3_until_2025_02_13() -> None:
    info = service("compressnet")
    assert not info.has_port
    assert info.assignments
    assert all(a.first is None for a in info.assignments)
    assert info.former_ports == (2, 3)
    dates = {str(e.date) for e in info.history}
    assert dates == {"2025-02-13"}
    assert lookup(2, "tcp").status() is Status.RESERVED


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UnknownServiceError) as caught:
        service("postgres")
    assert "postgresql" in caught.value.suggestions
    assert "postgresql" in str(caught.value)
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, portreg.PortregError)


def test_preferred_name_of_80_tcp_is_http() -> None:
    assert lookup(80, "tcp").preferred_name() == "http"
    assert lookup(80).preferred_name("tcp") == "http"
    assert lookup(305).preferred_name() is None
