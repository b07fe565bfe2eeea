"""Run every benchmark script in this folder: ``python benchmarks/run.py``.

Each script prints its figures as ratios against baselines measured in the same
run and exits non-zero when a target is missed; this runs them all and says which.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    missed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE, check=False).returncode:
            missed.append(script.name)
    if missed:
        print(f"targets missed in: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
