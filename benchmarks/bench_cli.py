"""How much the command line adds to a lookup: ``portreg 305`` against a bare lookup.

Each runs as a fresh interpreter, as at the shell prompt, in turn so that the
machine's drift affects all alike; best and median wall times, and the median CPU
time, are compared with ``python -c "import portreg; portreg.lookup(305)"``. The
target is a ratio within 1.5 for ``portreg 305``, the installed script, both as a
pipe sees it and fitted to an 80-column terminal (``COLUMNS=80``), and for the
helper that completes a service name at a TAB (``portreg completion
--service-names htt``). ``python -m portreg 305`` is measured too: ``-m`` itself
costs the interpreter's runpy machinery, whatever the package does.

For information, without a target: importing rich's console and table, what the
command line would pay at every start to draw its tables with rich (measured when
rich is installed; portreg does not depend on it).

Bytecode is cached as an installed package has it: ``PYTHONDONTWRITEBYTECODE`` is
left out of the runs' environment, or every run would compile the command line's
modules anew and the baseline's far fewer.

    python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import NamedTuple

from _common import report

BASELINE = [sys.executable, "-c", "import portreg; portreg.lookup(305)"]
MODULE = [sys.executable, "-m", "portreg", "305"]
RICH = [sys.executable, "-c", "import rich.console, rich.table"]
TARGET = 1.5


class Run(NamedTuple):
    argv: list[str]
    env: dict[str, str]
    target: bool  # whether the 1.5x target applies


def installed_script() -> Path | None:
    """The ``portreg`` script installed beside this interpreter, if any."""
    script = Path(sys.executable).with_name("portreg")
    return script if script.exists() else None


def environment(**extra: str) -> dict[str, str]:
    """This environment as an installed package runs in, plus ``extra``."""
    unwanted = ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "PAGER")
    return {**{k: v for k, v in os.environ.items() if k not in unwanted}, **extra}


def timed(run: Run) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``run``, its output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(run.argv, stdout=subprocess.DEVNULL, env=run.env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def runs() -> dict[str, Run]:
    """What to measure, by label; the baseline first."""
    plain = environment()
    measured = {"baseline": Run(BASELINE, plain, False)}
    script = installed_script()
    if script is not None:
        measured["portreg 305"] = Run([str(script), "305"], plain, True)
        measured["portreg 305, 80 columns"] = Run(
            [str(script), "305"], environment(COLUMNS="80"), True
        )
        measured["portreg completion --service-names htt"] = Run(
            [str(script), "completion", "--service-names", "htt"], plain, True
        )
    else:
        print("(no installed portreg script beside this python: measuring -m only)")
    measured["python -m portreg 305"] = Run(MODULE, plain, True)
    if importlib.util.find_spec("rich") is not None:
        measured["import rich.console, rich.table (for information)"] = Run(RICH, plain, False)
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each (default 30)")
    count = parser.parse_args().runs
    measured = runs()
    walls: dict[str, list[float]] = {label: [] for label in measured}
    cpus: dict[str, list[float]] = {label: [] for label in measured}
    for run in measured.values():  # warm the file cache and write the bytecode
        timed(run)
    for _ in range(count):
        for label, run in measured.items():
            wall, cpu = timed(run)
            walls[label].append(wall)
            cpus[label].append(cpu)
    base_wall, base_cpu = walls["baseline"], cpus["baseline"]
    print(f"baseline: python -c 'import portreg; portreg.lookup(305)', {count} runs each")
    ok = True
    for label, run in measured.items():
        if label == "baseline":
            continue
        target = f"<= {TARGET}x" if run.target else "none"
        mine = walls[label]
        met = median(mine) <= TARGET * median(base_wall) or not run.target
        ok = report(f"{label} (median)", median(mine), median(base_wall), target, met) and ok
        report(
            f"{label} (best)",
            min(mine),
            min(base_wall),
            target,
            min(mine) <= TARGET * min(base_wall) or not run.target,
        )
        report(
            f"{label} (CPU, median)",
            median(cpus[label]),
            median(base_cpu),
            target,
            median(cpus[label]) <= TARGET * median(base_cpu) or not run.target,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
