"""A bounded round of the readers' fuzzing harness (tools/fuzz_readers.py).

With atheris installed (the ``fuzz`` extra), a short coverage-guided run of each
reader; always, a few seconds of random mutation in this process, which needs nothing
beyond the test extra.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tools" / "fuzz_readers.py"


def _harness() -> object:
    spec = importlib.util.spec_from_file_location("fuzz_readers", HARNESS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["xml", "csv"])
def test_random_mutations_of_the_fixtures_read_soundly(kind: str, tmp_path: Path) -> None:
    harness = _harness()
    count = harness.plain(kind, 3.0, seed=12, out=tmp_path)  # type: ignore[attr-defined]
    assert count > 50


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None, reason="atheris (the fuzz extra) not installed"
)
@pytest.mark.parametrize("kind", ["xml", "csv"])
def test_a_bounded_coverage_guided_run_finds_nothing(kind: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            kind,
            "-max_total_time=10",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr


def test_the_harness_says_how_to_run_it() -> None:
    result = subprocess.run(
        [sys.executable, str(HARNESS)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "python tools/fuzz_readers.py xml -max_total_time=60" in result.stderr
