"""Search: every hit contains the text, ranked by how it matched, deterministic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portreg import (
    InputTypeError,
    InvalidProtocolError,
    InvalidRangeClassError,
    InvalidSearchError,
    MatchKind,
    PortregError,
    Protocol,
    RangeClass,
    SearchHit,
    registry,
    search,
)

ROWS = tuple(registry())
FIELDS = ("service", "description", "notes")


def _texts(hit: SearchHit) -> dict[str, str]:
    return {field: getattr(hit.assignment, field) or "" for field in FIELDS}


# Substrings of the registry's own text make queries that hit; arbitrary text mostly misses.
_registry_words = st.sampled_from(
    sorted({w for row in ROWS[::7] for w in (row.description or "").split() if len(w) > 2})
)
queries = st.one_of(
    _registry_words,
    _registry_words.map(str.upper),
    st.sampled_from(sorted({row.service for row in ROWS[::11] if row.service})),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-. ", min_size=1, max_size=6).filter(str.strip),
)


@settings(max_examples=150, deadline=None)
@given(queries)
def test_every_hit_contains_the_text_where_it_says(text: str) -> None:
    needle = text.strip().lower()
    hits = search(text)
    for hit in hits:
        field_text = getattr(hit.assignment, hit.field) or ""
        assert hit.matched_text.lower() == needle
        assert field_text[hit.start : hit.end].lower() == needle
        assert ROWS[hit.position] is hit.assignment
    ranks = [hit.match.rank for hit in hits]
    assert ranks == sorted(ranks)
    assert len({hit.position for hit in hits}) == len(hits)  # one hit per row
    assert search(text) == hits  # deterministic


@settings(max_examples=60, deadline=None)
@given(queries)
def test_search_finds_every_row_a_plain_scan_finds(text: str) -> None:
    needle = text.strip().lower()
    expected = {
        position
        for position, row in enumerate(ROWS)
        if any(
            needle in " ".join((getattr(row, f) or "").split()).lower()
            or needle in (getattr(row, f) or "").lower()
            for f in FIELDS
        )
    }
    found = {hit.position for hit in search(text)}
    assert found <= expected
    # A phrase may also match across a line break that the scan collapsed; the
    # plain single-line matches must all be there.
    plain = {
        position
        for position, row in enumerate(ROWS)
        if any(needle in (getattr(row, f) or "").lower() for f in FIELDS)
    }
    assert plain <= found


def test_exact_name_then_prefix_then_description_words() -> None:
    hits = search("http")
    assert hits[0].match is MatchKind.EXACT_NAME
    assert {h.assignment.service for h in hits if h.match is MatchKind.EXACT_NAME} == {"http"}
    kinds = [h.match for h in hits]
    assert kinds.index(MatchKind.NAME_PREFIX) < kinds.index(MatchKind.DESCRIPTION_WORD)
    prefixed = [h.assignment.service for h in hits if h.match is MatchKind.NAME_PREFIX]
    assert prefixed[0] == "https"  # the shortest name first
    assert all(name and name.lower().startswith("http") for name in prefixed)


def test_backup_finds_novastor_by_its_description() -> None:
    hits = search("backup")
    novastor = [h for h in hits if h.assignment.service == "novastorbakcup"]
    assert [h.match for h in novastor] == [MatchKind.DESCRIPTION_WORD] * 2
    assert novastor[0].matched_text == "Backup"
    assert all(h.match is not MatchKind.EXACT_NAME for h in hits)


def test_whole_words_rank_above_parts_of_words() -> None:
    hits = search("mail")
    kinds = [h.match for h in hits]
    assert MatchKind.DESCRIPTION_WORD in kinds
    assert MatchKind.DESCRIPTION_SUBSTRING in kinds  # "e-mail", "Mailbox" ...
    whole = [h for h in hits if h.match is MatchKind.DESCRIPTION_WORD]
    for hit in whole:
        text = hit.assignment.description
        before = text[hit.start - 1] if hit.start else " "
        after = text[hit.end] if hit.end < len(text) else " "
        assert not before.isalnum()
        assert not after.isalnum()


def test_punctuated_names_are_found_as_typed() -> None:
    assert search("sql*net")[0].assignment.service == "sql*net"
    assert search("WHOIS++")[0].assignment.service == "whois++"
    assert search("secure shell")[0].assignment.service == "ssh"


def test_filters_and_limit() -> None:
    everything = search("http")
    tcp = search("http", protocol="TCP")
    assert tcp
    assert all(h.assignment.protocol in (None, Protocol.TCP) for h in tcp)
    assert tcp == tuple(h for h in everything if h.assignment.protocol in (None, Protocol.TCP))
    system = search("backup", range_class=RangeClass.SYSTEM)
    assert system
    for hit in system:
        assert hit.assignment.first is not None
        assert hit.assignment.first <= RangeClass.SYSTEM.last
    assert search("http", limit=5) == everything[:5]
    assert search("http", limit=0) == ()
    assert search("no such text anywhere, surely") == ()


@pytest.mark.parametrize("blank", ["", " ", "\n\t "])
def test_blank_text_is_refused_not_answered_with_everything(blank: str) -> None:
    with pytest.raises(InvalidSearchError, match="white space") as caught:
        search(blank)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, PortregError)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InputTypeError, match="search text must be a string"):
        search(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidSearchError, match="limit"):
        search("http", limit=-1)
    with pytest.raises(InputTypeError, match="limit"):
        search("http", limit=True)
    with pytest.raises(InvalidProtocolError):
        search("http", protocol="icmp")
    with pytest.raises(InvalidRangeClassError):
        search("http", range_class="privileged")


def test_the_public_functions_are_not_shadowed_by_modules() -> None:
    import portreg

    assert portreg.MatchKind is MatchKind  # loads the search module lazily
    assert callable(portreg.search)
    assert callable(portreg.service)
    assert callable(portreg.unassigned)
