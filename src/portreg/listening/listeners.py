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

import os
import sys

from portreg._public import public
from portreg.listening.results import Listeners
from portreg.listening.sockets import Listener, ListenersUnavailableError
from portreg.records.inputs import (
    PortLike,
    ProtocolLike,
    parse_optional_protocol,
    parse_port_and_protocol,
)
from portreg.records.vocabulary import Protocol

__all__ = ["checked_protocols", "listeners", "listeners_source"]


@public
def listeners(port: PortLike | None = None, protocol: ProtocolLike | None = None) -> Listeners:
    """The sockets on this machine bound to ``port`` (every port when ``None``).

    ``port`` may name a protocol (``"53/udp"``) or take it from ``protocol``. The
    answer, a :class:`~portreg.Listeners` tuple (a table in a notebook), is sorted by
    port, protocol, family and address; it is a fresh reading each time. Raises
    :class:`ListenersUnavailableError` where sockets cannot be listed (see the
    module's documentation for the sources tried).

    >>> import socket
    >>> server = socket.create_server(("127.0.0.1", 0))
    >>> port = server.getsockname()[1]
    >>> [(l.address, l.state.value) for l in listeners(port, "tcp")]
    [('127.0.0.1', 'listen')]
    >>> server.close()
    >>> listeners(port, "tcp") == ()
    True
    """
    if port is None:
        number, chosen = None, parse_optional_protocol(protocol)
    else:
        number, chosen = parse_port_and_protocol(port, protocol)
    if chosen is not None and chosen not in checked_protocols():
        # An empty answer would read as "nothing listens": say that we cannot tell.
        raise ListenersUnavailableError(
            f"cannot list {chosen.value} sockets here: {listeners_source()} lists only "
            f"{', '.join(p.value for p in checked_protocols())} sockets"
        )
    found = _read_sockets(number, chosen)
    return Listeners(sorted(found))


def checked_protocols() -> tuple[Protocol, ...]:
    """The transports :func:`listeners` can see here: tcp and udp, and sctp on Linux
    with SCTP loaded. No source lists DCCP sockets.

    Raises :class:`ListenersUnavailableError` when it could not read at all.
    """
    if _proc_net_available():
        sctp = os.path.exists("/proc/net/sctp/eps")
        return (Protocol.TCP, Protocol.UDP, Protocol.SCTP) if sctp else (Protocol.TCP, Protocol.UDP)
    _import_psutil()
    return (Protocol.TCP, Protocol.UDP)


def listeners_source() -> str:
    """Where :func:`listeners` would read from here: a short phrase for reports.

    Raises :class:`ListenersUnavailableError` when it could not read at all.
    """
    if _proc_net_available():
        return "Linux's /proc/net"
    _import_psutil()
    return "psutil"


def _read_sockets(port: int | None, protocol: Protocol | None) -> list[Listener]:
    if _proc_net_available():
        from portreg.listening import proc_net

        return proc_net.read_listeners(port, protocol)
    psutil = _import_psutil()
    from portreg.listening import psutil_backend

    return psutil_backend.read_listeners(psutil, port, protocol)


def _proc_net_available() -> bool:
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
