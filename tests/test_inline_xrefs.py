"""Cross-references inside descriptions and notes read as IANA's CSV writes them.

IANA's CSV writes a cross-reference inside text as its Reference column writes one:
``[RFC5389]`` for an RFC, and a draft, URI, person or footnote as its id in brackets
(``[http://www.recipemanager.org/rsp/rsp10draft.html#dnssd]``, ``[Christopher_Allen]``).
A CSV and the XML of the same registry must give the same text, or ``portreg diff``
reports changes that are not there.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg import Assignment, ReferenceKind, Registry, registry
from portreg.cli import main
from portreg.sources.iana_csv import _reference as csv_reference
from portreg.sources.iana_csv import as_csv_carries, parse_registry_csv
from portreg.sources.iana_xml import parse_registry_xml
from tests.iana_files import csv_bytes

NS = "{http://www.iana.org/assignments}"

# The rows whose text holds an RFC cross-reference, with the RFC, straight from the XML.
UPPERCASE_ROWS = [
    ("", "831", "tcp", "notes", "RFC9900"),
    ("", "831", "udp", "notes", "RFC9900"),
    ("", "832", "tcp", "notes", "RFC9900"),
    ("", "832", "udp", "notes", "RFC9900"),
    ("", "833", "tcp", "notes", "RFC9900"),
    ("", "833", "udp", "notes", "RFC9900"),
    ("radsec", "2083", "tcp", "notes", "RFC6614"),
    ("stuns", "5349", "udp", "notes", "RFC5389"),
    ("turns", "5349", "udp", "notes", "RFC8656"),
    ("est", "", "tcp", "notes", "RFC7030"),
    ("est-coaps", "", "udp", "notes", "RFC9148"),
    ("timezone", "", "tcp", "notes", "RFC6763"),
    ("timezones", "", "tcp", "notes", "RFC6763"),
    ("brski-reg-cmp", "", "tcp", "description", "RFC9483"),
]


def _key(service: str | None, port_text: str, protocol: str | None) -> tuple[str, str, str]:
    return (service or "", port_text, protocol or "")


def _row_key(a: Assignment) -> tuple[str, str, str]:
    return _key(a.service, a.port_text, a.protocol.value if a.protocol else None)


@pytest.mark.parametrize(("service", "port", "protocol", "field", "rfc"), UPPERCASE_ROWS)
def test_the_known_rows_carry_the_uppercase_form(
    service: str, port: str, protocol: str, field: str, rfc: str
) -> None:
    (row,) = [a for a in registry() if _row_key(a) == (service, port, protocol)]
    text = getattr(row, field)
    assert f"[{rfc}]" in text
    assert f"[{rfc.lower()}]" not in text


def test_no_packaged_text_holds_a_lowercase_rfc_reference() -> None:
    found = [
        (a.service, a.port_text)
        for a in registry()
        for text in (a.description, a.notes or "")
        if re.search(r"\[rfc\d", text)
    ]
    assert found == []


def _inline_xrefs(shared_xml: Path) -> list[tuple[ET.Element, str, ET.Element]]:
    """Every ``<xref>`` inside a record's description or note, with its record."""
    found = []
    for record in ET.parse(shared_xml).getroot().iter(f"{NS}record"):
        for field, tag in (("description", "description"), ("notes", "note")):
            element = record.find(f"{NS}{tag}")
            if element is not None:
                found += [(record, field, x) for x in element.iter(f"{NS}xref")]
    return found


def _expected_spelling(xref: ET.Element) -> str:
    # IANA's CSV: an RFC as [RFC9900]; every other kind as its id as the XML gives it.
    data = xref.get("data", "")
    return f"[RFC{data[3:]}]" if xref.get("type") == "rfc" else f"[{data}]"


def test_every_inline_cross_reference_of_the_xml_reads_in_the_csv_spelling(
    shared_xml: Path,
) -> None:
    parsed = Registry.from_file(shared_xml)
    rows = {_row_key(a): a for a in parsed}
    inline = _inline_xrefs(shared_xml)
    # The registry of 2026-08-17 holds 14 RFCs, 5 people and 2 URIs inside text.
    assert {x.get("type") for _, _, x in inline} <= {"rfc", "draft", "uri", "person", "note"}
    assert sum(x.get("type") == "rfc" for _, _, x in inline) >= 14
    assert sum(x.get("type") == "uri" for _, _, x in inline) >= 2
    for record, field, xref in inline:
        key = _key(
            record.findtext(f"{NS}name"),
            (record.findtext(f"{NS}number") or "").strip(),
            record.findtext(f"{NS}protocol"),
        )
        text = getattr(rows[key], field)
        assert _expected_spelling(xref) in text, (key, text)
        assert f"[{xref.get('data')}]" not in text or xref.get("type") != "rfc"


def test_the_known_rows_are_every_rfc_reference_inside_text(shared_xml: Path) -> None:
    found = [
        (
            record.findtext(f"{NS}name") or "",
            (record.findtext(f"{NS}number") or "").strip(),
            record.findtext(f"{NS}protocol") or "",
            field,
            _expected_spelling(xref)[1:-1],
        )
        for record, field, xref in _inline_xrefs(shared_xml)
        if xref.get("type") == "rfc"
    ]
    assert set(UPPERCASE_ROWS) <= set(found)


SMALL = """<?xml version='1.0' encoding='UTF-8'?>
<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">
  <updated>2026-01-01</updated>
  <record>
    <name>stuns</name>
    <protocol>udp</protocol>
    <description>STUN over DTLS, see <xref type="rfc" data="rfc7350"/></description>
    <number>5349</number>
    <note>This service name was initially created by <xref type="rfc" data="rfc5389"/>.</note>
  </record>
  <record>
    <protocol>tcp</protocol>
    <description>Reserved</description>
    <number>994</number>
    <note>(previous contact was<xref type="person" data="Christopher_Allen"/>)</note>
  </record>
  <record>
    <name>recipe-sharing</name>
    <protocol>tcp</protocol>
    <description>Recipe Sharing Protocol</description>
    <note>Defined TXT keys: <xref type="uri" data="http://example.org/rsp.html#dnssd"/></note>
  </record>
  <record>
    <name>demo</name>
    <protocol>tcp</protocol>
    <description>Demo</description>
    <note>See <xref type="draft" data="draft-ietf-demo-01" section="4.3"/>, <xref
      type="note" data="1"/> and <xref type="rfc" data="rfc6335" section="8"/>;
      <xref type="text">in words</xref>.</note>
  </record>
</registry>
"""


def test_a_hand_written_registry_reads_in_the_csv_spelling() -> None:
    rows = parse_registry_xml(SMALL.encode()).assignments
    assert rows[0].description == "STUN over DTLS, see [RFC7350]"
    assert rows[0].notes == "This service name was initially created by [RFC5389]."
    assert rows[1].notes == "(previous contact was[Christopher_Allen])"
    assert rows[2].notes == "Defined TXT keys: [http://example.org/rsp.html#dnssd]"
    assert rows[3].notes == (
        "See [draft-ietf-demo-01, Section 4.3], [1] and [RFC6335, Section 8];\n      in words."
    )


def test_a_hand_written_registry_reads_the_same_from_its_csv() -> None:
    from_xml = parse_registry_xml(SMALL.encode()).assignments
    from_csv = parse_registry_csv(csv_bytes(from_xml)).assignments
    assert list(from_csv) == [as_csv_carries(a) for a in from_xml]


_IDS = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)


@given(
    kind=st.sampled_from(["rfc", "draft", "uri", "note"]),
    number=st.integers(min_value=1, max_value=99999),
    ident=_IDS,
    section=st.none() | st.from_regex(r"[1-9][0-9]?(\.[1-9][0-9]?){0,2}", fullmatch=True),
)
def test_an_inline_reference_reads_back_as_the_reference_it_is(
    kind: str, number: int, ident: str, section: str | None
) -> None:
    """The CSV's reference reader reads the inline spelling back to the XML's reference."""
    data = {
        "rfc": f"rfc{number}",
        "draft": f"draft-{ident}",
        "uri": f"https://example.org/{ident}",
        "note": str(number),
    }[kind]
    at = f' section="{section}"' if section else ""
    xml = SMALL.replace(
        '<xref type="rfc" data="rfc5389"/>', f'<xref type="{kind}" data="{data}"{at}/>'
    )
    notes = parse_registry_xml(xml.encode()).assignments[0].notes
    assert notes is not None
    token = re.fullmatch(r"This service name was initially created by \[(.*)\]\.", notes)
    assert token is not None
    read = csv_reference(token.group(1))
    assert (read.kind, read.data, read.section) == (ReferenceKind(kind), data, section)
    if kind == "rfc":
        assert token.group(1).startswith("RFC")


def test_diff_of_the_xml_and_its_csv_export_finds_nothing(shared_xml: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["export", "--format", "csv"]) == 0
    exported = tmp_path / "export.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    # As IANA's own CSV writes these notes.
    assert out.getvalue().count("but released by [RFC9900]") == 6
    assert "initially created by [RFC5389]." in out.getvalue()
    assert not re.search(r"\[rfc\d", out.getvalue())
    shown = io.StringIO()
    with redirect_stdout(shown):
        assert main(["diff", str(shared_xml), str(exported)]) == 0
    assert shown.getvalue().splitlines()[-1] == "no differences"
