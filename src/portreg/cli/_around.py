"""The space around a port for the report: its block and the nearest assigned ports.

:attr:`PortInfo.block` and ``nearest_assigned_below``/``_above`` answer from an index
of every row, built on first use: about 0.2 s, several times the whole of
``portreg 305`` otherwise. The report asks the ports next door instead, through the
cheap per-port lookup, and walks at most :data:`WALK_LIMIT` ports each way; a port
deep inside a long block (or next to none) falls back to the library's index. The
tests check that both routes give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable

from portreg.blocks import Block
from portreg.model import Status
from portreg.portinfo import PortInfo
from portreg.ranges import RangeClass
from portreg.registries import registry

__all__ = ["WALK_LIMIT", "block_of", "nearest_assigned_above", "nearest_assigned_below"]

#: How far the report walks before it asks the library's index.
WALK_LIMIT = 64
_LAST_PORT = 65535


def _uniform_status(info: PortInfo) -> Status | None:
    """The one status of the port on the answer's transports, or ``None`` if they differ."""
    statuses = set(info.statuses.values())
    return statuses.pop() if len(statuses) == 1 else None


def block_of(info: PortInfo) -> Block | None:
    """:attr:`PortInfo.block`, cheaply where the block is short."""
    if info.is_assigned:
        return None
    status = _uniform_status(info)
    if status is None:
        return None
    if status is Status.DYNAMIC:
        # No row reaches into the Dynamic range, so its block is the whole range.
        return Block(RangeClass.DYNAMIC.first, RangeClass.DYNAMIC.last, status, info.protocol)
    first = _walk(info, -1, lambda other: _uniform_status(other) is status)
    last = _walk(info, +1, lambda other: _uniform_status(other) is status)
    if first is None or last is None:
        return info.block
    return Block(first, last, status, info.protocol)


def nearest_assigned_below(info: PortInfo) -> int | None:
    """:attr:`PortInfo.nearest_assigned_below`, cheaply where it is near."""
    return _nearest(info, -1)


def nearest_assigned_above(info: PortInfo) -> int | None:
    """:attr:`PortInfo.nearest_assigned_above`, cheaply where it is near."""
    return _nearest(info, +1)


def _nearest(info: PortInfo, step: int) -> int | None:
    port = info.port
    for _ in range(WALK_LIMIT):
        port += step
        if not 0 <= port <= _LAST_PORT:
            return None
        if registry().lookup(port, info.protocol).is_assigned:
            return port
    return info.nearest_assigned_below if step < 0 else info.nearest_assigned_above


def _walk(info: PortInfo, step: int, same: Callable[[PortInfo], bool]) -> int | None:
    """The last port from ``info.port`` going ``step`` for which ``same`` holds, or
    ``None`` when the walk reaches :data:`WALK_LIMIT` first."""
    port = info.port
    for _ in range(WALK_LIMIT):
        following = port + step
        if not 0 <= following <= _LAST_PORT or not same(
            registry().lookup(following, info.protocol)
        ):
            return port
        port = following
    return None
