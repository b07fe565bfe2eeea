"""How much the command line adds to a lookup: ``portreg 305`` against a bare lookup.

Each runs as a fresh interpreter, as at the shell prompt, in turn so that the
machine's drift affects all alike; best and median wall times are compared with
``python -c "import portreg; portreg.lookup(305)"``. The target is a ratio within 1.5
for ``portreg 305``, the installed script. ``python -m portreg 305`` is measured too:
``-m`` itself costs the interpreter's runpy machinery, whatever the package does.

    python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

from _common import report

BASELINE = [sys.executable, "-c", "import portreg; portreg.lookup(305)"]
MODULE = [sys.executable, "-m", "portreg", "305"]
TARGET = 1.5


def installed_script() -> list[str] | None:
    """``portreg 305`` through the script installed beside this interpreter, if any."""
    script = Path(sys.executable).with_name("portreg")
    return [str(script), "305"] if script.exists() else None


def wall_time(argv: list[str]) -> float:
    """Seconds for one run of ``argv``, its output discarded."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each (default 30)")
    runs = parser.parse_args().runs
    commands = {"python -m portreg 305": MODULE}
    script = installed_script()
    if script is not None:
        commands = {"portreg 305": script, **commands}
    else:
        print("(no installed portreg script beside this python: measuring -m only)")
    times: dict[str, list[float]] = {"baseline": [], **{label: [] for label in commands}}
    runs_of = {"baseline": BASELINE, **commands}
    for argv in runs_of.values():  # warm the file cache and the bytecode
        wall_time(argv)
    for _ in range(runs):
        for label, argv in runs_of.items():
            times[label].append(wall_time(argv))
    base = times["baseline"]
    print(f"baseline: python -c 'import portreg; portreg.lookup(305)', {runs} runs each")
    ok = True
    for label, mine in times.items():
        if label == "baseline":
            continue
        ok = (
            report(
                f"{label} (median)",
                median(mine),
                median(base),
                f"<= {TARGET}x",
                median(mine) <= TARGET * median(base),
            )
            and ok
        )
        report(
            f"{label} (best)",
            min(mine),
            min(base),
            f"<= {TARGET}x",
            min(mine) <= TARGET * min(base),
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
