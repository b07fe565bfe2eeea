"""How much the command line adds to a lookup: ``portreg 305`` against a bare lookup.

Both run as fresh interpreters, as a user at the shell prompt would, alternating so
that the machine's drift affects both alike; the best and median wall times of each
are compared. The target is a ratio within 1.5.

    python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import portreg; portreg.lookup(305)"]
COMMAND = [sys.executable, "-m", "portreg", "305"]
TARGET = 1.5


def wall_time(argv: list[str]) -> float:
    """Seconds for one run of ``argv``, its output discarded."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs of each (default 30)")
    runs = parser.parse_args().runs
    for argv in (BASELINE, COMMAND):  # warm the file cache and the bytecode
        wall_time(argv)
    baseline: list[float] = []
    command: list[float] = []
    for _ in range(runs):
        baseline.append(wall_time(BASELINE))
        command.append(wall_time(COMMAND))
    best = min(command) / min(baseline)
    median = statistics.median(command) / statistics.median(baseline)
    for label, times in (("baseline", baseline), ("command", command)):
        best_ms, median_ms = min(times) * 1e3, statistics.median(times) * 1e3
        print(f"{label:<9} best {best_ms:6.1f} ms  median {median_ms:6.1f} ms")
    print(f"  baseline: python {' '.join(BASELINE[1:])}")
    print(f"  command:  python {' '.join(COMMAND[1:])}")
    print(f"ratio     best {best:.2f}x  median {median:.2f}x  (target <= {TARGET}x, {runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
