"""Loading IANA's XML with Registry.from_file, against parsing it with ElementTree.

    python benchmarks/bench_loading.py [path/to/service-names-port-numbers.xml]

Target (issue "bring your own registry"): ``Registry.from_file`` on the XML within
1.5x of ``xml.etree.ElementTree.parse`` of the same file, the floor any XML reader
stands on. Both sides run with the interpreter's default settings, each timed in a
fresh interpreter of its own (so neither pays for what the other left behind), the
median of several runs, alternating, so that load on a shared machine falls on both
alike. The same comparison within one process is printed as well.

For information it also prints the same comparison with the garbage collector off
for both (``from_file`` pauses the collector while it builds its records, which
``ElementTree.parse`` does not), and loading a CSV of the same registry against
reading it with ``csv.reader``.
"""

from __future__ import annotations

import csv
import gc
import io
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_XML = ROOT.parent / "shared" / "iana" / "service-names-port-numbers.xml"
TARGET = 1.5
RUNS = 9

sys.path.insert(0, str(ROOT))  # for tests.iana_files, the CSV writer the tests use

from portreg import Registry  # noqa: E402


def median_seconds(call: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(ours: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """Medians of the two, measured alternately so drifting load falls on both."""
    ours_times, floor_times = [], []
    for _ in range(RUNS):
        floor_times.append(median_seconds(floor, 1))
        ours_times.append(median_seconds(ours, 1))
    return statistics.median(ours_times), statistics.median(floor_times)


def fresh_seconds(statement: str, xml_path: Path) -> float:
    """Seconds ``statement`` takes in a fresh interpreter, the file already read once."""
    code = (
        "import sys, time, xml.etree.ElementTree as ET\n"
        "from portreg import Registry\n"
        f"path = {str(xml_path)!r}\n"
        "open(path, 'rb').read()\n"
        "start = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def paired_fresh(ours: str, floor: str, xml_path: Path) -> tuple[float, float]:
    ours_times, floor_times = [], []
    for _ in range(RUNS):
        floor_times.append(fresh_seconds(floor, xml_path))
        ours_times.append(fresh_seconds(ours, xml_path))
    return statistics.median(ours_times), statistics.median(floor_times)


def line(label: str, ours: float, floor: float, target: float | None = None) -> bool:
    ratio = ours / floor
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target}x  " + ("ok" if ratio <= target else "MISSED")
    print(f"{label:<52} {ours * 1e3:8.1f} ms vs {floor * 1e3:8.1f} ms  ratio {ratio:5.2f}{verdict}")
    return target is None or ratio <= target


def main(argv: list[str]) -> int:
    xml_path = Path(argv[0]) if argv else DEFAULT_XML
    if not xml_path.is_file():
        print(f"no registry XML at {xml_path}; pass its path")
        return 2
    Registry.from_file(xml_path)  # warm the file cache and the imports
    ET.parse(xml_path)

    ours, floor = paired_fresh("Registry.from_file(path)", "ET.parse(path)", xml_path)
    ok = line("Registry.from_file(xml) vs ElementTree.parse, fresh", ours, floor, TARGET)

    ours, floor = paired(lambda: Registry.from_file(xml_path), lambda: ET.parse(xml_path))
    line("  the same, both in this process", ours, floor)

    gc.disable()
    try:
        ours, floor = paired(lambda: Registry.from_file(xml_path), lambda: ET.parse(xml_path))
    finally:
        gc.enable()
    line("  the same, garbage collector off for both", ours, floor)

    from tests.iana_files import csv_bytes

    with tempfile.TemporaryDirectory() as directory:
        csv_path = Path(directory) / "service-names-port-numbers.csv"
        csv_path.write_bytes(csv_bytes(Registry.from_file(xml_path)))

        def read_rows() -> object:
            text = csv_path.read_bytes().decode("utf-8")
            return list(csv.reader(io.StringIO(text, newline="")))

        ours, floor = paired(lambda: Registry.from_file(csv_path), read_rows)
        line("Registry.from_file(csv) vs csv.reader, for information", ours, floor)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
