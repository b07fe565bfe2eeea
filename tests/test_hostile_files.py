"""Files that are not files: FIFOs, devices, directories; read without blocking, bounded.

Each case runs in a separate interpreter with a timeout, so a regression that blocks
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portreg import DataError, Registry
from portreg.sources.cache import read_origin
from tests.cli_helpers import run_portreg
from tests.iana_files import SMALL_XML

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

_NEWER = SMALL_XML.read_bytes().replace(b"2025-08-01</updated>", b"2099-01-01</updated>")


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ,
        check=False,
    )


def _portreg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portreg", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "registry.xml"
    os.mkfifo(path)
    return path


def test_from_file_refuses_a_fifo_without_blocking(fifo: Path) -> None:
    result = _python(
        f"""
        from portreg import DataError, Registry
        try:
            Registry.from_file({str(fifo)!r})
        except DataError as exc:
            print(exc)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "a named pipe (FIFO), not a registry file" in result.stdout


def test_diff_refuses_a_fifo_without_blocking(fifo: Path) -> None:
    result = _portreg("diff", str(fifo), "packaged")
    assert result.returncode == 2
    assert "named pipe" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_device_is_refused_before_any_byte_is_read() -> None:
    with pytest.raises(DataError, match=r"/dev/zero: a character device, not a registry file"):
        Registry.from_file("/dev/zero", max_bytes=10**12)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="a directory, not a registry file"):
        Registry.from_file(tmp_path)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_cache_loader_refuses_what_is_not_a_file(tmp_path: Path, kind: str) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cached = cache / "service-names-port-numbers.xml"
    if kind == "fifo":
        os.mkfifo(cached)
    else:
        cached.symlink_to("/dev/zero")
    result = _portreg("305", env={"PORTREG_CACHE_DIR": str(cache), "PORTREG_USE_CACHE": "1"})
    assert result.returncode == 2
    assert "the cached registry cannot be used" in result.stderr
    assert "not a registry file" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_origin_note_is_read_only_if_it_is_a_small_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "service-names-port-numbers.origin.json")
    assert read_origin(tmp_path, "0" * 64) is None  # returns, does not wait for a writer
    (tmp_path / "service-names-port-numbers.origin.json").unlink()
    (tmp_path / "service-names-port-numbers.origin.json").symlink_to("/dev/zero")
    assert read_origin(tmp_path, "0" * 64) is None


def test_refresh_replaces_a_cache_that_is_dev_zero_without_reading_it(tmp_path: Path) -> None:
    from tests.http_server import serving

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "service-names-port-numbers.xml").symlink_to("/dev/zero")
    with serving({"/r.xml": (200, _NEWER, "")}) as server:
        result = _python(
            f"""
            from pathlib import Path
            from portreg import refresh
            print(refresh({server.url("/r.xml")!r}, cache_directory=Path({str(cache)!r})).changed)
            """,
            env={"PORTREG_MAX_BYTES": str(64 * 1024 * 1024)},
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    cached = cache / "service-names-port-numbers.xml"
    assert not cached.is_symlink()
    assert cached.read_bytes() == _NEWER


def test_the_cached_registry_still_loads(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "service-names-port-numbers.xml").write_bytes(_NEWER)
    result = run_portreg(
        "80/tcp", "--json", env={"PORTREG_CACHE_DIR": str(cache), "PORTREG_USE_CACHE": "1"}
    )
    assert result.returncode == 0, result.stderr
    assert '"registry_date": "2099-01-01"' in result.stdout
