"""What is bound to a port on this machine: :func:`listeners`.

The question people otherwise answer with ``lsof -i :PORT``, ``ss -lntup`` or
``netstat -anp``. Where the answer comes from, in order:

1. Linux: the kernel's socket tables under ``/proc/net`` (``tcp``, ``tcp6``, ``udp``,
   ``udp6``, and ``sctp/eps`` when SCTP is loaded), read in pure Python. Sockets are
   matched to processes through ``/proc/<pid>/fd``; other users' processes are only
   visible with the privileges to read their file descriptors (root, or
   ``CAP_SYS_PTRACE``), so ``pid`` may be ``None`` while ``uid`` is always known.
   ``/proc/net`` shows the network namespace of the calling process: inside a
   container, the container's sockets.
2. Elsewhere: ``psutil``, when it is installed (``pip install 'portreg[psutil]'``).
3. Otherwise :class:`ListenersUnavailableError`, saying why: portreg never guesses.

What counts as "bound to the port": TCP sockets listening on it, UDP sockets bound to
it (connected or not) and SCTP endpoints on it. Established TCP connections are not
listeners: an accepted connection shares its server's port, and a busy server has
thousands. Raw sockets have no port, and Linux has no table for DCCP sockets.
"""

from __future__ import annotations

import enum
import sys

import attrs

from portreg._input import PortLike, ProtocolLike, parse_optional_protocol, parse_port_and_protocol
from portreg.errors import PortregError
from portreg.model import Protocol

__all__ = [
    "AddressFamily",
    "Listener",
    "ListenersUnavailableError",
    "SocketState",
    "listeners",
]


class ListenersUnavailableError(PortregError, OSError):
    """This machine's sockets cannot be listed: no ``/proc/net`` and no ``psutil``.

    The message says why, and what would make the check possible.
    """


class AddressFamily(str, enum.Enum):
    """The address family of a socket."""

    IPV4 = "ipv4"
    IPV6 = "ipv6"

    def __str__(self) -> str:
        return self.value


class SocketState(str, enum.Enum):
    """A socket's state, as the kernel names it (TCP's states, and UDP's two).

    Values are the names ``ss`` and ``netstat`` print, lowercased.
    """

    LISTEN = "listen"
    #: A UDP socket bound to a port but not connected to one peer (``UNCONN`` in ss).
    UNCONNECTED = "unconnected"
    ESTABLISHED = "established"
    SYN_SENT = "syn-sent"
    SYN_RECV = "syn-recv"
    FIN_WAIT1 = "fin-wait-1"
    FIN_WAIT2 = "fin-wait-2"
    TIME_WAIT = "time-wait"
    CLOSE = "close"
    CLOSE_WAIT = "close-wait"
    LAST_ACK = "last-ack"
    CLOSING = "closing"
    NEW_SYN_RECV = "new-syn-recv"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(order=True)
class Listener:
    """One socket bound to a port on this machine.

    ``pids`` are every process holding the socket open that the caller may see, in
    ascending order (a forking server shares its listening socket with its workers);
    empty when none is visible. ``uid`` is the socket's owner as the kernel records
    it, ``None`` where the source does not say. ``address`` is the local address as
    text (``"0.0.0.0"`` and ``"::"`` mean every address of the family).
    """

    port: int
    protocol: Protocol
    family: AddressFamily
    address: str
    state: SocketState
    pids: tuple[int, ...] = ()
    process_name: str | None = None
    uid: int | None = None
    remote_address: str | None = None
    remote_port: int | None = None

    @property
    def pid(self) -> int | None:
        """The lowest id of a process holding the socket, or ``None`` if none is visible."""
        return self.pids[0] if self.pids else None

    @property
    def endpoint(self) -> str:
        """``127.0.0.1:8080`` or ``[::1]:8080``, as ``ss`` writes them."""
        host = f"[{self.address}]" if self.family is AddressFamily.IPV6 else self.address
        return f"{host}:{self.port}"

    def __str__(self) -> str:
        owner = (
            f" {self.process_name or '?'} (pid {', '.join(map(str, self.pids))})"
            if self.pids
            else ""
        )
        return f"{self.protocol.value} {self.endpoint} {self.state.value}{owner}"


def listeners(
    port: PortLike | None = None, protocol: ProtocolLike | None = None
) -> tuple[Listener, ...]:
    """The sockets on this machine bound to ``port`` (every port when ``None``).

    ``port`` may name a protocol (``"53/udp"``) or take it from ``protocol``. The
    answer is sorted by port, protocol, family and address; it is a fresh reading
    each time. Raises :class:`ListenersUnavailableError` where sockets cannot be
    listed (see the module's documentation for the sources tried).

    >>> import socket
    >>> server = socket.create_server(("127.0.0.1", 0))
    >>> port = server.getsockname()[1]
    >>> [(l.address, l.state.value) for l in listeners(port, "tcp")]
    [('127.0.0.1', 'listen')]
    >>> server.close()
    >>> listeners(port, "tcp")
    ()
    """
    if port is None:
        number, chosen = None, parse_optional_protocol(protocol)
    else:
        number, chosen = parse_port_and_protocol(port, protocol)
    found = _read_sockets(number, chosen)
    return tuple(sorted(found))


def listeners_source() -> str:
    """Where :func:`listeners` would read from here: a short phrase for reports.

    Raises :class:`ListenersUnavailableError` when it could not read at all.
    """
    if _proc_net_available():
        return "the kernel's socket tables in /proc/net"
    _import_psutil()
    return "psutil"


def _read_sockets(port: int | None, protocol: Protocol | None) -> list[Listener]:
    if _proc_net_available():
        from portreg import _proc_net

        return _proc_net.read_listeners(port, protocol)
    psutil = _import_psutil()
    from portreg import _psutil_sockets

    return _psutil_sockets.read_listeners(psutil, port, protocol)


def _proc_net_available() -> bool:
    import os

    return sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp")


def _import_psutil() -> object:
    try:
        import psutil
    except ImportError:
        raise ListenersUnavailableError(
            f"cannot list this machine's sockets on {sys.platform}: there is no Linux "
            "/proc/net here and psutil is not installed; install it with "
            "pip install 'portreg[psutil]'"
        ) from None
    return psutil
