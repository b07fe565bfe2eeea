"""Every date, source and sha256 the command prints is the answering registry's own.

A newer registry is refreshed from a server on 127.0.0.1 into a cache of the test's
own; with ``PORTREG_USE_CACHE=1`` the report's last line, the JSON's provenance and
the services(5) export's header must all name that registry, not the packaged one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import portreg
from tests.cli_helpers import run_portreg
from tests.http_server import serving
from tests.iana_files import SMALL_XML

NEWER_DATE = "2027-01-01"
NEWER = (
    SMALL_XML.read_text(encoding="utf-8")
    .replace("<updated>2025-08-01</updated>", f"<updated>{NEWER_DATE}</updated>")
    .encode()
)
PACKAGED_DATE = portreg.REGISTRY_DATE.isoformat()


@pytest.fixture(scope="module")
def refreshed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cache")
    with serving({"/newer.xml": (200, NEWER, "")}) as server:
        result = run_portreg(
            "refresh", "--url", server.url("/newer.xml"), env={"PORTREG_CACHE_DIR": str(directory)}
        )
    assert result.returncode == 0, result.stderr
    return directory


def _cached(directory: Path, *args: str, use: bool = True) -> str:
    env = {"PORTREG_CACHE_DIR": str(directory), "PORTREG_USE_CACHE": "1" if use else "0"}
    result = run_portreg(*args, env=env, check_stderr_empty=True)
    assert result.returncode == 0
    return result.stdout


@pytest.mark.parametrize("query", ["300", "300-302", "tacacss"])
def test_the_report_names_the_registry_that_answered(refreshed_cache: Path, query: str) -> None:
    last = _cached(refreshed_cache, query).rstrip("\n").splitlines()[-1]
    assert last.startswith(f"IANA registry of {NEWER_DATE}, from ")
    assert str(refreshed_cache) in last
    assert PACKAGED_DATE not in last


def test_without_the_cache_the_report_names_the_packaged_snapshot(refreshed_cache: Path) -> None:
    last = _cached(refreshed_cache, "300", use=False).rstrip("\n").splitlines()[-1]
    assert last == f"IANA registry of {PACKAGED_DATE}"


@pytest.mark.parametrize(
    "args",
    [("300", "--json"), ("300-302", "--json"), ("tacacss", "--json"), ("search", "tac", "--json")],
)
def test_the_json_carries_the_answering_registrys_provenance(
    refreshed_cache: Path, args: tuple[str, ...]
) -> None:
    document = json.loads(_cached(refreshed_cache, *args))
    assert document["registry_date"] == NEWER_DATE
    assert document["registry_sha256"] == hashlib.sha256(NEWER).hexdigest()
    assert str(refreshed_cache) in document["registry_source"]


def test_the_services_export_header_names_the_answering_registrys_date(
    refreshed_cache: Path,
) -> None:
    header = _cached(refreshed_cache, "export", "--format", "services").splitlines()[:3]
    assert any(f"registry date {NEWER_DATE}," in line for line in header)
    assert not any(PACKAGED_DATE in line for line in header)
    packaged_header = _cached(refreshed_cache, "export", use=False).splitlines()[:3]
    assert any(f"registry date {PACKAGED_DATE}," in line for line in packaged_header)
