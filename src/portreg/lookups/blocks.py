"""Finding the space between assignments: the blocks of ports not assigned.

A block is a maximal run of consecutive ports that share one status other than
assigned (unassigned, reserved, de-registered or dynamic) on one transport, or on
every transport at once. Statuses come from the one rule every answer uses
(:func:`portreg.records.statuses.status_on`), asked once per stretch of ports over which
the covering rows do not change, so blocks and :meth:`PortInfo.status
<portreg.PortInfo.status>` can never disagree.

Blocks are not cut at the range-class boundaries (1023/1024); asking for one range
class clips them to it. Over all transports a port belongs to a block only when every
transport gives it the same status: 300 is reserved on udp and assigned on tcp, so it
stands in no all-transport block, and a port reserved on udp but unassigned on tcp
stands in none either (ask with a protocol for those).

Two routes give the same answers: :class:`BlockIndex` covers the whole port line
(built once, for :func:`portreg.unassigned`), and :class:`LocalWalk` walks out from
one port (for :attr:`PortInfo.block <portreg.PortInfo.block>` and the nearest
assigned ports, while the index is not built).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Optional

import attrs

from portreg.answers.block import Block
from portreg.records.assignment import Assignment
from portreg.records.ranges import RangeClass, range_class_of
from portreg.records.statuses import statuses_at
from portreg.records.vocabulary import MAX_PORT, Protocol, Status

__all__ = ["UNKNOWN", "BlockIndex", "LocalWalk"]

# Only distinct per-port keys: a transport, or None for every transport at once.
_Key = Optional[Protocol]
_KEYS: tuple[_Key, ...] = (None, *Protocol)


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
        boundaries = {0, RangeClass.USER.first, RangeClass.DYNAMIC.first, MAX_PORT + 1}
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
            statuses = statuses_at(first, rows_at(first))
            for key in _KEYS:
                status = _status_on(statuses, key)
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


def _status_on(statuses: dict[Protocol, Status], key: _Key) -> Status | None:
    """The status on one transport; for all of them (``None``), assigned if any is,
    else the one status they share, else ``None``."""
    if key is not None:
        return statuses[key]
    distinct = set(statuses.values())
    if Status.ASSIGNED in distinct:
        return Status.ASSIGNED
    return distinct.pop() if len(distinct) == 1 else None


class LocalWalk:
    """Blocks and nearest assigned ports found by walking out from one port.

    The full :class:`BlockIndex` decodes every row; a walk decodes only the rows of
    the stretches it crosses (a stretch: ports that the same rows cover), so one
    port's question costs a few lookups. A walk gives up after ``limit`` stretches
    (``None``), and the caller asks the index instead. Statuses come from the same
    rule as the index's, so the two routes agree (the tests check it).
    """

    def __init__(
        self,
        rows_at: Callable[[int], tuple[Assignment, ...]],
        stretch_at: Callable[[int], tuple[int, int]],
        limit: int = 64,
    ) -> None:
        self._rows_at = rows_at
        self._stretch_at = stretch_at
        self._limit = limit

    def _stretch(self, port: int) -> tuple[int, int]:
        # A range class boundary changes statuses too (dynamic above 49151).
        first, last = self._stretch_at(port)
        range_class = range_class_of(port)
        return max(first, range_class.first), min(last, range_class.last)

    def _status(self, port: int, key: _Key) -> Status | None:
        return _status_on(statuses_at(port, self._rows_at(port)), key)

    def block_at(self, port: int, key: _Key) -> Block | _Unknown | None:
        """The block ``port`` stands in; ``None`` if it stands in none; UNKNOWN if too far."""
        status = self._status(port, key)
        if status is None or status is Status.ASSIGNED:
            return None
        first, last = self._stretch(port)
        for _ in range(self._limit):
            if first == 0 or self._status(first - 1, key) is not status:
                break
            first = self._stretch(first - 1)[0]
        else:
            return UNKNOWN
        for _ in range(self._limit):
            if last == MAX_PORT or self._status(last + 1, key) is not status:
                break
            last = self._stretch(last + 1)[1]
        else:
            return UNKNOWN
        return Block(first, last, status, key)

    def assigned_below(self, port: int, key: _Key) -> int | _Unknown | None:
        """The highest assigned port below ``port``; UNKNOWN if too far to walk."""
        below = port - 1
        for _ in range(self._limit):
            if below < 0:
                return None
            if self._status(below, key) is Status.ASSIGNED:
                return below
            below = self._stretch(below)[0] - 1
        return UNKNOWN

    def assigned_above(self, port: int, key: _Key) -> int | _Unknown | None:
        """The lowest assigned port above ``port``; UNKNOWN if too far to walk."""
        above = port + 1
        for _ in range(self._limit):
            if above > MAX_PORT:
                return None
            if self._status(above, key) is Status.ASSIGNED:
                return above
            above = self._stretch(above)[1] + 1
        return UNKNOWN


class _Unknown(enum.Enum):
    """A walk that gave up: ask the full index."""

    UNKNOWN = "unknown"


UNKNOWN = _Unknown.UNKNOWN


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
