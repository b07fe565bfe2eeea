"""Helpers for the benchmark scripts: timing fresh interpreters and printing ratios.

Timings on shared two-core machines are noisy, so every figure is a ratio against a
baseline measured in the same run, and each side is the median of several runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_XML = ROOT.parent / "shared" / "iana" / "service-names-port-numbers.xml"


def fresh_seconds(code: str, runs: int = 11) -> float:
    """Median wall time of ``python -c code`` in a fresh interpreter."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_cpu_seconds(codes: dict[str, str], runs: int = 15) -> dict[str, float]:
    """Median CPU time (user + system) of ``python -c code`` for each code, fresh each run.

    The codes take turns run by run, so a spell of load on the machine falls on all
    of them alike; CPU time leaves out the waiting a loaded machine adds to wall time.
    """
    import os
    import resource

    # Bytecode is cached, as it is for an installed package: a run that recompiles
    # every module would time the compiler, not portreg.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {label: [] for label in codes}
    for code in codes.values():  # once, unmeasured: fills the bytecode cache
        subprocess.run(
            [sys.executable, "-c", code], check=True, env=environment, stdout=subprocess.DEVNULL
        )
    for _ in range(runs):
        for label, code in codes.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [sys.executable, "-c", code], check=True, env=environment, stdout=subprocess.DEVNULL
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            times[label].append(spent)
    return {label: statistics.median(found) for label, found in times.items()}


def measured_in_fresh(code: str, runs: int = 11) -> float:
    """Median of the number ``code`` prints (seconds it timed itself), fresh each run."""
    values = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        values.append(float(out.strip().splitlines()[-1]))
    return statistics.median(values)


def per_call_seconds(call: Callable[[], object], number: int = 200_000, repeat: int = 7) -> float:
    """Best-of-``repeat`` time of one call, each repeat timing ``number`` calls."""
    import timeit

    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


def per_call_seconds_taking_turns(
    calls: dict[str, tuple[Callable[[], object], int]], rounds: int = 15
) -> dict[str, float]:
    """Best time of one call of each, the calls timed in turn, round after round.

    ``calls`` maps a label to (call, how many calls a timing makes). Taking turns gives
    every call the same share of the machine's quiet and busy spells, so a ratio of
    two of them is not the ratio of two spells.
    """
    import timeit

    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for label, (call, number) in calls.items():
            best[label] = min(best[label], timeit.timeit(call, number=number) / number)
    return best


def report(label: str, ours: float, baseline: float, target: str, passed: bool) -> bool:
    """Print one line: the figures, the ratio, the target and whether it is met."""
    ratio = ours / baseline if baseline else float("inf")
    verdict = "ok" if passed else "MISSED"
    print(
        f"{label:<58} {_fmt(ours):>10} vs {_fmt(baseline):>10}  ratio {ratio:7.2f}  "
        f"target {target:<12} {verdict}"
    )
    return passed


def _fmt(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e9:.0f} ns"
