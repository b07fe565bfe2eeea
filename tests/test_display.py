"""Rich display: HTML that parses and escapes, text for IPython, the neighbour table."""

from __future__ import annotations

import pickle
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg import (
    Assignment,
    Person,
    PortInfo,
    PortTable,
    Protocol,
    Reference,
    ReferenceKind,
    Status,
    lookup,
    neighbours,
    registry,
)
from portreg.records.ranges import RangeClass
from portreg.rendering.tables import Column, render_html, render_text, table

# What the HTML may contain: tables, nothing a registry string could smuggle in.
TABLE_TAGS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> "quoted" \'single\''


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def _collected(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector


def _hostile_assignment(text: str) -> Assignment:
    return Assignment(
        service=f"svc{text}",
        first=1,
        last=1,
        protocol=Protocol.TCP,
        description=text,
        status=Status.ASSIGNED,
        assignees=(Person("p", name=text, organization="A&B"),),
        references=(Reference(ReferenceKind.TEXT, text=text),),
        notes=text,
        unauthorized_use=text,
    )


def _texts(element: ET.Element) -> str:
    return "".join(element.itertext())


# -- well-formed over the real registry ------------------------------------------------


def test_every_registry_row_renders_as_well_formed_html() -> None:
    for assignment in registry():
        root = ET.fromstring(assignment._repr_html_())
        assert {e.tag for e in root.iter()} <= TABLE_TAGS
        assert assignment.description in _texts(root)


@pytest.mark.parametrize("port", [0, 80, "80/tcp", 143, 300, 305, 6010, 49151, 50000, 65535])
def test_port_info_renders_as_well_formed_html(port: int | str) -> None:
    info = lookup(port)
    root = ET.fromstring(info._repr_html_())
    assert {e.tag for e in root.iter()} <= TABLE_TAGS
    text = _texts(root)
    assert str(info.port) in text
    assert str(info.range_class) in text
    for service in info.services:
        assert service in text
    # One body row per registry row covering the port.
    body = root.find("tbody")
    assert body is not None
    assert len(body.findall("tr")) == len(info.assignments)


def test_port_info_html_gives_the_status_on_each_transport() -> None:
    # 300: tacacss on tcp, Reserved on udp (IANA's registry, 2026-08-17).
    text = _texts(ET.fromstring(lookup(300)._repr_html_()))
    assert "tcp assigned; udp reserved" in text
    assert "tacacss" in text
    assert "Reserved" in text


# -- escaping ------------------------------------------------------------------------------


def test_hostile_strings_are_escaped_in_every_view() -> None:
    assignment = _hostile_assignment(HOSTILE)
    info = PortInfo(1, RangeClass.SYSTEM, (assignment,))
    for markup in (assignment._repr_html_(), info._repr_html_(), PortTable([info])._repr_html_()):
        collected = _collected(markup)
        assert set(collected.tags) <= TABLE_TAGS
        assert HOSTILE in "".join(collected.data)
        assert "<script" not in markup
        assert "<img" not in markup
        root = ET.fromstring(markup)  # still well-formed
        assert HOSTILE in _texts(root)


@given(st.text())
def test_any_text_stays_text(text: str) -> None:
    collected = _collected(_hostile_assignment(text)._repr_html_())
    assert set(collected.tags) <= TABLE_TAGS
    # No attribute beyond the ones the renderer writes itself.
    assert {name for name, _ in collected.attributes} <= {"class", "style", "colspan"}
    if text.strip():
        assert text in "".join(collected.data)


def test_generic_table_escapes_headers_caption_and_cells() -> None:
    markup = render_html(
        table(["<td>"], [Column("a&b", str)], caption="<caption>", notes=["</table>"])
    )
    root = ET.fromstring(markup)
    assert [e.tag for e in root.iter("td")] == ["td", "td"]
    assert _texts(root) == "<caption>a&b<td></table>"


# -- the neighbour table --------------------------------------------------------------------


def test_neighbours_is_a_port_table_equal_to_the_plain_tuple() -> None:
    result = neighbours(305)
    plain = tuple(lookup(p) for p in range(300, 311))
    assert isinstance(result, PortTable)
    assert isinstance(result, tuple)
    assert result == plain
    assert plain == result
    assert hash(result) == hash(plain)
    assert result[2:4] == plain[2:4]


def _ports_of_rows(markup: str, css_class: str) -> list[int]:
    """The ports of the rows of a port table's HTML that carry ``css_class``."""
    root = ET.fromstring(markup)
    headers = ["".join(th.itertext()) for th in root.iter("th")]
    body = root.find("tbody")
    assert body is not None
    ports = []
    for row in body.findall("tr"):
        if css_class in (row.get("class") or "").split():
            cells = row.findall("td")
            ports.append(int("".join(cells[headers.index("port")].itertext())))
    return ports


def _highlighted_ports(markup: str) -> list[int]:
    return _ports_of_rows(markup, "portreg-highlight")


def test_the_unassigned_run_around_305_is_highlighted() -> None:
    # 301-307 is one Unassigned row in IANA's registry; 300 and 308-310 are taken.
    table_ = neighbours(305)
    assert _highlighted_ports(table_._repr_html_()) == list(range(301, 308))
    assert "unassigned: 301-307 (7 ports)" in table_.as_text()
    starred = [line.split()[1] for line in table_.as_text().splitlines() if line.startswith("* ")]
    # 305 is marked as the port asked about instead (below).
    assert starred == [str(p) for p in (301, 302, 303, 304, 306, 307)]


def test_the_port_asked_about_is_marked() -> None:
    table_ = neighbours(305)
    markup = table_._repr_html_()
    assert _ports_of_rows(markup, "portreg-marked") == [305]
    root = ET.fromstring(markup)
    rows = [row.findall("td") for row in root.iter("tr")]
    marks = ["".join(cells[0].itertext()) for cells in rows if cells]
    assert marks.count(">") == 1
    arrowed = [line.split()[1] for line in table_.as_text().splitlines() if line.startswith("> ")]
    assert arrowed == ["305"]
    # A table of ports not centred on one marks none.
    assert "portreg-marked" not in PortTable(tuple(table_))._repr_html_()


def test_the_port_asked_about_survives_a_pickle_and_leaves_equality_alone() -> None:
    table_ = neighbours(305, radius=1)
    assert table_.asked == 305
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copied = pickle.loads(pickle.dumps(table_, protocol))
        assert (type(copied), copied.asked, copied) == (PortTable, 305, table_)
    assert neighbours(305, radius=0) == PortTable([lookup(305)]) == (lookup(305),)


def test_cells_are_aligned_left_inline() -> None:
    # Jupyter's stylesheet right-aligns table cells; an inline style overrides it.
    for markup in (neighbours(305)._repr_html_(), lookup(305)._repr_html_()):
        cells = [*ET.fromstring(markup).iter("td"), *ET.fromstring(markup).iter("th")]
        assert cells
        assert all("text-align: left" in (cell.get("style") or "") for cell in cells)


def test_a_port_shows_the_facts_the_command_line_shows() -> None:
    markup = lookup(305)._repr_html_()
    text = "".join(ET.fromstring(markup).itertext())
    assert "block: within the unassigned block 301-307 (7 ports)" in text
    assert "nearest assigned: 300 below (tacacss), 308 above (novastorbakcup)" in text
    assert "well-known services" in text
    several = "".join(ET.fromstring(lookup(80, "tcp")._repr_html_()).itertext())
    assert "name: http (the name to use" in several


def test_dynamic_ports_are_not_highlighted_as_unassigned() -> None:
    table_ = neighbours(49152, radius=3)
    highlighted = _highlighted_ports(table_._repr_html_())
    assert all(p < 49152 for p in highlighted)
    assert all(lookup(p).status() is Status.UNASSIGNED for p in highlighted)


def test_a_table_for_one_protocol_says_so() -> None:
    assert neighbours(300, radius=0, protocol="udp").as_text().startswith("Port 300/udp")


def test_a_port_table_pickles_as_itself() -> None:
    table_ = neighbours(305, radius=1)
    copied = pickle.loads(pickle.dumps(table_))
    assert type(copied) is PortTable
    assert copied == table_


def test_an_empty_port_table_renders() -> None:
    assert ET.fromstring(PortTable()._repr_html_()).tag == "table"
    assert PortTable().as_text().startswith("No ports")


def test_text_table_marks_highlighted_rows_and_aligns_columns() -> None:
    text = render_text(
        table([1, 22, 333], [Column("n", str), Column[int]("x", lambda n: "x" * n)], caption="C",
              highlight=lambda n: n == 22)
    )  # fmt: skip
    lines = text.splitlines()
    assert lines[0] == "C"
    assert [line[0] for line in lines[1:]] == [" ", " ", " ", "*", " "]
    # Long cells are shortened in text, so a row stays readable.
    assert len(lines[-1]) < 80
    assert lines[-1].endswith("…")


# -- IPython ------------------------------------------------------------------------------


def test_ipython_pretty_prints_the_text_views() -> None:
    from IPython.lib import pretty as ipython_pretty

    pretty: Callable[[object], str] = ipython_pretty.pretty  # IPython has no annotations here
    info = lookup(305)
    assert pretty(info) == str(info)
    assert pretty(neighbours(305)) == neighbours(305).as_text()
    row = lookup(300, "tcp").assignments[0]
    text = pretty(row)
    assert text.splitlines()[0] == "Registry row 300/tcp tacacss"
    assert "registered" in text
    assert "2025-07-15" in text


def test_importing_portreg_loads_no_display_or_pandas_code() -> None:
    code = (
        "import sys, portreg; portreg.lookup(305); portreg.neighbours(305);"
        "shown = ('pandas', 'IPython', 'portreg.rendering.tables', 'portreg.answers.views',"
        " 'portreg.answers.frames'); print(sorted(m for m in shown if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
