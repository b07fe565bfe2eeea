"""The sockets of this machine through ``psutil``, where ``/proc/net`` is not there.

``psutil`` is an optional dependency (``pip install 'portreg[psutil]'``); this module
is imported only once it is known to be installed. On some systems (macOS) listing
other users' sockets needs privileges: psutil then refuses, and so do we, saying so.
"""

from __future__ import annotations

import socket
from typing import Any

import attrs

from portreg.listening.sockets import (
    AddressFamily,
    Listener,
    ListenersUnavailableError,
    SocketState,
)
from portreg.records.vocabulary import Protocol

__all__ = ["read_listeners"]

_STATES = {
    "LISTEN": SocketState.LISTEN,
    "ESTABLISHED": SocketState.ESTABLISHED,
    "SYN_SENT": SocketState.SYN_SENT,
    "SYN_RECV": SocketState.SYN_RECV,
    "FIN_WAIT1": SocketState.FIN_WAIT1,
    "FIN_WAIT2": SocketState.FIN_WAIT2,
    "TIME_WAIT": SocketState.TIME_WAIT,
    "CLOSE": SocketState.CLOSE,
    "CLOSE_WAIT": SocketState.CLOSE_WAIT,
    "LAST_ACK": SocketState.LAST_ACK,
    "CLOSING": SocketState.CLOSING,
}


def read_listeners(psutil: Any, port: int | None, protocol: Protocol | None) -> list[Listener]:
    """The sockets bound to ``port`` (all when ``None``), as :mod:`.proc_net` gives them."""
    try:
        connections = psutil.net_connections(kind="inet")
    except psutil.AccessDenied:
        raise ListenersUnavailableError(
            "cannot list this machine's sockets: the system refused psutil access "
            "(listing every process's sockets needs administrator rights here)"
        ) from None
    found = []
    names: dict[int, str | None] = {}
    for connection in connections:
        listener = _listener(connection, port, protocol)
        if listener is None:
            continue
        pid = connection.pid
        if pid:
            if pid not in names:
                names[pid] = _process_name(psutil, pid)
            listener = attrs.evolve(listener, pids=(pid,), process_name=names[pid])
        found.append(listener)
    return found


def _listener(connection: Any, port: int | None, protocol: Protocol | None) -> Listener | None:
    if not connection.laddr:
        return None
    address, local_port = connection.laddr[0], connection.laddr[1]
    if port is not None and local_port != port:
        return None
    if connection.type == socket.SOCK_STREAM:
        kind = Protocol.TCP
    elif connection.type == socket.SOCK_DGRAM:
        kind = Protocol.UDP
    else:
        return None
    if protocol is not None and kind is not protocol:
        return None
    family = AddressFamily.IPV6 if connection.family == socket.AF_INET6 else AddressFamily.IPV4
    remote = connection.raddr or None
    if kind is Protocol.TCP:
        state = _STATES.get(connection.status)
        if state is not SocketState.LISTEN:
            return None
    else:
        state = SocketState.ESTABLISHED if remote else SocketState.UNCONNECTED
    return Listener(
        port=local_port,
        protocol=kind,
        family=family,
        address=address,
        state=state,
        remote_address=remote[0] if remote else None,
        remote_port=remote[1] if remote else None,
    )


def _process_name(psutil: Any, pid: int) -> str | None:
    try:
        name = psutil.Process(pid).name()
    except (psutil.Error, OSError):
        return None
    return str(name) if name else None
