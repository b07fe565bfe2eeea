"""refresh() against hostile servers and URLs, in several processes at once, with a
real HTTP server on 127.0.0.1 and real subprocesses."""

from __future__ import annotations

import math
import os
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from portreg import InputTypeError, PortregError, RefreshError, refresh, use_cache, use_registry
from portreg.sources.files import parse_registry
from tests.cli_helpers import run_portreg
from tests.http_server import RegistryServer, serving
from tests.iana_files import SMALL_XML

SMALL = SMALL_XML.read_text(encoding="utf-8")


def _dated(date: str) -> bytes:
    return SMALL.replace("<updated>2025-08-01</updated>", f"<updated>{date}</updated>").encode()


DATES = ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01", "2027-05-01", "2027-06-01"]
ROUTES = {f"/{date}.xml": (200, _dated(date), "") for date in DATES}
ROUTES.update(
    {
        "/to-file": (302, b"file:///etc/passwd", "redirect"),
        "/to-ftp": (301, b"ftp://127.0.0.1/registry.xml", "redirect"),
        "/to-data": (302, b"data:text/plain,hello", "redirect"),
        "/trickle.xml": (200, _dated("2027-07-01"), "trickle"),
    }
)


@pytest.fixture(scope="module")
def server() -> Iterator[RegistryServer]:
    with serving(ROUTES) as httpd:
        yield httpd


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "cache"
    monkeypatch.setenv("PORTREG_CACHE_DIR", str(directory))
    monkeypatch.delenv("PORTREG_USE_CACHE", raising=False)
    monkeypatch.delenv("PORTREG_REFRESH_URL", raising=False)
    use_cache(None)
    yield directory
    use_registry(None)
    use_cache(None)


# -- schemes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://127.0.0.1/registry.xml",
        "data:text/plain,hello",
        "/etc/passwd",
        "http:///no-host",
    ],
)
def test_only_https_and_http_urls_are_downloaded(url: str, own_cache: Path) -> None:
    with pytest.raises(RefreshError, match=r"only https: and http: URLs|names no host") as caught:
        refresh(url)
    assert "root:" not in str(caught.value)
    assert not own_cache.exists()


def test_the_environment_url_is_checked_the_same_way(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTREG_REFRESH_URL", "file:///etc/passwd")
    with pytest.raises(
        RefreshError, match=r"PORTREG_REFRESH_URL: .*only https: and http:"
    ) as caught:
        refresh()
    assert "root:" not in str(caught.value)
    result = run_portreg(
        "refresh",
        env={"PORTREG_REFRESH_URL": "file:///etc/passwd", "PORTREG_CACHE_DIR": str(own_cache)},
    )
    assert result.returncode == 2
    assert "root:" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp", "/to-data"])
def test_no_redirect_leaves_https_and_http(server: RegistryServer, path: str) -> None:
    with pytest.raises(RefreshError, match=r"redirects to .*not an https: or http: URL"):
        refresh(server.url(path))


# -- one deadline ------------------------------------------------------------------------------


def test_a_server_that_trickles_is_cut_off_at_the_deadline(server: RegistryServer) -> None:
    started = time.monotonic()
    with pytest.raises(RefreshError, match=r"did not send the registry within 2 seconds"):
        refresh(server.url("/trickle.xml"), timeout=2)
    assert time.monotonic() - started < 6


def test_the_cli_timeout_is_one_deadline_too(server: RegistryServer, own_cache: Path) -> None:
    started = time.monotonic()
    result = run_portreg("refresh", "--url", server.url("/trickle.xml"), "--timeout", "1.5")
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    assert "within 1.5 seconds" in result.stderr


@pytest.mark.parametrize("timeout", [math.inf, 1e300, math.nan, 0, -1, 86400 * 2])
def test_timeouts_that_cannot_be_met_are_refused(timeout: float) -> None:
    with pytest.raises(RefreshError, match=r"timeout must be a number of seconds above 0"):
        refresh("http://127.0.0.1:9/x.xml", timeout=timeout)


@pytest.mark.parametrize("timeout", ["x", None, True, b"2"])
def test_a_timeout_of_the_wrong_type_is_refused(timeout: object) -> None:
    with pytest.raises(InputTypeError, match=r"timeout must be a number of seconds"):
        refresh("http://127.0.0.1:9/x.xml", timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["inf", "1e300", "nan"])
def test_the_cli_refuses_such_timeouts_in_one_line(value: str) -> None:
    result = run_portreg("refresh", "--url", "http://127.0.0.1:9/x.xml", "--timeout", value)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "timeout must be" in result.stderr


# -- the cache directory ---------------------------------------------------------------------


def _refresh_in_subprocess(
    url: str, cache: Path, *, umask: int = 0o022, wait: float = 60
) -> subprocess.Popen[str]:
    code = textwrap.dedent(
        f"""
        import os, sys
        os.umask({umask})
        from pathlib import Path
        from portreg import RefreshError, refresh
        try:
            result = refresh({url!r}, cache_directory=Path({str(cache)!r}))
        except RefreshError as exc:
            print("refused:", exc)
        else:
            print("cached:", result.registry.provenance.registry_updated)
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_the_cache_directory_is_created_private_whatever_the_umask(
    server: RegistryServer, tmp_path: Path, umask: int
) -> None:
    cache = tmp_path / "deep" / "cache"
    process = _refresh_in_subprocess(server.url("/2027-01-01.xml"), cache, umask=umask)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.startswith("cached:")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_concurrent_refreshes_leave_the_newest_complete_registry(
    server: RegistryServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    for _ in range(2):
        processes = [
            _refresh_in_subprocess(server.url(f"/{date}.xml"), cache)
            for date in reversed(DATES)  # newest first: the races that matter
        ]
        outputs = [p.communicate(timeout=120) for p in processes]
        assert all(p.returncode == 0 for p in processes), outputs
        cached = cache / "service-names-port-numbers.xml"
        parsed = parse_registry(cached.read_bytes(), str(cached))
        assert str(parsed.updated) == DATES[-1]
        assert not list(cache.glob("*.partial"))
        assert not list(cache.glob(".*.partial"))


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl.flock")
def test_a_refresh_waits_for_the_one_in_progress_and_keeps_the_newer(
    server: RegistryServer, tmp_path: Path
) -> None:
    import fcntl

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    lock = os.open(cache / ".refresh.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a refresh in progress, as another process holds it
        process = _refresh_in_subprocess(server.url("/2027-01-01.xml"), cache)
        time.sleep(3)
        assert process.poll() is None, process.communicate()
        # Meanwhile the refresh in progress caches a newer registry.
        (cache / "service-names-port-numbers.xml").write_bytes(_dated("2027-06-01"))
    finally:
        os.close(lock)
    out, err = process.communicate(timeout=60)
    assert "refused:" in out, (out, err)
    assert "older than the cached registry" in out
    cached = (cache / "service-names-port-numbers.xml").read_bytes()
    assert cached == _dated("2027-06-01")


def test_partial_files_a_killed_refresh_left_are_removed(
    server: RegistryServer, own_cache: Path
) -> None:
    own_cache.mkdir(mode=0o700)
    orphan = own_cache / ".service-names-port-numbers.xml.k1ll3d.partial"
    orphan.write_bytes(b"<registry half written")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    refresh(server.url("/2027-01-01.xml"))
    assert sorted(p.name for p in own_cache.iterdir()) == [
        ".refresh.lock",
        "service-names-port-numbers.origin.json",
        "service-names-port-numbers.xml",
    ]


def test_a_refresh_killed_while_writing_leaves_nothing_behind_the_next(
    server: RegistryServer, own_cache: Path
) -> None:
    # A refresh killed between creating its temporary file and renaming it.
    code = textwrap.dedent(
        f"""
        import os, signal
        import portreg.sources.cache as cache
        def killed(source, target):
            os.kill(os.getpid(), signal.SIGKILL)
        cache.os.replace = killed
        from portreg import refresh
        refresh({server.url("/2027-01-01.xml")!r})
        """
    )
    environ = {**os.environ, "PORTREG_CACHE_DIR": str(own_cache)}
    killed = subprocess.run([sys.executable, "-c", code], env=environ, timeout=60, check=False)
    assert killed.returncode == -9
    assert list(own_cache.glob(".*.partial"))
    refresh(server.url("/2027-02-01.xml"))
    assert not list(own_cache.glob(".*.partial"))


def test_every_refusal_is_a_portreg_error(server: RegistryServer) -> None:
    for url in ("file:///etc/passwd", server.url("/to-file")):
        with pytest.raises(PortregError):
            refresh(url)
