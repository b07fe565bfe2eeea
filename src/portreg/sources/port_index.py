"""Which registry rows cover a port: an index that is cheap to build, store and load.

Single-port rows sit in two parallel sorted arrays (port, row position) that a lookup
bisects. Range rows are few (hundreds) but long: cutting the port line at every
range's ends gives segments in which the same range rows apply throughout, so they
are found with one more bisect, never a scan.

The packaged snapshot stores this index ready-made (see :meth:`PortIndex.to_json`),
so loading it is a hex decode, not a rebuild.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Any, Optional

from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol

__all__ = ["PortIndex", "Span", "hex_array", "span_of", "unhex_array"]

#: One row's ports and transport as the index sees them: (first, last, protocol), with
#: first = last = -1 for a name without a port.
Span = tuple[int, int, Optional[Protocol]]


def span_of(assignment: Assignment) -> Span:
    """The span of one row."""
    if assignment.first is None or assignment.last is None:
        return (-1, -1, assignment.protocol)
    return (assignment.first, assignment.last, assignment.protocol)


class PortIndex:
    """Row positions by port."""

    __slots__ = ("_range_rows", "_range_starts", "_single_ports", "_single_rows")

    def __init__(
        self,
        single_ports: array[int],
        single_rows: array[int],
        range_starts: list[int],
        range_rows: list[tuple[int, ...]],
    ) -> None:
        self._single_ports = single_ports
        self._single_rows = single_rows
        self._range_starts = range_starts
        self._range_rows = range_rows

    @classmethod
    def from_spans(cls, spans: Iterable[Span]) -> PortIndex:
        """Index rows given as spans, in registry order."""
        singles: list[tuple[int, int]] = []
        ranges: list[tuple[int, int, int]] = []
        for position, (first, last, _protocol) in enumerate(spans):
            if first < 0:
                continue
            if first == last:
                singles.append((first, position))
            else:
                ranges.append((first, last, position))
        singles.sort()
        starts = sorted({r[0] for r in ranges} | {r[1] + 1 for r in ranges})
        rows: list[list[int]] = [[] for _ in starts]
        for first, last, position in ranges:
            begin, end = bisect.bisect_left(starts, first), bisect.bisect_left(starts, last + 1)
            for segment in range(begin, end):
                rows[segment].append(position)
        return cls(
            array("I", (port for port, _ in singles)),
            array("I", (position for _, position in singles)),
            starts,
            [tuple(sorted(r)) for r in rows],
        )

    def rows_at(self, port: int) -> tuple[int, ...]:
        """Positions of the rows covering ``port``, in registry order."""
        low = bisect.bisect_left(self._single_ports, port)
        high = bisect.bisect_right(self._single_ports, port, low)
        positions = tuple(self._single_rows[low:high])
        segment = bisect.bisect_right(self._range_starts, port) - 1
        if segment >= 0 and self._range_rows[segment]:
            positions = tuple(sorted((*positions, *self._range_rows[segment])))
        return positions

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form: arrays as little-endian hex, loaded without a parse loop."""
        return {
            "single_ports": hex_array(self._single_ports),
            "single_rows": hex_array(self._single_rows),
            "range_starts": self._range_starts,
            "range_rows": [list(r) for r in self._range_rows],
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> PortIndex:
        """The inverse of :meth:`to_json`; raises ``ValueError`` on malformed input."""
        ports = unhex_array(value["single_ports"])
        rows = unhex_array(value["single_rows"])
        starts = list(value["range_starts"])
        range_rows = [tuple(r) for r in value["range_rows"]]
        if len(ports) != len(rows) or len(starts) != len(range_rows):
            raise ValueError("index arrays of unequal length")
        # Order is not re-checked here: a stored index comes with a checksum over it.
        return cls(ports, rows, starts, range_rows)

    def max_position(self) -> int:
        """The highest row position the index refers to, or -1 when it refers to none."""
        candidates = [max(self._single_rows, default=-1)]
        candidates += (max(r) for r in self._range_rows if r)
        return max(candidates)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PortIndex):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def stretch_at(self, port: int) -> tuple[int, int]:
        """The first and last port of the run around ``port`` that the same rows cover.

        Rows start and end only at the index's boundaries, so every port of the run
        gets the same answer: walking the port line a run at a time sees every change.
        """
        singles, starts = self._single_ports, self._range_starts
        below = bisect.bisect_right(singles, port) - 1  # the last single row at or below
        first = 0
        if below >= 0:
            first = singles[below] if singles[below] == port else singles[below] + 1
        start = bisect.bisect_right(starts, port) - 1
        if start >= 0:
            first = max(first, starts[start])
        ends = [65536]
        above = bisect.bisect_left(singles, port)  # the first single row at or above
        if above < len(singles):
            ends.append(port + 1 if singles[above] == port else singles[above])
        after = bisect.bisect_right(starts, port)
        if after < len(starts):
            ends.append(starts[after])
        return first, min(ends) - 1


def hex_array(values: Sequence[int]) -> str:
    packed = array("I", values)
    if sys.byteorder == "big":  # pragma: no cover - the stored form is little-endian
        packed.byteswap()
    return packed.tobytes().hex()


def unhex_array(text: str) -> array[int]:
    # "I" is four bytes on every platform CPython supports; frombytes() refuses a
    # length that is not a multiple of it, which catches a truncated array.
    packed = array("I")
    packed.frombytes(bytes.fromhex(text))
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return packed
