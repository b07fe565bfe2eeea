"""What the bulk tests share: the scalar answer for a row, and strategies for columns."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from portreg import Protocol, classify, lookup
from portreg.bulk.inputs import IANA_NUMBERS

#: Protocol values as flow logs carry them: names in any case, IANA numbers, others.
protocol_values = st.one_of(
    st.sampled_from(list(Protocol)).flatmap(
        lambda p: st.sampled_from([p.value, p.value.upper(), p.value.capitalize()])
    ),
    st.sampled_from([6, 17, 132, 33]),
    st.sampled_from([1, 47, 58, "icmp", "unknown_transport"]),  # other protocols
)
#: Ports, with a few favourites so that assigned names turn up in short lists.
port_values = st.one_of(
    st.integers(min_value=0, max_value=65535),
    st.sampled_from([22, 53, 80, 443, 2049, 5353, 6000, 49152, 65535]),
)
#: Rows of (port or None, protocol value).
rows = st.lists(st.tuples(st.none() | port_values, protocol_values), min_size=1, max_size=60)


def transport(value: object) -> Protocol | None:
    """The transport a protocol value names, or None for another protocol."""
    if isinstance(value, int):
        return IANA_NUMBERS.get(value)
    text = str(value).strip().lower()
    if text.isdigit():
        return IANA_NUMBERS.get(int(text))
    return Protocol(text) if text in {p.value for p in Protocol} else None


def expected_row(port: int | None, protocol: object, any_transport: bool = False) -> dict[str, Any]:
    """The scalar API's answer for one row, as the bulk columns give it."""
    chosen = None if any_transport else transport(protocol)
    if port is None or (chosen is None and not any_transport):
        return {"service": None, "status": None, "range_class": None}
    info = lookup(port)
    return {
        "service": info.preferred_name(chosen),
        "status": info.status(chosen).value,
        "range_class": classify(port).value,
    }
