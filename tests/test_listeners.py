"""listeners(): real sockets on the loopback, found with this process's id; closed ones not."""

from __future__ import annotations

import os
import socket
import sys

import pytest

import portreg
import portreg.listening.listeners as listeners_module
from portreg import AddressFamily, Listener, ListenersUnavailableError, Protocol, SocketState

LINUX = sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp")


def _has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


FAMILIES = [
    pytest.param(socket.AF_INET, "127.0.0.1", AddressFamily.IPV4, id="ipv4"),
    pytest.param(
        socket.AF_INET6,
        "::1",
        AddressFamily.IPV6,
        id="ipv6",
        marks=pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here"),
    ),
]
KINDS = [
    pytest.param(socket.SOCK_STREAM, Protocol.TCP, SocketState.LISTEN, id="tcp"),
    pytest.param(socket.SOCK_DGRAM, Protocol.UDP, SocketState.UNCONNECTED, id="udp"),
]


def _open(family: int, kind: int, address: str) -> socket.socket:
    """A socket bound to a free port the kernel picks; TCP ones listening."""
    sock = socket.socket(family, kind)
    sock.bind((address, 0))
    if kind == socket.SOCK_STREAM:
        sock.listen()
    return sock


@pytest.fixture(params=["proc", "psutil"])
def source(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way of listing sockets this machine supports."""
    if request.param == "proc":
        if not LINUX:
            pytest.skip("no /proc/net here")
    else:
        pytest.importorskip("psutil")
        monkeypatch.setattr(listeners_module, "_proc_net_available", lambda: False)
    return str(request.param)


@pytest.mark.parametrize(("family", "address", "expected_family"), FAMILIES)
@pytest.mark.parametrize(("kind", "protocol", "state"), KINDS)
def test_an_open_socket_is_found_with_this_process(
    source: str,
    family: int,
    address: str,
    expected_family: AddressFamily,
    kind: int,
    protocol: Protocol,
    state: SocketState,
) -> None:
    with _open(family, kind, address) as sock:
        port = sock.getsockname()[1]
        found = portreg.listeners(port)
        ours = [item for item in found if item.protocol is protocol]
        assert len(ours) == 1, found
        listener = ours[0]
        assert listener.port == port
        assert listener.family is expected_family
        assert listener.address == address
        assert listener.state is state
        assert os.getpid() in listener.pids
        assert listener.process_name
        if source == "proc":
            assert listener.uid == os.getuid()
        # Asking for the other transport does not return it.
        other = Protocol.UDP if protocol is Protocol.TCP else Protocol.TCP
        assert listener not in portreg.listeners(port, other)
        assert listener in portreg.listeners(f"{port}/{protocol.value}")
        assert listener in portreg.listeners()
    assert [item for item in portreg.listeners(port) if item.protocol is protocol] == []


def test_a_connected_udp_socket_reports_its_peer(source: str) -> None:
    with (
        _open(socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1") as peer,
        _open(socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1") as sock,
    ):
        sock.connect(peer.getsockname())
        port = sock.getsockname()[1]
        (listener,) = portreg.listeners(port, "udp")
        assert listener.state is SocketState.ESTABLISHED
        assert (listener.remote_address, listener.remote_port) == peer.getsockname()


def test_a_tcp_connection_is_not_a_listener(source: str) -> None:
    with _open(socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1") as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        with client, accepted:
            client_port = client.getsockname()[1]
            assert portreg.listeners(client_port, "tcp") == ()
            server_port = server.getsockname()[1]
            assert [item.state for item in portreg.listeners(server_port, "tcp")] == [
                SocketState.LISTEN
            ]


def test_bad_input_is_refused_before_anything_is_read() -> None:
    with pytest.raises(portreg.InvalidPortError):
        portreg.listeners(70000)
    with pytest.raises(portreg.InvalidProtocolError):
        portreg.listeners("80/xyz")
    with pytest.raises(portreg.InputTypeError):
        portreg.listeners(True)


def test_without_proc_or_psutil_the_check_says_it_is_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(listeners_module, "_proc_net_available", lambda: False)
    monkeypatch.setitem(sys.modules, "psutil", None)  # makes `import psutil` fail
    with pytest.raises(ListenersUnavailableError, match=r"portreg\[psutil\]") as caught:
        portreg.listeners(80)
    assert isinstance(caught.value, portreg.PortregError)
    assert isinstance(caught.value, OSError)


def test_listener_is_a_frozen_record() -> None:
    listener = Listener(8080, Protocol.TCP, AddressFamily.IPV6, "::1", SocketState.LISTEN)
    assert listener.endpoint == "[::1]:8080"
    assert listener.pid is None
    with pytest.raises(AttributeError):
        listener.port = 1  # type: ignore[misc]
    assert hash(listener) == hash(
        Listener(8080, Protocol.TCP, AddressFamily.IPV6, "::1", SocketState.LISTEN)
    )


# -- the /proc/net parsers on fixed samples (independent of this machine) ---------------

# Lines in the kernel's format: 127.0.0.1:8080 listening (uid 1000, inode 4242), an
# established connection, and on udp6 [::1]:53 unconnected (its line continued with a
# backslash to fit the page). Addresses are written as a little-endian kernel prints them;
# the columns after the inode are left out.
TCP_SAMPLE = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242
   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4243
"""
UDP6_SAMPLE = """\
  sl  local_address                         remote_address                        st ...
  0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 \
00000000:00000000 00:00000000 00000000   101        0 777 2 0 0
"""
SCTP_SAMPLE = """\
 ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS
ffff8881 ffff8882 2   10  29   3868      0 9001 10.0.0.1 192.0.2.7
"""


@pytest.mark.skipif(sys.byteorder != "little", reason="the samples are little-endian")
def test_the_tcp_table_gives_listening_sockets_only() -> None:
    from portreg.listening.proc_net import parse_inet_table

    rows = parse_inet_table(TCP_SAMPLE, Protocol.TCP, AddressFamily.IPV4, 8080)
    assert rows == [
        (
            Listener(
                8080, Protocol.TCP, AddressFamily.IPV4, "127.0.0.1", SocketState.LISTEN, uid=1000
            ),
            4242,
        )
    ]
    assert parse_inet_table(TCP_SAMPLE, Protocol.TCP, AddressFamily.IPV4, 8081) == []


@pytest.mark.skipif(sys.byteorder != "little", reason="the samples are little-endian")
def test_the_udp6_table_decodes_ipv6_addresses() -> None:
    from portreg.listening.proc_net import parse_inet_table

    ((listener, inode),) = parse_inet_table(UDP6_SAMPLE, Protocol.UDP, AddressFamily.IPV6, None)
    assert (listener.address, listener.port, listener.state, listener.uid, inode) == (
        "::1",
        53,
        SocketState.UNCONNECTED,
        101,
        777,
    )


def test_the_sctp_table_gives_one_row_per_address() -> None:
    from portreg.listening.proc_net import parse_sctp_endpoints

    rows = parse_sctp_endpoints(SCTP_SAMPLE, 3868)
    assert [(r.address, r.port, r.state, inode) for r, inode in rows] == [
        ("10.0.0.1", 3868, SocketState.LISTEN, 9001),
        ("192.0.2.7", 3868, SocketState.LISTEN, 9001),
    ]
    assert parse_sctp_endpoints(SCTP_SAMPLE, 3869) == []


def test_the_function_is_not_shadowed_by_its_module() -> None:
    # The module is named apart from the function: importing it must leave
    # portreg.listeners the function (a module named "listeners" would replace it).
    assert listeners_module.listeners is portreg.listeners
    assert callable(portreg.listeners)
    assert portreg.Listener is Listener


def test_dccp_cannot_be_checked_and_says_so(source: str) -> None:
    # No source lists DCCP sockets: an empty answer would wrongly read "nothing here".
    assert portreg.Protocol.DCCP not in listeners_module.checked_protocols()
    with pytest.raises(ListenersUnavailableError, match="dccp"):
        portreg.listeners(80, "dccp")


def test_lines_in_an_unknown_format_are_skipped_not_fatal() -> None:
    from portreg.listening.proc_net import parse_inet_table, parse_sctp_endpoints

    damaged = TCP_SAMPLE + "   2: ZZZZ:1F90 00000000:0000 0A x x x x 1000 0 99\n   3: short\n"
    good = parse_inet_table(TCP_SAMPLE, Protocol.TCP, AddressFamily.IPV4, None)
    assert parse_inet_table(damaged, Protocol.TCP, AddressFamily.IPV4, None) == good
    assert parse_sctp_endpoints(SCTP_SAMPLE + "x y z w v not-a-port 0 1 10.0.0.9\n", None) == (
        parse_sctp_endpoints(SCTP_SAMPLE, None)
    )
