"""use_registry(): a registry a user brings answers the module-level functions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import portreg
from portreg import InputTypeError, Registry, lookup, neighbours, registry, use_registry
from tests.iana_files import SMALL_XML


@pytest.fixture(autouse=True)
def restore_default() -> Iterator[None]:
    yield
    use_registry(None)


def test_a_chosen_registry_answers_lookups_until_unset() -> None:
    packaged = registry()
    small = Registry.from_file(SMALL_XML)
    use_registry(small)
    assert registry() is small
    assert lookup(80).services == ("http",)
    assert lookup(443).assignments == ()  # the small registry knows nothing of 443
    assert [n.port for n in neighbours(300, radius=1)] == [299, 300, 301]
    use_registry(None)
    assert registry() is packaged  # the same registry, records and all
    assert lookup(443).services == ("https",)


def test_only_a_registry_or_none_can_be_chosen() -> None:
    with pytest.raises(InputTypeError, match=r"takes a Registry or None; got str"):
        use_registry(str(SMALL_XML))  # type: ignore[arg-type]


def test_a_chosen_registry_wins_over_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    small = Registry.from_file(SMALL_XML)
    use_registry(small)
    portreg.use_cache()
    try:
        assert registry() is small
    finally:
        portreg.use_cache(None)
