"""A run of ports that are not assigned: :class:`Block`.

A block is a maximal run of consecutive ports that share one status other than
assigned (unassigned, reserved, de-registered or dynamic) on one transport, or on
every transport at once. How blocks are found is in :mod:`portreg.lookups.blocks`.
"""

from __future__ import annotations

from typing import Any

import attrs

from portreg._public import public
from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import Protocol, Status

__all__ = ["Block"]


@public
@attrs.frozen
class Block:
    """A maximal run of consecutive ports sharing one status other than assigned.

    ``protocol`` is the transport the block is about, or ``None`` when the status
    holds on every transport. ``len(block)`` is its number of ports.
    """

    first: int
    last: int
    status: Status
    protocol: Protocol | None = None

    def __len__(self) -> int:
        return self.last - self.first + 1

    @property
    def ports(self) -> range:
        """The ports of the block."""
        return range(self.first, self.last + 1)

    @property
    def range_classes(self) -> tuple[RangeClass, ...]:
        """The range classes the block reaches into, lowest first."""
        return tuple(rc for rc in RangeClass if rc.first <= self.last and self.first <= rc.last)

    def __contains__(self, port: object) -> bool:
        return isinstance(port, int) and self.first <= port <= self.last

    @property
    def port_text(self) -> str:
        """``301-307``, or ``4`` for a block of one port."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``first``, ``last``, ``size``, ``status``, ``protocol`` (null for
        every transport), as in the ``block`` of ``portreg PORT --json``."""
        return {
            "first": self.first,
            "last": self.last,
            "size": len(self),
            "status": self.status.value,
            "protocol": self.protocol.value if self.protocol else None,
        }

    def __str__(self) -> str:
        where = "every transport" if self.protocol is None else self.protocol.value
        size = "1 port" if len(self) == 1 else f"{len(self)} ports"
        return f"{self.port_text} {self.status.value} ({size}, {where})"
