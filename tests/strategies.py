"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from portreg import (
    Assignment,
    DatePrecision,
    Person,
    Protocol,
    Reference,
    ReferenceKind,
    RegistryDate,
    Status,
)

ports = st.integers(min_value=0, max_value=65535)
protocols = st.sampled_from(list(Protocol))
optional_protocols = st.none() | protocols
#: Every spelling of a protocol a user may pass.
protocol_spellings = protocols.flatmap(
    lambda p: st.sampled_from([p, p.value, p.value.upper(), p.value.capitalize()])
)
radii = st.integers(min_value=0, max_value=300)

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)

registry_dates = st.builds(
    lambda day, month_only: (
        RegistryDate(day.replace(day=1), DatePrecision.MONTH)
        if month_only
        else RegistryDate(day, DatePrecision.DAY)
    ),
    st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.booleans(),
)
people = st.builds(
    Person, id=_text.filter(bool), name=st.none() | _text, organization=st.none() | _text
)
references = st.builds(
    Reference,
    kind=st.sampled_from(list(ReferenceKind)),
    data=st.none() | _text,
    section=st.none() | _text,
    text=st.none() | _text,
)


@st.composite
def assignments(draw: st.DrawFn) -> Assignment:
    """Any well-formed registry row."""
    first = draw(st.none() | ports)
    last = None if first is None else draw(st.integers(min_value=first, max_value=65535))
    return Assignment(
        service=draw(st.none() | _text.filter(bool)),
        first=first,
        last=last,
        protocol=draw(optional_protocols),
        description=draw(_text),
        status=draw(st.sampled_from(list(Status))),
        assignees=tuple(draw(st.lists(people, max_size=2))),
        contacts=tuple(draw(st.lists(people, max_size=2))),
        registered=draw(st.none() | registry_dates),
        modified=draw(st.none() | registry_dates),
        references=tuple(draw(st.lists(references, max_size=3))),
        service_code=draw(st.none() | st.integers(min_value=0, max_value=2**32 - 1)),
        unauthorized_use=draw(st.none() | _text),
        notes=draw(st.none() | _text),
    )


#: Ports of a few crowded places: the first ports, the edges of the range classes.
_crowded_ports = [0, 1, 1023, 1024, 49151, 49152, 65535]
#: Statuses, the ones rows of the same port share most often first.
_crowded_statuses = st.sampled_from([Status.RESERVED, Status.UNASSIGNED]) | st.sampled_from(
    list(Status)
)


@st.composite
def crowded_assignments(draw: st.DrawFn) -> Assignment:
    """A row among a few ports, names and notes, so that rows of a small registry
    overlap, share names and statuses, alias each other and note conflicts, as IANA's
    do."""
    first = draw(st.none() | st.sampled_from(_crowded_ports))
    last = None if first is None else min(65535, first + draw(st.sampled_from([0, 1, 3])))
    service = draw(st.none() | st.sampled_from(["alpha", "Alpha", "beta"]))
    return Assignment(
        service=service,
        first=first,
        last=last,
        protocol=draw(st.none() | st.sampled_from([Protocol.TCP, Protocol.UDP])),
        description=draw(st.sampled_from(["", "one", "two", "three", "a\0b"])),
        status=draw(st.just(Status.ASSIGNED) | _crowded_statuses if service else _crowded_statuses),
        notes=draw(
            st.none()
            | st.sampled_from(
                [
                    'This entry is an alias to "alpha"',
                    'This is a duplicate of the "beta" service',
                    "a note of no consequence",
                ]
            )
            | st.sampled_from(_crowded_ports).map(lambda port: f"Conflict on {port}")
        ),
    )
