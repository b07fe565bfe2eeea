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
from typing import Optional

from portreg.records.vocabulary import PORT_COUNT, STATUS_CODES, TABLE_KEYS, Protocol
from portreg.sources.image import Image, ImageError, Offsets, codes_fit, join_texts, packed

__all__ = ["KEYS", "STATUS_CODES", "Key", "NameTable", "PortTables", "Runs"]

#: A table's key: one transport, or ``None`` for every transport at once.
Key = Optional[Protocol]
#: The keys in table order.
KEYS: tuple[Key, ...] = TABLE_KEYS


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
    ``service[k][port]`` is the code, in ``services``, of the name to use (the
    service name of the row :func:`portreg.records.naming.preferred_row` picks), -1
    where no name is assigned. ``description[k][port]`` is the code, in
    ``descriptions``, of the description of the row describing the port
    (:func:`portreg.records.naming.described_row`), -1 where no row says anything.
    ``services`` and ``descriptions`` are the distinct non-empty texts the codes name,
    sorted: ready-made categories, so bulk annotation reads its code tables straight
    from the image rather than sorting thousands of texts first.
    ``in_range[k][port]`` is 1 where a row covering more than one port speaks for the
    port, else 0.
    ``blocks[k]`` are the maximal runs sharing one status other than assigned (for
    ``None``, only where every transport agrees); ``assigned[k]`` the runs assigned.
    """

    __slots__ = (
        "assigned",
        "blocks",
        "description",
        "descriptions",
        "in_range",
        "service",
        "services",
        "status",
    )
    status: tuple[Sequence[int], ...]
    service: tuple[Sequence[int], ...]
    services: Sequence[str]
    description: tuple[Sequence[int], ...]
    descriptions: Sequence[str]
    in_range: tuple[Sequence[int], ...]
    blocks: tuple[Runs, ...]
    assigned: tuple[Runs, ...]

    def __init__(
        self,
        *,
        status: tuple[Sequence[int], ...],
        service: tuple[Sequence[int], ...],
        services: Sequence[str],
        description: tuple[Sequence[int], ...],
        descriptions: Sequence[str],
        in_range: tuple[Sequence[int], ...],
        blocks: tuple[Runs, ...],
        assigned: tuple[Runs, ...],
    ) -> None:
        self._set(
            status=status,
            service=service,
            services=services,
            description=description,
            descriptions=descriptions,
            in_range=in_range,
            blocks=blocks,
            assigned=assigned,
        )

    def to_sections(self) -> dict[str, bytes]:
        """The tables as image sections; the categories are stored with the rows
        (:class:`~portreg.sources.image.CodedTexts`), not here."""
        sections = {
            "ports.status": _interleaved(self.status, "B"),
            # Codes in two bytes: the registry names some 7,000 of either.
            "ports.service": _interleaved(self.service, "h"),
            "ports.description": _interleaved(self.description, "h"),
            "ports.in_range": _interleaved(self.in_range, "B"),
        }
        for kind, runs in (("blocks", self.blocks), ("assigned", self.assigned)):
            sections[f"{kind}.count"] = packed((len(r.firsts) for r in runs), "I")
            sections[f"{kind}.first"] = b"".join(packed(r.firsts, "H") for r in runs)
            sections[f"{kind}.last"] = b"".join(packed(r.lasts, "H") for r in runs)
            sections[f"{kind}.status"] = b"".join(r.statuses for r in runs)
        return sections

    @classmethod
    def from_image(
        cls, image: Image, services: Sequence[str], descriptions: Sequence[str]
    ) -> PortTables:
        """The tables an image holds, whose codes index ``services`` and
        ``descriptions``; :class:`ImageError` if they do not fit together."""
        status = image.view("ports.status", "B")
        service = image.view("ports.service", "h")
        description = image.view("ports.description", "h")
        in_range = image.view("ports.in_range", "B")
        width = len(KEYS) * PORT_COUNT
        if any(len(t) != width for t in (status, service, description, in_range)):
            raise ImageError("the port tables are not one entry per key and port")
        # The entries themselves: only an image not the generator's can hold bad ones,
        # and only such an image pays for the scans (as with the port index).
        if not image.verified:
            # translate() deletes the valid codes in C: anything left is not one.
            if bytes(status).translate(None, bytes(range(len(STATUS_CODES)))):
                raise ImageError("the port tables hold an unknown status")
            if bytes(in_range).translate(None, b"\0\1"):
                raise ImageError("the port tables hold a range flag other than 0 or 1")
            for codes, categories in ((service, services), (description, descriptions)):
                if not codes_fit(codes, len(categories)):
                    raise ImageError(
                        f"the port tables hold codes past their {len(categories)} texts"
                    )
        return cls(
            status=_per_key(status),
            service=_per_key(service),
            services=services,
            description=_per_key(description),
            descriptions=descriptions,
            in_range=_per_key(in_range),
            blocks=_runs_from(image, "blocks"),
            assigned=_runs_from(image, "assigned"),
        )


def _interleaved(tables: Sequence[Sequence[int]], typecode: str) -> bytes:
    """The tables of every key as ``typecode`` numbers, port by port: a port's entries
    side by side.

    A port mostly has the same answer on every key (a service's tcp and udp rows, and
    "any transport"), so stored this way the repeats sit next to each other and the
    tables deflate to about half the size they do key after key.
    """
    keys = len(KEYS)
    into = array(typecode, bytes(array(typecode).itemsize * keys * PORT_COUNT))
    for k, table in enumerate(tables):
        into[k::keys] = array(typecode, table)
    return packed(into, typecode)


def _per_key(table: Sequence[int]) -> tuple[memoryview, ...]:
    """The inverse of :func:`_interleaved`: each key's table, as a strided view of the
    stored one (copying 1.6 million entries out one by one would cost milliseconds)."""
    keys = len(KEYS)
    whole = memoryview(table)  # type: ignore[arg-type]  # a buffer: an array or a view
    return tuple(whole[k::keys] for k in range(keys))


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
