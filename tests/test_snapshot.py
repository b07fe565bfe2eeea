"""The packaged snapshot: faithful to IANA's XML, deterministic, and refused when damaged."""

from __future__ import annotations

import bisect
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portreg import Assignment, DataError, Person, Protocol, Registry, Status, registry
from portreg import _data as packaged
from portreg.lookups.indexes import Shipped
from portreg.records.wording import status_of_row
from portreg.sources.image import CodedTexts, Image, ImageError, Offsets, encode_image
from portreg.sources.package_data import read_package_data, read_package_data_via_files
from portreg.sources.snapshot import (
    FORMAT_VERSION,
    DecodedSnapshot,
    decode,
    encode,
    header_checksum,
)
from tests.conftest import ROOT
from tests.strategies import assignments

_NS = "{http://www.iana.org/assignments}"


# -- an independent reading of the XML, field by field --------------------------------
# Written apart from portreg's parser on purpose: the round trip checks portreg's
# reading against this one, not against itself.


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(_inline(element)).strip()
    return value or None


def _inline(element: ET.Element) -> list[str]:
    parts = [element.text or ""]
    for child in element:
        local = child.tag.split("}")[1]
        if local == "xref":
            # As IANA's CSV writes it: [RFC5389], any other kind as its id.
            data = child.get("data") or ""
            if child.get("type") == "rfc":
                data = "RFC" + data.removeprefix("rfc")
            parts.append(f"[{data}]" if data else child.text or "")
        elif local == "paragraph":
            parts.append("\n" + "".join(_inline(child)).strip() + "\n")
        elif local == "br":
            # A line break; the newline that follows <br/> in the file is only layout.
            parts.append("\n")
            parts.append((child.tail or "").removeprefix("\n"))
            continue
        else:
            parts.extend(_inline(child))
        parts.append(child.tail or "")
    return parts


def _expected_rows(xml: Path) -> list[dict[str, Any]]:
    root = ET.parse(xml).getroot()
    people = {
        p.get("id"): (
            (p.findtext(f"{_NS}name") or "").strip() or None,
            (p.findtext(f"{_NS}org") or "").strip() or None,
        )
        for p in root.iter(f"{_NS}person")
    }
    footnotes = {f.get("anchor"): _text(f) for f in root.iter(f"{_NS}footnote")}
    rows = []
    for record in root.iter(f"{_NS}record"):
        number = (record.findtext(f"{_NS}number") or "").strip()
        first, _, last = number.partition("-")
        contacts, references = [], []
        for xref in record.findall(f"{_NS}xref"):
            if xref.get("type") == "person":
                contacts.append(xref.get("data"))
            else:
                text = (xref.text or "").strip() or None
                if xref.get("type") == "note" and text is None:
                    text = footnotes.get(xref.get("data"))
                references.append((xref.get("type"), xref.get("data"), xref.get("section"), text))
        code = record.findtext(f"{_NS}sc")
        rows.append(
            {
                "service": (record.findtext(f"{_NS}name") or "").strip() or None,
                "first": int(first) if first else None,
                "last": int(last or first) if first else None,
                "protocol": (record.findtext(f"{_NS}protocol") or "").strip() or None,
                # The whole description: 184 continue after a <br/>, one holds an <xref>.
                "description": _text(record.find(f"{_NS}description")) or "",
                "assignees": [x.get("data") for a in record.findall(f"{_NS}assignee") for x in a],
                "contacts": contacts,
                "registered": record.get("date"),
                "modified": record.get("updated"),
                "references": references,
                "service_code": int(code) if code else None,
                "unauthorized_use": _text(record.find(f"{_NS}unauthorized")),
                "notes": _text(record.find(f"{_NS}note")),
                "people": {
                    x.get("data"): people.get(x.get("data"), (None, None))
                    for x in record.iter(f"{_NS}xref")
                    if x.get("type") == "person"
                },
            }
        )
    return rows


def _actual_row(row: Any) -> dict[str, Any]:
    return {
        "service": row.service,
        "first": row.first,
        "last": row.last,
        "protocol": row.protocol.value if row.protocol else None,
        "description": row.description,
        "assignees": [p.id for p in row.assignees],
        "contacts": [p.id for p in row.contacts],
        "registered": str(row.registered) if row.registered else None,
        "modified": str(row.modified) if row.modified else None,
        "references": [(r.kind.value, r.data, r.section, r.text) for r in row.references],
        "service_code": row.service_code,
        "unauthorized_use": row.unauthorized_use,
        "notes": row.notes,
        "people": {
            p.id: (p.name, p.organization)
            for p in (*row.assignees, *row.contacts)
            if p.id in {x.id for x in (*row.assignees, *row.contacts)}
        },
    }


def test_every_record_of_the_xml_is_in_the_snapshot_with_every_field_equal(
    shared_xml: Path,
) -> None:
    expected = _expected_rows(shared_xml)
    actual = [_actual_row(row) for row in registry()]
    assert len(actual) == len(expected) == packaged.RECORD_COUNT
    for position, (want, got) in enumerate(zip(expected, actual)):
        # People named only inside notes are not part of assignees or contacts.
        want["people"] = {k: v for k, v in want["people"].items() if k in got["people"]}
        assert got == want, f"record {position + 1}"


def test_the_registry_facts_the_readme_of_the_data_gives(shared_xml: Path) -> None:
    rows = list(registry())
    assert len(rows) == 14533
    assert sum(1 for r in rows if r.first is None) == 1070
    # Six rows write one port as a range ("4748-4748"); portreg reads them as one port.
    text = shared_xml.read_text(encoding="utf-8")
    one_port_ranges = len(re.findall(r"<number>(\d+)-\1</number>", text))
    assert one_port_ranges == 6
    assert sum(1 for r in rows if r.is_range) == 766 - one_port_ranges


def test_the_snapshot_records_its_source(shared_xml: Path) -> None:
    import hashlib

    assert hashlib.sha256(shared_xml.read_bytes()).hexdigest() == packaged.SOURCE_SHA256
    assert registry().provenance.sha256 == packaged.SOURCE_SHA256
    assert str(packaged.REGISTRY_DATE) == "2026-08-17"


def test_the_generator_is_deterministic_and_the_packaged_data_is_current(
    shared_xml: Path, tmp_path: Path
) -> None:
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "generate_snapshot.py"),
                str(shared_xml),
                "--output",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert outputs[0][packaged.SNAPSHOT_NAME] == read_package_data(packaged.SNAPSHOT_NAME)
    committed = ROOT / "src" / "portreg" / "_data" / "__init__.py"
    assert outputs[0]["__init__.py"] == committed.read_bytes()


def test_no_email_address_is_shipped() -> None:
    data = read_package_data(packaged.SNAPSHOT_NAME)
    assert b"mailto:" not in data
    # The registry writes addresses as user&domain; only a handful of free-text
    # references quote one, and no person entry does.
    records = decode(data, expected_checksum=None, source="t").records
    people = [records._people[i] for i in range(len(records._people.columns()[0]))]
    assert len(people) > 5000
    for name, organization in ((p.name, p.organization) for p in people):
        for value in (name or "", organization or ""):
            assert not re.search(r"\S+[@&]\S+\.\w+", value), value


def test_both_ways_of_reading_package_data_agree() -> None:
    assert read_package_data(packaged.SNAPSHOT_NAME) == read_package_data_via_files(
        packaged.SNAPSHOT_NAME
    )


def test_a_missing_resource_is_a_data_error() -> None:
    with pytest.raises(DataError, match="reinstall portreg"):
        read_package_data("no-such-file.jsonl")


# -- damage ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot_bytes() -> bytes:
    return read_package_data(packaged.SNAPSHOT_NAME)


def test_the_packaged_snapshot_passes_its_own_check(snapshot_bytes: bytes) -> None:
    assert header_checksum(snapshot_bytes) == packaged.SNAPSHOT_HEADER_CRC32
    snapshot = decode(snapshot_bytes, expected_checksum=packaged.SNAPSHOT_HEADER_CRC32, source="t")
    assert snapshot.header.records == packaged.RECORD_COUNT
    snapshot.image.check_all()  # every section matches the checksum its header gives
    # What loading a checked snapshot no longer scans for: the index stays in bounds.
    assert 0 <= snapshot.port_index.max_position() < snapshot.header.records


@pytest.mark.parametrize("cut", [0, 1, 100, 50_000, -1, -1000])
def test_a_truncated_snapshot_is_refused(snapshot_bytes: bytes, cut: int) -> None:
    damaged = snapshot_bytes[:cut]
    with pytest.raises(DataError, match="damaged or truncated"):
        decode(damaged, expected_checksum=packaged.SNAPSHOT_HEADER_CRC32, source="t")
    # Without the checksum, the structure itself gives the damage away.
    with pytest.raises(DataError, match="not a readable portreg snapshot"):
        decode(damaged, expected_checksum=None, source="t")


def _every_question(snapshot: DecodedSnapshot) -> None:
    """Ask what reads every section: all records, the tables, the names, the history."""
    mine = Registry(
        snapshot.records,
        registry().provenance,
        index=snapshot.port_index,
        shipped=Shipped(snapshot, "t"),
    )
    snapshot.records.decode_all()
    mine.port_names()
    mine.unassigned()
    for name in ("http", "jmap", "nfs"):
        mine.service(name).history  # noqa: B018
    mine.search("backup")


# Module-level rather than the fixture: Hypothesis would print the fixture's 3 MB.
_SNAPSHOT = read_package_data(packaged.SNAPSHOT_NAME)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(_SNAPSHOT) - 1), st.sampled_from([1, 2, 4, 8, 16, 32, 64, 128]))
def test_a_flipped_byte_is_refused_before_an_answer_is_given_from_it(at: int, bit: int) -> None:
    snapshot_bytes = _SNAPSHOT
    # Wherever the byte is: in the header, refused on load; in a section, refused by the
    # first question that reads that section, never answered from.
    damaged = snapshot_bytes[:at] + bytes([snapshot_bytes[at] ^ bit]) + snapshot_bytes[at + 1 :]
    expected = packaged.SNAPSHOT_HEADER_CRC32
    with pytest.raises(DataError, match="damaged"):
        _every_question(decode(damaged, expected_checksum=expected, source="t"))


def test_the_whole_snapshot_is_read_by_every_question(snapshot_bytes: bytes) -> None:
    # What makes the test above able to fail: its questions read every section.
    snapshot = decode(snapshot_bytes, expected_checksum=packaged.SNAPSHOT_HEADER_CRC32, source="t")
    _every_question(snapshot)
    image = snapshot.image
    assert image._checked == set(image._sections)


def _with_protocol_code(snapshot_bytes: bytes, position: int, code: int) -> bytes:
    """The snapshot with one record's protocol code replaced, through its directory."""
    image = decode(snapshot_bytes, expected_checksum=None, source="t").image
    at = image.span("rows.protocol")[0] + position
    return snapshot_bytes[:at] + bytes([code]) + snapshot_bytes[at + 1 :]


def test_a_damaged_record_is_refused_when_read_not_answered_wrongly(snapshot_bytes: bytes) -> None:
    # Damage tcpmux/tcp's protocol, then read that record without the checksum's help.
    position = decode(snapshot_bytes, expected_checksum=None, source="t").names().index("tcpmux")
    damaged = _with_protocol_code(snapshot_bytes, position, 99)
    snapshot = decode(damaged, expected_checksum=None, source="t")
    assert snapshot.records[position + 1].service == "tcpmux"  # the udp row is intact
    with pytest.raises(DataError, match=f"record {position + 1} is damaged"):
        snapshot.records[position]


@pytest.mark.parametrize("version", [FORMAT_VERSION - 1, 99])
def test_another_format_is_refused(snapshot_bytes: bytes, version: int) -> None:
    # An image of the previous version lacks tables this reader needs: refused whole.
    line = f"version\t{FORMAT_VERSION}\n".encode()
    assert line in snapshot_bytes
    with pytest.raises(DataError, match=f"version '{version}'"):
        decode(
            snapshot_bytes.replace(line, f"version\t{version}\n".encode(), 1),
            expected_checksum=None,
            source="t",
        )
    with pytest.raises(DataError):
        decode(b"<xml/>\n" * 5, expected_checksum=None, source="t")


def test_decoding_all_at_once_gives_the_records_one_at_a_time_gives(
    snapshot_bytes: bytes,
) -> None:
    one_by_one = decode(snapshot_bytes, expected_checksum=None, source="t").records
    at_once = decode(snapshot_bytes, expected_checksum=None, source="t").records
    at_once[5]  # one decoded before, the rest in bulk
    at_once.decode_all()
    assert [at_once[i] for i in range(len(at_once))] == [
        one_by_one[i] for i in range(len(one_by_one))
    ]


def test_decoding_all_names_a_damaged_record(snapshot_bytes: bytes) -> None:
    position = decode(snapshot_bytes, expected_checksum=None, source="t").names().index("tcpmux")
    snapshot = decode(
        _with_protocol_code(snapshot_bytes, position, 99), expected_checksum=None, source="t"
    )
    with pytest.raises(DataError, match=f"record {position + 1} is damaged"):
        snapshot.records.decode_all()


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_records_decoded_in_any_order_equal_those_decoded_in_order(
    snapshot_bytes: bytes, data: st.DataObject
) -> None:
    # Neighbouring records share equal values: what is shared must not depend on
    # which neighbour was decoded first.
    in_order = decode(snapshot_bytes, expected_checksum=None, source="t").records
    count = len(in_order)
    start = data.draw(st.integers(0, count - 60))
    positions = data.draw(st.permutations(range(start, start + 60)))
    shuffled = decode(snapshot_bytes, expected_checksum=None, source="t").records
    got = {p: shuffled[p] for p in positions}
    assert [got[p] for p in sorted(got)] == [in_order[p] for p in sorted(got)]


def test_neighbouring_records_share_their_equal_values(snapshot_bytes: bytes) -> None:
    snapshot = decode(snapshot_bytes, expected_checksum=None, source="t")
    position = snapshot.names().index("http")
    tcp, udp = snapshot.records[position], snapshot.records[position + 1]
    assert (tcp.protocol, udp.protocol) == (Protocol.TCP, Protocol.UDP)
    assert tcp.description is udp.description
    assert tcp.contacts is udp.contacts


@settings(max_examples=100)
@given(st.lists(st.integers(0, 300), max_size=400), st.data())
def test_length_coded_items_are_found_one_at_a_time_as_all_at_once(
    lengths: list[int], data: st.DataObject
) -> None:
    starts = [0]
    for length in lengths:
        starts.append(starts[-1] + length)
    image = Image(encode_image({}, Offsets.of_lengths(lengths).to_sections("items")))
    one_at_a_time = image.offsets("items")
    assert len(one_at_a_time) == len(lengths)
    assert one_at_a_time.end == starts[-1]
    asked = data.draw(st.lists(st.integers(0, max(len(lengths) - 1, 0)), max_size=300))
    for position in asked if lengths else []:
        assert one_at_a_time.span(position) == (starts[position], starts[position + 1])
    assert list(image.offsets("items").starts()) == starts
    # And the other way: the item an offset falls in, empty items stepped over.
    if starts[-1]:
        offsets = data.draw(st.lists(st.integers(0, starts[-1] - 1), max_size=50))
        fresh = image.offsets("items")  # found through the stored starts
        one_at_a_time.starts()  # found by bisecting every start
        for offset in offsets:
            expected = bisect.bisect_right(starts, offset) - 1
            assert fresh.item_at(offset) == expected
            assert one_at_a_time.item_at(offset) == expected
    with pytest.raises(IndexError):
        image.offsets("items").item_at(starts[-1])


def test_stored_starts_that_disagree_with_the_lengths_are_refused() -> None:
    sections = Offsets.of(list(range(0, 2000, 10))).to_sections("items")
    sections["items.lengths"] = sections["items.lengths"][:-2] + b"\x09\x00"
    with pytest.raises(ImageError, match="do not match"):
        Image(encode_image({}, sections)).offsets("items").starts()
    sections["items.skips"] = sections["items.skips"][:-4]
    with pytest.raises(ImageError, match="do not fit"):
        Image(encode_image({}, sections)).offsets("items")


_FEW_TEXTS = st.lists(
    st.none() | st.sampled_from(["", "http", "https", "x11", "é", "a b", "a\0b"]), max_size=200
)


@settings(max_examples=100)
@given(_FEW_TEXTS, st.data())
def test_coded_texts_give_each_row_its_text_and_each_text_its_rows(
    texts: list[str | None], data: st.DataObject
) -> None:
    """Every row reads back its own text (None as empty); each value's rows are the
    rows holding it, found one value at a time or listed for all at once."""
    coded = CodedTexts.of(texts)
    values = coded.categories()
    assert list(values) == sorted({t for t in texts if t})
    assert [coded[p] for p in range(len(texts))] == [t or "" for t in texts]
    expected = {v: [p for p, t in enumerate(texts) if t == v] for v in values}
    asked = data.draw(st.lists(st.sampled_from(list(values)), max_size=80)) if values else []
    for value in asked:  # past ONE_AT_A_TIME, every value's rows are listed at once
        assert coded.rows_of(values.index(value)) == expected[value]
    if "\0" not in "".join(values):  # the image refuses NUL, which IANA's text never holds
        image = Image(encode_image({}, coded.to_sections("t")), verify=False)
        read = CodedTexts.from_image(image, "t", len(texts))
        assert read == coded
        assert read.categories() == values == tuple(values)


def test_coded_texts_past_their_values_are_refused_unless_the_image_is_checked() -> None:
    sections = CodedTexts.of(["b", "a", None, "b"]).to_sections("t")
    sections["t.codes"] = array("h", [0, 1, -1, 2]).tobytes()  # 2: there are two values
    with pytest.raises(ImageError, match="codes past its 2 values"):
        CodedTexts.from_image(Image(encode_image({}, sections), verify=False), "t", 4)
    with pytest.raises(ImageError, match="does not hold 5 codes"):
        CodedTexts.from_image(Image(encode_image({}, sections), verify=False), "t", 5)


# -- any rows the readers can give round-trip through the image --------------------------

_PLAIN = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\0"),
    max_size=12,
)


@st.composite
def _person(draw: st.DrawFn) -> Person:
    name = draw(st.none() | _PLAIN.filter(bool))
    # Most ids are the name with underscores (stored as "the name's"); some are not.
    derived = name.replace(" ", "_") if name else None
    person_id = derived if derived and draw(st.booleans()) else draw(_PLAIN.filter(bool))
    return Person(person_id, name, draw(st.none() | _PLAIN.filter(bool)))


@st.composite
def _row(draw: st.DrawFn) -> Assignment:
    row = draw(assignments())
    people = [draw(_person()) for _ in range(draw(st.integers(0, 2)))]
    service = draw(st.none() | _PLAIN.filter(bool))
    description = draw(_PLAIN)
    return attrs.evolve(
        row,
        # What the readers give: no NUL, None rather than empty text, the status the
        # wording says, a code that fits its column.
        service=service,
        description=description,
        status=status_of_row(service, description),
        assignees=tuple(people),
        contacts=tuple(people[:1]),
        references=tuple(
            attrs.evolve(r, data=_plain(r.data), section=_plain(r.section), text=_plain(r.text))
            for r in row.references
        ),
        notes=_plain(row.notes) or None,
        unauthorized_use=_plain(row.unauthorized_use) or None,
        service_code=None if row.service_code is None else row.service_code % 2**31,
    )


def _plain(text: str | None) -> str | None:
    return None if text is None else text.replace("\0", "")


@settings(max_examples=60, deadline=None)
@given(st.lists(_row(), max_size=8))
def test_any_rows_round_trip_through_the_image(rows: list[Assignment]) -> None:
    people = {p.id: p for row in rows for p in (*row.assignees, *row.contacts)}
    # One person per id, as in the registry (the encoder refuses two).
    assume(all(p == people[p.id] for row in rows for p in (*row.assignees, *row.contacts)))
    data = encode(rows, registry_updated=None, source_sha256="0" * 64, source="t", derived={})
    records = decode(data, expected_checksum=header_checksum(data), source="t").records
    assert [records[i] for i in range(len(records))] == rows


def test_a_row_with_one_end_of_its_ports_is_refused_by_the_encoder() -> None:
    row = Assignment("x", 5, None, Protocol.TCP, "d", Status.ASSIGNED)
    with pytest.raises(ValueError, match="one end"):
        encode([row], registry_updated=None, source_sha256="0" * 64, source="t", derived={})
