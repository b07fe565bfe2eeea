"""The columnar data plane: every question answered from tables, cold and warm.

    python benchmarks/bench_plane.py

Targets (issue "A columnar data plane"), each a ratio measured in the same run:

- a fresh ``from portreg import lookup; lookup(305)`` within 1.2x of a fresh
  ``import attrs`` (attrs itself is the floor: records are attrs classes);
- a fresh first ``service("http")``, ``search("backup")`` and ``unassigned("system")``
  each within 1.15x of a fresh first ``lookup(305)``; ``portreg http`` within 1.2x of
  ``portreg 80``;
- warm ``lookup(p, "tcp")`` within 1.5x and ``lookup("p/tcp")`` within 2x of warm
  ``lookup(p)``; warm ``preferred_name()`` and ``status()`` within 2x of it;
- ``portreg.compat.getservbyport(3306, "tcp")`` at least 100x faster than
  ``socket.getservbyport(3306, "tcp")``;
- every port looked up once adds at most 8 MB to the process.

Fresh processes are timed in CPU time, medians of runs that take turns.
"""

from __future__ import annotations

import socket
import subprocess
import sys

from _common import fresh_cpu_seconds, per_call_seconds_taking_turns, report

import portreg
from portreg.compat import getservbyport


def bench_cold() -> bool:
    times = fresh_cpu_seconds(
        {
            "attrs": "import attrs",
            "lookup": "from portreg import lookup; lookup(305)",
            "service": "from portreg import service; service('http')",
            "search": "from portreg import search; search('backup')",
            "unassigned": "from portreg import unassigned; unassigned('system')",
        }
    )
    ok = report(
        "fresh first lookup(305) vs fresh import attrs",
        times["lookup"],
        times["attrs"],
        "<= 1.2x",
        times["lookup"] <= 1.2 * times["attrs"],
    )
    for question, call in (
        ("service", "service('http')"),
        ("search", "search('backup')"),
        ("unassigned", "unassigned('system')"),
    ):
        ok = (
            report(
                f"fresh first {call} vs fresh first lookup(305)",
                times[question],
                times["lookup"],
                "<= 1.15x",
                times[question] <= 1.15 * times["lookup"],
            )
            and ok
        )
    command = fresh_cpu_seconds(
        {
            "80": "import sys; from portreg.cli import main; sys.argv[1:] = ['80']; main()",
            "http": "import sys; from portreg.cli import main; sys.argv[1:] = ['http']; main()",
        },
        runs=11,
    )
    return (
        report(
            "portreg http vs portreg 80 (fresh)",
            command["http"],
            command["80"],
            "<= 1.2x",
            command["http"] <= 1.2 * command["80"],
        )
        and ok
    )


def bench_warm() -> bool:
    port = 3306
    info = portreg.lookup(port)
    portreg.lookup(port, "tcp")
    portreg.lookup(f"{port}/tcp")
    info.preferred_name()
    info.status()
    getservbyport(port, "tcp")
    limits = {
        'lookup(3306, "tcp")': 1.5,
        'lookup("3306/tcp")': 2.0,
        "PortInfo.preferred_name()": 2.0,
        "PortInfo.status()": 2.0,
    }
    times = per_call_seconds_taking_turns(
        {
            "lookup(3306)": (lambda: portreg.lookup(port), 50_000),
            'lookup(3306, "tcp")': (lambda: portreg.lookup(port, "tcp"), 50_000),
            'lookup("3306/tcp")': (lambda: portreg.lookup("3306/tcp"), 50_000),
            "PortInfo.preferred_name()": (info.preferred_name, 50_000),
            "PortInfo.status()": (info.status, 50_000),
            "compat": (lambda: getservbyport(port, "tcp"), 50_000),
            "socket": (lambda: socket.getservbyport(port, "tcp"), 2_000),
        }
    )
    plain = times["lookup(3306)"]
    ok = True
    for label, limit in limits.items():
        ours = times[label]
        ok = (
            report(
                f"warm {label} vs warm lookup(3306)",
                ours,
                plain,
                f"<= {limit}x",
                ours <= limit * plain,
            )
            and ok
        )
    ours, theirs = times["compat"], times["socket"]
    return (
        report(
            'compat.getservbyport(3306, "tcp") vs socket.getservbyport',
            ours,
            theirs,
            ">= 100x faster",
            theirs >= 100 * ours,
        )
        and ok
    )


_MEMORY = """
import gc, portreg
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * 4096
portreg.lookup(0)
gc.collect()
before = rss()
for port in range(65536):
    portreg.lookup(port)
gc.collect()
print(rss() - before)
"""


def bench_memory() -> bool:
    added = int(
        subprocess.run(
            [sys.executable, "-c", _MEMORY], check=True, capture_output=True, text=True
        ).stdout
    )
    ok = added <= 8 * 1000 * 1000
    print(
        f"{'every port looked up once: memory added (RSS)':<58} {added / 1e6:7.2f} MB"
        f"  target <= 8 MB  {'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    results = [bench_cold(), bench_warm(), bench_memory()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
