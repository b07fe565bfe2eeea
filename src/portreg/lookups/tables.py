"""Computing a registry's tables from its rows: the one code path for every registry.

The generator runs these functions over IANA's rows and ships the result in the
image; a registry read from a user's file runs them in memory the first time a
question needs them. Both then answer from the same tables, by the same code.

The port line is walked a stretch at a time: a stretch is a run of ports that the
same rows cover (and that lies in one range class), so its statuses and names are
decided once for the whole run by the rules in :mod:`portreg.records`.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence

from portreg.answers.history import HistoryEvent, history_by_name
from portreg.records.assignment import Assignment
from portreg.records.naming import (
    alias_target,
    name_key,
    named_and_described_rows,
    notes_name_a_conflict,
)
from portreg.records.ranges import range_class_of
from portreg.records.statuses import STATUS_PRECEDENCE, statuses_at
from portreg.records.vocabulary import MAX_PORT, PORT_COUNT, Protocol, Status
from portreg.sources.image import CodedTexts
from portreg.sources.tables import KEYS, STATUS_CODES, Key, NameTable, PortTables, Runs

__all__ = ["build_history", "build_names", "build_port_tables", "coded", "stretches"]

_CODE = {status: code for code, status in enumerate(STATUS_CODES)}


def stretches(stretch_at: Callable[[int], tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The runs of ports the same rows cover, cut at the range-class boundaries."""
    port = 0
    while port <= MAX_PORT:
        _, last = stretch_at(port)
        last = min(last, range_class_of(port).last)
        yield port, last
        port = last + 1


def build_port_tables(
    rows: Sequence[Assignment],
    positions_at: Callable[[int], tuple[int, ...]],
    stretch_at: Callable[[int], tuple[int, int]],
) -> PortTables:
    """The per (key, port) tables of a registry whose rows cover ports as
    ``positions_at`` says."""
    status = [bytearray(PORT_COUNT) for _ in KEYS]
    name_row = [array("I", bytes(4 * PORT_COUNT)) for _ in KEYS]
    description_row = [array("I", bytes(4 * PORT_COUNT)) for _ in KEYS]
    in_range = [bytearray(PORT_COUNT) for _ in KEYS]
    block_runs: list[list[list[int]]] = [[] for _ in KEYS]  # [first, last, code]
    assigned_runs: list[list[list[int]]] = [[] for _ in KEYS]
    for first, last in stretches(stretch_at):
        positions = positions_at(first)
        covering = [rows[p] for p in positions]
        on = statuses_at(first, covering)
        overall = min(on.values(), key=STATUS_PRECEDENCE.index)
        size = last - first + 1
        here = {key: overall if key is None else on[key] for key in KEYS}
        for k, key in enumerate(KEYS):
            status[k][first : last + 1] = bytes((_CODE[here[key]],)) * size
            if any(row.is_range for row in covering if row.covers(first, key)):
                in_range[k][first : last + 1] = b"\1" * size
            run = _block_status(on, key)
            if run is Status.ASSIGNED:
                _extend(assigned_runs[k], first, last, None)
            elif run is not None:
                _extend(block_runs[k], first, last, _CODE[run])
        if covering:
            _fill_rows(name_row, description_row, covering, positions, here, first, last)
    services, service = coded(name_row, [row.service for row in rows])
    descriptions, description = coded(description_row, [row.description for row in rows])
    return PortTables(
        status=tuple(bytes(s) for s in status),
        service=service,
        services=services,
        description=description,
        descriptions=descriptions,
        in_range=tuple(bytes(flags) for flags in in_range),
        blocks=tuple(_runs(found, with_status=True) for found in block_runs),
        assigned=tuple(_runs(found, with_status=False) for found in assigned_runs),
    )


def _fill_rows(
    name_row: list[array[int]],
    description_row: list[array[int]],
    covering: list[Assignment],
    positions: tuple[int, ...],
    here: Mapping[Key, Status],
    first: int,
    last: int,
) -> None:
    """The name and description rows of a stretch, on every key (1 + a position)."""
    # A note of a conflict on one port of a range can change the name port by port,
    # and the description follows the name.
    per_port = any(row.service and row.status is Status.ASSIGNED for row in covering) and any(
        notes_name_a_conflict(row) for row in covering
    )
    ports = range(first, last + 1) if per_port else (first,)
    for k, key in enumerate(KEYS):
        for port in ports:
            chosen, described = named_and_described_rows(covering, port, key, here[key])
            for table, found in ((name_row, chosen), (description_row, described)):
                value = 0 if found is None else positions[found] + 1
                if per_port:
                    table[k][port] = value
                elif value:
                    table[k][first : last + 1] = array("I", (value,)) * (last - first + 1)


def coded(
    tables: Sequence[Sequence[int]], texts: Sequence[str | None]
) -> tuple[Sequence[str], tuple[array[int], ...]]:
    """Tables of rows (1 + a position, 0 for none) as tables of codes, given every
    row's text: the sorted distinct non-empty texts (the categories the image stores
    with the rows, :class:`~portreg.sources.image.CodedTexts`), and each entry's code
    among them (-1 for none, or for a row whose text is empty)."""
    column = CodedTexts.of(texts)
    typecode = column.codes.typecode
    code_of_row = array(typecode, [-1, *column.codes])  # entry 0: no row
    return column.categories(), tuple(
        array(typecode, map(code_of_row.__getitem__, table)) for table in tables
    )


def _block_status(on: Mapping[Protocol, Status], key: Key) -> Status | None:
    """The status a block on ``key`` runs on; for every transport, assigned if any is,
    else the one status they share, else ``None`` (they disagree)."""
    if key is not None:
        return on[key]
    distinct = set(on.values())
    if Status.ASSIGNED in distinct:
        return Status.ASSIGNED
    return distinct.pop() if len(distinct) == 1 else None


def _extend(runs: list[list[int]], first: int, last: int, code: int | None) -> None:
    if runs and runs[-1][1] == first - 1 and (code is None or runs[-1][2] == code):
        runs[-1][1] = last
    else:
        runs.append([first, last, -1 if code is None else code])


def _runs(found: list[list[int]], *, with_status: bool) -> Runs:
    return Runs(
        array("H", (r[0] for r in found)),
        array("H", (r[1] for r in found)),
        bytes(r[2] for r in found) if with_status else b"",
    )


def build_names(rows: Sequence[Assignment]) -> NameTable:
    """The name table of ``rows``."""
    positions: dict[str, list[int]] = {}
    alias_of: dict[str, str] = {}
    for position, row in enumerate(rows):
        if not row.service:
            continue
        key = name_key(row.service)
        positions.setdefault(key, []).append(position)
        target = alias_target(row)
        if target is not None and name_key(target) != key:
            alias_of.setdefault(key, name_key(target))
    # Only aliases of names the registry has: a dangling note is not a redirection.
    alias_of = {k: t for k, t in alias_of.items() if t in positions}
    return NameTable.of(positions, alias_of)


def build_history(rows: Sequence[Assignment]) -> dict[str, tuple[HistoryEvent, ...]]:
    """Every row's history events, filed under each name they involve (lowercase)."""
    return history_by_name(rows)
