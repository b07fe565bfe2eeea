"""The space between assignments: runs of ports that are not assigned, as :class:`Block`.

A block is a maximal run of consecutive ports that share one status other than
assigned (unassigned, reserved, de-registered or dynamic) on one transport, or on
every transport at once. Statuses are the ones :meth:`PortInfo.status
<portreg.PortInfo.status>` gives, port by port: the index is built by asking that
same rule once per stretch of ports over which the covering rows do not change, so
the two can never disagree.

Blocks are not cut at the range-class boundaries (1023/1024); asking for one range
class clips them to it. Over all transports a port belongs to a block only when every
transport gives it the same status: 300 is reserved on udp and assigned on tcp, so it
stands in no all-transport block, and a port reserved on udp but unassigned on tcp
stands in none either (ask with a protocol for those).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Optional

import attrs

from portreg.model import Assignment, Protocol, Status
from portreg.portinfo import PortInfo
from portreg.ranges import RangeClass, range_class_of

__all__ = ["Block", "BlockIndex"]

_LAST_PORT = 65535
# Only distinct per-port keys: a transport, or None for every transport at once.
_Key = Optional[Protocol]
_KEYS: tuple[_Key, ...] = (None, *Protocol)


@attrs.frozen
class Block:
    """A maximal run of consecutive ports sharing one status other than assigned.

    ``protocol`` is the transport the block is about, or ``None`` when the status
    holds on every transport. ``len(block)`` is its number of ports.
    """

    first: int
    last: int
    status: Status
    protocol: Protocol | None = None

    def __len__(self) -> int:
        return self.last - self.first + 1

    @property
    def ports(self) -> range:
        """The ports of the block."""
        return range(self.first, self.last + 1)

    @property
    def range_classes(self) -> tuple[RangeClass, ...]:
        """The range classes the block reaches into, lowest first."""
        return tuple(rc for rc in RangeClass if rc.first <= self.last and self.first <= rc.last)

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.first <= port <= self.last

    @property
    def port_text(self) -> str:
        """``301-307``, or ``4`` for a block of one port."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    def __str__(self) -> str:
        where = "every transport" if self.protocol is None else self.protocol.value
        size = "1 port" if len(self) == 1 else f"{len(self)} ports"
        return f"{self.port_text} {self.status.value} ({size}, {where})"


@attrs.frozen
class _Runs:
    """Disjoint sorted runs as parallel arrays, for bisecting."""

    firsts: tuple[int, ...]
    lasts: tuple[int, ...]


class BlockIndex:
    """Blocks and assigned runs for each transport and for all of them, built once."""

    def __init__(
        self, rows_at: Callable[[int], tuple[Assignment, ...]], spans: Sequence[Assignment]
    ):
        boundaries = {0, RangeClass.USER.first, RangeClass.DYNAMIC.first, _LAST_PORT + 1}
        for row in spans:
            if row.first is not None and row.last is not None:
                boundaries.add(row.first)
                boundaries.add(row.last + 1)
        starts = sorted(boundaries)
        # Runs as [first, last, status] lists, extended in place; Blocks are made at the end.
        blocks: dict[_Key, list[list[Any]]] = {key: [] for key in _KEYS}
        assigned: dict[_Key, list[list[int]]] = {key: [] for key in _KEYS}
        for first, next_first in zip(starts, starts[1:]):
            last = next_first - 1
            info = PortInfo(first, range_class_of(first), rows_at(first))
            statuses = {p: info.status(p) for p in Protocol}
            for key in _KEYS:
                if key is None:
                    distinct = set(statuses.values())
                    if Status.ASSIGNED in distinct:
                        status: Status | None = Status.ASSIGNED
                    else:
                        status = distinct.pop() if len(distinct) == 1 else None
                else:
                    status = statuses[key]
                if status is Status.ASSIGNED:
                    _extend_runs(assigned[key], first, last)
                elif status is not None:  # None: the transports disagree
                    _extend_blocks(blocks[key], first, last, status)
        self._blocks = {
            key: tuple(Block(first, last, status, key) for first, last, status in runs)
            for key, runs in blocks.items()
        }
        self._block_firsts = {
            key: tuple(b.first for b in found) for key, found in self._blocks.items()
        }
        self._assigned = {
            key: _Runs(tuple(r[0] for r in runs), tuple(r[1] for r in runs))
            for key, runs in assigned.items()
        }

    def blocks(
        self, protocol: Protocol | None, range_class: RangeClass | None
    ) -> tuple[Block, ...]:
        """The blocks on ``protocol`` (every transport for ``None``), clipped to a class."""
        found = self._blocks[protocol]
        if range_class is None:
            return found
        low = bisect.bisect_right(self._block_firsts[protocol], range_class.first) - 1
        return tuple(_clipped(found[max(low, 0) :], range_class))

    def block_at(self, port: int, protocol: Protocol | None) -> Block | None:
        """The block ``port`` stands in, or ``None`` when it is assigned (or mixed)."""
        position = bisect.bisect_right(self._block_firsts[protocol], port) - 1
        if position < 0:
            return None
        block = self._blocks[protocol][position]
        return block if port <= block.last else None

    def assigned_below(self, port: int, protocol: Protocol | None) -> int | None:
        """The highest port below ``port`` that is assigned (on ``protocol``), if any."""
        runs = self._assigned[protocol]
        position = bisect.bisect_left(runs.firsts, port) - 1
        return min(runs.lasts[position], port - 1) if position >= 0 else None

    def assigned_above(self, port: int, protocol: Protocol | None) -> int | None:
        """The lowest port above ``port`` that is assigned (on ``protocol``), if any."""
        runs = self._assigned[protocol]
        position = bisect.bisect_right(runs.lasts, port)
        return max(runs.firsts[position], port + 1) if position < len(runs.firsts) else None


def _extend_runs(runs: list[list[int]], first: int, last: int) -> None:
    if runs and runs[-1][1] == first - 1:
        runs[-1][1] = last
    else:
        runs.append([first, last])


def _extend_blocks(runs: list[list[Any]], first: int, last: int, status: Status) -> None:
    if runs and runs[-1][1] == first - 1 and runs[-1][2] is status:
        runs[-1][1] = last
    else:
        runs.append([first, last, status])


def _clipped(blocks: Sequence[Block], range_class: RangeClass) -> Iterator[Block]:
    for block in blocks:
        if block.first > range_class.last:
            break
        if block.last < range_class.first:
            continue
        first, last = max(block.first, range_class.first), min(block.last, range_class.last)
        yield (
            block
            if (first, last) == (block.first, block.last)
            else attrs.evolve(block, first=first, last=last)
        )
