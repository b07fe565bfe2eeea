"""The examples in portreg's docstrings run against the installed package.

The tests import the installed portreg (CI installs it non-editable), so the modules
are found through the package, not through ``src/``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import portreg


def _modules() -> list[str]:
    found = [portreg.__name__]
    found += (info.name for info in pkgutil.walk_packages(portreg.__path__, "portreg."))
    return sorted(found)


MODULES = _modules()


def test_every_module_is_found() -> None:
    # A guard against the walk silently finding nothing (a broken install, say).
    assert {"portreg", "portreg.model", "portreg.registries", "portreg.display"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
