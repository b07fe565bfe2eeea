"""Registry files written by someone hostile: text that a terminal or a file format acts on.

XML 1.0 cannot carry ESC or the other C0 controls, even as character references, so
the XML uses what it can (CR and LF inside a field, the C1 controls CSI U+009B and
NEL U+0085, DEL, bidi overrides, U+2028); the CSV carries ESC and BEL too.
"""

from __future__ import annotations

from portreg import Assignment, Protocol, Status
from tests.iana_files import csv_bytes

#: What a hostile field holds: escape sequences, a line that poses as output, bidi.
XML_HOSTILE = "evil\u009b2J\u0085second line\r\nthird\u202eReversed\u2028\x7f # not a comment"
CSV_HOSTILE = "evil\x1b[2J\x1b]0;title\x07\x9b31m\u202eoff\r\nportreg: fake line\u2029\x7f\x85"

_XML_RECORDS = [
    # (name, port, protocol, description)
    ("evil name", 4000, "tcp", XML_HOSTILE),
    ("line\nbreak", 4001, "udp", "a name holding a line break"),
    ("hash#name", 4002, "tcp", "a name holding '#'"),
    ("ok-name", 4003, "tcp", XML_HOSTILE),
    ("=cmd|' /C calc'!A0", 4004, "tcp", "+SUM(1,2) a formula, and -1 and @now"),
    ("bidi\u202ename", 4005, "sctp", "bidi in the name"),
    ("nel\u0085name", 4006, "dccp", "NEL in the name"),
    ("plain", 4007, "tcp", "an ordinary record among hostile ones"),
]


def _escape(text: str) -> str:
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # CR would be read as LF by any XML parser; a character reference keeps it.
    return out.replace("\r", "&#13;")


def hostile_xml(updated: str = "2099-01-01") -> bytes:
    """A complete registry XML whose records hold hostile names and descriptions."""
    records = "".join(
        f'  <record date="2020-01-01">\n    <name>{_escape(name)}</name>\n'
        f"    <protocol>{protocol}</protocol>\n"
        f"    <description>{_escape(description)}</description>\n"
        f"    <number>{port}</number>\n  </record>\n"
        for name, port, protocol, description in _XML_RECORDS
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">\n'
        f"  <title>Hostile</title>\n  <updated>{updated}</updated>\n{records}</registry>\n"
    ).encode()


def hostile_csv() -> bytes:
    """A registry CSV whose records hold ESC, BEL, C1 controls and line breaks."""
    rows = [
        Assignment(
            service="esc-name",
            first=4100,
            last=4100,
            protocol=Protocol.TCP,
            description=CSV_HOSTILE,
            status=Status.ASSIGNED,
        ),
        Assignment(
            service="esc\x1b[31mred",
            first=4101,
            last=4101,
            protocol=Protocol.UDP,
            description="a name holding ESC",
            status=Status.ASSIGNED,
        ),
        Assignment(
            service="-formula",
            first=4102,
            last=4102,
            protocol=Protocol.TCP,
            description="=1+1",
            status=Status.ASSIGNED,
            notes="@SUM(A1)\n+cmd",
        ),
    ]
    return csv_bytes(rows)
