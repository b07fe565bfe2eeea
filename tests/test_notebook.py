"""The example notebook runs top to bottom in a real Jupyter kernel."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "docs" / "examples").glob("*.ipynb"))
KERNEL = "portreg-test-python"

# nbformat's functions carry no annotations; name the ones used here with types.
read_notebook: Callable[..., Any] = nbformat.read
new_notebook: Callable[..., Any] = nbformat.v4.new_notebook
new_code_cell: Callable[..., Any] = nbformat.v4.new_code_cell


@pytest.fixture
def kernel_of_this_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec running this interpreter, so the notebook sees the portreg under test.

    The stock "python3" spec runs whichever ``python`` is first on PATH.
    """
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "portreg tests", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    # Keep Jupyter's own files out of the user's folders, and on its current paths.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return KERNEL


def test_there_is_a_notebook() -> None:
    assert [path.name for path in NOTEBOOKS] == ["tour.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_without_error(
    path: Path, kernel_of_this_interpreter: str, tmp_path: Path
) -> None:
    notebook = read_notebook(path, as_version=4)
    nbformat.validate(notebook)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_of_this_interpreter,
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]
    assert not [o for o in outputs if o.output_type == "error"]
    # The answers rendered as portreg's HTML tables, not as reprs.
    html = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert sum('class="portreg"' in page for page in html) >= 4
    assert any('class="portreg-highlight"' in page for page in html)
    assert any("portreg-marked" in page for page in html)  # neighbours(305) marks 305
    assert any("portreg-more" in page for page in html)  # search("a") is shortened
    # The pictures drew, as PNG images.
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 3


def test_the_kernel_runs_the_portreg_under_test(
    kernel_of_this_interpreter: str, tmp_path: Path
) -> None:
    # Guards the fixture: a kernel on another interpreter would test another portreg.
    import portreg

    notebook = new_notebook(
        cells=[new_code_cell("import portreg, sys\nprint(sys.executable)\nprint(portreg.__file__)")]
    )
    NotebookClient(notebook, kernel_name=kernel_of_this_interpreter, timeout=60).execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[0].outputs).split()
    assert printed == [sys.executable, portreg.__file__]
