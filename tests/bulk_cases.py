"""What the bulk tests share: the scalar answers for a row and for the code tables, and
strategies for columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import numpy as np
from hypothesis import strategies as st

from portreg import Assignment, PortInfo, Protocol, Registry, Status, classify, lookup
from portreg.answers.columns import BLOCKS, PORTS, RANGE_CLASSES, STATUSES, PortColumns
from portreg.bulk.inputs import IANA_NUMBERS
from portreg.records.ranges import range_class_of

if TYPE_CHECKING:
    import numpy.typing as npt

    Codes = npt.NDArray[np.signedinteger[Any]]
    Flags = npt.NDArray[np.bool_]

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


# -- the code tables as the scalar API answers them: the oracle of the bulk build -----


def scalar_port_columns(source: Registry) -> PortColumns:
    """``source``'s code tables from ``source.lookup()``, port by port (seconds, not
    milliseconds): what :func:`portreg.answers.columns.build_port_columns` must equal.

    Ports covered by the same rows are answered once; a port whose rows carry notes
    is answered on its own, since a note may single the port out ("Conflict on 2049").
    """
    answers: list[_Answer] = []
    answer_of: dict[tuple[Any, ...], int] = {}
    which = np.empty(PORTS, np.int32)
    for port in range(PORTS):
        positions = source._index.rows_at(port)
        singled_out = any(source[p].notes for p in positions)
        key = (positions, range_class_of(port), port if singled_out else -1)
        found = answer_of.get(key)
        if found is None:
            found = answer_of[key] = len(answers)
            answers.append(_scalar_answer(source.lookup(port)))
        which[port] = found

    # The categories are every name and description the rows hold, named by a port or not.
    services = tuple(sorted({row.service for row in source if row.service}))
    descriptions = tuple(sorted({row.description for row in source if row.description}))
    named = {a[0] for per in answers for a in per} | {a[2] for per in answers for a in per}
    assert named - {None} <= {*services, *descriptions}
    service_index = {name: i for i, name in enumerate(services)}
    description_index = {text: i for i, text in enumerate(descriptions)}
    status_index = {status: i for i, status in enumerate(STATUSES)}

    def codes(values: list[int], size: int, types: tuple[Any, ...] = (np.int8,)) -> Codes:
        dtype: Any = next(t for t in (*types, np.int32) if size <= np.iinfo(t).max)
        array: Codes = np.asarray(values, dtype)[which]
        array.flags.writeable = False
        return array

    service_code, status_code, description_code, in_range = {}, {}, {}, {}
    for block, protocol in enumerate(BLOCKS):
        per_answer = [answer[block] for answer in answers]
        service_code[protocol] = codes(
            [-1 if s is None else service_index[s] for s, _, _, _ in per_answer],
            len(services),
            (np.int16,),  # names and descriptions are stored in two bytes, however few
        )
        status_code[protocol] = codes([status_index[s] for _, s, _, _ in per_answer], len(STATUSES))
        description_code[protocol] = codes(
            [-1 if d is None else description_index[d] for _, _, d, _ in per_answer],
            len(descriptions),
            (np.int16,),
        )
        flags: Flags = np.asarray([r for _, _, _, r in per_answer], np.bool_)[which]
        flags.flags.writeable = False
        in_range[protocol] = flags
    range_class = np.asarray([RANGE_CLASSES.index(classify(p)) for p in range(PORTS)], np.int8)
    range_class.flags.writeable = False
    return PortColumns(
        services=services,
        descriptions=descriptions,
        service_code=service_code,
        status_code=status_code,
        description_code=description_code,
        in_range=in_range,
        range_class_code=range_class,
    )


# One port's answer on each block: (service, status, description, in_range) per block.
_Answer = tuple[tuple[Optional[str], Status, Optional[str], bool], ...]


def _scalar_answer(info: PortInfo) -> _Answer:
    """One port's answer on each block, from the scalar API."""
    answer = []
    for protocol in BLOCKS:
        rows = info.on(protocol) if protocol is not None else info.assignments
        name = info.preferred_name(protocol)
        status = info.status(protocol)
        description = _scalar_description(rows, name, status)
        answer.append((name, status, description, any(row.is_range for row in rows)))
    return tuple(answer)


def _scalar_description(
    rows: tuple[Assignment, ...], name: str | None, status: Status
) -> str | None:
    ordered = sorted(rows, key=lambda row: row.is_range)  # stable: registry order kept
    if name is not None:
        chosen = [r for r in ordered if r.service == name and r.status is Status.ASSIGNED]
    else:
        chosen = [r for r in ordered if r.status is status]
    return (chosen[0].description or None) if chosen else None


def assert_same_columns(built: PortColumns, expected: PortColumns) -> None:
    """Every table of ``built`` equals ``expected``'s, entry by entry and in type."""
    assert built.services == expected.services
    assert built.descriptions == expected.descriptions
    for table in ("service_code", "status_code", "description_code", "in_range"):
        for protocol in BLOCKS:
            got, want = getattr(built, table)[protocol], getattr(expected, table)[protocol]
            assert got.dtype == want.dtype, (table, protocol)
            assert not got.flags.writeable, (table, protocol)
            mismatched = np.flatnonzero(got != want)
            assert mismatched.size == 0, (table, protocol, mismatched[:10].tolist())
    assert built.range_class_code.dtype == expected.range_class_code.dtype
    assert (built.range_class_code == expected.range_class_code).all()
