"""Benchmarks for names and search, as ratios against baselines timed in the same run.

Run with ``python benchmarks/bench_names.py``. Targets (from the issue):

- ``service(name)`` warm within 1.5x of a warm ``lookup(port)``;
- ``search`` of a word warm under 5 ms, reported against a plain substring scan of
  every description (the least any search must do).

Timings are the best of several repeats of many calls, so a busy machine adds noise
to neither side of a ratio more than the other.
"""

from __future__ import annotations

import functools
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import portreg

_REPEATS = 7


def best_seconds_per_call(function: Callable[[], object], calls: int) -> float:
    """The best, over repeats, of the mean time of one call."""
    return min(timeit.repeat(function, number=calls, repeat=_REPEATS)) / calls


def first_use_ms(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1e3


def main() -> int:
    portreg.lookup(80)  # load the registry; the first-lookup cost is benchmarked elsewhere
    first_uses = {
        "service() (builds the name index)": lambda: portreg.service("http"),
        "search() (builds the text index)": lambda: portreg.search("x"),
        "unassigned() (builds the blocks)": portreg.unassigned,
    }
    for label, function in first_uses.items():
        print(f"first {label}: {first_use_ms(function):.0f} ms")

    names = ("http", "postgresql", "x11", "novastorbakcup", "whois++")
    for name in names:
        portreg.service(name)
    warm_lookup = best_seconds_per_call(lambda: portreg.lookup(5432), 200_000)
    worst = 0.0
    for name in names:
        warm_service = best_seconds_per_call(functools.partial(portreg.service, name), 200_000)
        ratio = warm_service / warm_lookup
        worst = max(worst, ratio)
        print(
            f"service({name!r}) warm: {warm_service * 1e9:6.0f} ns, "
            f"{ratio:.2f}x a warm lookup(5432) ({warm_lookup * 1e9:.0f} ns)"
        )
    print(f"  worst ratio {worst:.2f}x (target <= 1.5x): {'ok' if worst <= 1.5 else 'MISSED'}")

    rows = tuple(portreg.registry())
    descriptions = tuple(row.description for row in rows)
    worst_ms = 0.0
    for word in ("backup", "http", "mail", "database", "unassigned"):
        portreg.search(word)

        def plain_scan(word: str = word) -> list[str]:
            return [d for d in descriptions if word in d.lower()]

        searched = best_seconds_per_call(functools.partial(portreg.search, word), 50)
        scanned = best_seconds_per_call(plain_scan, 50)
        worst_ms = max(worst_ms, searched * 1e3)
        print(
            f"search({word!r}) warm: {searched * 1e3:6.3f} ms, {len(portreg.search(word))} hits; "
            f"plain scan of descriptions {scanned * 1e3:.3f} ms; ratio {searched / scanned:.2f}x"
        )
    print(
        f"  slowest search {worst_ms:.3f} ms (target < 5 ms): {'ok' if worst_ms < 5 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
