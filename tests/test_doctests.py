"""The examples in portreg's docstrings run against the installed package.

The tests import the installed portreg (CI installs it non-editable), so the modules
are found through the package, not through ``src/``.

Public classes and functions report ``__module__ == "portreg"``, which hides them
from :func:`doctest.testmod` of the module that defines them; their examples are
collected apart, from ``portreg._public.DEFINED_IN``, and run in that module's
namespace, so no example is skipped.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import portreg
from portreg._public import DEFINED_IN


def _modules() -> list[str]:
    found = [portreg.__name__]
    found += (info.name for info in pkgutil.walk_packages(portreg.__path__, "portreg."))
    return sorted(found)


MODULES = _modules()
LAYERS = ("records", "sources", "answers", "lookups", "listening", "updates", "rendering", "cli")


def test_every_module_is_found() -> None:
    # A guard against the walk silently finding nothing (a broken install, say).
    assert {f"portreg.{layer}" for layer in LAYERS} <= set(MODULES)
    assert {"portreg.answers.port", "portreg.lookups.in_use"} <= set(MODULES)


def _examples(module: ModuleType) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder()
    tests = finder.find(module)
    for name, home in DEFINED_IN.items():
        if home == module.__name__:
            thing = getattr(module, name)
            tests += finder.find(thing, f"{home}.{name}", module=False, globs=vars(module))
    return tests


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    for test in _examples(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_public_names_examples_are_collected_where_they_are_defined() -> None:
    # PortTable's and lookup()'s examples live on public names: they must be found.
    for home, name in (
        ("portreg.answers.tables", "PortTable"),
        ("portreg.lookups.in_use", "lookup"),
    ):
        tests = _examples(importlib.import_module(home))
        assert any(t.name == f"{home}.{name}" and t.examples for t in tests)
