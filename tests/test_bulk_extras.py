"""Each engine is an optional extra: none is imported by portreg, and a missing one says so."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGINES = ["numpy", "pandas", "pyarrow", "polars", "dask", "distributed", "pyspark", "duckdb"]


def test_import_portreg_imports_no_engine() -> None:
    code = (
        "import sys, portreg; portreg.annotate; portreg.service_side; import portreg.bulk; "
        f"print(sorted(m for m in {ENGINES!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# Makes `import NAME` fail in a fresh interpreter, as if NAME were not installed.
_BLOCKER = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] == {blocked!r}:
            raise ImportError('No module named ' + repr(name))
sys.meta_path.insert(0, Blocker())
"""


@pytest.mark.parametrize(
    ("blocked", "code", "extra"),
    [
        ("pandas", "import portreg; portreg.annotate([80])", "pandas"),
        ("pandas", "import portreg.pandas", "pandas"),
        ("pyarrow", "import portreg.arrow", "arrow"),
        ("polars", "import portreg.polars", "polars"),
        ("dask", "import portreg.dask; portreg.dask.annotate(None, port='p')", "dask"),
        ("pyspark", "import portreg.spark", "spark"),
        ("numpy", "import portreg.bulk; portreg.bulk.port_columns()", "pandas"),
        ("numpy", "import portreg; portreg.registry().port_columns()", "pandas"),
        ("pyarrow", "import portreg; portreg.registry().port_table()", "arrow"),
        ("pyarrow", "import portreg; portreg.registry().to_arrow()", "arrow"),
        ("polars", "import portreg; portreg.registry().to_polars()", "polars"),
    ],
)
def test_a_missing_engine_names_the_extra(blocked: str, code: str, extra: str) -> None:
    script = _BLOCKER.format(blocked=blocked) + (
        "from portreg import MissingDependencyError\n"
        f"try:\n    {code}\nexcept MissingDependencyError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert f"pip install 'portreg[{extra}]'" in out, out
