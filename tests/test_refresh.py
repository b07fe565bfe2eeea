"""refresh(): a real HTTP server on 127.0.0.1 serves good, broken and stale registries.

Every failure must leave the cache byte for byte as it was, leave no stray file, keep
the registry in use, and say what went wrong in one line.
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import portreg.sources.cache
from portreg import RefreshError, Registry, refresh, registry, use_cache, use_registry
from portreg.sources.cache import cache_dir, cached_registry_path
from portreg.updates.refresh import DEFAULT_URL
from tests.http_server import RegistryServer, serving
from tests.iana_files import SMALL_XML

SMALL = SMALL_XML.read_text(encoding="utf-8")


def _dated(date: str) -> bytes:
    return SMALL.replace("<updated>2025-08-01</updated>", f"<updated>{date}</updated>").encode()


NEWER = _dated("2027-01-01")
NEWEST = _dated("2027-02-01")


ROUTES = {
    "/newer.xml": (200, NEWER, ""),
    "/newest.xml": (200, NEWEST, ""),
    "/truncated.xml": (200, NEWEST, "truncate"),
    "/garbage.xml": (200, b"\x89PNG\r\n\x1a\n not a registry at all", ""),
    "/malformed.xml": (200, NEWEST.replace(b"<number>80</number>", b"<number>8O</number>"), ""),
    "/cut-short.xml": (200, NEWEST[: len(NEWEST) * 2 // 3], ""),
    "/stale-vs-cache.xml": (200, _dated("2026-12-01"), ""),
    "/stale-vs-packaged.xml": (200, _dated("2025-08-01"), ""),
    "/undated.xml": (200, SMALL.replace("<updated>2025-08-01</updated>", "").encode(), ""),
    "/error.xml": (500, b"Internal Server Error", ""),
    "/portal.xml": (200, b"<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>", ""),
}


@pytest.fixture(scope="module")
def server() -> Iterator[RegistryServer]:
    with serving(ROUTES) as httpd:
        yield httpd


def _url(server: RegistryServer, path: str) -> str:
    return server.url(path)


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache directory of the test's own, and the registry in use restored after."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("PORTREG_CACHE_DIR", str(directory))
    monkeypatch.delenv("PORTREG_USE_CACHE", raising=False)
    monkeypatch.delenv("PORTREG_REFRESH_URL", raising=False)
    use_cache(None)
    yield directory
    use_registry(None)
    use_cache(None)


def test_a_good_download_is_cached_but_not_used_until_the_user_opts_in(
    server: RegistryServer, own_cache: Path
) -> None:
    before = registry()
    result = refresh(_url(server, "/newer.xml"))
    path = cached_registry_path()
    assert path == own_cache / "service-names-port-numbers.xml"
    assert path.read_bytes() == NEWER
    assert result.changed
    assert not result.in_use
    assert result.previous_date is None
    assert result.registry.provenance.registry_updated is not None
    assert result.registry.provenance.registry_updated.isoformat() == "2027-01-01"
    assert "PORTREG_USE_CACHE=1" in str(result)
    assert registry() is before  # not opted in: nothing changes for lookups
    assert [p.name for p in own_cache.iterdir() if p.name.endswith(".partial")] == []
    use_cache()
    in_use = registry()
    assert in_use == Registry.from_file(path)
    assert in_use.provenance.source.startswith(str(path))
    assert _url(server, "/newer.xml") in in_use.provenance.source
    assert len(in_use) == 10


def test_when_opted_in_a_refresh_takes_effect_at_once(server: RegistryServer) -> None:
    use_cache()
    assert registry().provenance.packaged  # nothing cached yet
    result = refresh(_url(server, "/newer.xml"))
    assert result.in_use
    assert registry() is result.registry
    assert registry().lookup(300).services == ("tacacss",)
    assert len(registry()) == 10


def test_the_environment_variable_opts_in(
    server: RegistryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh(_url(server, "/newer.xml"))
    monkeypatch.setenv("PORTREG_USE_CACHE", "1")
    use_cache(None)  # forget the in-use registry: the next question reads the variable
    assert len(registry()) == 10
    monkeypatch.setenv("PORTREG_USE_CACHE", "0")
    use_cache(None)
    assert registry().provenance.packaged


def test_a_cache_older_than_the_packaged_snapshot_is_not_used(own_cache: Path) -> None:
    own_cache.mkdir()
    cached_registry_path().write_bytes(_dated("2025-08-01"))
    use_cache()
    assert registry().provenance.packaged


def test_a_damaged_cache_the_user_opted_into_is_an_error_naming_it(own_cache: Path) -> None:
    own_cache.mkdir()
    cached_registry_path().write_bytes(NEWER[:500])
    use_cache()
    with pytest.raises(portreg.DataError, match=r"the cached registry cannot be used: .*"):
        registry()


def test_the_same_file_again_changes_nothing(server: RegistryServer) -> None:
    refresh(_url(server, "/newer.xml"))
    again = refresh(_url(server, "/newer.xml"))
    assert not again.changed
    assert str(again).startswith("already up to date")


def test_a_newer_file_replaces_the_cache(server: RegistryServer) -> None:
    refresh(_url(server, "/newer.xml"))
    result = refresh(_url(server, "/newest.xml"))
    assert result.changed
    assert result.previous_date is not None
    assert result.previous_date.isoformat() == "2027-01-01"
    assert cached_registry_path().read_bytes() == NEWEST


FAILURES = {
    "truncated body": ("/truncated.xml", r"truncated"),
    "garbage": ("/garbage.xml", r"not a complete registry: .*not IANA's registry XML or CSV"),
    "malformed port": ("/malformed.xml", r"not a complete registry: .*port '8O' is not N"),
    "XML cut short": ("/cut-short.xml", r"not a complete registry: .*not well-formed XML"),
    "older than the cache": ("/stale-vs-cache.xml", r"dated 2026-12-01, older than the cached"),
    "older than in use": ("/stale-vs-packaged.xml", r"dated 2025-08-01, older than the"),
    "undated": ("/undated.xml", r"has no registry date"),
    "HTTP 500": ("/error.xml", r"answered HTTP 500"),
    "HTTP 404": ("/nowhere.xml", r"answered HTTP 404"),
    "captive portal": ("/portal.xml", r"an HTML page"),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_refresh_changes_nothing_and_says_why_in_one_line(
    failure: str, server: RegistryServer, own_cache: Path
) -> None:
    refresh(_url(server, "/newer.xml"))
    use_cache()
    in_use = registry()
    cached_before = {p.name: p.read_bytes() for p in own_cache.iterdir()}
    path, reason = FAILURES[failure]
    with pytest.raises(RefreshError) as caught:
        refresh(_url(server, path))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("refresh failed, nothing was changed: ")
    assert re.search(reason, message), message
    assert {p.name: p.read_bytes() for p in own_cache.iterdir()} == cached_before
    assert registry() is in_use


def test_no_network_and_bad_urls_fail_in_one_line(own_cache: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(RefreshError, match=r"cannot reach http://127\.0\.0\.1:\d+/x\.xml: "):
        refresh(f"http://127.0.0.1:{closed_port}/x.xml", timeout=5)
    with pytest.raises(RefreshError, match=r"cannot download 'not a url'"):
        refresh("not a url")
    assert not own_cache.exists()


def test_a_download_over_the_size_limit_is_refused(server: RegistryServer, own_cache: Path) -> None:
    with pytest.raises(RefreshError, match=r"larger than the limit of 100 bytes.*--max-bytes"):
        refresh(_url(server, "/newer.xml"), max_bytes=100)
    assert not own_cache.exists()


def test_a_full_disk_leaves_the_cache_as_it_was(
    server: RegistryServer, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh(_url(server, "/newer.xml"))
    before = cached_registry_path().read_bytes()

    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", disk_full)
        with pytest.raises(RefreshError, match=r"cannot write .*: No space left on device$"):
            refresh(_url(server, "/newest.xml"))
    assert cached_registry_path().read_bytes() == before
    # The lock file refreshes take turns with stays; no partial file does.
    assert sorted(p.name for p in own_cache.iterdir() if p.name != ".refresh.lock") == [
        "service-names-port-numbers.origin.json",
        "service-names-port-numbers.xml",
    ]
    origin = json.loads((own_cache / "service-names-port-numbers.origin.json").read_text())
    assert origin["url"].endswith("/newer.xml")


def test_the_url_may_be_set_in_the_environment(
    server: RegistryServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTREG_REFRESH_URL", _url(server, "/newest.xml"))
    assert refresh().url.endswith("/newest.xml")
    assert DEFAULT_URL == (
        "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"
    )


def test_the_cache_directory_follows_the_platform_conventions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTREG_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("PORTREG_CACHE_DIR")
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert cache_dir() == tmp_path / "xdg" / "portreg"
        monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
        assert cache_dir() == Path.home() / ".cache" / "portreg"


def test_nothing_on_the_default_path_touches_the_network() -> None:
    code = """
import sys
connections = []
def audit(event, args):
    if event.startswith("socket."):
        connections.append(args)
sys.addaudithook(audit)
import portreg
portreg.lookup(80); portreg.neighbours(300); portreg.registry().provenance
portreg.diff(portreg.registry(), portreg.registry())
print(len(connections), "urllib.request" in sys.modules, "http.client" in sys.modules)
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTREG_")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.split() == ["0", "False", "False"]
