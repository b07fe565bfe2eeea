"""The report's cheap walk for a port's block and nearest assigned ports agrees with the
library's index of the whole registry (PortInfo.block and friends)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import portreg
from portreg.cli import _around

PROTOCOLS = st.sampled_from([None, "tcp", "udp", "sctp", "dccp"])
# Ports near the edges of blocks, ranges and the port space, and anywhere at all.
PORTS = st.one_of(
    st.integers(0, 65535),
    st.sampled_from([0, 1, 2, 300, 301, 305, 307, 1023, 1024, 29170, 29998, 49151, 49152, 65535]),
)


@settings(max_examples=300, deadline=None)
@given(port=PORTS, protocol=PROTOCOLS)
def test_the_walk_agrees_with_the_library(port: int, protocol: str | None) -> None:
    info = portreg.lookup(port, protocol)
    assert _around.block_of(info) == info.block
    assert _around.nearest_assigned_below(info) == info.nearest_assigned_below
    assert _around.nearest_assigned_above(info) == info.nearest_assigned_above


def test_the_walk_covers_long_blocks_through_the_library() -> None:
    # 29170-29998 is far longer than the walk: the answer still comes out whole.
    info = portreg.lookup(29500)
    block = _around.block_of(info)
    assert block is not None
    assert (block.first, block.last) == (info.block.first, info.block.last)  # type: ignore[union-attr]
