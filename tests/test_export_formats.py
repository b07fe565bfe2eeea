"""What ``portreg export`` writes reads back as the registry, however hostile its text:
/etc/services lines parse back to their entries, CSV cells never run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg import Assignment, Registry, Status
from portreg.cli.export import services_can_hold
from portreg.sources.iana_csv import as_csv_carries, formula_safe, formula_unescaped
from tests.cli_helpers import run_portreg
from tests.hostile_registry import hostile_csv, hostile_xml

Entry = tuple[str, int, str]


def _parse_services(text: str) -> tuple[set[Entry], list[str]]:
    """The (name, port, protocol) entries of services(5) text, as a reader splits it."""
    entries: set[Entry] = set()
    lines = text.split("\n")
    for line in lines:
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        assert len(fields) >= 2, line
        name, where, *aliases = fields
        port, protocol = where.split("/")
        for each in (name, *aliases):
            entries.add((each, int(port), protocol))
    return entries, lines


def _expected(rows: Iterable[Assignment]) -> tuple[set[Entry], set[str]]:
    writable: set[Entry] = set()
    refused: set[str] = set()
    for row in rows:
        if row.status is not Status.ASSIGNED or not row.service:
            continue
        if not services_can_hold(row.service):
            refused.add(row.service)
            continue
        writable.update((row.service, p, t.value) for p in row.ports for t in row.protocols)
    return writable, refused


@pytest.fixture
def hostile_env(tmp_path: Path) -> dict[str, str]:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "service-names-port-numbers.xml").write_bytes(hostile_xml())
    return {"PORTREG_CACHE_DIR": str(cache), "PORTREG_USE_CACHE": "1"}


def test_services_lines_parse_back_to_the_hostile_registrys_entries(
    hostile_env: dict[str, str],
) -> None:
    result = run_portreg("export", env=hostile_env)
    assert result.returncode == 0, result.stderr
    entries, lines = _parse_services(result.stdout)
    writable, refused = _expected(
        Registry.from_file(
            Path(hostile_env["PORTREG_CACHE_DIR"]) / "service-names-port-numbers.xml"
        )
    )
    assert entries == writable
    assert refused == {
        "evil name",
        "line\nbreak",
        "hash#name",
        "=cmd|' /C calc'!A0",
        "bidi\u202ename",
        "nel\x85name",
    }
    assert "# 6 name(s) left out: services(5) cannot hold white space" in result.stdout
    # Each refused name is named, escaped, in a comment.
    assert "#   'line\\nbreak'" in lines
    assert all(line == "" or not line.startswith(("second line", "third")) for line in lines)


def test_services_lines_parse_back_to_the_packaged_registrys_entries() -> None:
    from portreg import registry

    result = run_portreg("export")
    entries, _ = _parse_services(result.stdout)
    writable, refused = _expected(registry())
    assert entries == writable
    assert refused == set()


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("source", ["xml", "csv"])
def test_csv_export_reads_back_as_the_same_rows_and_runs_no_formula(
    source: str, tmp_path: Path
) -> None:
    original = tmp_path / f"hostile.{source}"
    original.write_bytes(hostile_xml() if source == "xml" else hostile_csv())
    # In this process: the text as written, carriage returns inside cells included.
    import argparse

    from portreg import use_registry
    from portreg.cli._console import Console
    from portreg.cli.export import run

    out = io.StringIO()
    use_registry(Registry.from_file(original))
    try:
        run(argparse.Namespace(format="csv"), Console(out, colour=False))
    finally:
        use_registry(None)
    text = out.getvalue()
    for row in _csv_cells(text):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    exported = tmp_path / "exported.csv"
    exported.write_text(text, encoding="utf-8", newline="")
    again = Registry.from_file(exported)
    assert list(again) == [as_csv_carries(row) for row in Registry.from_file(original)]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-1", "'-1"),
        ("@now", "'@now"),
        ("\tx", "'\tx"),
        ("'=already", "''=already"),
        ("'plain quote", "'plain quote"),
        ("ok = fine", "ok = fine"),
        ("", ""),
    ],
)
def test_formula_cells_get_a_leading_quote(value: str, written: str) -> None:
    assert formula_safe(value) == written
    assert formula_unescaped(written) == value


@given(st.text())
def test_formula_escaping_round_trips(value: str) -> None:
    written = formula_safe(value)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert formula_unescaped(written) == value
