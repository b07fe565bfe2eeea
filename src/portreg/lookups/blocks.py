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
from collections.abc import Iterator, Sequence

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
        self._blocks: dict[Key, tuple[Block, ...]] = {}

    def _all_blocks(self, key: Key) -> tuple[Block, ...]:
        found = self._blocks.get(key)
        if found is None:
            runs = self._tables.blocks[_POSITION[key]]
            found = tuple(
                Block(first, last, STATUS_CODES[code], key)
                for first, last, code in zip(runs.firsts, runs.lasts, runs.statuses)
            )
            found = self._blocks.setdefault(key, found)
        return found

    def blocks(self, protocol: Key, range_class: RangeClass | None) -> tuple[Block, ...]:
        """The blocks on ``protocol`` (every transport for ``None``), clipped to a class."""
        found = self._all_blocks(protocol)
        if range_class is None:
            return found
        firsts = self._tables.blocks[_POSITION[protocol]].firsts
        low = bisect.bisect_right(firsts, range_class.first) - 1
        return tuple(_clipped(found[max(low, 0) :], range_class))

    def block_at(self, port: int, protocol: Key) -> Block | None:
        """The block ``port`` stands in, or ``None`` when it is assigned (or mixed)."""
        runs = self._tables.blocks[_POSITION[protocol]]
        position = bisect.bisect_right(runs.firsts, port) - 1
        if position < 0 or port > runs.lasts[position]:
            return None
        return self._all_blocks(protocol)[position]

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
