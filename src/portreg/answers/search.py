"""What a search returns: :class:`SearchHit`, and how it matched (:class:`MatchKind`).

Each matching row is one :class:`SearchHit`, ranked by how it matched
(:class:`MatchKind`, best first); how the text is found is in
:mod:`portreg.lookups.search`."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from portreg._public import public
from portreg.records.assignment import Assignment

__all__ = ["MatchKind", "SearchHit", "fold"]


@public
class MatchKind(str, enum.Enum):
    """How a row matched, best first (the order of the members is the rank)."""

    #: The service name is the text ("http").
    EXACT_NAME = "exact name"
    #: The service name starts with the text ("https" for "http").
    NAME_PREFIX = "name prefix"
    #: The text is a whole word of the name, between punctuation ("backup" in "nsw-backup").
    NAME_WORD = "name word"
    #: The text is a whole word (or phrase) of the description.
    DESCRIPTION_WORD = "description word"
    #: The text is a whole word (or phrase) of the notes.
    NOTES_WORD = "notes word"
    #: The text is inside the name, not at a word boundary.
    NAME_SUBSTRING = "name substring"
    #: The text is inside a word of the description.
    DESCRIPTION_SUBSTRING = "description substring"
    #: The text is inside a word of the notes.
    NOTES_SUBSTRING = "notes substring"

    @property
    def rank(self) -> int:
        """0 for the best kind of match, counting up."""
        return _RANKS[self]

    def __str__(self) -> str:
        return self.value


_RANKS = {kind: rank for rank, kind in enumerate(MatchKind)}


@public
@attrs.frozen
class SearchHit:
    """One row that contains the search text.

    ``field`` is the row's field the best match is in (``"service"``,
    ``"description"`` or ``"notes"``), and ``start``/``end`` where the text stands in
    that field, for highlighting: ``getattr(hit.assignment, hit.field)[hit.start:hit.end]``
    is the text as the registry spells it.
    """

    assignment: Assignment
    match: MatchKind
    field: str
    start: int
    end: int
    #: The row's position in the registry (``registry()[position]``).
    position: int

    @property
    def matched_text(self) -> str:
        """The matched part of the field, as the registry spells it."""
        text: str = getattr(self.assignment, self.field) or ""
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as each hit of ``portreg search --json`` (docs/cli-json.md):
        ``match``, ``rank``, ``field``, ``start``, ``end``, ``matched_text``,
        ``position`` and the ``assignment`` as ``Assignment.to_dict()`` gives it."""
        return {
            "match": self.match.value,
            "rank": self.match.rank,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "matched_text": self.matched_text,
            "position": self.position,
            "assignment": self.assignment.to_dict(),
        }

    def __str__(self) -> str:
        return f"{self.assignment} [{self.match.value}]"


def fold(text: str) -> str:
    """Lowercase ``text`` without changing its length, so offsets map back.

    The rare characters whose lowercase form is longer (``İ``) are kept as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
