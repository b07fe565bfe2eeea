"""The examples in the docstrings of names, search, blocks and history run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.test_doctests import _examples

MODULES = [
    "portreg.answers.service",
    "portreg.answers.history",
    "portreg.answers.search",
    "portreg.lookups.search",
    "portreg.answers.block",
    "portreg.lookups.blocks",
    "portreg.errors",
    "portreg.records.inputs",
    "portreg.lookups.in_use",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS, verbose=False)
    for test in _examples(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    if name in (
        "portreg.answers.history",
        "portreg.lookups.in_use",
        "portreg.records.inputs",
        "portreg.errors",
    ):
        assert result.attempted > 0  # these modules have examples: make sure they ran
