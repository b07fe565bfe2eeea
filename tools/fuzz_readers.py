"""Coverage-guided fuzzing of portreg's readers of IANA's XML and CSV.

With atheris (``pip install -e '.[fuzz]'``), libFuzzer mutates the small registry
fixtures, guided by the coverage of portreg's code::

    python tools/fuzz_readers.py xml -max_total_time=60
    python tools/fuzz_readers.py csv -max_total_time=60 [CORPUS_DIR ...] [libFuzzer flags]

Without atheris (it has no wheel for every platform), ``--plain`` mutates the same
seeds at random instead, for a number of seconds::

    python tools/fuzz_readers.py xml --plain --seconds 60

Either way, an input fails if reading it raises anything but a
:class:`portreg.PortregError`, or gives a registry that breaks an invariant (every
row readable and shown, every port it covers answered). A failure is reported
with the input (libFuzzer writes it to ``crash-*``; ``--plain`` to ``fuzz-failure-*``).
The suite runs a bounded round of each (tests/test_fuzz_readers.py).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = {
    "xml": [FIXTURES / "small-registry.xml"],
    "csv": [FIXTURES / "small-registry.csv", FIXTURES / "small-registry-2013-header.csv"],
}
#: Bytes worth splicing in: markup, separators, controls, and values at the edges.
TOKENS = [
    b"<", b">", b"&", b"&amp;", b"&#13;", b"]]>", b"<![CDATA[x]]>", b"<br/>", b"</record>",
    b"<record>", b"<span>" * 40, b"<xref type=\"person\" data=\"p\"/>" * 20, b'"', b",",
    b"\r\n", b"\n", b"[", b"]", b"[]", b"\x1b[2J", b"\xc2\x9b", b"\xe2\x80\xae", b"\xff",
    b"65535", b"70000", b"0-65535", b"2025-02-30", b"'=", b"=cmd", b"-1", b"tcp", b"\x00",
]  # fmt: skip


def reader(kind: str) -> Callable[[bytes], Any]:
    """The function that reads ``kind`` (``xml`` or ``csv``) bytes into a parsed registry."""
    if kind == "xml":
        from portreg.sources.iana_xml import parse_registry_xml

        return lambda data: parse_registry_xml(data, "fuzz.xml")
    if kind == "csv":
        from portreg.sources.iana_csv import parse_registry_csv

        return lambda data: parse_registry_csv(data, "fuzz.csv")
    raise SystemExit(f"fuzz_readers: the reader is xml or csv; got {kind!r}")


def check(read: Callable[[bytes], Any], data: bytes) -> None:
    """Read ``data``; raise if anything but a PortregError comes out, or a registry is unsound."""
    from portreg import PortregError, Registry

    try:
        parsed = read(data)
    except PortregError:
        return
    registry = Registry.from_parsed(parsed, "fuzz")
    for row in registry:
        str(row)
        assert row.first is None or row.last is not None
        for port in row.ports[:3]:
            assert row in registry.lookup(port).assignments


def _mutated(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        where = rng.randrange(len(data) + 1)
        if choice < 0.3 and data:
            del data[where : where + rng.randint(1, 16)]
        elif choice < 0.6:
            data[where:where] = rng.choice(TOKENS)
        elif choice < 0.8 and data:
            data[min(where, len(data) - 1)] = rng.randrange(256)
        else:
            data[where:where] = data[rng.randrange(len(data) + 1) :][: rng.randint(1, 64)]
    if rng.random() < 0.1:
        del data[rng.randrange(len(data) + 1) :]
    return bytes(data)


def plain(kind: str, seconds: float, *, seed: int | None = None, out: Path | None = None) -> int:
    """Mutate the seeds at random for ``seconds``; return how many inputs were read.

    Raises the first failure, after writing its input to ``out`` (or the current
    directory) as ``fuzz-failure-<kind>-<n>``.
    """
    read = reader(kind)
    seeds = [path.read_bytes() for path in SEEDS[kind]]
    rng = random.Random(seed)
    ends = time.monotonic() + seconds
    count = 0
    while time.monotonic() < ends:
        data = _mutated(rng.choice(seeds), rng)
        try:
            check(read, data)
        except BaseException:
            failure = (out or Path.cwd()) / f"fuzz-failure-{kind}-{count}"
            failure.write_bytes(data)
            raise
        count += 1
    return count


def coverage_guided(kind: str, argv: list[str]) -> None:  # pragma: no cover - runs atheris
    import atheris

    with atheris.instrument_imports(include=["portreg"]):
        read = reader(kind)
        from portreg import Registry  # noqa: F401  (instrumented too)

    def one_input(data: bytes) -> None:
        check(read, data)

    corpus = [arg for arg in argv if not arg.startswith("-")]
    if not corpus:  # start from the fixtures
        directory = Path(tempfile.mkdtemp(prefix=f"portreg-fuzz-{kind}-"))
        for path in SEEDS[kind]:
            (directory / path.name).write_bytes(path.read_bytes())
        argv = [*argv, str(directory)]
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in SEEDS:
        print(__doc__, file=sys.stderr)
        return 2
    kind, rest = argv[0], argv[1:]
    if "--plain" in rest:
        seconds = float(rest[rest.index("--seconds") + 1]) if "--seconds" in rest else 60.0
        count = plain(kind, seconds)
        print(f"fuzz_readers: {count} {kind} inputs read, no failure")
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print(
            "fuzz_readers: atheris is not installed (pip install -e '.[fuzz]'); "
            "use --plain for random mutation without it",
            file=sys.stderr,
        )
        return 2
    coverage_guided(kind, rest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
