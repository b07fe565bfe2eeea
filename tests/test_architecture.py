"""The layers' import rule, checked by import-linter's contracts in pyproject.toml.

Each layer imports only the layers below it, and no modules of a layer import each
other in a circle (imports inside functions count; type-only imports do not). The
contracts are run on the source tree, and shown to fail on a deliberate breach.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "portreg"


# What the lint-imports script runs; called through this interpreter so the test needs
# no script on PATH.
_LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def _lint_imports(tree: Path, config_dir: Path) -> subprocess.CompletedProcess[str]:
    # The tree's own copy of portreg is analysed, whichever copy is installed.
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [sys.executable, "-c", _LINT_IMPORTS, "--no-cache"],
        cwd=config_dir,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_and_acyclic_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / "src", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.fixture
def copy_of_the_tree(tmp_path: Path) -> Path:
    shutil.copytree(SOURCE, tmp_path / "src" / "portreg", ignore=shutil.ignore_patterns("_data"))
    (tmp_path / "src" / "portreg" / "_data").mkdir()
    shutil.copy(SOURCE / "_data" / "__init__.py", tmp_path / "src" / "portreg" / "_data")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        # An upward import placed inside a function still counts.
        (
            "records/vocabulary.py",
            "def _upward() -> None:\n    from portreg.lookups import in_use  # noqa\n",
            "Each layer imports only the layers below it BROKEN",
        ),
        (
            "answers/search.py",
            "from portreg.answers import history  # noqa\n",
            "No import circles among the modules of a layer BROKEN",
        ),
    ],
)
def test_a_breach_of_the_rule_fails_the_contracts(
    copy_of_the_tree: Path, module: str, added: str, broken: str
) -> None:
    path = copy_of_the_tree / "src" / "portreg" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + added, encoding="utf-8")
    result = _lint_imports(copy_of_the_tree / "src", copy_of_the_tree)
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout
