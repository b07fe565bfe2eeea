"""The inner loop of bulk annotation: every asked-for column's codes in one gather.

The columns asked for are packed side by side into one unsigned integer per
(block, port), each code plus one in as few bits as its categories need (13 for a
service name, 3 for a status, ...), so that however many columns are asked for,
each row costs one ``take`` from a table small enough to stay in cache (name and
status: 16 bits); the codes are then split out with shifts and masks. Rows go
through in chunks that stay in the CPU's cache while the protocol offset is added,
the port checked, the packed codes taken and split, and, for large inputs, on two
threads (numpy lets go of the GIL for each of these steps).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from portreg.answers.columns import NONE, PORTS, TRANSPORTS, PortColumns
from portreg.records.vocabulary import PROTOCOLS_BY_NUMBER

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

    Index = npt.NDArray[numpy.intp]
    Mask = npt.NDArray[numpy.bool_]

__all__ = ["CHUNK", "ProtocolNumbers", "gather", "offset_table", "packed"]

#: Rows per chunk: a chunk's index, ports and packed codes fit in a core's L2 cache.
CHUNK = 1 << 16
#: From this many rows on, the work is split between two threads.
PARALLEL_ROWS = 1 << 20


class ProtocolNumbers:
    """A column of IP protocol numbers, mapped to block offsets inside the gather."""

    def __init__(self, numbers: Any) -> None:
        self.numbers = numbers


def offset_table() -> Any:
    """Block offset by IP protocol number 0-256; 256 (and, clipped, above) is no transport.

    Indexed with ``mode="clip"``, so negative numbers read entry 0 (protocol 0, no
    transport) and numbers past 255 read entry 256.
    """
    np = _numpy()
    table = np.full(257, NONE * PORTS, np.intp)
    for number, protocol in PROTOCOLS_BY_NUMBER.items():
        table[number] = TRANSPORTS.index(protocol) * PORTS
    return table


def packed(
    tables: PortColumns, columns: Sequence[str]
) -> tuple[Any, list[tuple[str, int, int, Any]]]:
    """(one packed code per (block, port), and (column, shift, mask, dtype) of each field).

    A field holds its column's code plus one: 0 is none (-1).
    """
    key = tuple(columns)
    found: tuple[Any, list[tuple[str, int, int, Any]]] = tables.kept(
        ("packed", key), lambda: _pack(tables, key)
    )
    return found


def _pack(tables: PortColumns, columns: tuple[str, ...]) -> Any:
    np = _numpy()
    fields = []
    shift = 0
    stacked = []
    for column in columns:
        codes = tables.stacked(column)
        if column == "in_range":  # False/True, and -1 where there is no answer
            codes = codes.astype(np.int8)
            codes[NONE * PORTS :] = -1
        width = max(1, int(codes.max()) + 1).bit_length()  # codes + 1: 0 .. max + 1
        dtype = np.int16 if codes.dtype.itemsize > 1 else np.int8
        fields.append((column, shift, (1 << width) - 1, dtype))
        stacked.append((codes, shift))
        shift += width
    packed_dtype = next(t for t in (np.uint16, np.uint32, np.uint64) if shift <= t(0).nbytes * 8)
    table = np.zeros((NONE + 1) * PORTS, packed_dtype)
    for codes, at in stacked:
        table |= (codes.astype(np.int64) + 1).astype(packed_dtype) << packed_dtype(at)
    table.flags.writeable = False
    return table, fields


def gather(
    tables: PortColumns,
    columns: Sequence[str],
    ports: Any,
    missing: Mask | None,
    offsets: int | Index | ProtocolNumbers,
    *,
    check: bool,
) -> tuple[dict[str, Any], bool]:
    """(each column's codes for every row, whether a port was out of range).

    ``ports`` is an integer array; with ``check``, each is checked to be 0-65535 and
    the codes are not to be used if one is not (the caller checks the ports properly,
    then asks again). ``offsets`` is one block offset for every row, an offset per
    row, or the rows' protocol numbers. A missing row takes its codes from the
    ``NONE`` block: -1 everywhere.
    """
    np = _numpy()
    table, fields = packed(tables, columns)
    numbers_to_offsets = _offset_table_once()
    top_field = fields[-1][0]
    rows = len(ports)
    out = {column: np.empty(rows, dtype) for column, _, _, dtype in fields}
    unsigned = _unsigned(np, ports) if check else None
    bad = [False, False]

    def run(part: int, first: int, last: int) -> None:
        index = np.empty(min(CHUNK, last - first), np.intp)
        codes = np.empty(len(index), table.dtype)
        spare = np.empty(len(index), table.dtype)
        for start in range(first, last, CHUNK):
            stop = min(start + CHUNK, last)
            at, chunk, field = index[: stop - start], codes[: stop - start], spare[: stop - start]
            if unsigned is not None and len(at) and unsigned[start:stop].max() >= PORTS:
                bad[part] = True
                return
            if isinstance(offsets, ProtocolNumbers):
                np.take(numbers_to_offsets, offsets.numbers[start:stop], out=at, mode="clip")
                np.add(at, ports[start:stop], out=at, dtype=np.intp, casting="unsafe")
            elif isinstance(offsets, int):
                np.add(ports[start:stop], offsets, out=at, dtype=np.intp, casting="unsafe")
            else:
                np.add(
                    offsets[start:stop], ports[start:stop], out=at, dtype=np.intp, casting="unsafe"
                )
            if missing is not None:
                at[missing[start:stop]] = NONE * PORTS
            np.take(table, at, out=chunk, mode="clip")  # "wrap" divides: far slower
            for column, shift, mask, _ in fields:
                value = chunk
                if shift:  # the bits above the last field are zero: no mask needed there
                    value = np.right_shift(value, shift, out=field, dtype=table.dtype)
                if column != top_field:
                    value = np.bitwise_and(value, mask, out=field, dtype=table.dtype)
                np.subtract(value, 1, out=out[column][start:stop], casting="unsafe")

    if rows >= PARALLEL_ROWS and (os.cpu_count() or 1) > 1:
        middle = rows // 2 // CHUNK * CHUNK
        helper = threading.Thread(target=run, args=(1, middle, rows), daemon=True)
        helper.start()
        run(0, 0, middle)
        helper.join()
    else:
        run(0, 0, rows)
    return out, any(bad)


def _unsigned(np: Any, ports: Any) -> Any:
    """The ports as unsigned integers of the same size: negative ones become huge."""
    if ports.dtype.kind == "u":
        return ports
    return ports.view(np.dtype(f"u{ports.dtype.itemsize}"))


def _numpy() -> Any:
    from portreg._deps import need

    return need("numpy", "Bulk annotation")


_offsets: list[Any] = []


def _offset_table_once() -> Any:
    if not _offsets:
        _offsets.append(offset_table())
    return _offsets[0]
