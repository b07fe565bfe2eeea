"""tools/release_data.py: a newer XML regenerates the data and writes the CHANGELOG's.

Run on the small fixture: the fixture as the new registry, and an older version of it
as the one it replaces (before 300/tcp tacacss was assigned, and named x11 "x-window").
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.iana_files import SMALL_XML

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "release_data.py"
CHANGELOG = """\
# Changelog

## Unreleased

### Changed

- Something else.

## 1.0.0

- The first release.
"""


def _release(tmp_path: Path, new: Path, old: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(TOOL), str(new), "--old", str(old)]
    command += ["--output", str(tmp_path / "data"), "--changelog", str(tmp_path / "CHANGELOG.md")]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _older_xml() -> str:
    text = SMALL_XML.read_text(encoding="utf-8")
    tacacss = r"\s*<record date=\"2025-07-15\">\s*<name>tacacss</name>.*?</record>"
    text, removed = re.subn(tacacss, "", text, count=1, flags=re.S)
    text, renamed = re.subn(r"<name>x11</name>", "<name>x-window</name>", text)
    text, redated = re.subn(r"<updated>[0-9-]+</updated>", "<updated>2024-12-01</updated>", text)
    assert (removed, redated) == (1, 1)
    assert renamed >= 1
    return text


@pytest.fixture
def older(tmp_path: Path) -> Path:
    path = tmp_path / "older.xml"
    path.write_text(_older_xml(), encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    return path


def test_a_newer_registry_regenerates_the_data(tmp_path: Path, older: Path) -> None:
    result = _release(tmp_path, SMALL_XML, older)
    assert result.returncode == 0, result.stderr
    module = tmp_path / "data" / "__init__.py"
    assert (tmp_path / "data" / "registry.bin").is_file()
    spec = importlib.util.spec_from_file_location("released_data", module)
    assert spec is not None
    assert spec.loader is not None
    data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data)
    assert str(data.REGISTRY_DATE) == "2025-08-01"


def test_the_changelog_says_what_changed(tmp_path: Path, older: Path) -> None:
    assert _release(tmp_path, SMALL_XML, older).returncode == 0
    text = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = text.split("## 1.0.0")[0]
    assert "### Data" in unreleased
    assert "- The registry is IANA's of 2025-08-01 (was 2024-12-01): 1 added, " in text
    assert "- New (1):\n  - 300/tcp tacacss: TLS Secure Login Host Protocol (TACACSS)" in text
    assert "- Renamed (" in text
    assert "6000-6063: x-window -> x11" in text
    # The rest of the CHANGELOG is kept as it was.
    assert "### Changed\n\n- Something else.\n\n## 1.0.0\n\n- The first release.\n" in text
    assert text.index("### Data") < text.index("### Changed")


def test_running_it_again_replaces_the_data_section(tmp_path: Path, older: Path) -> None:
    assert _release(tmp_path, SMALL_XML, older).returncode == 0
    first = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert _release(tmp_path, SMALL_XML, older).returncode == 0
    again = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert again == first
    assert again.count("### Data") == 1


def test_a_registry_that_is_not_newer_is_refused(tmp_path: Path, older: Path) -> None:
    result = _release(tmp_path, older, SMALL_XML)
    assert result.returncode != 0
    assert "is not newer" in result.stderr
    assert not (tmp_path / "data").exists()
    assert (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8") == CHANGELOG
