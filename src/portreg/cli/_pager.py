"""Long output through a pager, as git does: only on a terminal, only when it is long.

Output to a terminal is held until it fills the screen; what fits on one screen is
written as it is, and longer output goes to ``$PAGER``, else ``less -FRX`` (``LESS``
defaults to ``FRX`` for a ``$PAGER`` of less, as git sets it). ``--no-pager``, an
empty ``$PAGER`` or ``cat`` write straight to the terminal; output to a pipe or a file
never sees a pager.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Mapping
from typing import IO, TextIO

__all__ = ["PagedOutput", "paged_output", "pager_command", "screen_lines"]

_DEFAULT = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to run: ``$PAGER``, else less when it is installed; ``None`` for none."""
    if "PAGER" in environ:
        chosen = environ["PAGER"].strip()
        return None if chosen in ("", "cat") else chosen
    import shutil

    return _DEFAULT if shutil.which("less") else None


def screen_lines(stream: TextIO, environ: Mapping[str, str]) -> int | None:
    """The terminal's height, or ``$LINES``; ``None`` when ``stream`` is no terminal."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None or not isatty():
        return None
    lines = environ.get("LINES", "").strip()
    if lines.isdecimal() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(stream.fileno()).lines or None
    except (AttributeError, ValueError, OSError):
        return None


def paged_output(stream: TextIO, environ: Mapping[str, str]) -> PagedOutput | None:
    """Where to write instead of ``stream`` so that long output is paged, if anywhere."""
    if environ.get("PAGER", "less").strip() in ("", "cat"):
        return None
    height = screen_lines(stream, environ)
    return None if height is None else PagedOutput(stream, height, environ)


class PagedOutput(io.StringIO):
    """A text stream that holds output until it fills ``height`` lines, then pages it.

    Which pager is found only then, so that short output costs no search of the
    ``PATH``. :meth:`finish` writes what was held to ``target`` when the pager was
    never needed, or else closes the pager's input and waits for the reader to quit.
    """

    def __init__(self, target: TextIO, height: int, environ: Mapping[str, str]) -> None:
        super().__init__()
        self._target = target
        self._height = height
        self._environ = environ
        self._lines = 0
        self._pager: _Pager | None = None
        self._passing = False  # no pager to be had: straight to the terminal

    def write(self, text: str) -> int:
        if self._pager is not None:
            return self._pager.stdin.write(text)
        if self._passing:
            return self._target.write(text)
        written = super().write(text)
        self._lines += text.count("\n")
        if self._lines >= self._height:  # the prompt would scroll the first lines away
            held = self.getvalue()
            self.seek(0)
            self.truncate()
            command = pager_command(self._environ)
            if command is None:
                self._passing = True
                self._target.write(held)
            else:
                self._pager = _Pager(command, self._target, self._environ)
                self._pager.stdin.write(held)
        return written

    def flush(self) -> None:
        if self._pager is not None:
            self._pager.stdin.flush()
        elif self._passing:
            self._target.flush()

    def finish(self) -> None:
        """Write what was held, or let the pager finish; call it once, at the end."""
        if self._pager is not None:
            self._pager.wait()
        else:
            self._target.write(self.getvalue())
            self._target.flush()

    @property
    def paged(self) -> bool:
        """Whether the output went to the pager."""
        return self._pager is not None


class _Pager:
    """The pager's process, reading from a pipe and writing to the terminal."""

    def __init__(self, command: str, terminal: TextIO, environ: Mapping[str, str]) -> None:
        import subprocess

        environ = dict(environ)
        environ.setdefault("LESS", "FRX")
        environ.setdefault("LV", "-c")
        self._process = subprocess.Popen(
            command,
            shell=True,
            stdin=subprocess.PIPE,
            env=environ,
            encoding=getattr(terminal, "encoding", None) or "utf-8",
            errors="backslashreplace",
        )
        if self._process.stdin is None:  # never so with stdin=PIPE; for the type
            raise OSError(f"cannot write to the pager {command!r}")
        self.stdin: IO[str] = self._process.stdin

    def wait(self) -> None:
        """Close the pager's input and wait for it, ignoring Ctrl-C meanwhile (less does)."""
        import signal

        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            # The reader may have quit before the end: nothing more to say then.
            with contextlib.suppress(BrokenPipeError):
                self.stdin.close()
            self._process.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
