"""Running the command line on a pseudo-terminal of a given size, as a person would."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from typing import NamedTuple

#: The colour sequences portreg writes; any other escape on a terminal is a fault.
SGR = re.compile(r"\x1b\[[0-9;]*m")


class TerminalRun(NamedTuple):
    status: int
    screen: str  # what reached the terminal, "\r\n" turned back into "\n"
    stderr: str

    @property
    def plain(self) -> str:
        """The screen without colour."""
        return SGR.sub("", self.screen)

    def too_wide(self, columns: int) -> list[str]:
        """The lines wider than ``columns`` (every character here takes one column)."""
        return [line for line in self.plain.splitlines() if len(line) > columns]


def environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """This environment less what would change the output, plus ``env``."""
    unwanted = ("NO_COLOR", "COLUMNS", "LINES", "PAGER", "LESS")
    environ = {k: v for k, v in os.environ.items() if k not in unwanted}
    environ["TERM"] = "xterm-256color"
    environ["PYTHONIOENCODING"] = "utf-8"
    environ.update(env or {})
    return environ


def run_on_terminal(
    *args: str,
    columns: int,
    lines: int = 24,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> TerminalRun:
    """``python -m portreg ARGS`` with its standard output on a terminal of that size.

    Standard input is the terminal too; standard error is a pipe, so that a one-line
    error message does not mix with what the terminal shows.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "portreg", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=environment(env),
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                process.kill()
                raise TimeoutError(f"portreg {' '.join(args)} gave no output for {timeout}s")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other side closed, the command is done
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    status = process.wait(timeout)
    screen = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return TerminalRun(status, screen, stderr)
