"""Which end of a flow is the service: the rule, vectorised over the code tables.

A flow log row has two ports; one end is usually a service (443, 53) and the other
a client's ephemeral port. Each end gets a score from the registry and the
operating systems' habits, compared in this order:

1. **Not an ephemeral port.** Operating systems pick client ports from their
   ephemeral ranges: Linux 32768-60999, and the IANA Dynamic range 49152-65535 that
   Windows (since Vista), macOS and FreeBSD use. A port in either (32768-65535) counts
   as a client port, even where a service is registered on it (40000 -> 53/udp: the
   service is 53, although 40000 is registered on tcp).
2. **Assigned on the flow's transport** beats reserved, unassigned or dynamic.
3. **System (0-1023) beats User (1024-49151) beats Dynamic (49152-65535).**

The end with the higher score is the service end. When the scores tie, the side
is null: both ends the same port (5353 <-> 5353, mdns) still name that port and its
service; two different ports that tie (50000 <-> 50001) name nothing. A row with a
missing port, or on another protocol, names nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portreg.answers.columns import BLOCKS, NONE, PORTS, RANGE_CLASSES, STATUSES, PortColumns
from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import Status

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

    Index = npt.NDArray[numpy.intp]

__all__ = ["EPHEMERAL_RANGES", "SIDES", "score_table", "service_sides"]

#: The ephemeral port ranges counted as client ports: (first, last, whose).
EPHEMERAL_RANGES: tuple[tuple[int, int, str], ...] = (
    (32768, 60999, "Linux (net.ipv4.ip_local_port_range)"),
    (49152, 65535, "IANA Dynamic range: Windows since Vista, macOS, FreeBSD"),
)
#: The categories of the ``side`` column.
SIDES = ("src", "dst")

_RANK = {RangeClass.SYSTEM: 2, RangeClass.USER: 1, RangeClass.DYNAMIC: 0}


def score_table(columns: PortColumns) -> Any:
    """Each (block, port)'s score as a service end, laid out as the stacked tables; -1 for none.

    ``8 * (not ephemeral) + 4 * (assigned on the transport) + rank of the range class``.
    """
    return columns.kept("service-end scores", lambda: _build_scores(columns))


def _build_scores(columns: PortColumns) -> Any:
    import numpy as np

    ports = np.arange(PORTS)
    ephemeral = np.zeros(PORTS, np.bool_)
    for first, last, _ in EPHEMERAL_RANGES:
        ephemeral |= (ports >= first) & (ports <= last)
    rank = np.asarray([_RANK[r] for r in RANGE_CLASSES], np.int8)[columns.range_class_code]
    assigned = STATUSES.index(Status.ASSIGNED)
    base = (~ephemeral).astype(np.int8) * 8 + rank
    blocks = [
        base + (columns.status_code[block] == assigned).astype(np.int8) * 4 for block in BLOCKS
    ]
    table = np.concatenate([*blocks, np.full(PORTS, -1, np.int8)])
    table.flags.writeable = False
    return table


def service_sides(columns: PortColumns, src: Index, dst: Index) -> tuple[Any, Any]:
    """(side codes, index of the service end) for flows given as indexes of both ends.

    Side code 0 is src, 1 dst, -1 cannot tell; the index is ``NONE``'s block where
    no end is named, so that taking from any stacked table gives null there.
    """
    import numpy as np

    scores = score_table(columns)
    src_score, dst_score = scores.take(src), scores.take(dst)
    valid = (src_score >= 0) & (dst_score >= 0)
    side = np.where(src_score > dst_score, 0, np.where(dst_score > src_score, 1, -1))
    side = side.astype(np.int8)
    side[~valid] = -1
    same_port = valid & (src == dst)  # same block and port: the same service
    chosen = np.where(side == 0, src, dst)
    chosen[(side < 0) & ~same_port] = NONE * PORTS
    return side, chosen
