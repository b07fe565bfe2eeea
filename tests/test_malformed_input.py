"""Every malformed file gets a DataError naming the file, the line or record, and the fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portreg import DataError, PortregError, Registry, registry
from tests.iana_files import SMALL_CSV, SMALL_XML

XML = SMALL_XML.read_text(encoding="utf-8")
CSV = SMALL_CSV.read_text(encoding="utf-8")
HTTP_RECORD = """<record updated="2021-10-01">
    <name>http</name>
    <protocol>tcp</protocol>
    <xref type="rfc" data="rfc9110"/>
    <description>World Wide Web HTTP</description>
    <number>80</number>
  </record>"""
HTTP_LINE = XML.splitlines().index('  <record updated="2021-10-01">') + 1
assert HTTP_RECORD in XML


def _xml_with_http(old: str, new: str) -> str:
    assert old in HTTP_RECORD
    return XML.replace(HTTP_RECORD, HTTP_RECORD.replace(old, new))


HTTP_CSV_ROW = "http,80,tcp,World Wide Web HTTP,,,,2021-10-01,[RFC9110],,,"


def _csv_with_http(old: str, new: str) -> str:
    line = HTTP_CSV_ROW
    assert line in CSV
    assert old in line
    return CSV.replace(line, line.replace(old, new, 1))


_CSV_HTTP_LINE = CSV.splitlines().index(HTTP_CSV_ROW) + 1

CASES: dict[str, tuple[bytes, str]] = {
    "empty file": (b"", r"empty"),
    "blank file": (b" \n\n\t\n", r"empty"),
    "JSON": (b'{"ports": []}', r"not IANA's registry XML or CSV \(it looks like JSON\)"),
    "gzip": (b"\x1f\x8b\x08\x00rest", r"gzip-compressed"),
    "HTML page": (b"<!DOCTYPE html><html><body>Hi</body></html>", r"an HTML page"),
    "plain text": (b"hello world\n", r"not IANA's registry XML or CSV \(it starts 'hello world'\)"),
    "another XML registry": (
        b'<registry xmlns="http://www.iana.org/assignments" id="protocol-numbers"/>',
        r"not IANA's service name and port number registry .*'protocol-numbers'",
    ),
    "truncated XML": (
        XML[: XML.index("<name>tacacss</name>") + 10].encode(),
        r", line \d+, column \d+: not well-formed XML \(.*truncated\?\)",
    ),
    "unclosed element": (
        _xml_with_http("</description>", "").encode(),
        rf"line {HTTP_LINE + 6}, column \d+: not well-formed XML \(mismatched tag\)",
    ),
    "XML port 70000": (
        _xml_with_http("<number>80</number>", "<number>70000</number>").encode(),
        rf"line {HTTP_LINE} \(record 4, 70000 tcp http\): port '70000' is not N or N-M",
    ),
    "XML port 12-3": (
        _xml_with_http("<number>80</number>", "<number>12-3</number>").encode(),
        rf"line {HTTP_LINE} \(record 4, 12-3 tcp http\): port range '12-3' ends before it starts",
    ),
    "XML port -1": (
        _xml_with_http("<number>80</number>", "<number>-1</number>").encode(),
        r"\(record 4, -1 tcp http\): port '-1' is not N or N-M",
    ),
    "XML date 2025-13": (
        _xml_with_http('updated="2021-10-01"', 'updated="2025-13"').encode(),
        rf"line {HTTP_LINE} \(record 4, 80 tcp http\): modification date '2025-13' is not a valid",
    ),
    "XML protocol tcpx": (
        _xml_with_http("<protocol>tcp</protocol>", "<protocol>tcpx</protocol>").encode(),
        r"\(record 4, 80 tcpx http\): protocol 'tcpx' is not one of tcp, udp, sctp, dccp",
    ),
    "XML two names": (
        _xml_with_http("<name>http</name>", "<name>http</name><name>www</name>").encode(),
        r"\(record 4, .*\): more than one <name>",
    ),
    "XML service code": (
        _xml_with_http("<number>80</number>", "<number>80</number><sc>x1</sc>").encode(),
        r"\(record 4, .*\): service code 'x1' is not a whole number",
    ),
    "XML record without name or port": (
        _xml_with_http("<number>80</number>", "").replace("<name>http</name>", "").encode(),
        r"\(record 4, tcp\): a record with neither a service name nor a port number",
    ),
    "XML registry date": (
        XML.replace("<updated>2025-08-01</updated>", "<updated>2025-02-30</updated>").encode(),
        r"registry date '2025-02-30' is not a valid date",
    ),
    "XML with no records": (
        b'<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers"/>',
        r"holds no records",
    ),
    "CSV header only": (CSV.splitlines()[0].encode() + b"\n", r"holds no records"),
    "CSV missing columns": (
        b"Service Name,Port Number,Transport Protocol,Description\nhttp,80,tcp,HTTP\n",
        r", line 1: not IANA's registry CSV: missing column\(s\) 'Assignee', 'Contact', ",
    ),
    "CSV short row": (
        _csv_with_http(",,,", "").encode(),
        rf", line {_CSV_HTTP_LINE} \(record 4, 80 tcp http\): 9 columns where the header has 12",
    ),
    "CSV port 70000": (
        _csv_with_http(",80,", ",70000,").encode(),
        rf", line {_CSV_HTTP_LINE} \(record 4, 70000 tcp http\): port '70000' is not N or N-M",
    ),
    "CSV port 12-3": (
        _csv_with_http(",80,", ",12-3,").encode(),
        rf", line {_CSV_HTTP_LINE} \(record 4, .*\): port range '12-3' ends before it starts",
    ),
    "CSV date 2025-13": (
        _csv_with_http("2021-10-01", "2025-13").encode(),
        rf", line {_CSV_HTTP_LINE} \(record 4, .*\): modification date '2025-13' is not a valid",
    ),
    "CSV protocol tcpx": (
        _csv_with_http(",tcp,", ",tcpx,").encode(),
        rf", line {_CSV_HTTP_LINE} \(record 4, 80 tcpx http\): protocol 'tcpx' is not one of",
    ),
    "CSV contact not bracketed": (
        _csv_with_http(",,,,2021", ",,Someone,,2021").encode(),
        r"\(record 4, .*\): contact 'Someone' is not written \[id\] or \[id\]\[id\]",
    ),
    "CSV not UTF-8": (
        CSV.encode("utf-8").replace(b"World Wide", b"World \xff Wide"),
        rf", line {_CSV_HTTP_LINE}: not UTF-8 text",
    ),
    "CSV unterminated quote": (
        (CSV + 'x,81,tcp,"never closed,,,,,,,,\n').encode(),
        r", line \d+: not readable CSV",
    ),
    "UTF-16 XML": (XML.encode("utf-16"), r"not UTF-8 text \(it holds NUL bytes"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_files_are_refused_with_file_place_and_fault(case: str, tmp_path: Path) -> None:
    data, expected = CASES[case]
    path = tmp_path / "bad-registry"
    path.write_bytes(data)
    with pytest.raises(DataError) as caught:
        Registry.from_file(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert re.search(expected, message), message
    assert "\n" not in message


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nowhere\.xml: no such file$"):
        Registry.from_file(tmp_path / "nowhere.xml")


def test_a_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="a directory, not a registry file"):
        Registry.from_file(tmp_path)


def test_errors_are_portreg_errors_and_nothing_is_half_loaded(tmp_path: Path) -> None:
    before = registry()
    path = tmp_path / "bad.xml"
    path.write_text(_xml_with_http("<number>80</number>", "<number>70000</number>"))
    with pytest.raises(PortregError):
        Registry.from_file(path)
    assert registry() is before
