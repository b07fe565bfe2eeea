"""The packaged snapshot: faithful to IANA's XML, deterministic, and refused when damaged."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from portreg import DataError, registry
from portreg import _data as packaged
from portreg.sources.package_data import read_package_data, read_package_data_via_files
from portreg.sources.snapshot import FORMAT_VERSION, checksum, decode
from tests.conftest import ROOT

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
    people = [records._people[i] for i in range(len(records._people._load()[0]))]
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
    assert checksum(snapshot_bytes) == packaged.SNAPSHOT_CRC32
    snapshot = decode(snapshot_bytes, expected_checksum=packaged.SNAPSHOT_CRC32, source="t")
    assert snapshot.header.records == packaged.RECORD_COUNT


@pytest.mark.parametrize("cut", [0, 1, 100, 50_000, -1, -1000])
def test_a_truncated_snapshot_is_refused(snapshot_bytes: bytes, cut: int) -> None:
    damaged = snapshot_bytes[:cut]
    with pytest.raises(DataError, match="damaged or truncated"):
        decode(damaged, expected_checksum=packaged.SNAPSHOT_CRC32, source="t")
    # Without the checksum, the structure itself gives the damage away.
    with pytest.raises(DataError, match="not a readable portreg snapshot"):
        decode(damaged, expected_checksum=None, source="t")


def test_a_flipped_byte_is_refused(snapshot_bytes: bytes) -> None:
    middle = len(snapshot_bytes) // 2
    damaged = (
        snapshot_bytes[:middle] + bytes([snapshot_bytes[middle] ^ 1]) + snapshot_bytes[middle + 1 :]
    )
    with pytest.raises(DataError, match="damaged or truncated"):
        decode(damaged, expected_checksum=packaged.SNAPSHOT_CRC32, source="t")


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
