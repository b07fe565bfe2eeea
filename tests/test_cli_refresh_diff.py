"""``portreg refresh`` and ``portreg diff``, through the real entry point."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from portreg import Registry, registry
from portreg.cli import main
from portreg.sources.iana_csv import as_csv_carries
from tests.cli_helpers import run_portreg
from tests.http_server import serving
from tests.iana_files import SMALL_CSV, SMALL_XML, older_registry_xml

NEWER = SMALL_XML.read_bytes().replace(b"2025-08-01</updated>", b"2027-01-01</updated>")


def test_diff_of_an_older_file_and_the_packaged_snapshot(shared_xml: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.xml"
    older.write_text(older_registry_xml(shared_xml.read_text(encoding="utf-8")))
    result = run_portreg("diff", str(older), "packaged", check_stderr_empty=True)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"old: {older} (IANA 2024-12-01")
    assert lines[1].startswith(
        "new: packaged snapshot of service-names-port-numbers.xml (IANA 2026"
    )
    assert "1 added, 0 removed, 4 de-assigned" in lines[2]
    assert (
        "  + 300/tcp tacacss: TLS Secure Login Host Protocol (TACACSS) (registered 2025-07-15)"
    ) in lines
    assert "  ~ 3/udp compressnet -> Reserved" in lines

    as_json = run_portreg("diff", str(older), "packaged", "--json", check_stderr_empty=True)
    document = json.loads(as_json.stdout)
    assert document["kind"] == "diff"
    assert document["counts"]["deassigned"] == 4
    assert [c["where"] for c in document["changes"] if c["kind"] == "added"] == ["300/tcp"]


def test_diff_of_a_file_with_itself_in_two_formats_finds_nothing() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["diff", str(SMALL_XML), str(SMALL_CSV)]) == 0
    assert out.getvalue().splitlines()[-1] == "no differences"


def test_diff_errors_are_one_line(tmp_path: Path) -> None:
    missing = run_portreg("diff", str(tmp_path / "gone.xml"), "packaged")
    assert missing.returncode == 2
    assert missing.stderr == f"portreg: error: {tmp_path / 'gone.xml'}: no such file\n"
    no_cache = run_portreg(
        "diff", "packaged", "cached", env={"PORTREG_CACHE_DIR": str(tmp_path / "empty")}
    )
    assert no_cache.returncode == 2
    assert "no cached registry at" in no_cache.stderr
    assert no_cache.stderr.count("\n") == 1


def test_refresh_caches_and_a_failed_one_changes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"PORTREG_CACHE_DIR": str(cache)}
    routes = {"/good.xml": (200, NEWER, ""), "/broken.xml": (200, NEWER[:700], "")}
    with serving(routes) as server:
        good = run_portreg("refresh", "--url", server.url("/good.xml"), env=env)
        assert good.returncode == 0, good.stderr
        assert good.stdout.startswith("cached IANA registry 2027-01-01 (10 records) in ")
        cached = cache / "service-names-port-numbers.xml"
        assert cached.read_bytes() == NEWER
        before = {p.name: p.read_bytes() for p in cache.iterdir()}

        broken = run_portreg("refresh", "--url", server.url("/broken.xml"), env=env)
        assert broken.returncode == 2
        assert broken.stdout == ""
        assert broken.stderr.startswith("portreg: error: refresh failed, nothing was changed: ")
        assert broken.stderr.count("\n") == 1
        assert {p.name: p.read_bytes() for p in cache.iterdir()} == before

        as_json = run_portreg("refresh", "--url", server.url("/good.xml"), "--json", env=env)
        document = json.loads(as_json.stdout)
        assert (document["changed"], document["in_use"]) == (False, False)
        assert document["registry_updated"] == "2027-01-01"

    # Opted in, the refreshed registry answers; without, the packaged one does.
    opted = run_portreg("300", "--json", env={**env, "PORTREG_USE_CACHE": "1"})
    assert opted.returncode == 0, opted.stderr
    assert run_portreg("443", env={**env, "PORTREG_USE_CACHE": "1"}).stdout != (
        run_portreg("443", env=env).stdout
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["refresh", "--timeout", "0"], "--timeout must be a positive number of seconds"),
        (["refresh", "--max-bytes", "-5"], "--max-bytes must be a positive number"),
        (["diff", "packaged"], "the following arguments are required: NEW"),
    ],
)
def test_usage_errors(arguments: list[str], message: str) -> None:
    result = run_portreg(*arguments)
    assert result.returncode == 2
    assert message in result.stderr


def test_the_csv_export_reads_back_as_the_registry(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["export", "--format", "csv"]) == 0
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    exported = Registry.from_file(path)
    assert list(exported) == [as_csv_carries(a) for a in registry()]
