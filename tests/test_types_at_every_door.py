"""Every public function refuses a wrong type with a PortregError saying what was given;
every environment variable refuses a value it does not accept, in one line naming it."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import portreg
from portreg import DataError, InputTypeError, PortregError, Registry
from tests.cli_helpers import run_portreg

#: Values no public function takes for any argument.
WRONG = [object(), b"x", [1], {"a": 1}, 1j, 2.5 + 0j, frozenset({80})]


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    yield
    portreg.use_registry(None)
    portreg.use_cache(None)


def _calls() -> dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]:
    """Each public function (and Registry's methods), with arguments it accepts."""
    mine = portreg.registry()
    return {
        "classify": (portreg.classify, (80,), {}),
        "diff": (portreg.diff, (mine, mine), {}),
        "listeners": (portreg.listeners, (80, "tcp"), {}),
        "lookup": (portreg.lookup, (80, "tcp"), {}),
        "neighbours": (portreg.neighbours, (80, 1, "tcp"), {}),
        "refresh": (
            portreg.refresh,
            ("http://127.0.0.1:9/x.xml",),
            {"timeout": 1, "max_bytes": 10, "cache_directory": "/nonexistent/cache"},
        ),
        "registry": (portreg.registry, (), {}),
        "search": (
            portreg.search,
            ("http",),
            {"protocol": "tcp", "range_class": "system", "limit": 3},
        ),
        "service": (portreg.service, ("http",), {}),
        "unassigned": (portreg.unassigned, ("system", "tcp"), {}),
        "use_cache": (portreg.use_cache, (True,), {}),
        "use_registry": (portreg.use_registry, (mine,), {}),
        "Registry.from_file": (Registry.from_file, ("no-such.xml",), {"max_bytes": 10}),
        "Registry.lookup": (mine.lookup, (80, "tcp"), {}),
        "Registry.neighbours": (mine.neighbours, (80, 1, "tcp"), {}),
        "Registry.service": (mine.service, ("http",), {}),
        "Registry.search": (mine.search, ("http",), {"protocol": "tcp", "limit": 3}),
        "Registry.unassigned": (mine.unassigned, ("system", "tcp"), {}),
        "Registry.block_at": (mine.block_at, (305, "tcp"), {}),
        "Registry.nearest_assigned_below": (mine.nearest_assigned_below, (305, "tcp"), {}),
        "Registry.nearest_assigned_above": (mine.nearest_assigned_above, (305, "tcp"), {}),
        "Registry.status_at": (mine.status_at, (305, "tcp"), {}),
        "Registry.name_at": (mine.name_at, (305, "tcp"), {}),
        "Registry.port_names": (mine.port_names, ("tcp",), {}),
        "port_map": (portreg.port_map, ("tcp",), {"registry": mine}),
        "annotate": (portreg.annotate, ([80, 443], "tcp"), {"errors": "raise"}),
        "service_side": (portreg.service_side, ([51234], [443], "tcp"), {}),
        "assignments_by_range": (portreg.assignments_by_range, (), {"registry": mine}),
        "assignments_by_year": (portreg.assignments_by_year, (), {"registry": mine}),
    }


def test_every_public_function_is_swept() -> None:
    functions = {name for name in portreg.__all__ if inspect.isfunction(getattr(portreg, name))}
    assert functions <= set(_calls()), functions - set(_calls())


#: Arguments that take a column of values, where a list (WRONG's [1]) is a column.
COLUMNS = {("annotate", "0"), ("annotate", "1"), *(("service_side", s) for s in "012")}


def _cases() -> Iterator[tuple[str, str, int]]:
    for name, (_, args, kwargs) in _calls().items():
        for slot in [*map(str, range(len(args))), *kwargs]:
            for position in range(len(WRONG) + 1):
                a_column = (name, slot) in COLUMNS and position < len(WRONG)
                if a_column and isinstance(WRONG[position], list):
                    continue
                yield name, slot, position


@pytest.mark.parametrize(("name", "slot", "wrong"), list(_cases()))
def test_a_wrong_type_is_refused_saying_what_was_given(name: str, slot: str, wrong: int) -> None:
    function, args, kwargs = _calls()[name]
    arguments, keywords = list(args), dict(kwargs)
    if wrong == len(WRONG):  # None, where None is not what the argument means
        value: Any = None
        optional = (
            inspect.signature(function)
            .parameters[
                slot
                if not slot.isdigit()
                else list(inspect.signature(function).parameters)[int(slot)]
            ]
            .default
        )
        if optional is None or name in ("use_cache", "use_registry"):
            return  # None is accepted there: the default
    else:
        value = WRONG[wrong]
    if slot.isdigit():
        arguments[int(slot)] = value
    else:
        keywords[slot] = value
    with pytest.raises(PortregError) as caught:
        function(*arguments, **keywords)
    message = str(caught.value)
    assert type(value).__name__ in message or repr(value) in message, message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("path", "error", "wording"),
    [
        (None, InputTypeError, "got None (NoneType)"),
        (3, InputTypeError, "got 3 (int)"),
        (b"registry.xml", InputTypeError, "got b'registry.xml' (bytes)"),
        ("reg\x00istry.xml", DataError, "it holds a NUL byte"),
        ("", DataError, "got an empty string"),
    ],
)
def test_from_file_says_what_a_path_is(path: object, error: type[Exception], wording: str) -> None:
    with pytest.raises(error, match=wording.replace("(", r"\(").replace(")", r"\)")):
        Registry.from_file(path)  # type: ignore[arg-type]


def test_a_pathlike_still_opens(tmp_path: Path) -> None:
    from tests.iana_files import SMALL_XML

    assert len(Registry.from_file(SMALL_XML)) == len(Registry.from_file(str(SMALL_XML)))


@pytest.mark.parametrize(("old", "new"), [(1, 2), ("registry", None)])
def test_diff_says_what_it_was_given(old: object, new: object) -> None:
    if old == "registry":
        old = portreg.registry()
    with pytest.raises(InputTypeError, match=r"diff\(\) compares two Registry objects; got"):
        portreg.diff(old, new)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["maybe", 1, 0, "yes", 2.0])
def test_use_cache_takes_only_a_bool_or_none(value: object) -> None:
    with pytest.raises(InputTypeError, match=r"use_cache\(\) takes True, False or None; got"):
        portreg.use_cache(value)  # type: ignore[arg-type]


# -- the environment ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTREG_USE_CACHE", "maybe"),
        ("PORTREG_USE_CACHE", "2"),
        ("PORTREG_CACHE_DIR", "~nosuchuser-portreg/x"),
        ("PORTREG_MAX_BYTES", "lots"),
        ("PORTREG_MAX_BYTES", "\u00b2"),
        ("PORTREG_MAX_BYTES", "-5"),
    ],
)
def test_a_variable_with_a_value_it_does_not_take_is_one_line_naming_it(
    variable: str, value: str, tmp_path: Path
) -> None:
    env = {"PORTREG_USE_CACHE": "1", "PORTREG_CACHE_DIR": str(tmp_path), variable: value}
    from tests.iana_files import SMALL_XML

    cached = tmp_path / "service-names-port-numbers.xml"
    if variable != "PORTREG_CACHE_DIR":
        cached.write_bytes(SMALL_XML.read_bytes())
    result = run_portreg("305", env=env)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"portreg: error: {variable}")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "YES", " on ", "0", "false", "No", "off", ""])
def test_the_documented_values_of_use_cache_are_accepted(value: str, tmp_path: Path) -> None:
    result = run_portreg(
        "305", env={"PORTREG_USE_CACHE": value, "PORTREG_CACHE_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTREG_USE_CACHE", "maybe"),
        ("PORTREG_CACHE_DIR", "~nosuchuser-portreg/x"),
        ("PORTREG_MAX_BYTES", "lots"),
        ("PORTREG_REFRESH_URL", "file:///etc/passwd"),
    ],
)
def test_refresh_checks_its_variables_before_any_download(variable: str, value: str) -> None:
    result = run_portreg("refresh", "--url", "http://127.0.0.1:9/x.xml", env={variable: value})
    if variable == "PORTREG_REFRESH_URL":  # --url wins over the variable
        result = run_portreg("refresh", env={variable: value})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_with_its_output_closed() -> None:
    result = subprocess.run(
        f"{sys.executable} -m portreg 305 >&-",
        shell=True,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PORTREG_USE_CACHE"},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "portreg: error: standard output is closed; there is nowhere to write the answer\n"
    )


@pytest.mark.parametrize(
    ("call", "wording"),
    [
        (lambda: Registry(None, portreg.registry().provenance), "takes its rows as a sequence"),  # type: ignore[arg-type]
        (lambda: Registry("rows", portreg.registry().provenance), "takes its rows as a sequence"),  # type: ignore[arg-type]
        (lambda: Registry((), None), "takes a Provenance; got None"),  # type: ignore[arg-type]
        (lambda: Registry.from_parsed(3, "x"), "takes a ParsedRegistry and a str"),  # type: ignore[arg-type]
        (lambda: portreg.RegistryDate.parse(20250101), r"got 20250101 \(int\)"),  # type: ignore[arg-type]
    ],
)
def test_public_constructors_and_readers_say_what_they_were_given(
    call: Callable[[], object], wording: str
) -> None:
    with pytest.raises(InputTypeError, match=wording):
        call()
