"""History events stored as columns read back as the very plain form they were written from."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import registry
from portreg.answers.history import history_to_plain
from portreg.lookups.tables import build_history
from portreg.sources.events import event_sections, read_events
from portreg.sources.image import Image, encode_image

# Text as the registry's readers let it through: anything but NUL.
_TEXT = st.text(st.characters(blacklist_characters="\0", blacklist_categories=["Cs"]), max_size=20)
_OPTIONAL_TEXT = st.none() | _TEXT
_EVENT = st.tuples(
    st.integers(0, 20_000),
    _TEXT,
    _OPTIONAL_TEXT,
    st.lists(st.integers(0, 65535), max_size=4),
    st.lists(_TEXT, max_size=3),
    _OPTIONAL_TEXT,
    _TEXT,
    _TEXT,
    _OPTIONAL_TEXT,
).map(list)


def _round_trip(plain: dict[str, Any]) -> dict[str, Any]:
    return read_events(Image(encode_image({}, event_sections(plain))))


@settings(max_examples=150)
@given(st.lists(_EVENT, max_size=12), st.data())
def test_any_history_reads_back_as_it_was_written(
    events: list[list[Any]], data: st.DataObject
) -> None:
    numbers = (
        st.lists(st.integers(0, max(len(events) - 1, 0)), max_size=4) if events else st.just([])
    )
    by_name = data.draw(st.dictionaries(_TEXT, numbers, max_size=6))
    plain = {"events": events, "by_name": by_name}
    read = _round_trip(plain)
    assert list(read["events"]) == events
    assert read["by_name"] == by_name
    assert list(read["by_name"]) == list(by_name)  # in the order written


def test_the_registrys_history_reads_back_as_it_was_written() -> None:
    rows = tuple(registry())
    position_of = {id(row): position for position, row in enumerate(rows)}
    plain = history_to_plain(build_history(rows), position_of)
    read = _round_trip(plain)
    assert len(read["events"]) == len(plain["events"]) > 500
    assert list(read["events"]) == plain["events"]
    assert read["by_name"] == plain["by_name"]
