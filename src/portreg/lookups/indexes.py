"""The indexes a registry builds over every row, each on first use, once, under a lock.

A plain :func:`~portreg.lookup` needs none of them: it decodes only the rows that
cover the port asked about. Names, history, search and the unassigned blocks need
every row, so each is built the first time one of its questions is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from portreg._locks import ForkSafeLock
from portreg.errors import UnknownServiceError
from portreg.records.inputs import parse_service_name, shown

if TYPE_CHECKING:
    from portreg.answers.block import Block
    from portreg.answers.history import HistoryEvent
    from portreg.answers.service import ServiceInfo
    from portreg.lookups.blocks import BlockIndex, LocalWalk
    from portreg.lookups.names import NameIndex
    from portreg.lookups.search import SearchIndex
    from portreg.records.assignment import Assignment
    from portreg.records.vocabulary import Protocol

__all__ = ["DerivedIndexes"]


class DerivedIndexes:
    """The lazily built indexes of one registry."""

    def __init__(
        self,
        rows_at: Callable[[int], tuple[Assignment, ...]],
        stretch_at: Callable[[int], tuple[int, int]],
        every_row: Callable[[], tuple[Assignment, ...]],
    ) -> None:
        # Only these three of the registry's: the rows covering a port, the stretch of
        # ports the same rows cover, and every row (decoded all at once).
        self._rows_at = rows_at
        self._stretch_at = stretch_at
        self._every_row = every_row
        self._lock = ForkSafeLock(reentrant=True)
        self._rows: tuple[Assignment, ...] | None = None
        self._history: dict[str, tuple[HistoryEvent, ...]] | None = None
        self._names: NameIndex | None = None
        self._search: SearchIndex | None = None
        self._blocks: BlockIndex | None = None
        self._walk: LocalWalk | None = None
        #: Answers by the exact string asked for, so a repeated question is one probe.
        self.services_by_given_name: dict[str, ServiceInfo] = {}

    def rows(self) -> tuple[Assignment, ...]:
        """Every row, decoded."""
        rows = self._rows
        if rows is None:
            with self._lock:
                if self._rows is None:
                    self._rows = self._every_row()
                rows = self._rows
        return rows

    def history(self) -> dict[str, tuple[HistoryEvent, ...]]:
        """History events filed under each name they involve (lowercase)."""
        history = self._history
        if history is None:
            with self._lock:
                if self._history is None:
                    from portreg.answers.history import history_by_name

                    self._history = history_by_name(self.rows())
                history = self._history
        return history

    def names(self) -> NameIndex:
        """The service-name index."""
        names = self._names
        if names is None:
            with self._lock:
                if self._names is None:
                    from portreg.lookups.names import NameIndex

                    self._names = NameIndex(self.rows(), self.history())
                names = self._names
        return names

    def search(self) -> SearchIndex:
        """The full-text index."""
        index = self._search
        if index is None:
            with self._lock:
                if self._search is None:
                    from portreg.lookups.search import SearchIndex

                    self._search = SearchIndex(self.rows())
                index = self._search
        return index

    def blocks(self) -> BlockIndex:
        """The unassigned blocks and assigned runs of every transport."""
        index = self._blocks
        if index is None:
            with self._lock:
                if self._blocks is None:
                    from portreg.lookups.blocks import BlockIndex

                    self._blocks = BlockIndex(self._rows_at, self.rows())
                index = self._blocks
        return index

    # One port's block and nearest assigned ports: walked from the port while the
    # block index is not built (a report on one port should not read every row),
    # answered by the index once it is, or when the walk would be long.

    def block_at(self, port: int, protocol: Protocol | None) -> Block | None:
        """The block ``port`` stands in on ``protocol`` (every transport for ``None``)."""
        from portreg.lookups.blocks import UNKNOWN

        if self._blocks is None:
            found = self._local_walk().block_at(port, protocol)
            if found is not UNKNOWN:
                return found
        return self.blocks().block_at(port, protocol)

    def assigned_below(self, port: int, protocol: Protocol | None) -> int | None:
        """The highest port below ``port`` assigned on ``protocol``, if any."""
        from portreg.lookups.blocks import UNKNOWN

        if self._blocks is None:
            found = self._local_walk().assigned_below(port, protocol)
            if found is not UNKNOWN:
                return found
        return self.blocks().assigned_below(port, protocol)

    def assigned_above(self, port: int, protocol: Protocol | None) -> int | None:
        """The lowest port above ``port`` assigned on ``protocol``, if any."""
        from portreg.lookups.blocks import UNKNOWN

        if self._blocks is None:
            found = self._local_walk().assigned_above(port, protocol)
            if found is not UNKNOWN:
                return found
        return self.blocks().assigned_above(port, protocol)

    def _local_walk(self) -> LocalWalk:
        walk = self._walk
        if walk is None:
            from portreg.lookups.blocks import LocalWalk

            walk = self._walk = LocalWalk(self._rows_at, self._stretch_at)
        return walk

    def service(self, name: object) -> ServiceInfo:
        """The :class:`ServiceInfo` of ``name``, or :class:`UnknownServiceError`."""
        given = parse_service_name(name)
        index = self.names()
        info = index.find(given)
        if info is None:
            raise _unknown(given, index.suggestions(given), self.history().get(given.lower(), ()))
        if isinstance(name, str) and len(self.services_by_given_name) < _CACHE_LIMIT:
            self.services_by_given_name[name] = info
        return info


# Spellings of names asked for are cached; a bound keeps a flood of variants in check.
_CACHE_LIMIT = 50_000


def _unknown(
    name: str, suggestions: tuple[str, ...], mentions: tuple[HistoryEvent, ...]
) -> Exception:
    message = f"no service is registered as {shown(name)}"
    if suggestions:
        message += f"; did you mean {', '.join(suggestions)}?"
    if mentions:
        message += f" (the registry's history mentions it: {mentions[0]})"
    else:
        message += f" (search({shown(name)}) also looks in descriptions and notes)"
    return UnknownServiceError(message, name=name, suggestions=suggestions)
