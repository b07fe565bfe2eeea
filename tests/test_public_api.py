"""The public names: all exported, all resolvable, nothing loaded before it is used."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import portreg


def test_all_is_sorted_and_every_name_resolves() -> None:
    names = [n for n in portreg.__all__ if n != "__version__"]
    assert portreg.__all__ == sorted(portreg.__all__, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert getattr(portreg, name) is not None
    assert set(portreg._EXPORTS) == set(names)


def test_each_name_is_the_one_its_module_defines() -> None:
    for name, module in portreg._EXPORTS.items():
        assert getattr(portreg, name) is getattr(importlib.import_module(module), name)
        assert name in importlib.import_module(module).__all__


def test_the_type_checking_imports_match_the_lazy_table() -> None:
    tree = ast.parse(Path(portreg.__file__).read_text(encoding="utf-8"))
    checked = {
        alias.name: node.module
        for block in tree.body
        if isinstance(block, ast.If)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert checked == portreg._EXPORTS


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        portreg.nope  # noqa: B018


def test_dir_lists_the_public_names_and_nothing_else() -> None:
    assert dir(portreg) == sorted(portreg.__all__)


def test_import_portreg_loads_no_submodule_until_a_name_is_used() -> None:
    code = (
        "import sys, portreg; print(sorted(m for m in sys.modules if m.startswith('portreg')));"
        "portreg.lookup; print('portreg.lookups.in_use' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "['portreg', 'portreg._version']"
    assert out[1] == "True"
