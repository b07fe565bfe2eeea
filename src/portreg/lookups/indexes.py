"""The tables and indexes a registry answers from, each on first use, once, under a lock.

A plain :func:`~portreg.lookup` needs none of them: it decodes only the rows that
cover the port asked about. Statuses, names, search, history and the unassigned
blocks answer from tables (:mod:`portreg.sources.tables`): the packaged registry's
come ready-made in its image (:class:`Shipped`); any other registry computes the
same tables from its rows, with the same code (:mod:`portreg.lookups.tables`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from portreg._locks import ForkSafeLock
from portreg.errors import DataError, UnknownServiceError
from portreg.records.inputs import parse_service_name, shown

if TYPE_CHECKING:
    from portreg.answers.block import Block
    from portreg.answers.columns import PortColumns
    from portreg.answers.history import HistoryEvent
    from portreg.answers.service import ServiceInfo
    from portreg.lookups.blocks import BlockIndex
    from portreg.lookups.names import NameIndex
    from portreg.lookups.search import SearchIndex
    from portreg.records.assignment import Assignment
    from portreg.sources.image import RowTexts
    from portreg.sources.snapshot import DecodedSnapshot
    from portreg.sources.tables import Key, NameTable, PortTables

__all__ = ["DerivedIndexes", "Rows", "Shipped"]

#: The text fields search and the name index read, without decoding whole rows.
_TEXT_FIELDS = ("service", "description", "notes")


class Rows(Protocol):
    """Rows by position: a tuple of assignments, or a snapshot decoding on demand."""

    def __len__(self) -> int: ...

    def __getitem__(self, position: int, /) -> Assignment: ...


class Shipped:
    """The tables the packaged image carries, each decoded on first use."""

    def __init__(self, snapshot: DecodedSnapshot, source: str) -> None:
        self._snapshot = snapshot
        self._source = source

    def _damaged(self, what: str, exc: Exception) -> DataError:
        return DataError(f"{self._source}: the {what} are damaged ({exc}); reinstall portreg")

    def port_tables(self) -> PortTables:
        from portreg.sources.tables import PortTables

        records = self._snapshot.records
        try:
            services = records.coded("service").categories()
            descriptions = records.coded("description").categories()
            return PortTables.from_image(self._snapshot.image, services, descriptions)
        except ValueError as exc:
            raise self._damaged("port tables", exc) from None

    def name_table(self) -> NameTable:
        from portreg.sources.tables import NameTable

        try:
            return NameTable.from_image(self._snapshot.image)
        except ValueError as exc:
            raise self._damaged("name tables", exc) from None

    def history(
        self, row_at: Callable[[int], Assignment]
    ) -> Mapping[str, tuple[HistoryEvent, ...]]:
        from portreg.answers.history import StoredHistory
        from portreg.sources.events import read_events

        try:
            return StoredHistory(read_events(self._snapshot.image), row_at)
        except ValueError as exc:
            raise self._damaged("history events", exc) from None

    def texts(self, field: str) -> RowTexts:
        return self._snapshot.records.texts(field)


class DerivedIndexes:
    """The lazily built tables and indexes of one registry."""

    def __init__(
        self,
        rows: Rows,
        positions_at: Callable[[int], tuple[int, ...]],
        stretch_at: Callable[[int], tuple[int, int]],
        every_row: Callable[[], tuple[Assignment, ...]],
        shipped: Shipped | None = None,
    ) -> None:
        # Only these of the registry's: its rows by position, the rows covering a
        # port, the stretch of ports the same rows cover, and every row at once.
        self._rows = rows
        self._positions_at = positions_at
        self._stretch_at = stretch_at
        self._every_row = every_row
        self._shipped = shipped
        self._lock = ForkSafeLock(reentrant=True)
        self._port_tables: PortTables | None = None
        self._port_columns: PortColumns | None = None
        self._history: Mapping[str, tuple[HistoryEvent, ...]] | None = None
        self._names: NameIndex | None = None
        self._search: SearchIndex | None = None
        self._blocks: BlockIndex | None = None
        self._texts: dict[str, RowTexts] = {}
        #: Answers by the exact string asked for, so a repeated question is one probe.
        self.services_by_given_name: dict[str, ServiceInfo] = {}

    def port_tables(self) -> PortTables:
        """The per (transport, port) tables: statuses, names to use, blocks."""
        tables = self._port_tables
        if tables is None:
            with self._lock:
                if self._port_tables is None:
                    if self._shipped is not None:
                        self._port_tables = self._shipped.port_tables()
                    else:
                        from portreg.lookups.tables import build_port_tables

                        self._port_tables = build_port_tables(
                            self._every_row(), self._positions_at, self._stretch_at
                        )
                tables = self._port_tables
        return tables

    def port_columns(self) -> PortColumns:
        """The code tables bulk annotation answers from, made from the port tables."""
        columns = self._port_columns
        if columns is None:
            with self._lock:
                if self._port_columns is None:
                    from portreg.answers.columns import build_port_columns

                    self._port_columns = build_port_columns(self.port_tables())
                columns = self._port_columns
        return columns

    def history(self) -> Mapping[str, tuple[HistoryEvent, ...]]:
        """History events filed under each name they involve (lowercase)."""
        history = self._history
        if history is None:
            with self._lock:
                if self._history is None:
                    if self._shipped is not None:
                        self._history = self._shipped.history(self._rows.__getitem__)
                    else:
                        from portreg.lookups.tables import build_history

                        self._history = build_history(self._every_row())
                history = self._history
        return history

    def texts(self, field: str) -> RowTexts:
        """Every row's ``field`` (a text field), empty for none, without decoding rows;
        held as the packaged image holds it (names and descriptions coded)."""
        if self._shipped is not None:
            return self._shipped.texts(field)
        found = self._texts.get(field)
        if found is None:
            from portreg.sources.image import CodedTexts, TextColumn
            from portreg.sources.snapshot import CODED_FIELDS

            values = [getattr(row, field) for row in self._every_row()]
            kind = CodedTexts if field in CODED_FIELDS else TextColumn
            found = self._texts.setdefault(field, kind.of(values))
        return found

    def names(self) -> NameIndex:
        """The service-name index."""
        names = self._names
        if names is None:
            with self._lock:
                if self._names is None:
                    from portreg.lookups.names import NameIndex

                    if self._shipped is not None:
                        table = self._shipped.name_table()
                    else:
                        from portreg.lookups.tables import build_names

                        table = build_names(self._every_row())
                    self._names = NameIndex(
                        table, self.texts("service"), self._rows.__getitem__, self.history
                    )
                names = self._names
        return names

    def search(self) -> SearchIndex:
        """The full-text index."""
        index = self._search
        if index is None:
            with self._lock:
                if self._search is None:
                    from portreg.lookups.search import SearchIndex

                    texts = {field: self.texts(field) for field in _TEXT_FIELDS}
                    self._search = SearchIndex(texts, self._rows.__getitem__)
                index = self._search
        return index

    def blocks(self) -> BlockIndex:
        """The unassigned blocks and assigned runs of every transport."""
        index = self._blocks
        if index is None:
            with self._lock:
                if self._blocks is None:
                    from portreg.lookups.blocks import BlockIndex

                    self._blocks = BlockIndex(self.port_tables())
                index = self._blocks
        return index

    def block_at(self, port: int, protocol: Key) -> Block | None:
        """The block ``port`` stands in on ``protocol`` (every transport for ``None``)."""
        return self.blocks().block_at(port, protocol)

    def assigned_below(self, port: int, protocol: Key) -> int | None:
        """The highest port below ``port`` assigned on ``protocol``, if any."""
        return self.blocks().assigned_below(port, protocol)

    def assigned_above(self, port: int, protocol: Key) -> int | None:
        """The lowest port above ``port`` assigned on ``protocol``, if any."""
        return self.blocks().assigned_above(port, protocol)

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
