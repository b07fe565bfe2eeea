"""The registry's answers as tables: per (transport, port) arrays and the name index.

Nearly every question about the registry has an answer that can be computed once:
the status of each of 65,536 ports on each transport, the name to use there, the
blocks of ports not assigned, the rows of each service name. The generator computes
them and ships them in the image; a registry read from a user's file computes the
same tables in memory (``portreg.lookups.tables``). This module holds the tables'
plain form, and how they are written to and read from an image's sections.

Tables are keyed by :data:`KEYS`: ``None`` (every transport at once) and each
:class:`~portreg.Protocol`, in that order.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Optional, TypeVar

from portreg.records.vocabulary import PORT_COUNT, STATUS_CODES, TABLE_KEYS, Protocol
from portreg.sources.image import Image, ImageError, Offsets, join_texts, packed

__all__ = ["KEYS", "STATUS_CODES", "Key", "NameTable", "PortTables", "Runs"]

#: A table's key: one transport, or ``None`` for every transport at once.
Key = Optional[Protocol]
#: The keys in table order.
KEYS: tuple[Key, ...] = TABLE_KEYS

_Table = TypeVar("_Table", bytes, "array[int]")


class _Frozen:
    """A read-only bundle of named values, equal when they are.

    These tables are the package's own plumbing, not records: plain slotted classes
    cost a first ``service()`` or ``unassigned()`` a fraction of what generating
    attrs classes would (about 4 ms).
    """

    __slots__: tuple[str, ...] = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Frozen)
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # holds arrays: not a key

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{n}=<{type(v).__name__}>" for n, v in zip(self.__slots__, self._values())
        )
        return f"{type(self).__name__}({shown})"


class Runs(_Frozen):
    """Disjoint runs of ports in order, as parallel arrays (for bisecting)."""

    __slots__ = ("firsts", "lasts", "statuses")
    firsts: Sequence[int]
    lasts: Sequence[int]
    #: A status code per run, for blocks; empty for runs of assigned ports.
    statuses: bytes

    def __init__(self, firsts: Sequence[int], lasts: Sequence[int], statuses: bytes = b"") -> None:
        self._set(firsts=firsts, lasts=lasts, statuses=statuses)


class PortTables(_Frozen):
    """Per (key, port) answers of one registry.

    ``status[k][port]`` is a code into :data:`STATUS_CODES`: the port's status on the
    transport, or for ``None`` its overall status (the most committal of the four).
    ``name_row[k][port]`` is 0 where no name is assigned, else 1 + the position of the
    row whose name is the one to use (its service name, its description).
    ``description_row[k][port]`` is 1 + the position of the row whose description
    describes the port (:func:`portreg.records.naming.described_row`) where that is
    not the name's row; 0 where it is (the usual case, which keeps the table mostly
    zeros and small in the wheel), or where no row describes the port. So the
    describing row is ``description_row[k][port] or name_row[k][port]``.
    ``in_range[k][port]`` is 1 where a row covering more than one port speaks for the
    port, else 0.
    ``blocks[k]`` are the maximal runs sharing one status other than assigned (for
    ``None``, only where every transport agrees); ``assigned[k]`` the runs assigned.
    """

    __slots__ = ("assigned", "blocks", "description_row", "in_range", "name_row", "status")
    status: tuple[bytes, ...]
    name_row: tuple[Sequence[int], ...]
    description_row: tuple[Sequence[int], ...]
    in_range: tuple[bytes, ...]
    blocks: tuple[Runs, ...]
    assigned: tuple[Runs, ...]

    def __init__(
        self,
        *,
        status: tuple[bytes, ...],
        name_row: tuple[Sequence[int], ...],
        description_row: tuple[Sequence[int], ...],
        in_range: tuple[bytes, ...],
        blocks: tuple[Runs, ...],
        assigned: tuple[Runs, ...],
    ) -> None:
        self._set(
            status=status,
            name_row=name_row,
            description_row=description_row,
            in_range=in_range,
            blocks=blocks,
            assigned=assigned,
        )

    def to_sections(self) -> dict[str, bytes]:
        """The tables as image sections."""
        sections = {
            "ports.status": b"".join(self.status),
            "ports.name_row": b"".join(packed(rows, "I") for rows in self.name_row),
            "ports.description_row": b"".join(packed(rows, "I") for rows in self.description_row),
            "ports.in_range": b"".join(self.in_range),
        }
        for kind, runs in (("blocks", self.blocks), ("assigned", self.assigned)):
            sections[f"{kind}.count"] = packed((len(r.firsts) for r in runs), "I")
            sections[f"{kind}.first"] = b"".join(packed(r.firsts, "H") for r in runs)
            sections[f"{kind}.last"] = b"".join(packed(r.lasts, "H") for r in runs)
            sections[f"{kind}.status"] = b"".join(r.statuses for r in runs)
        return sections

    @classmethod
    def from_image(cls, image: Image) -> PortTables:
        """The tables an image holds; :class:`ImageError` if they do not fit together."""
        status = bytes(image.section("ports.status"))
        name_rows = image.numbers("ports.name_row", "I")
        description_rows = image.numbers("ports.description_row", "I")
        in_range = bytes(image.section("ports.in_range"))
        width = len(KEYS) * PORT_COUNT
        if any(len(t) != width for t in (status, name_rows, description_rows, in_range)):
            raise ImageError("the port tables are not one entry per key and port")
        # translate() deletes the valid codes in C: anything left is not one.
        if status.translate(None, bytes(range(len(STATUS_CODES)))):
            raise ImageError("the port tables hold an unknown status")
        if in_range.translate(None, b"\0\1"):
            raise ImageError("the port tables hold a range flag other than 0 or 1")
        return cls(
            status=_per_key(status),
            name_row=_per_key(name_rows),
            description_row=_per_key(description_rows),
            in_range=_per_key(in_range),
            blocks=_runs_from(image, "blocks"),
            assigned=_runs_from(image, "assigned"),
        )


def _per_key(table: _Table) -> tuple[_Table, ...]:
    return tuple(table[k * PORT_COUNT : (k + 1) * PORT_COUNT] for k in range(len(KEYS)))


def _runs_from(image: Image, kind: str) -> tuple[Runs, ...]:
    counts = image.numbers(f"{kind}.count", "I")
    firsts = image.numbers(f"{kind}.first", "H")
    lasts = image.numbers(f"{kind}.last", "H")
    statuses = bytes(image.section(f"{kind}.status"))
    if len(counts) != len(KEYS) or not len(firsts) == len(lasts) == sum(counts):
        raise ImageError(f"the {kind} runs do not add up")
    if statuses and (len(statuses) != len(firsts) or max(statuses) >= len(STATUS_CODES)):
        raise ImageError(f"the {kind} statuses do not fit their runs")
    runs = []
    start = 0
    for count in counts:
        end = start + count
        runs.append(Runs(firsts[start:end], lasts[start:end], statuses[start:end]))
        start = end
    return tuple(runs)


class NameTable(_Frozen):
    """The rows of each service name, and which names are aliases of which.

    ``keys`` are the names in lowercase, in registry order of first appearance; the
    rows registered under ``keys[i]`` are at :meth:`positions_of` ``(i)`` (``offsets``
    says where in ``rows`` each name's positions lie);
    ``alias_of`` maps a key to the key its rows say it is an alias or duplicate of
    (only where that name is registered too).
    """

    __slots__ = ("alias_of", "keys", "offsets", "rows")
    keys: tuple[str, ...]
    offsets: Offsets
    rows: Sequence[int]
    alias_of: dict[str, str]

    def __init__(
        self, keys: tuple[str, ...], offsets: Offsets, rows: Sequence[int], alias_of: dict[str, str]
    ) -> None:
        self._set(keys=keys, offsets=offsets, rows=rows, alias_of=alias_of)

    @classmethod
    def of(cls, positions: dict[str, list[int]], alias_of: dict[str, str]) -> NameTable:
        """The table of names with the row positions given, in the order given."""
        rows = array("I", (p for found in positions.values() for p in found))
        offsets = Offsets.of_lengths(map(len, positions.values()))
        return cls(tuple(positions), offsets, rows, alias_of)

    def positions_of(self, number: int) -> tuple[int, ...]:
        """The positions of the rows of ``keys[number]``."""
        return tuple(self.rows[slice(*self.offsets.span(number))])

    def to_sections(self) -> dict[str, bytes]:
        """The name table as image sections."""
        aliases = sorted(self.alias_of.items())
        return {
            "names.keys": join_texts(self.keys),
            **self.offsets.to_sections("names"),
            "names.rows": packed(self.rows, "I"),
            "names.alias_keys": join_texts([k for k, _ in aliases]),
            "names.alias_targets": join_texts([t for _, t in aliases]),
        }

    @classmethod
    def from_image(cls, image: Image) -> NameTable:
        """The name table an image holds."""
        keys = _optional_texts(image.texts("names.keys"))
        offsets = image.offsets("names")
        rows = image.numbers("names.rows", "I")
        if len(offsets) != len(keys) or offsets.end != len(rows):
            raise ImageError("the name table's rows do not fit its names")
        alias_keys = _optional_texts(image.texts("names.alias_keys"))
        alias_targets = _optional_texts(image.texts("names.alias_targets"))
        if len(alias_keys) != len(alias_targets):
            raise ImageError("the name table's aliases do not pair up")
        return cls(tuple(keys), offsets, rows, dict(zip(alias_keys, alias_targets)))


def _optional_texts(values: Sequence[str]) -> list[str]:
    # join_texts([]) is the empty section, which splits into one empty value.
    return [] if values == [""] else list(values)
