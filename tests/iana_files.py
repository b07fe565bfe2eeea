"""Registry files for the tests: IANA's CSV layout written from records, an older XML.

portreg has no CSV of the registry to test against (IANA's CSV is not in the
project), so the tests write one from records with the stdlib ``csv`` module, in
IANA's column layout and cross-reference spelling, documented in
``portreg.sources.iana_csv``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from portreg import Assignment, Reference, ReferenceKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL_XML = FIXTURES / "small-registry.xml"
SMALL_CSV = FIXTURES / "small-registry.csv"
SMALL_CSV_2013_HEADER = FIXTURES / "small-registry-2013-header.csv"

#: IANA's CSV header as it is spelled today.
HEADER = [
    "Service Name",
    "Port Number",
    "Transport Protocol",
    "Description",
    "Assignee",
    "Contact",
    "Registration Date",
    "Modification Date",
    "Reference",
    "Service Code",
    "Unauthorized Use Reported",
    "Assignment Notes",
]


def csv_bytes(assignments: Iterable[Assignment], header: Sequence[str] = HEADER) -> bytes:
    """The records as IANA's CSV writes them (columns in ``header``'s order)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for a in assignments:
        cells = {
            "Service Name": a.service or "",
            "Port Number": a.port_text,
            "Transport Protocol": a.protocol.value if a.protocol else "",
            "Description": a.description,
            "Assignee": "".join(f"[{p.id}]" for p in a.assignees),
            "Contact": "".join(f"[{p.id}]" for p in a.contacts),
            "Registration Date": str(a.registered) if a.registered else "",
            "Modification Date": str(a.modified) if a.modified else "",
            "Reference": "".join(_reference(r) for r in a.references),
            "Service Code": "" if a.service_code is None else str(a.service_code),
            "Unauthorized Use Reported": a.unauthorized_use or "",
            "Known Unauthorized Uses": a.unauthorized_use or "",
            "Assignment Notes": a.notes or "",
        }
        writer.writerow([cells[column] for column in header])
    return out.getvalue().encode("utf-8")


def _reference(reference: Reference) -> str:
    if reference.kind is ReferenceKind.TEXT:
        return reference.text or ""
    token = reference.data or ""
    if reference.kind is ReferenceKind.RFC:
        token = token.upper()  # IANA's CSV writes [RFC6335]
    if reference.section:
        token = f"{token}, Section {reference.section}"
    return f"[{token}]"


# -- an older registry, made from today's by undoing two of 2025's changes ------------------

_TACACSS = re.compile(r"\s*<record date=\"2025-07-15\">\s*<name>tacacss</name>.*?</record>", re.S)
_DEASSIGNED = re.compile(
    r"<record updated=\"2025-02-13\">\s*<protocol>(tcp|udp)</protocol>\s*"
    r"<description>Reserved</description>\s*<number>([23])</number>\s*"
    r"<note>De-assigned on 2025-02-13.*?</note>\s*</record>",
    re.S,
)
_COMPRESSNET = {"2": "Management Utility", "3": "Compression Process"}


def older_registry_xml(current: str) -> str:
    """Today's XML as it was before 2025: no 300/tcp tacacss, compressnet on 2 and 3."""
    older, removed = _TACACSS.subn("", current)
    assert removed == 1, "the 300/tcp tacacss record was not found"
    older, restored = _DEASSIGNED.subn(
        lambda m: (
            f"<record><name>compressnet</name><protocol>{m.group(1)}</protocol>"
            f'<xref type="person" data="Bernie_Volz"/>'
            f"<description>{_COMPRESSNET[m.group(2)]}</description>"
            f"<number>{m.group(2)}</number></record>"
        ),
        older,
    )
    assert restored == 4, "the four de-assigned compressnet records were not found"
    older, redated = re.subn(
        r"<updated>[0-9-]+</updated>", "<updated>2024-12-01</updated>", older, count=1
    )
    assert redated == 1
    return older
