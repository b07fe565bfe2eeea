"""History events as image sections: columns, read one event at a time.

The history the registry's notes record is stored in its plain form (see
``portreg.answers.history.history_to_plain``): a list of events, each
``[position, kind, date, ports, names, protocol, text, field, subject]``, and the
numbers of the events filed under each name. Here that form is written as columns
and read back as the same values, without a parser: a first ``service()`` reads the
index of names and the events of one name, not the whole history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, overload

from portreg.sources.image import Image, ImageError, Offsets, OptionalTexts, TextColumn, packed

__all__ = ["EventColumns", "event_sections", "read_events"]

#: The text fields every event has, each a column.
_TEXTS = ("kind", "text", "field")
#: The text fields an event may lack (``None``), as :class:`OptionalTexts`.
_OPTIONAL = ("date", "protocol", "subject")
# Where each field sits in an event's plain list.
_PLACE = {"kind": 1, "date": 2, "protocol": 5, "text": 6, "field": 7, "subject": 8}


def event_sections(plain: Mapping[str, Any]) -> dict[str, bytes]:
    """The plain history (``{"events": [...], "by_name": {...}}``) as image sections."""
    events: Sequence[Sequence[Any]] = plain["events"]
    by_name: Mapping[str, Sequence[int]] = plain["by_name"]
    optional = [[event[_PLACE[field]] for field in _OPTIONAL] for event in events]
    sections = {
        "history.position": packed((event[0] for event in events), "I"),
        **OptionalTexts.sections("history", _OPTIONAL, optional),
        "history.ports": packed((port for event in events for port in event[3]), "H"),
        **Offsets.of_lengths(len(event[3]) for event in events).to_sections("history.ports"),
        **TextColumn.of([n for event in events for n in event[4]]).to_sections("history.names"),
        **Offsets.of_lengths(len(event[4]) for event in events).to_sections("history.name_of"),
        **TextColumn.of(list(by_name)).to_sections("history.by_name"),
        "history.filed": packed((number for found in by_name.values() for number in found), "I"),
        **Offsets.of_lengths(len(found) for found in by_name.values()).to_sections("history.filed"),
    }
    for field in _TEXTS:
        column = TextColumn.of([event[_PLACE[field]] for event in events])
        sections.update(column.to_sections(f"history.{field}"))
    return sections


def read_events(image: Image) -> dict[str, Any]:
    """The plain history an image holds, its events decoded as they are read."""
    keys = TextColumn.from_image(image, "history.by_name")
    filed = image.numbers("history.filed", "I")
    filed_at = image.offsets("history.filed")
    if len(filed_at) != len(keys) or filed_at.end != len(filed):
        raise ImageError("the history's names do not fit its events")
    # Every name at once: one split and one table of starts, not a search per name.
    names = keys.joined.split("\0") if len(keys) else []
    starts = filed_at.starts()
    by_name = {
        name: filed[starts[number] : starts[number + 1]].tolist()
        for number, name in enumerate(names)
    }
    return {"events": EventColumns(image), "by_name": by_name}


class EventColumns(Sequence[list[Any]]):
    """The history's events, each built as its plain list when it is read."""

    def __init__(self, image: Image) -> None:
        self._positions = image.numbers("history.position", "I")
        count = len(self._positions)
        self._texts = {
            field: TextColumn.from_image(image, f"history.{field}", count) for field in _TEXTS
        }
        self._optional = OptionalTexts.from_image(image, "history", _OPTIONAL)
        self._ports = image.numbers("history.ports", "H")
        self._ports_at = image.offsets("history.ports")
        self._names = TextColumn.from_image(image, "history.names")
        self._names_at = image.offsets("history.name_of")
        if (
            len(self._optional) != count
            or len(self._ports_at) != count
            or self._ports_at.end != len(self._ports)
            or len(self._names_at) != count
            or self._names_at.end != len(self._names)
        ):
            raise ImageError("the history's columns do not fit its events")

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, number: int) -> list[Any]: ...

    @overload
    def __getitem__(self, number: slice) -> list[list[Any]]: ...

    def __getitem__(self, number: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(number, slice):
            return [self[i] for i in range(len(self))[number]]
        if not 0 <= number < len(self._positions):
            raise IndexError(f"event {number} of {len(self._positions)}")
        first, last = self._names_at.span(number)
        event: list[Any] = [
            self._positions[number],
            None,
            None,
            self._ports[slice(*self._ports_at.span(number))].tolist(),
            [self._names[i] for i in range(first, last)],
            None,
            None,
            None,
            None,
        ]
        for field, column in self._texts.items():
            event[_PLACE[field]] = column[number]
        for field, value in zip(_OPTIONAL, self._optional.values(number)):
            event[_PLACE[field]] = value
        return event
