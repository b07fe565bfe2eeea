"""The examples in the docstrings of names, search, blocks and history run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "portreg.names",
    "portreg.history",
    "portreg.text_search",
    "portreg.blocks",
    "portreg.errors",
    "portreg._input",
    "portreg.registries",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name in ("portreg.history", "portreg.registries", "portreg.errors", "portreg._input"):
        assert result.attempted > 0  # these modules have examples: make sure they ran
