"""Linux's socket tables under ``/proc/net``, read in pure Python.

``/proc/net/tcp`` and friends print one socket a line: addresses as hex in the
kernel's byte order, the state as a hex code, the owner's uid and the socket's inode.
Processes are found by the inode: each open socket shows in ``/proc/<pid>/fd`` as a
link to ``socket:[<inode>]``. The parsers take text, so they are tested on fixed
samples as well as on this machine's live tables.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator

import attrs

from portreg.listening.sockets import AddressFamily, Listener, SocketState
from portreg.records.vocabulary import Protocol

__all__ = ["parse_inet_table", "parse_sctp_endpoints", "read_listeners"]

# include/net/tcp_states.h
_TCP_STATES = {
    0x01: SocketState.ESTABLISHED,
    0x02: SocketState.SYN_SENT,
    0x03: SocketState.SYN_RECV,
    0x04: SocketState.FIN_WAIT1,
    0x05: SocketState.FIN_WAIT2,
    0x06: SocketState.TIME_WAIT,
    0x07: SocketState.CLOSE,
    0x08: SocketState.CLOSE_WAIT,
    0x09: SocketState.LAST_ACK,
    0x0A: SocketState.LISTEN,
    0x0B: SocketState.CLOSING,
    0x0C: SocketState.NEW_SYN_RECV,
}
_SCTP_LISTEN = 10  # SCTP_SS_LISTENING, as /proc/net/sctp/eps prints the socket state

_INET_TABLES = (
    ("tcp", Protocol.TCP, AddressFamily.IPV4),
    ("tcp6", Protocol.TCP, AddressFamily.IPV6),
    ("udp", Protocol.UDP, AddressFamily.IPV4),
    ("udp6", Protocol.UDP, AddressFamily.IPV6),
)

#: One socket as the tables give it, before processes are attached:
#: (listener without pids, inode).
_Row = tuple[Listener, int]


def read_listeners(port: int | None, protocol: Protocol | None) -> list[Listener]:
    """The sockets bound to ``port`` (all when ``None``) on ``protocol`` (all when ``None``)."""
    rows: list[_Row] = []
    for name, table_protocol, family in _INET_TABLES:
        if protocol is not None and protocol is not table_protocol:
            continue
        text = _read_text(f"/proc/net/{name}")
        if text is not None:
            rows += parse_inet_table(text, table_protocol, family, port)
    if protocol in (None, Protocol.SCTP):
        text = _read_text("/proc/net/sctp/eps")
        if text is not None:
            rows += parse_sctp_endpoints(text, port)
    owners = _processes_holding({inode for _, inode in rows if inode})
    result = []
    for listener, inode in rows:
        pids = owners.get(inode, ())
        if pids:
            listener = attrs.evolve(listener, pids=pids, process_name=_process_name(pids[0]))
        result.append(listener)
    return result


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as table:
            return table.read()
    except OSError:  # the table does not exist here (no IPv6, no SCTP module)
        return None


def parse_inet_table(
    text: str, protocol: Protocol, family: AddressFamily, port: int | None
) -> list[_Row]:
    """The bound sockets in one of ``/proc/net/{tcp,tcp6,udp,udp6}``.

    TCP sockets count when listening; UDP sockets whenever bound to a port.
    """
    rows = []
    for line in text.splitlines()[1:]:
        try:
            row = _inet_row(line.split(), protocol, family, port)
        except (ValueError, IndexError):  # a line in a format we do not know: skip it
            continue
        if row is not None:
            rows.append(row)
    return rows


def _inet_row(
    fields: list[str], protocol: Protocol, family: AddressFamily, port: int | None
) -> _Row | None:
    """One line's socket, or ``None`` when it is not a bound socket on ``port``."""
    if len(fields) < 10:
        return None
    local_address, local_port = _endpoint(fields[1])
    if port is not None and local_port != port:
        return None
    code = int(fields[3], 16)
    if protocol is Protocol.TCP:
        if code != 0x0A:
            return None
        state = SocketState.LISTEN
    elif code == 0x01:
        state = SocketState.ESTABLISHED
    else:
        state = SocketState.UNCONNECTED
    remote_address, remote_port = _endpoint(fields[2])
    connected = state is SocketState.ESTABLISHED
    listener = Listener(
        port=local_port,
        protocol=protocol,
        family=family,
        address=local_address,
        state=state,
        uid=int(fields[7]),
        remote_address=remote_address if connected else None,
        remote_port=remote_port if connected else None,
    )
    return listener, int(fields[9])


def parse_sctp_endpoints(text: str, port: int | None) -> list[_Row]:
    """The endpoints in ``/proc/net/sctp/eps``: one row per local address.

    Columns: ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS...; the addresses are
    printed as text, IPv6 ones with a colon.
    """
    rows: list[_Row] = []
    for line in text.splitlines()[1:]:
        try:
            rows += _sctp_rows(line.split(), port)
        except (ValueError, IndexError):  # a line in a format we do not know: skip it
            continue
    return rows


def _sctp_rows(fields: list[str], port: int | None) -> list[_Row]:
    """One endpoint's rows, a row per local address; none when not on ``port``."""
    if len(fields) < 9:
        return []
    local_port = int(fields[5])
    if port is not None and local_port != port:
        return []
    state = SocketState.LISTEN if int(fields[3]) == _SCTP_LISTEN else SocketState.CLOSE
    rows: list[_Row] = []
    for address in fields[8:]:
        address = address.lstrip("*")  # the primary address is starred on some kernels
        family = AddressFamily.IPV6 if ":" in address else AddressFamily.IPV4
        listener = Listener(
            port=local_port,
            protocol=Protocol.SCTP,
            family=family,
            address=address,
            state=state,
            uid=int(fields[6]),
        )
        rows.append((listener, int(fields[7])))
    return rows


def _endpoint(text: str) -> tuple[str, int]:
    """``0100007F:1F90`` -> ``("127.0.0.1", 8080)``."""
    import ipaddress

    address_hex, _, port_hex = text.partition(":")
    raw = bytes.fromhex(address_hex)
    if sys.byteorder == "little":
        # The kernel prints each 32-bit word of the address as a host-order integer.
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(raw)), int(port_hex, 16)


def _processes_holding(inodes: set[int]) -> dict[int, tuple[int, ...]]:
    """For each socket inode, the ids of the processes with it open that we may see."""
    if not inodes:
        return {}
    holders: dict[int, list[int]] = {}
    for pid in _pids():
        for inode in _socket_inodes_of(pid):
            if inode in inodes:
                holders.setdefault(inode, []).append(pid)
    return {inode: tuple(sorted(pids)) for inode, pids in holders.items()}


def _pids() -> Iterator[int]:
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    yield from (int(entry) for entry in entries if entry.isdigit())


def _socket_inodes_of(pid: int) -> Iterable[int]:
    directory = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(directory)
    except OSError:  # another user's process, or one that has just exited
        return ()
    inodes = []
    for fd in fds:
        try:
            target = os.readlink(f"{directory}/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.append(int(target[8:-1]))
    return inodes


def _process_name(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
            return comm.read().strip() or None
    except OSError:
        return None
