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

The runs are computed once with the registry's other tables
(:func:`portreg.lookups.tables.build_port_tables`); :class:`BlockIndex` turns them
into :class:`~portreg.Block` answers and bisects them for one port's block and its
nearest assigned ports.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

import attrs

from portreg.answers.block import Block
from portreg.records.ranges import RangeClass
from portreg.sources.tables import KEYS, STATUS_CODES, Key, PortTables

__all__ = ["BlockIndex"]

_POSITION = {key: k for k, key in enumerate(KEYS)}


class BlockIndex:
    """Blocks and assigned runs for each transport and for all of them."""

    def __init__(self, tables: PortTables) -> None:
        self._tables = tables
        # Each key's blocks, made the first time each is asked for.
        self._made: dict[Key, list[Block | None]] = {}

    def _block(self, key: Key, position: int) -> Block:
        made = self._made.get(key)
        if made is None:
            count = len(self._tables.blocks[_POSITION[key]].firsts)
            made = self._made.setdefault(key, [None] * count)
        block = made[position]
        if block is None:
            runs = self._tables.blocks[_POSITION[key]]
            code = runs.statuses[position]
            block = Block(runs.firsts[position], runs.lasts[position], STATUS_CODES[code], key)
            made[position] = block  # a race at worst makes an equal block twice
        return block

    def blocks(self, protocol: Key, range_class: RangeClass | None) -> tuple[Block, ...]:
        """The blocks on ``protocol`` (every transport for ``None``), clipped to a class."""
        runs = self._tables.blocks[_POSITION[protocol]]
        if range_class is None:
            return tuple(self._block(protocol, p) for p in range(len(runs.firsts)))
        # Only the blocks that reach into the class are made.
        low = max(bisect.bisect_right(runs.firsts, range_class.first) - 1, 0)
        high = bisect.bisect_right(runs.firsts, range_class.last)
        found = (self._block(protocol, p) for p in range(low, high))
        return tuple(_clipped(found, range_class))

    def block_at(self, port: int, protocol: Key) -> Block | None:
        """The block ``port`` stands in, or ``None`` when it is assigned (or mixed)."""
        runs = self._tables.blocks[_POSITION[protocol]]
        position = bisect.bisect_right(runs.firsts, port) - 1
        if position < 0 or port > runs.lasts[position]:
            return None
        return self._block(protocol, position)

    def assigned_below(self, port: int, protocol: Key) -> int | None:
        """The highest port below ``port`` that is assigned (on ``protocol``), if any."""
        runs = self._tables.assigned[_POSITION[protocol]]
        position = bisect.bisect_left(runs.firsts, port) - 1
        return min(runs.lasts[position], port - 1) if position >= 0 else None

    def assigned_above(self, port: int, protocol: Key) -> int | None:
        """The lowest port above ``port`` that is assigned (on ``protocol``), if any."""
        runs = self._tables.assigned[_POSITION[protocol]]
        position = bisect.bisect_right(runs.lasts, port)
        return max(runs.firsts[position], port + 1) if position < len(runs.firsts) else None


def _clipped(blocks: Iterable[Block], range_class: RangeClass) -> Iterator[Block]:
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
