"""Speed of names and search, as ratios against baselines measured in the same run.

    python benchmarks/bench_names.py

Targets (issue "Service names, search, the unassigned space and the registry's
history"): ``service(name)`` warm within 1.5x of a warm ``lookup(port)``; ``search``
of a word over the whole registry under 5 ms warm, shown against a plain substring
scan of every description (what the simplest search must do at least). The first
question of each kind builds its index; those one-off costs are printed too.
"""

from __future__ import annotations

import functools
import time

from _common import per_call_seconds, report

import portreg

NAMES = ("http", "postgresql", "x11", "novastorbakcup", "whois++")
WORDS = ("backup", "http", "mail", "database", "unassigned")


def first_use_seconds() -> None:
    """The one-off cost of each index, in this (fresh) process."""
    portreg.lookup(80)  # loads the registry: the first lookup is benchmarked in bench_core
    for label, question in (
        ("first service() (builds the name index)", lambda: portreg.service("http")),
        ("first search() (builds the text index)", lambda: portreg.search("x")),
        ("first unassigned() (builds the blocks)", portreg.unassigned),
    ):
        started = time.perf_counter()
        question()
        print(f"{label:<58} {(time.perf_counter() - started) * 1e3:7.1f} ms")


def bench_service() -> bool:
    for name in NAMES:
        portreg.service(name)
    baseline = per_call_seconds(functools.partial(portreg.lookup, 5432))
    ok = True
    for name in NAMES:
        ours = per_call_seconds(functools.partial(portreg.service, name))
        ok &= report(
            f"warm service({name!r}) vs warm lookup(5432)",
            ours,
            baseline,
            "<= 1.5x",
            ours <= 1.5 * baseline,
        )
    return ok


def bench_search() -> bool:
    descriptions = tuple(row.description for row in portreg.registry())
    ok = True
    for word in WORDS:
        portreg.search(word)

        def plain_scan(word: str = word) -> list[str]:
            return [d for d in descriptions if word in d.lower()]

        ours = per_call_seconds(functools.partial(portreg.search, word), number=50)
        baseline = per_call_seconds(plain_scan, number=50)
        hits = len(portreg.search(word))
        ok &= report(
            f"warm search({word!r}), {hits} hits, vs substring scan",
            ours,
            baseline,
            "< 5 ms",
            ours < 5e-3,
        )
    return ok


def main() -> int:
    first_use_seconds()
    results = [bench_service(), bench_search()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
