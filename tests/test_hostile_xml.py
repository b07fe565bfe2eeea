"""Hostile XML: entity bombs and external entities are refused, unread and unexpanded."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from portreg import DataError, Registry
from tests.iana_files import SMALL_XML

_REGISTRY_OPEN = (
    '<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">'
)

BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE registry [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
{_REGISTRY_OPEN}
  <record><name>x</name><description>&lol9;</description><number>1</number></record>
</registry>
"""


def _external_entity(target: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE registry [<!ENTITY xxe SYSTEM "{target}">]>
{_REGISTRY_OPEN}
  <record><name>x</name><description>&xxe;</description><number>1</number></record>
</registry>
"""


PARAMETER_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE registry [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
{_REGISTRY_OPEN}<record><name>x</name><number>1</number></record></registry>
"""

HOSTILE = {
    "billion laughs": BILLION_LAUGHS.encode(),
    "external entity, file": _external_entity("file:///etc/passwd").encode(),
    "external entity, URL": _external_entity("http://127.0.0.1:9/secret").encode(),
    "external parameter entity": PARAMETER_ENTITY.encode(),
    "billion laughs in UTF-16": BILLION_LAUGHS.replace(
        '"1.0"?>', '"1.0" encoding="UTF-16"?>'
    ).encode("utf-16"),
    "DOCTYPE after a comment": ("<!-- hi -->\n" + _external_entity("file:///etc/passwd")).encode(),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_bounded_memory(name: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE[name])
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as caught:
            Registry.from_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "refused" in message or "NUL bytes" in message, message
    # Expanded, the bomb is 3 GB; the refusal holds little more than the file.
    assert peak < 2_000_000, f"{peak:,} bytes at peak"


def test_the_refusal_names_the_line_of_the_declaration(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE["DOCTYPE after a comment"])
    with pytest.raises(DataError, match=r"hostile\.xml, line 3: refused: the XML declares"):
        Registry.from_file(path)


def test_an_undeclared_entity_is_not_well_formed(tmp_path: Path) -> None:
    text = SMALL_XML.read_text().replace("World Wide Web HTTP", "World &xxe; Web")
    path = tmp_path / "entity.xml"
    path.write_text(text)
    with pytest.raises(DataError, match=r"not well-formed XML \(undefined entity"):
        Registry.from_file(path)


def test_character_references_and_the_predefined_entities_still_read(tmp_path: Path) -> None:
    text = SMALL_XML.read_text().replace("World Wide Web HTTP", "World &amp; &#x57;eb &lt;HTTP&gt;")
    path = tmp_path / "entities.xml"
    path.write_text(text)
    http = next(a for a in Registry.from_file(path) if a.service == "http")
    assert http.description == "World & Web <HTTP>"
