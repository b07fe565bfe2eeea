"""Search results, unassigned blocks and service names in a notebook and in IPython."""

from __future__ import annotations

import pickle
import xml.etree.ElementTree as ET

import pytest

from portreg import (
    Assignment,
    Block,
    Blocks,
    Protocol,
    SearchResults,
    Status,
    lookup,
    search,
    service,
    unassigned,
)
from portreg.answers.history import HistoryEvent, HistoryKind
from portreg.answers.search import MatchKind, SearchHit
from portreg.answers.service import ServiceInfo
from tests.test_display import HOSTILE, TABLE_TAGS, _collected, _hostile_assignment, _texts

pandas = pytest.importorskip("pandas")


class _Printer:
    def __init__(self) -> None:
        self.printed: list[str] = []

    def text(self, obj: str) -> None:
        self.printed.append(obj)


def _hostile_hit(text: str) -> SearchHit:
    row = _hostile_assignment(text)
    return SearchHit(row, MatchKind.DESCRIPTION_WORD, "description", 0, len(text), 0)


def _hostile_service(text: str) -> ServiceInfo:
    row = _hostile_assignment(text)
    event = HistoryEvent(
        HistoryKind.CONFLICT, None, (1,), (row.service or "",), None, text, "notes", row
    )
    assert row.service is not None
    return ServiceInfo(row.service, row.service, (f"alias{text}",), (row,), (event,))


# -- the result types are tuples -----------------------------------------------------------


def test_search_and_unassigned_return_tuples_that_render() -> None:
    hits = search("backup")
    blocks = unassigned("system", "tcp")
    assert isinstance(hits, SearchResults)
    assert isinstance(blocks, Blocks)
    for result in (hits, blocks):
        assert result == tuple(result)
        assert type(result[:2]) is tuple
        copy = pickle.loads(pickle.dumps(result))
        assert copy == result
        assert type(copy) is type(result)


def test_blocks_count_their_ports() -> None:
    blocks = unassigned("system", "tcp")
    free = [b for b in blocks if b.status is Status.UNASSIGNED]
    assert blocks.port_count(Status.UNASSIGNED) == sum(len(b) for b in free)
    assert blocks.port_count() == sum(len(b) for b in blocks)
    assert blocks.port_count("reserved") == sum(
        len(b) for b in blocks if b.status is Status.RESERVED
    )


# -- HTML: well-formed, escaped, saying what the text form says ----------------------------


def test_search_html_lists_every_hit_in_order() -> None:
    hits = search("novastor")
    root = ET.fromstring(hits.as_html())
    rows = root.findall("./tbody/tr")
    assert len(rows) == len(hits) == 2
    assert [_texts(row.findall("td")[0]) for row in rows] == ["308/tcp", "308/udp"]
    assert "2 matches" in _texts(root.find("caption"))  # type: ignore[arg-type]


def test_the_block_of_305_is_highlighted_and_free_ports_counted() -> None:
    blocks = unassigned("system")
    root = ET.fromstring(blocks._repr_html_())
    highlighted = [
        _texts(row.findall("td")[0])
        for row in root.findall("./tbody/tr")
        if row.get("class") == "portreg-highlight"
    ]
    assert "301-307" in highlighted
    expected = blocks.port_count(Status.UNASSIGNED)
    assert f"unassigned: {expected} ports" in _texts(root.find("tfoot"))  # type: ignore[arg-type]


def test_service_html_shows_aliases_rows_and_history() -> None:
    root = ET.fromstring(service("http")._repr_html_())
    text = _texts(root)
    assert "www, www-http" in text
    assert text.count("World Wide Web HTTP") >= 3
    history = ET.fromstring(service("compressnet")._repr_html_())
    captions = [_texts(c) for c in history.iter("caption")]
    assert "History" in captions
    assert "2025-02-13" in _texts(history)


@pytest.mark.parametrize(
    "markup",
    [
        lambda: SearchResults([_hostile_hit(HOSTILE)])._repr_html_(),
        lambda: _hostile_service(HOSTILE)._repr_html_(),
    ],
)
def test_hostile_strings_are_escaped(markup: object) -> None:
    assert callable(markup)
    html = markup()
    collected = _collected(html)
    assert set(collected.tags) <= TABLE_TAGS | {"div"}
    assert "<script" not in html
    assert "<img" not in html
    assert HOSTILE in _texts(ET.fromstring(html))


def test_an_empty_result_renders() -> None:
    assert "No matches" in SearchResults(())._repr_html_()
    assert "0 blocks" in Blocks(()).as_text()


# -- IPython ---------------------------------------------------------------------------------


def test_pretty_printing_gives_the_text_form() -> None:
    for value, text in (
        (search("novastor"), search("novastor").as_text()),
        # 70 blocks: past options.max_rows, IPython shows the head and the tail.
        (unassigned("system", "tcp"), unassigned("system", "tcp").as_text(max_rows=60)),
        (service("x11"), str(service("x11"))),
    ):
        printer = _Printer()
        value._repr_pretty_(printer, False)
        assert printer.printed == [text]
        printer = _Printer()
        value._repr_pretty_(printer, True)
        assert printer.printed != [text]


# -- DataFrames ------------------------------------------------------------------------------


def test_search_frame_is_typed_and_follows_the_hits() -> None:
    hits = search("backup")
    frame = hits.to_pandas()
    assert len(frame) == len(hits)
    assert str(frame["first"].dtype) == "Int32"
    assert list(frame["protocol"].cat.categories) == [p.value for p in Protocol]
    assert list(frame["match"].cat.categories) == [m.value for m in MatchKind]
    assert frame["service"].tolist() == [h.assignment.service for h in hits]
    assert frame["match"].tolist() == [h.match.value for h in hits]


def test_blocks_frame_counts_the_free_system_ports() -> None:
    blocks = unassigned(protocol="tcp")
    frame = blocks.to_pandas()
    assert len(frame) == len(blocks)
    assert int(frame["ports"].sum()) == blocks.port_count()
    free = frame[(frame["status"] == "unassigned") & (frame["range_class"] == "system")]
    assert int(free["ports"].sum()) == unassigned("system", "tcp").port_count(Status.UNASSIGNED)


def test_block_and_assignment_types_are_what_the_results_hold() -> None:
    assert all(isinstance(b, Block) for b in unassigned("system"))
    assert all(isinstance(h.assignment, Assignment) for h in search("http", limit=5))
    assert lookup(305).block in unassigned()


# -- long tables: their head and tail, as pandas shows them -------------------------------


def _body_rows(markup: str) -> list[ET.Element]:
    body = ET.fromstring(markup).find("tbody")
    assert body is not None
    return body.findall("tr")


def test_a_long_search_shows_its_head_and_tail() -> None:
    from portreg import options

    hits = search("a")
    assert len(hits) > 9000
    markup = hits._repr_html_()
    rows = _body_rows(markup)
    assert options.max_rows == 60
    assert len(rows) == 61  # 30 + the "more" row + 30
    more = [row for row in rows if row.get("class") == "portreg-more"]
    assert len(more) == 1
    assert "".join(more[0].itertext()) == f"… {len(hits) - 60:,} more rows"
    assert rows.index(more[0]) == 30
    assert len(markup) < 50_000
    # The text form (IPython) does the same; as_text() and as_html() show every row.
    assert f"… {len(hits) - 60:,} more rows" in ET.tostring(ET.fromstring(markup), "unicode")
    assert len(_body_rows(hits.as_html())) == len(hits)


def test_the_row_limit_is_a_setting() -> None:
    from portreg import options

    blocks = unassigned()
    try:
        options.max_rows = 10
        rows = _body_rows(blocks._repr_html_())
        assert len(rows) == 11
        printer = _Printer()
        blocks._repr_pretty_(printer, False)
        assert f"… {len(blocks) - 10:,} more rows" in printer.printed[0]
        options.max_rows = None
        assert len(_body_rows(blocks._repr_html_())) == len(blocks)
        with pytest.raises(ValueError, match="2 or more"):
            options.max_rows = 1
        with pytest.raises(TypeError, match="int or None"):
            options.max_rows = "10"  # type: ignore[assignment]
    finally:
        options.reset()
    assert options.max_rows == 60
