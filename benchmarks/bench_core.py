"""Speed and memory of the core, as ratios against baselines measured in the same run.

    python benchmarks/bench_core.py

Targets (issue "portreg core"): import within 1.2x of ``import attrs``; the first
lookup at least 10x faster than ElementTree-parsing the registry XML; a warm lookup
within 3x of a validated dict probe and at least 20x faster than
``socket.getservbyport``; every port looked up once adds at most 20 MB.
"""

from __future__ import annotations

import socket
import sys

from _common import SHARED_XML, fresh_seconds, measured_in_fresh, per_call_seconds, report

import portreg


def bench_import() -> bool:
    baseline = fresh_seconds("import attrs")
    ours = fresh_seconds("import portreg")
    ok = report(
        "import portreg vs import attrs (fresh)", ours, baseline, "<= 1.2x", ours <= 1.2 * baseline
    )
    # Public names load their modules (and attrs) on first use. Not the target
    # (which is that import reads no data), but worth seeing: defining the record
    # classes and enums is most of it.
    names = fresh_seconds("from portreg import lookup, neighbours, classify")
    print(
        f"{'from portreg import lookup, ... vs import attrs (fresh)':<58} "
        f"{names * 1e3:7.2f} ms vs {baseline * 1e3:7.2f} ms  ratio {names / baseline:7.2f}  "
        "for information"
    )
    return ok


def bench_first_lookup() -> bool:
    ours = measured_in_fresh(
        "import time; from portreg import lookup; t = time.perf_counter(); lookup(305); "
        "print(time.perf_counter() - t)"
    )
    if not SHARED_XML.is_file():
        print(f"first lookup: {ours * 1e3:.2f} ms (no {SHARED_XML.name} here to compare with)")
        return True
    baseline = measured_in_fresh(
        "import time, xml.etree.ElementTree as ET; t = time.perf_counter(); "
        f"ET.parse({str(SHARED_XML)!r}); print(time.perf_counter() - t)",
        runs=5,
    )
    return report(
        "first lookup (loads the snapshot) vs ET.parse of the XML",
        ours,
        baseline,
        ">= 10x faster",
        baseline >= 10 * ours,
    )


def bench_warm_lookup() -> bool:
    table = dict.fromkeys(range(65536), ("tcp", "udp"))

    def baseline(port: object) -> object:
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(port)
        return table[port]

    portreg.lookup(3306)
    ours = per_call_seconds(lambda: portreg.lookup(3306))
    dict_probe = per_call_seconds(lambda: baseline(3306))
    servbyport = per_call_seconds(lambda: socket.getservbyport(3306), number=20_000)
    ok = report(
        "warm lookup(3306) vs validated dict probe",
        ours,
        dict_probe,
        "<= 3x",
        ours <= 3 * dict_probe,
    )
    return (
        report(
            "warm lookup(3306) vs socket.getservbyport(3306)",
            ours,
            servbyport,
            ">= 20x faster",
            servbyport >= 20 * ours,
        )
        and ok
    )


_MEMORY_SETUP = """
import gc, portreg
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * 4096
portreg.lookup(0)
gc.collect()
"""


def bench_memory() -> bool:
    """Memory added by looking every port up once: RSS and, apart, traced allocations.

    Measured in two processes: tracemalloc's own bookkeeping would inflate the RSS.
    """
    rss_added = int(
        _python(
            _MEMORY_SETUP
            + "before = rss()\n"
            + "for port in range(65536): portreg.lookup(port)\n"
            + "gc.collect(); print(rss() - before)\n"
        )
    )
    traced = int(
        _python(
            _MEMORY_SETUP
            + "import tracemalloc; tracemalloc.start()\n"
            + "for port in range(65536): portreg.lookup(port)\n"
            + "print(tracemalloc.get_traced_memory()[0])\n"
        )
    )
    limit = 20 * 1000 * 1000
    ok = max(rss_added, traced) <= limit
    print(
        f"{'every port looked up once: memory added':<58} rss {rss_added / 1e6:6.2f} MB, "
        f"traced {traced / 1e6:6.2f} MB  target <= 20 MB  {'ok' if ok else 'MISSED'}"
    )
    return ok


def _python(code: str) -> str:
    import subprocess

    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def main() -> int:
    results = [bench_import(), bench_first_lookup(), bench_warm_lookup(), bench_memory()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
