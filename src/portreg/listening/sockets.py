"""What a socket bound on this machine is: :class:`Listener`, its family and state."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from portreg._public import public
from portreg.errors import PortregError
from portreg.records.vocabulary import Protocol

__all__ = ["AddressFamily", "Listener", "ListenersUnavailableError", "SocketState"]


@public
class ListenersUnavailableError(PortregError, OSError):
    """This machine's sockets cannot be listed: no ``/proc/net`` and no ``psutil``.

    The message says why, and what would make the check possible.
    """


@public
class AddressFamily(str, enum.Enum):
    """The address family of a socket."""

    IPV4 = "ipv4"
    IPV6 = "ipv6"

    def __str__(self) -> str:
        return self.value


@public
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


@public
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

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as each listener of ``portreg listeners --json``
        (docs/cli-json.md, Listener)."""
        return {
            "port": self.port,
            "protocol": self.protocol.value,
            "family": self.family.value,
            "address": self.address,
            "state": self.state.value,
            "pid": self.pid,
            "pids": list(self.pids),
            "process_name": self.process_name,
            "uid": self.uid,
            "remote_address": self.remote_address,
            "remote_port": self.remote_port,
        }

    def __str__(self) -> str:
        owner = (
            f" {self.process_name or '?'} (pid {', '.join(map(str, self.pids))})"
            if self.pids
            else ""
        )
        return f"{self.protocol.value} {self.endpoint} {self.state.value}{owner}"
