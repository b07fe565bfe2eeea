"""A registry to answer from, and the indexes that answer its questions.

A :class:`Registry` holds the registry's rows and answers questions about them:
one port from the port index, names, search and the unassigned space from indexes
built on first use (:mod:`portreg.lookups.indexes`). It is the same for the packaged
snapshot and for a file a user brings.
"""

from __future__ import annotations

import os
import typing
from collections import deque
from collections.abc import Iterator

from portreg._locks import ForkSafeLock
from portreg._public import public
from portreg.answers.port import PortInfo
from portreg.errors import InputTypeError, InvalidRadiusError
from portreg.lookups.indexes import DerivedIndexes, Shipped
from portreg.lookups.indexes import Rows as RowSource
from portreg.records.assignment import Assignment
from portreg.records.inputs import (
    PortLike,
    ProtocolLike,
    parse_limit,
    parse_optional_protocol,
    parse_port_and_protocol,
    parse_search_text,
    shown,
)
from portreg.records.ranges import RangeClassLike, parse_optional_range_class, range_class_of
from portreg.records.statuses import STATUS_PRECEDENCE, status_on, statuses_at
from portreg.records.vocabulary import (
    MAX_PORT,
    PORT_COUNT,
    STATUS_CODES,
    TABLE_KEYS,
    Protocol,
    Status,
)
from portreg.sources.port_index import PortIndex, span_of
from portreg.sources.provenance import Provenance

if typing.TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from portreg.answers.block import Block
    from portreg.answers.columns import PortColumns
    from portreg.answers.service import ServiceInfo
    from portreg.answers.tables import Blocks, PortTable, SearchResults
    from portreg.rendering.tables import PrettyPrinter
    from portreg.sources.files import PathLike
    from portreg.sources.iana_fields import ParsedRegistry
    from portreg.sources.tables import PortTables

__all__ = ["Registry", "RowSource"]


@public
class Registry:
    """A registry to answer from: the packaged snapshot, or rows a user supplies.

    A registry is immutable once built; its caches only ever add answers that are
    equal to what would be computed again.
    """

    def __init__(
        self,
        records: RowSource,
        provenance: Provenance,
        *,
        index: PortIndex | None = None,
        shipped: Shipped | None = None,
    ) -> None:
        _check_arguments(records, provenance)
        self._records = records
        self.provenance = provenance
        if index is None:
            index = PortIndex.from_spans(span_of(records[i]) for i in range(len(records)))
        self._index = index
        self._shipped = shipped
        # The latest answers are kept, in a list slot per port: the fastest probe
        # there is. Only the last ANSWERS_KEPT stay (oldest out first), so a sweep of
        # every port costs the process a bounded amount, not an answer per port.
        self._answers: list[PortInfo | None] = [None] * PORT_COUNT
        # On each transport, by its place in Protocol: a list made when first asked.
        self._answers_on: list[list[PortInfo | None] | None] = [None] * len(Protocol)
        self._kept: deque[tuple[list[PortInfo | None], int]] = deque()
        # "3306/tcp" and friends, by the exact text asked for, kept the same way.
        self._answers_by_text: dict[str, PortInfo] = {}
        self._kept_texts: deque[str] = deque()

    # -- the rows -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Assignment]:
        """Every row, in registry order."""
        decode_all = getattr(self._records, "decode_all", None)
        if decode_all is not None:
            decode_all()  # a snapshot decodes its remaining rows in one pass
        return (self._records[i] for i in range(len(self._records)))

    def __getitem__(self, position: int) -> Assignment:
        return self._records[position]

    def __eq__(self, other: object) -> bool:
        """Registries are equal when they hold equal rows in the same order."""
        if not isinstance(other, Registry):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  # equal by content, and large: not a key

    #: What rebuilds this very registry when unpickled, if anything cheaper than its rows
    #: (set by the lookups layer on the packaged registry).
    _unpickled_by: typing.Callable[[], Registry] | None = None

    def __reduce__(self) -> tuple[typing.Any, ...]:
        """Pickles and copies: the packaged registry as the function that returns it (no
        data is pickled, and the copy is the packaged registry of the process that loads
        it); any other as its rows and provenance. Locks and indexes are not carried:
        they are built again on first use."""
        if self._unpickled_by is not None:
            return (self._unpickled_by, ())
        return (Registry, (tuple(self), self.provenance))

    def unpickle_as(self, rebuild: typing.Callable[[], Registry]) -> None:
        """Pickle this registry as a call to ``rebuild`` (a module-level function)."""
        self._unpickled_by = rebuild

    def __repr__(self) -> str:
        updated = self.provenance.registry_updated
        return (
            f"<Registry of {len(self)} rows, IANA {updated or 'undated'}, "
            f"from {self.provenance.source}>"
        )

    def _repr_html_(self) -> str:
        from portreg.lookups.shown import registry_html  # the display: when shown

        return registry_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.lookups.shown import registry_text
        from portreg.rendering.tables import pretty

        pretty(printer, cycle, registry_text(self), repr(self))

    # -- lookups --------------------------------------------------------------------

    def lookup(self, port: PortLike, protocol: ProtocolLike | None = None) -> PortInfo:
        """Everything the registry says about ``port``; see :func:`portreg.lookup`."""
        # The warm paths: one list probe for the usual forms of a question already
        # answered; everything else goes through the full validation below.
        if type(port) is int and 0 <= port <= MAX_PORT:
            if protocol is None:
                answer = self._answers[port]
            else:
                # By text, never by member: hashing an enum member costs a Python call.
                kind = type(protocol)
                if kind is str:
                    place = _WARM_PLACES.get(protocol)
                elif kind is Protocol:  # a member (which type() does not tell mypy)
                    place = _WARM_PLACES[protocol._value_]  # type: ignore[attr-defined]
                else:
                    place = None
                on = None if place is None else self._answers_on[place]
                answer = None if on is None else on[port]
            if answer is not None:
                return answer
        elif protocol is None and type(port) is str:
            answer = self._answers_by_text.get(port)
            if answer is not None:
                return answer
        number, chosen = parse_port_and_protocol(port, protocol)
        answers = self._answers if chosen is None else self._answers_on_made(chosen)
        answer = answers[number]
        if answer is None:
            rows = self._rows_at(number)
            if chosen is not None:
                rows = tuple(a for a in rows if a.protocol is None or a.protocol is chosen)
            answer = PortInfo(number, range_class_of(number), rows, chosen, registry=self)
            answers[number] = answer
            self._keep(answers, number)
        if type(port) is str and protocol is None and port not in self._answers_by_text:
            self._answers_by_text[port] = answer
            self._keep_text(port)
        return answer

    def _answers_on_made(self, protocol: Protocol) -> list[PortInfo | None]:
        place = _WARM_PLACES[protocol.value]
        answers = self._answers_on[place]
        if answers is None:  # a race at worst makes two lists, and keeps one
            answers = self._answers_on[place] = [None] * PORT_COUNT
        return answers

    def _keep(self, answers: list[PortInfo | None], number: int) -> None:
        # Threads racing here at worst forget an answer early: it is computed again.
        kept = self._kept
        kept.append((answers, number))
        if len(kept) > ANSWERS_KEPT:
            older, port = kept.popleft()
            older[port] = None

    def _keep_text(self, text: str) -> None:
        kept = self._kept_texts
        kept.append(text)
        if len(kept) > ANSWERS_KEPT:
            self._answers_by_text.pop(kept.popleft(), None)

    def neighbours(
        self,
        port: PortLike,
        radius: int = 5,
        protocol: ProtocolLike | None = None,
    ) -> PortTable:
        """The ports around ``port``; see :func:`portreg.neighbours`."""
        number, chosen = parse_port_and_protocol(port, protocol)
        if isinstance(radius, bool) or not isinstance(radius, int):
            raise InputTypeError(
                f"radius must be an int 0-{MAX_PORT}; got {shown(radius)} ({type(radius).__name__})"
            )
        if not 0 <= radius <= MAX_PORT:
            raise InvalidRadiusError(f"radius must be 0-{MAX_PORT}; got {radius!r}")
        first, last = max(0, number - radius), min(MAX_PORT, number + radius)
        from portreg.answers.tables import PortTable  # and its display: when asked

        return PortTable((self.lookup(p, chosen) for p in range(first, last + 1)), asked=number)

    def _rows_at(self, number: int) -> tuple[Assignment, ...]:
        records = self._records
        return tuple([records[i] for i in self._index.rows_at(number)])

    def to_pandas(self) -> pandas.DataFrame:
        """Every row as a pandas DataFrame (columns: ``portreg.answers.frames.ASSIGNMENT_COLUMNS``).

        Needs pandas: ``pip install 'portreg[pandas]'``.
        """
        from portreg.answers.frames import assignments_frame

        return assignments_frame(self)

    def to_arrow(self) -> pyarrow.Table:
        """Every row as a ``pyarrow.Table``, with the columns of :meth:`to_pandas`:
        integers, dictionary-encoded protocol, status and date precisions, dates as
        ``date32`` and text as strings.

        Needs pyarrow: ``pip install 'portreg[arrow]'``.

        >>> from portreg import registry
        >>> registry().to_arrow().num_rows == len(registry())
        True
        """
        from portreg.answers.arrow_frames import pyarrow_module, rows_table

        table: pyarrow.Table = rows_table(pyarrow_module("Registry.to_arrow()"), self)
        return table

    def to_polars(self) -> polars.DataFrame:
        """Every row as a polars DataFrame, with the columns of :meth:`to_pandas`.

        Needs polars: ``pip install 'portreg[polars]'``.

        >>> from portreg import registry
        >>> registry().to_polars().filter(service="tacacss")["first"].to_list()
        [300]
        """
        from portreg._deps import need
        from portreg.answers.polars_frames import rows_frame

        return rows_frame(need("polars", "Registry.to_polars()"), self)

    def port_table(self) -> pyarrow.Table:
        """Every port on every transport, one row each (65,536 x 4), as a
        ``pyarrow.Table`` to register in DuckDB, Spark or a warehouse and join flow logs
        against on ``(port, protocol)``.

        Columns: ``port`` (uint16), ``protocol`` (tcp, udp, sctp, dccp), and the
        columns of :func:`portreg.annotate` (``service``, ``status``,
        ``range_class``, ``description``, ``in_range``), dictionary-encoded. Made once,
        and kept while the registry lives. Needs pyarrow: ``pip install
        'portreg[arrow]'``.

        >>> from portreg import registry
        >>> table = registry().port_table()
        >>> table.num_rows, table.column_names[:4]
        (262144, ['port', 'protocol', 'service', 'status'])
        >>> table.slice(443, 1).to_pylist()[0]["service"]
        'https'
        """
        from portreg.answers.arrow_frames import build_port_table, pyarrow_module

        pa = pyarrow_module("Registry.port_table()")
        columns = self.port_columns()
        table: pyarrow.Table = columns.kept(
            "arrow port table", lambda: build_port_table(pa, columns)
        )
        return table

    def port_columns(self) -> PortColumns:
        """The code tables bulk annotation answers from: per transport and port, numpy
        arrays of codes into sorted categories (:class:`~portreg.answers.columns.PortColumns`).

        Read from the packaged image without a copy; made once, and kept while the
        registry lives. Needs numpy: ``pip install 'portreg[pandas]'``.
        """
        return self._derived().port_columns()

    # -- bringing your own registry -----------------------------------------------------

    @classmethod
    def from_file(cls, path: PathLike, *, max_bytes: int | None = None) -> Registry:
        """The registry in one of IANA's files: its XML or its CSV.

        Raises :class:`~portreg.DataError`, naming the file and the line or
        record, for anything that is not a complete registry; files over ``max_bytes``
        (default 64 MiB, or ``$PORTREG_MAX_BYTES``) are refused unread. What a CSV
        carries is said by ``portreg.sources.files.as_csv_carries``.

        >>> Registry.from_file("no/such/file.xml")
        Traceback (most recent call last):
        ...
        portreg.DataError: no/such/file.xml: no such file
        """
        from portreg.sources.files import read_registry_file  # parsers: only when asked

        parsed = read_registry_file(path, max_bytes=max_bytes)
        return cls.from_parsed(parsed, str(os.path.abspath(os.fspath(path))))

    @classmethod
    def from_parsed(cls, parsed: ParsedRegistry, source: str) -> Registry:
        """A registry of parsed records, its provenance naming ``source``."""
        # What a reader returns (the parsers load only when asked, so no isinstance).
        readable = all(hasattr(parsed, a) for a in ("assignments", "updated", "sha256"))
        if not readable or not isinstance(source, str):
            raise InputTypeError(
                "from_parsed() takes a ParsedRegistry and a str naming its source; got "
                f"{type(parsed).__name__} and {type(source).__name__}"
            )
        provenance = Provenance(
            registry_updated=parsed.updated, sha256=parsed.sha256, source=source
        )
        return cls(parsed.assignments, provenance)

    # -- names, search and the unassigned space: indexes built on first use ----------

    #: Set on first use by :meth:`_derived`; a class default keeps ``__init__`` lean.
    _derived_indexes: DerivedIndexes | None = None

    def _derived(self) -> DerivedIndexes:
        derived = self._derived_indexes
        if derived is None:
            with _derived_lock:
                if self._derived_indexes is None:
                    self._derived_indexes = DerivedIndexes(
                        self._records,
                        self._index.rows_at,
                        self._index.stretch_at,
                        lambda: tuple(self),
                        self._shipped,
                    )
                derived = self._derived_indexes
        return derived

    def service(self, name: str) -> ServiceInfo:
        """Everything registered under ``name``; see :func:`portreg.service`."""
        derived = self._derived_indexes
        if derived is not None and type(name) is str:
            cached = derived.services_by_given_name.get(name)  # the warm path
            if cached is not None:
                return cached
        return self._derived().service(name)

    def service_names(self) -> tuple[str, ...]:
        """Every registered service name, as spelled, in registry order."""
        return self._derived().names().names()

    def search(
        self,
        text: str,
        *,
        protocol: ProtocolLike | None = None,
        range_class: RangeClassLike | None = None,
        limit: int | None = None,
    ) -> SearchResults:
        """The rows whose name, description or notes contain ``text``; see :func:`search`."""
        needle = parse_search_text(text)
        chosen = parse_optional_protocol(protocol)
        range_chosen = parse_optional_range_class(range_class)
        most = parse_limit(limit)
        from portreg.answers.tables import SearchResults

        return SearchResults(self._derived().search().search(needle, chosen, range_chosen, most))

    def unassigned(
        self,
        range_class: RangeClassLike | None = None,
        protocol: ProtocolLike | None = None,
    ) -> Blocks:
        """The blocks of ports not assigned; see :func:`portreg.unassigned`."""
        chosen_class = parse_optional_range_class(range_class)
        chosen = parse_optional_protocol(protocol)
        from portreg.answers.tables import Blocks

        return Blocks(self._derived().blocks().blocks(chosen, chosen_class))

    # -- what an answer asks its registry (portreg.answers.port.PortQuestions) --------

    def block_at(self, port: PortLike, protocol: ProtocolLike | None = None) -> Block | None:
        """The :class:`~portreg.Block` of ports not assigned that ``port`` stands in.

        On ``protocol``, or on every transport at once for ``None``; ``None`` when
        the port is assigned there, or the transports disagree.
        """
        return self._derived().block_at(*parse_port_and_protocol(port, protocol))

    def nearest_assigned_below(
        self, port: PortLike, protocol: ProtocolLike | None = None
    ) -> int | None:
        """The highest port below ``port`` assigned on ``protocol`` (any, for ``None``)."""
        return self._derived().assigned_below(*parse_port_and_protocol(port, protocol))

    def nearest_assigned_above(
        self, port: PortLike, protocol: ProtocolLike | None = None
    ) -> int | None:
        """The lowest port above ``port`` assigned on ``protocol`` (any, for ``None``)."""
        return self._derived().assigned_above(*parse_port_and_protocol(port, protocol))

    def status_at(self, port: PortLike, protocol: ProtocolLike | None = None) -> Status:
        """The status of ``port`` on ``protocol``, or its overall status for ``None``: the
        most committal over the transports."""
        port, protocol = _checked(port, protocol)
        tables = self._ready_tables()
        if tables is None:  # not computed yet: the rule over the port's rows answers
            rows = self._rows_at(port)
            if protocol is not None:
                return status_on(rows, range_class_of(port), protocol)
            return min(statuses_at(port, rows).values(), key=STATUS_PRECEDENCE.index)
        return STATUS_CODES[tables.status[_KEY_POSITION[protocol]][port]]

    def name_at(self, port: PortLike, protocol: ProtocolLike | None = None) -> str | None:
        """The name to use for ``port`` on ``protocol`` (any transport for ``None``)."""
        # The warm path, for answers asking about their own port: one table read.
        tables = self._port_tables
        if (
            tables is not None
            and type(port) is int
            and 0 <= port <= MAX_PORT
            and (protocol is None or type(protocol) is Protocol)
        ):
            return _name_of(tables, tables.service[_KEY_POSITION[protocol]][port])
        port, protocol = _checked(port, protocol)
        tables = self._ready_tables()
        if tables is None:  # not computed yet: the rule over the port's rows answers
            from portreg.records.naming import preferred_name

            return preferred_name(self._rows_at(port), port, protocol)
        return _name_of(tables, tables.service[_KEY_POSITION[protocol]][port])

    def port_names(self, protocol: ProtocolLike | None = None) -> list[str | None]:
        """The name to use for every port 0-65535 on ``protocol`` (any, for ``None``),
        ``None`` where none is assigned: a fresh list, indexed by port."""
        chosen = parse_optional_protocol(protocol)
        tables = self._tables()
        codes = tables.service[_KEY_POSITION[chosen]]
        return [_name_of(tables, code) for code in codes]

    def _tables(self) -> PortTables:
        tables = self._port_tables
        if tables is None:
            tables = self._port_tables = self._derived().port_tables()
        return tables

    def _ready_tables(self) -> PortTables | None:
        """The port tables if reading them is cheap: shipped, or computed already.

        A registry of a user's rows computes its tables (about a second for IANA's
        whole registry) only when a question needs every port; until then one port's
        status and name come from the same rules applied to its rows.
        """
        tables = self._port_tables
        if tables is None:
            derived = self._derived_indexes
            if self._shipped is None and (derived is None or derived._port_tables is None):
                return None
            tables = self._tables()
        return tables

    #: Set on first use: the port tables.
    _port_tables: PortTables | None = None


def _name_of(tables: PortTables, code: int) -> str | None:
    """The service name a port table's code stands for (``None`` for -1)."""
    return None if code < 0 else tables.services[code]


def _check_arguments(records: object, provenance: object) -> None:
    if not (hasattr(records, "__len__") and hasattr(records, "__getitem__")) or isinstance(
        records, (str, bytes)
    ):
        raise InputTypeError(
            "Registry() takes its rows as a sequence of Assignment (a tuple, say); got "
            f"{shown(records)} ({type(records).__name__})"
        )
    if not isinstance(provenance, Provenance):
        raise InputTypeError(
            f"Registry() takes a Provenance; got {shown(provenance)} ({type(provenance).__name__})"
        )


def _checked(port: PortLike, protocol: ProtocolLike | None) -> tuple[int, Protocol | None]:
    # What answers pass (a number and a member) is taken as it is; the rest is checked.
    if (
        type(port) is int
        and 0 <= port <= MAX_PORT
        and (protocol is None or type(protocol) is Protocol)
    ):
        return port, protocol
    return parse_port_and_protocol(port, protocol)


# One lock for building any registry's indexes: building happens once per registry.
_derived_lock = ForkSafeLock()
#: How many answers a registry keeps, by number and by text each: enough for the
#: ports of a scan or a log to be answered warm, few enough (about 0.6 MB) that
#: asking about every port leaves the process its size.
ANSWERS_KEPT = 4096
# The protocol forms the warm path of lookup() takes as they are: members and the
# registry's own lowercase names, each to its transport's place in Protocol; any other
# form is validated the long way.
_WARM_PLACES: dict[str, int] = {p.value: place for place, p in enumerate(Protocol)}
_KEY_POSITION = {key: position for position, key in enumerate(TABLE_KEYS)}
