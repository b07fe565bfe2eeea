"""``typing.get_type_hints()`` resolves on every public name, on the Pythons we declare.

Tools that read annotations at run time (cattrs, pydantic, typer, Sphinx) call
``get_type_hints``; portreg's annotations are strings naming lazily imported and
type-only names, which ``portreg._hints`` makes resolvable as each name is handed
out. The check runs here, and in a fresh interpreter of the oldest and the newest
Python the package declares, where one is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs in this interpreter (imported) and in others (as a script): it prints each
# name whose hints do not resolve, and exits 1 if there is one.
CHECK = r"""
import inspect, sys, typing
import portreg

def targets():
    for name in portreg.__all__:
        thing = getattr(portreg, name)
        if isinstance(thing, type):
            yield name, thing
            for base in thing.__mro__:
                for key, value in vars(base).items():
                    dunder = key.startswith("__") and key.endswith("__")
                    if key.startswith("_") and not dunder:
                        continue
                    if isinstance(value, property):
                        value = value.fget
                    elif isinstance(value, (classmethod, staticmethod)):
                        value = value.__func__
                    if inspect.isfunction(value) and value.__module__.startswith("portreg"):
                        yield f"{name}.{key}", value
        elif inspect.isfunction(thing):
            yield name, thing

def extra_missing(error):
    # A hint naming an optional extra's type (pandas.DataFrame, matplotlib's Figure,
    # pyarrow.Table, polars.DataFrame) needs that extra installed; anything else must
    # resolve.
    extras = ("pandas", "matplotlib", "pyarrow", "polars")
    return isinstance(error, ImportError) and any(name in str(error) for name in extras)

failures = []
for label, thing in targets():
    try:
        hints = typing.get_type_hints(thing)
    except Exception as error:
        if not extra_missing(error):
            failures.append(f"{label}: {error!r}")
        continue
    if any(isinstance(hint, (str, typing.ForwardRef)) for hint in hints.values()):
        failures.append(f"{label}: unresolved {hints}")
print("\n".join(failures))
sys.exit(1 if failures else 0)
"""


def test_every_public_name_has_hints_that_resolve() -> None:
    namespace: dict[str, object] = {"__name__": "check"}
    with pytest.raises(SystemExit) as ended:
        exec(CHECK, namespace)
    assert ended.value.code == 0


def test_hints_are_the_objects_they_name() -> None:
    import typing

    import portreg

    hints = typing.get_type_hints(portreg.PortInfo)
    assert hints["assignments"] == tuple[portreg.Assignment, ...]
    assert typing.get_type_hints(portreg.lookup)["return"] is portreg.PortInfo
    block: property = portreg.PortInfo.block  # type: ignore[assignment]  # the descriptor
    assert typing.get_type_hints(block.fget)["return"] == portreg.Block | None
    # attrs' own view of the fields, which cattrs and friends read, is resolved too.
    assert attrs.fields(portreg.Assignment).registered.type == portreg.RegistryDate | None
    # A class reached only through another's fields resolves as well.
    assert typing.get_type_hints(portreg.Person)["name"] == str | None


def test_resolving_hints_imports_no_optional_or_display_package() -> None:
    code = (
        "import sys; from portreg import *; import portreg; portreg.lookup(305);"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'IPython', 'portreg.rendering.tables')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- on the oldest and the newest declared Python ---------------------------------------


def _declared_pythons() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    prefix = "Programming Language :: Python :: "
    versions = [
        c[len(prefix) :]
        for c in project["classifiers"]
        if re.fullmatch(r"3\.\d+", c[len(prefix) :])
    ]
    ordered = sorted(versions, key=lambda v: int(v.split(".")[1]))
    assert project["requires-python"] == f">={ordered[0]}"
    return [ordered[0], ordered[-1]]


def _interpreter(version: str) -> str | None:
    # pyenv's own installs first: its shims on PATH may name a version not selected.
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(pyenv.glob(f"{version}.*/bin/python{version}"))
    return str(candidates[-1]) if candidates else shutil.which(f"python{version}")


@pytest.mark.parametrize("version", _declared_pythons())
def test_hints_resolve_on_the_oldest_and_newest_declared_python(
    version: str, tmp_path: Path
) -> None:
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} here")
    # portreg from the source tree; attrs (pure Python) from this interpreter's install.
    for package in ("attr", "attrs"):
        (tmp_path / package).symlink_to(Path(attrs.__file__).parent.parent / package)
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tmp_path)])}
    environ.pop("PYTHONHOME", None)
    probe = subprocess.run(
        [python, "-c", "import sys, attrs; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        env=environ,
    )
    if probe.returncode != 0:
        pytest.skip(f"Python {version} cannot import attrs: {probe.stderr.strip()}")
    assert probe.stdout.strip() == str(tuple(int(n) for n in version.split(".")))
    result = subprocess.run(
        [python, "-c", CHECK], capture_output=True, text=True, env=environ, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
