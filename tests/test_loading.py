"""Importing portreg reads no data; the snapshot is read once, lazily, thread-safely."""

from __future__ import annotations

import subprocess
import sys
import textwrap

_AUDIT = """
import sys
opened = []
def audit(event, args):
    if event == "open" and str(args[0]).endswith("registry.bin"):
        opened.append(args[0])
sys.addaudithook(audit)
"""


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _AUDIT + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_reads_no_data_and_the_first_question_reads_it_once() -> None:
    out = _run(
        """
        import portreg
        print(len(opened), "portreg.sources.snapshot" in sys.modules, "json" in sys.modules)
        portreg.lookup(305)
        portreg.lookup(80, "tcp")
        portreg.neighbours(6000)
        print(len(opened))
        """
    )
    assert out.splitlines() == ["0 False False", "1"]


def test_concurrent_first_questions_load_the_registry_once() -> None:
    out = _run(
        """
        import threading
        import portreg
        barrier = threading.Barrier(8)
        seen = []
        def ask(port):
            barrier.wait()
            seen.append((portreg.registry(), portreg.lookup(port)))
        threads = [threading.Thread(target=ask, args=(300 + i,)) for i in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        print(len(opened), len({id(r) for r, _ in seen}), sorted(i.port for _, i in seen)[0])
        """
    )
    assert out == "1 1 300"
