"""The indexes a registry builds over every row, each on first use, once, under a lock.

A plain :func:`~portreg.lookup` needs none of them: it decodes only the rows that
cover the port asked about. Names, history, search and the unassigned blocks need
every row, so each is built the first time one of its questions is asked.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portreg.blocks import BlockIndex
    from portreg.history import HistoryEvent
    from portreg.model import Assignment
    from portreg.names import NameIndex, ServiceInfo
    from portreg.registries import Registry
    from portreg.text_search import SearchIndex

__all__ = ["DerivedIndexes"]


class DerivedIndexes:
    """The lazily built indexes of one registry."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._lock = threading.RLock()
        self._rows: tuple[Assignment, ...] | None = None
        self._history: dict[str, tuple[HistoryEvent, ...]] | None = None
        self._names: NameIndex | None = None
        self._search: SearchIndex | None = None
        self._blocks: BlockIndex | None = None
        #: Answers by the exact string asked for, so a repeated question is one probe.
        self.services_by_given_name: dict[str, ServiceInfo] = {}

    def rows(self) -> tuple[Assignment, ...]:
        """Every row, decoded."""
        rows = self._rows
        if rows is None:
            with self._lock:
                if self._rows is None:
                    self._rows = tuple(self._registry)
                rows = self._rows
        return rows

    def history(self) -> dict[str, tuple[HistoryEvent, ...]]:
        """History events filed under each name they involve (lowercase)."""
        history = self._history
        if history is None:
            with self._lock:
                if self._history is None:
                    from portreg.history import history_by_name

                    self._history = history_by_name(self.rows())
                history = self._history
        return history

    def names(self) -> NameIndex:
        """The service-name index."""
        names = self._names
        if names is None:
            with self._lock:
                if self._names is None:
                    from portreg.names import NameIndex

                    self._names = NameIndex(self.rows(), self.history())
                names = self._names
        return names

    def search(self) -> SearchIndex:
        """The full-text index."""
        index = self._search
        if index is None:
            with self._lock:
                if self._search is None:
                    from portreg.text_search import SearchIndex

                    self._search = SearchIndex(self.rows())
                index = self._search
        return index

    def blocks(self) -> BlockIndex:
        """The unassigned blocks and assigned runs of every transport."""
        index = self._blocks
        if index is None:
            with self._lock:
                if self._blocks is None:
                    from portreg.blocks import BlockIndex

                    self._blocks = BlockIndex(self._registry._rows_at, self.rows())
                index = self._blocks
        return index

    def service(self, name: object) -> ServiceInfo:
        """The :class:`ServiceInfo` of ``name``, or :class:`UnknownServiceError`."""
        from portreg._input import parse_service_name

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
    from portreg._input import shown
    from portreg.errors import UnknownServiceError

    message = f"no service is registered as {shown(name)}"
    if suggestions:
        message += f"; did you mean {', '.join(suggestions)}?"
    if mentions:
        message += f" (the registry's history mentions it: {mentions[0]})"
    else:
        message += f" (search({shown(name)}) also looks in descriptions and notes)"
    return UnknownServiceError(message, name=name, suggestions=suggestions)
