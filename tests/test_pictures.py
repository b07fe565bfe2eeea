"""The pictures (the ``plot`` extra): each draws, and saves as a PNG that reads."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from collections.abc import Callable

import pytest

import portreg

matplotlib = pytest.importorskip("matplotlib")

PICTURES: dict[str, Callable[[], object]] = {
    "port_map": portreg.port_map,
    "port_map_udp": lambda: portreg.port_map("udp"),
    "assignments_by_range": portreg.assignments_by_range,
    "assignments_by_year": portreg.assignments_by_year,
}


@pytest.mark.parametrize("name", PICTURES)
def test_each_picture_saves_as_a_png_of_a_plausible_size(name: str) -> None:
    matplotlib.use("Agg")  # no display needed; savefig renders with Agg regardless
    from matplotlib.figure import Figure

    figure = PICTURES[name]()
    assert isinstance(figure, Figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=72)
    png = buffer.getvalue()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert 400 <= width <= 1200
    assert 250 <= height <= 1000
    assert 10_000 < len(png) < 2_000_000


def test_the_map_colours_each_port_by_its_status() -> None:
    from portreg.pictures.drawing import STATUS_COLOURS

    figure = portreg.port_map("tcp")
    image = figure.axes[0].images[0].get_array()
    assert image is not None
    assert image.shape == (256, 256)
    legend = figure.axes[0].get_legend()
    assert legend is not None
    assert any(text.get_text() == "dynamic (16,384)" for text in legend.get_texts())
    # Port 305 (row 1, column 49) is unassigned; 80 (row 0, column 80) assigned.
    statuses = list(STATUS_COLOURS)
    assert statuses[int(image[1, 305 - 256])] is portreg.Status.UNASSIGNED
    assert statuses[int(image[0, 80])] is portreg.Status.ASSIGNED


def test_without_matplotlib_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(portreg.MissingDependencyError, match=r"portreg\[plot\]"):
        portreg.port_map()


def test_importing_portreg_and_its_names_imports_no_matplotlib() -> None:
    code = (
        "import sys, portreg; from portreg import *; portreg.port_map;"
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
