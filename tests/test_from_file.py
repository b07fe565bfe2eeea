"""Registry.from_file: IANA's XML and CSV, the same records from both, and provenance."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from portreg import (
    DataError,
    Person,
    Protocol,
    Reference,
    ReferenceKind,
    Registry,
    RegistryDate,
    Status,
    registry,
)
from portreg.sources.iana_csv import COLUMNS, as_csv_carries
from tests.iana_files import (
    HEADER,
    SMALL_CSV,
    SMALL_CSV_2013_HEADER,
    SMALL_XML,
    csv_bytes,
)

# -- the shared XML -------------------------------------------------------------------------


def test_the_shared_xml_loads_equal_to_the_packaged_snapshot(shared_xml: Path) -> None:
    loaded = Registry.from_file(shared_xml)
    packaged = registry()
    assert loaded == packaged
    assert len(loaded) == len(packaged) == 14533
    assert loaded.provenance.registry_updated == packaged.provenance.registry_updated
    assert loaded.provenance.sha256 == packaged.provenance.sha256
    assert loaded.provenance.sha256 == hashlib.sha256(shared_xml.read_bytes()).hexdigest()
    assert loaded.provenance.source == str(shared_xml.resolve())
    assert not loaded.provenance.packaged


def test_the_shared_xml_answers_lookups_as_the_snapshot_does(shared_xml: Path) -> None:
    loaded = Registry.from_file(shared_xml)
    for port in (0, 2, 80, 143, 300, 305, 6010, 49151, 49152):
        assert loaded.lookup(port) == registry().lookup(port)
    assert loaded.lookup("300/tcp").services == ("tacacss",)


def test_a_csv_of_the_shared_registry_gives_the_same_records_as_the_xml(
    shared_xml: Path, tmp_path: Path
) -> None:
    from_xml = Registry.from_file(shared_xml)
    path = tmp_path / "service-names-port-numbers.csv"
    path.write_bytes(csv_bytes(from_xml))
    from_csv = Registry.from_file(path)
    assert len(from_csv) == len(from_xml)
    for position, (x, c) in enumerate(zip(from_xml, from_csv)):
        assert c == as_csv_carries(x), f"record {position + 1}"
    # A CSV has no registry date; what it carries is otherwise the XML's.
    assert from_csv.provenance.registry_updated is None
    assert from_csv.provenance.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_generator_and_the_runtime_share_one_parser() -> None:
    text = (Path(__file__).resolve().parent.parent / "tools" / "generate_snapshot.py").read_text()
    assert "from portreg.sources.iana_xml import parse_registry_xml" in text


# -- the small hand-written fixtures ------------------------------------------------------


def test_the_small_xml_fixture_reads_every_field() -> None:
    loaded = Registry.from_file(SMALL_XML)
    assert len(loaded) == 10
    assert loaded.provenance.registry_updated is not None
    assert loaded.provenance.registry_updated.isoformat() == "2025-08-01"
    rows = {(a.service, a.port_text, a.protocol): a for a in loaded}
    deassigned = rows[(None, "2", Protocol.TCP)]
    assert deassigned.status is Status.RESERVED
    assert deassigned.notes == "De-assigned on 2025-02-13, previously compressnet by [Bernie_Volz]"
    assert deassigned.modified == RegistryDate.parse("2025-02-13")
    whoispp = rows[("whoispp", "63", Protocol.TCP)]
    assert whoispp.description == (
        'whois++\n\nIANA assigned this well-formed service name as a replacement for "whois++".'
    )
    tacacss = rows[("tacacss", "300", Protocol.TCP)]
    assert tacacss.assignees == (Person("IESG", None, "IESG"),)
    assert tacacss.contacts == (Person("IETF_Chair", "IETF Chair", "IETF"),)
    assert tacacss.registered == RegistryDate.parse("2025-07-15")
    x11 = rows[("x11", "6000-6063", None)]
    assert (x11.first, x11.last, x11.service_code) == (6000, 6063, 1145656131)
    assert str(x11.registered) == "2003-11"
    assert x11.contacts == (Person("Stephen_Gildea"),)  # not in <people>: kept by id
    dsmcc = rows[("dsmcc-config", "1005", Protocol.TCP)]
    assert [r.kind for r in dsmcc.references] == [
        ReferenceKind.TEXT,
        ReferenceKind.NOTE,
        ReferenceKind.DRAFT,
        ReferenceKind.URI,
    ]
    assert dsmcc.references[1].text is not None
    assert dsmcc.references[1].text.startswith("It is only appropriate")
    assert dsmcc.references[2].section == "4.3"
    finger = rows[("finger", "79", Protocol.TCP)]
    assert finger.unauthorized_use is not None
    assert "RFC4146" in finger.unauthorized_use
    no_port = rows[("1ci-smcs", "", Protocol.UDP)]
    assert (no_port.first, no_port.last) == (None, None)


def test_the_small_csv_fixture_gives_the_xml_fixtures_records() -> None:
    from_xml = Registry.from_file(SMALL_XML)
    from_csv = Registry.from_file(SMALL_CSV)
    assert list(from_csv) == [as_csv_carries(a) for a in from_xml]
    assert from_csv != from_xml  # the XML knows people's names; the CSV only their ids
    assert from_csv.lookup(300).services == ("tacacss",)


def test_the_older_csv_header_spelling_reads_the_same() -> None:
    assert "Known Unauthorized Uses" in SMALL_CSV_2013_HEADER.read_text().splitlines()[0]
    older = Registry.from_file(SMALL_CSV_2013_HEADER)
    assert older == Registry.from_file(SMALL_CSV)
    finger = next(a for a in older if a.service == "finger")
    assert finger.unauthorized_use == (
        "Unauthorized use by some mail users (see [RFC4146] for details)"
    )


def test_csv_columns_may_come_in_any_order(tmp_path: Path) -> None:
    records = list(Registry.from_file(SMALL_CSV))
    shuffled = [*HEADER[6:], *HEADER[:6]]
    path = tmp_path / "shuffled.csv"
    path.write_bytes(csv_bytes(records, header=shuffled))
    assert list(Registry.from_file(path)) == records


def test_csv_references_read_every_kind() -> None:
    loaded = Registry.from_file(SMALL_CSV)
    dsmcc = next(a for a in loaded if a.service == "dsmcc-config")
    assert dsmcc.references == (
        Reference(ReferenceKind.TEXT, text="ISO/IEC 13818-6 MPEG-2 DSM-CC"),
        Reference(ReferenceKind.NOTE, data="1"),
        Reference(ReferenceKind.DRAFT, data="draft-zubov-snif-05", section="4.3"),
        Reference(
            ReferenceKind.URI, data="https://www.broadband-forum.org/technical/download/TR-352.pdf"
        ),
    )
    http = next(a for a in loaded if a.service == "http")
    assert http.references == (Reference(ReferenceKind.RFC, data="rfc9110"),)


def test_the_csv_parser_knows_ianas_columns() -> None:
    assert list(COLUMNS) == HEADER


# -- a registry is a sequence of records ----------------------------------------------------


def test_len_iteration_in_registry_order_and_equality() -> None:
    loaded = Registry.from_file(SMALL_XML)
    again = Registry.from_file(SMALL_XML)
    rows = list(loaded)
    assert len(rows) == len(loaded) == 10
    assert [a.port_text for a in rows] == [
        "0", "2", "63", "80", "79", "288-299", "300", "6000-6063", "1005", "",
    ]  # fmt: skip
    assert loaded == again
    assert loaded != Registry(rows[:-1], loaded.provenance)
    assert loaded != Registry(list(reversed(rows)), loaded.provenance)


def test_provenance_names_the_file_and_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "copy.xml"
    path.write_bytes(SMALL_XML.read_bytes())
    loaded = Registry.from_file(str(path))
    assert loaded.provenance.source == str(path.resolve())
    assert loaded.provenance.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "2025-08-01" in repr(loaded)


def test_a_file_larger_than_the_limit_is_refused_unless_the_limit_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    size = SMALL_XML.stat().st_size
    with pytest.raises(DataError, match=r"larger than the limit of .* max_bytes="):
        Registry.from_file(SMALL_XML, max_bytes=size - 1)
    assert len(Registry.from_file(SMALL_XML, max_bytes=size)) == 10
    monkeypatch.setenv("PORTREG_MAX_BYTES", str(size - 1))
    with pytest.raises(DataError, match="PORTREG_MAX_BYTES"):
        Registry.from_file(SMALL_XML)
    assert len(Registry.from_file(SMALL_XML, max_bytes=size)) == 10
    monkeypatch.setenv("PORTREG_MAX_BYTES", "lots")
    with pytest.raises(DataError, match=r"PORTREG_MAX_BYTES must be .* got 'lots'"):
        Registry.from_file(SMALL_XML)
