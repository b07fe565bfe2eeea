"""Which registry rows cover a port: an index that is cheap to build, store and load.

Single-port rows sit in two parallel sorted arrays (port, row position) that a lookup
bisects. Range rows are few (hundreds) but long: cutting the port line at every
range's ends gives segments in which the same range rows apply throughout, so they
are found with one more bisect, never a scan.

The packaged snapshot stores this index ready-made (see
:meth:`PortIndex.to_sections`), so loading it is a few array reads, not a rebuild.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable
from typing import Optional

from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol
from portreg.sources.image import Image, packed

__all__ = ["PortIndex", "Span", "span_of"]

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

    __slots__ = (
        "_range_flat",
        "_range_row_starts",
        "_range_starts",
        "_single_ports",
        "_single_rows",
    )

    def __init__(
        self,
        single_ports: array[int],
        single_rows: array[int],
        range_starts: array[int],
        range_row_starts: array[int],
        range_flat: array[int],
    ) -> None:
        # The range rows of segment i are range_flat[range_row_starts[i]:...[i + 1]].
        self._single_ports = single_ports
        self._single_rows = single_rows
        self._range_starts = range_starts
        self._range_row_starts = range_row_starts
        self._range_flat = range_flat

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
        row_starts = [0]
        for found in rows:
            row_starts.append(row_starts[-1] + len(found))
        return cls(
            array("I", (port for port, _ in singles)),
            array("I", (position for _, position in singles)),
            array("I", starts),
            array("I", row_starts),
            array("I", (position for found in rows for position in sorted(found))),
        )

    def rows_at(self, port: int) -> tuple[int, ...]:
        """Positions of the rows covering ``port``, in registry order."""
        low = bisect.bisect_left(self._single_ports, port)
        high = bisect.bisect_right(self._single_ports, port, low)
        positions = tuple(self._single_rows[low:high])
        segment = bisect.bisect_right(self._range_starts, port) - 1
        if segment >= 0:
            begin, end = self._range_row_starts[segment], self._range_row_starts[segment + 1]
            if begin < end:
                positions = tuple(sorted((*positions, *self._range_flat[begin:end])))
        return positions

    def to_sections(self) -> dict[str, bytes]:
        """The index as image sections."""
        return {
            "index.single_ports": packed(self._single_ports, "I"),
            "index.single_rows": packed(self._single_rows, "I"),
            "index.range_starts": packed(self._range_starts, "I"),
            "index.range_row_starts": packed(self._range_row_starts, "I"),
            "index.range_rows": packed(self._range_flat, "I"),
        }

    @classmethod
    def from_image(cls, image: Image) -> PortIndex:
        """The index an image holds; ``ValueError`` if its arrays do not fit together."""
        ports = image.numbers("index.single_ports", "I")
        rows = image.numbers("index.single_rows", "I")
        starts = image.numbers("index.range_starts", "I")
        row_starts = image.numbers("index.range_row_starts", "I")
        flat = image.numbers("index.range_rows", "I")
        if len(ports) != len(rows) or len(row_starts) != len(starts) + 1:
            raise ValueError("index arrays of unequal length")
        if row_starts[-1] != len(flat):
            raise ValueError("the index's range rows do not add up")
        # Order is not re-checked here: a stored index comes with a checksum over it.
        return cls(ports, rows, starts, row_starts, flat)

    def max_position(self) -> int:
        """The highest row position the index refers to, or -1 when it refers to none."""
        return max(max(self._single_rows, default=-1), max(self._range_flat, default=-1))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PortIndex):
            return NotImplemented
        return self.to_sections() == other.to_sections()

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
