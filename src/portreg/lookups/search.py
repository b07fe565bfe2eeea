"""Search over service names, descriptions and notes, ranked and deterministic.

The text is looked for as one phrase, ignoring case, in each row's name, description
and notes. Each matching row is one :class:`SearchHit`, ranked by how it matched
(:class:`MatchKind`, best first), then by name length for name matches (``https``
before ``https-wmap``), then by registry order. Every hit contains the text: a row
is never returned because of a synonym or a fuzzy match.

The index is three long lowercase strings (names, descriptions, notes), built once
per registry: every row's notes, and each distinct name and description once (the
rows share them, as the image stores them). A query is a few ``str.find`` calls over
them in C, and a bisect to tell which value each occurrence belongs to, then which
rows hold it: a word over the whole registry takes well under a millisecond plus the
cost of its hits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from portreg.answers.search import MatchKind, SearchHit, fold
from portreg.records.assignment import Assignment
from portreg.records.ranges import RangeClass
from portreg.records.vocabulary import Protocol
from portreg.sources.image import CodedTexts, RowTexts, TextColumn

__all__ = ["SearchIndex"]

_BY_RANK = tuple(MatchKind)
# After one of these, the rest of the row's field cannot match better.
_BEST_IN_ROW = frozenset(
    {
        MatchKind.EXACT_NAME,
        MatchKind.NAME_PREFIX,
        MatchKind.NAME_WORD,
        MatchKind.DESCRIPTION_WORD,
        MatchKind.NOTES_WORD,
    }
)
_FIELDS = ("service", "description", "notes")
# (field, whole word?) -> kind; the name's own exact/prefix cases are decided apart.
_KINDS = {
    ("service", True): MatchKind.NAME_WORD,
    ("service", False): MatchKind.NAME_SUBSTRING,
    ("description", True): MatchKind.DESCRIPTION_WORD,
    ("description", False): MatchKind.DESCRIPTION_SUBSTRING,
    ("notes", True): MatchKind.NOTES_WORD,
    ("notes", False): MatchKind.NOTES_SUBSTRING,
}


class SearchIndex:
    """The registry's searchable text, one haystack per field."""

    def __init__(self, texts: Mapping[str, RowTexts], row_at: Callable[[int], Assignment]) -> None:
        self._row_at = row_at
        self._haystacks: dict[str, tuple[str, TextColumn, Callable[[int], Sequence[int]]]] = {}
        for field in _FIELDS:
            found = texts[field]
            # A value of a coded column is searched once, for every row holding it.
            column, rows_of = (
                (found.values, found.rows_of) if isinstance(found, CodedTexts) else (found, _only)
            )
            # "\0" separates values and never occurs in the registry's text; line
            # breaks and tabs read as spaces, so a phrase may cross them. Folding keeps
            # every length, so the column's own offsets serve the folded text.
            haystack = fold(column.joined).replace("\n", " ").replace("\t", " ")
            self._haystacks[field] = (haystack, column, rows_of)

    def search(
        self,
        text: str,
        protocol: Protocol | None,
        range_class: RangeClass | None,
        limit: int | None,
    ) -> tuple[SearchHit, ...]:
        """Every row containing ``text``, best match first; see the module's doc."""
        if limit == 0:
            return ()
        needle = fold(text).replace("\n", " ").replace("\t", " ")
        best: dict[int, tuple[int, int, str, int]] = {}  # position -> (rank, length, field, start)
        for field in _FIELDS:
            haystack, column, rows_of = self._haystacks[field]
            found = haystack.find(needle)
            while found >= 0:
                value = column.position_of(found)
                row_start, value_end = column.span(value)
                start, end = found - row_start, found - row_start + len(needle)
                resume = found + 1
                if end <= value_end - row_start:  # not across a row separator
                    kind = _kind(haystack, field, row_start, value_end, found, len(needle))
                    key = (
                        kind.rank,
                        value_end - row_start if field == "service" else 0,
                        field,
                        start,
                    )
                    for position in rows_of(value):
                        if position not in best or key < best[position]:
                            best[position] = key
                    if kind in _BEST_IN_ROW:  # no later match in this row does better
                        resume = value_end
                found = haystack.find(needle, resume)
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
        hits: list[SearchHit] = []
        for position, (rank, _length, field, start) in ranked:
            row = self._row_at(position)
            if protocol is not None and row.protocol not in (None, protocol):
                continue
            if range_class is not None and not _reaches(row, range_class):
                continue
            kind = _BY_RANK[rank]
            hits.append(SearchHit(row, kind, field, start, start + len(needle), position))
            if limit is not None and len(hits) >= limit:
                break
        return tuple(hits)


def _only(position: int) -> tuple[int]:
    """The rows holding value ``position`` of a column with a value per row."""
    return (position,)


def _kind(
    haystack: str, field: str, row_start: int, value_end: int, found: int, size: int
) -> MatchKind:
    at_start = found == row_start
    at_end = found + size == value_end
    if field == "service" and at_start:
        return MatchKind.EXACT_NAME if at_end else MatchKind.NAME_PREFIX
    before = haystack[found - 1] if not at_start else " "
    after = haystack[found + size] if not at_end else " "
    whole = not before.isalnum() and not after.isalnum()
    return _KINDS[(field, whole)]


def _reaches(row: Assignment, range_class: RangeClass) -> bool:
    return (
        row.first is not None
        and row.last is not None
        and row.first <= range_class.last
        and range_class.first <= row.last
    )
