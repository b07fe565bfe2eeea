"""Text from outside reaches the terminal neutralised: registry text, file names and
contents quoted in errors, process names; ``--json`` stays lossless and one line."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portreg.rendering.terminal import is_unsafe, neutralised
from tests.cli_helpers import run_portreg
from tests.hostile_registry import CSV_HOSTILE, XML_HOSTILE, hostile_csv, hostile_xml

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"}
_OWN_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _raw_unsafe(output: str, *, colour: bool = False) -> list[str]:
    """The characters of ``output`` a terminal would act on, other than its line ends."""
    if colour:
        output = _OWN_COLOUR.sub("", output)
    return [c for c in output if c != "\n" and is_unsafe(c)]


@pytest.mark.parametrize(
    ("character", "shown"),
    [
        ("\x1b", "\\x1b"),
        ("\x9b", "\\x9b"),
        ("\x07", "\\x07"),
        ("\x7f", "\\x7f"),
        ("\r", "\\r"),
        ("\n", "\\n"),
        ("\t", "\\t"),
        ("\u202e", "\\u202e"),
        ("\u0085", "\\x85"),
        ("\u2028", "\\u2028"),
        ("\ufeff", "\\ufeff"),
        ("\udcff", "\\udcff"),
        ("\U000e0001", "\\U000e0001"),
    ],
)
def test_each_character_a_terminal_acts_on_is_shown_escaped(character: str, shown: str) -> None:
    assert neutralised(f"a{character}b") == f"a{shown}b"


def test_printable_text_of_any_script_is_kept() -> None:
    text = "Müller & Søn, 東京, ΑΒΓ, עברית, emoji \U0001f600, nbsp\xa0here"
    assert neutralised(text) == text


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    result = neutralised(text)
    assert not any(unicodedata.category(c) in _UNSAFE_CATEGORIES for c in result)
    if not any(is_unsafe(c) for c in text):
        assert result == text


# -- through the command line ---------------------------------------------------------------


@pytest.fixture
def hostile_cache(tmp_path: Path) -> dict[str, str]:
    """The environment that makes a hostile XML the registry in use."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "service-names-port-numbers.xml").write_bytes(hostile_xml())
    return {"PORTREG_CACHE_DIR": str(cache), "PORTREG_USE_CACHE": "1"}


@pytest.mark.parametrize(
    "command",
    [
        ["4000"],
        ["4003/tcp", "--radius", "0"],
        ["3998-4008"],
        ["ok-name"],
        ["search", "evil"],
        ["search", "name"],
        ["export"],
    ],
)
@pytest.mark.parametrize("colour", ["never", "always"])
def test_registry_text_reaches_the_terminal_neutralised(
    hostile_cache: dict[str, str], command: list[str], colour: str
) -> None:
    result = run_portreg(*command, "--color", colour, env=hostile_cache)
    assert result.returncode == 0, result.stderr
    assert _raw_unsafe(result.stdout, colour=colour == "always") == []
    assert _raw_unsafe(result.stderr) == []
    if command[0] in ("4000", "ok-name", "3998-4008"):
        assert "evil\\x9b2J\\x85second line\\r\\nthird\\u202eReversed\\u2028\\x7f" in result.stdout
    # A line break inside a field never starts an output line of its own.
    assert not any(line.startswith(("second line", "third")) for line in result.stdout.split("\n"))


def test_diff_lines_hold_one_line_each_and_show_escapes(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.csv"
    hostile.write_bytes(hostile_csv())
    result = run_portreg("diff", str(hostile), str(hostile), "--color", "always")
    assert result.returncode == 0, result.stderr
    against = run_portreg("diff", "packaged", str(hostile))
    assert against.returncode == 0, against.stderr
    assert _raw_unsafe(against.stdout) == []
    assert "evil\\x1b[2J\\x1b]0;title\\x07\\x9b31m\\u202eoff\\r\\nportreg: fake line" in (
        against.stdout
    )
    assert not any(line.startswith("portreg: fake") for line in against.stdout.split("\n"))


def test_json_is_lossless_and_one_document_per_line(
    hostile_cache: dict[str, str], tmp_path: Path
) -> None:
    result = run_portreg("4000", "4003", "--json", env=hostile_cache)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[-1] == ""
    documents = [json.loads(line) for line in lines[:-1]]
    assert len(documents) == 2
    assert documents[0]["assignments"][0]["description"] == XML_HOSTILE
    # Control, separator and bidi characters appear only as \\u escapes.
    assert not any(is_unsafe(c) for c in result.stdout if c != "\n")

    hostile = tmp_path / "hostile.csv"
    hostile.write_bytes(hostile_csv())
    changes = run_portreg("diff", "packaged", str(hostile), "--json")
    (line,) = changes.stdout.splitlines()
    assert not any(is_unsafe(c) for c in line)
    new_rows = [c["new"] for c in json.loads(line)["changes"] if c["new"] is not None]
    assert CSV_HOSTILE.rstrip("\x85") in [row["description"] for row in new_rows]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_export_is_exact_in_a_file_and_neutralised_on_a_terminal(tmp_path: Path) -> None:
    import argparse

    from portreg import Registry, use_registry
    from portreg.cli._console import Console
    from portreg.cli.export import run

    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(hostile_xml())
    use_registry(Registry.from_file(hostile))
    try:
        for stream, raw in ((io.StringIO(), True), (_Terminal(), False)):
            run(argparse.Namespace(format="csv"), Console(stream, colour=False))
            text = stream.getvalue()
            assert (XML_HOSTILE.replace("\r\n", "") in text.replace("\r\n", "")) is raw
            if not raw:
                assert _raw_unsafe(text) == []
                assert len(text.splitlines()) == 1 + len(Registry.from_file(hostile))
    finally:
        use_registry(None)


def test_errors_quote_names_and_contents_neutralised(tmp_path: Path) -> None:
    missing = tmp_path / "no\x1b[2Jsuch\nfile\u202e.xml"
    result = run_portreg("diff", str(missing), "packaged")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert _raw_unsafe(result.stderr) == []
    assert "no\\x1b[2Jsuch file\\u202e.xml: no such file" in result.stderr

    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x1b]0;owned\x07\x1b[2J\xc2\x9b31m not a registry\n")
    result = run_portreg("diff", str(garbage), "packaged")
    assert result.returncode == 2
    assert _raw_unsafe(result.stderr) == []

    unknown = run_portreg("no-such\x1b[31m-name\u202e")
    assert unknown.returncode == 1
    assert _raw_unsafe(unknown.stderr) == []
    nothing = run_portreg("search", "zz\x1b[31mzz\u202e")
    assert nothing.returncode == 1
    assert _raw_unsafe(nothing.stderr) == []


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and os.path.exists("/proc/self/comm")),
    reason="names a process through /proc/self/comm",
)
def test_a_process_name_reaches_the_terminal_neutralised() -> None:
    # Any local user can name a process; root then runs `portreg listeners`.
    script = (
        "import socket, sys, time\n"
        "open('/proc/self/comm', 'w').write('\\x1b[2J\\x1b]0;x\\x07ev')\n"
        "s = socket.create_server(('127.0.0.1', 0))\n"
        "print(s.getsockname()[1], flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as hostile:
        try:
            assert hostile.stdout is not None
            port = int(hostile.stdout.readline())
            deadline = time.monotonic() + 10
            while True:
                result = run_portreg("listeners", f"{port}/tcp", "--color", "always")
                if "ev" in result.stdout or time.monotonic() > deadline:
                    break
        finally:
            hostile.kill()
    assert result.returncode == 0, result.stderr
    assert "\\x1b[2J\\x1b]0;x\\x07ev" in result.stdout
    assert _raw_unsafe(result.stdout, colour=True) == []
    assert not _OWN_COLOUR.sub("", result.stdout).count("\x1b")
    as_json = run_portreg("listeners", "--json")
    assert not any(is_unsafe(c) for c in as_json.stdout if c != "\n")


def test_the_consoles_own_colours_still_colour() -> None:
    result = run_portreg("80/tcp", "--radius", "0", "--color", "always")
    assert "\x1b[1m" in result.stdout
    assert "\x1b[32m" in result.stdout  # assigned, in green
    plain = run_portreg("80/tcp", "--radius", "0", "--color", "never")
    assert "\x1b" not in plain.stdout


def test_a_colour_mark_cannot_be_forged() -> None:
    # Text that spells an escape sequence is shown, never obeyed, colour on or off.
    import io

    from portreg.cli._console import Console

    for colour in (True, False):
        out = io.StringIO()
        console = Console(out, colour=colour)
        console.line(console.bold("\x00[31m\x1b[31mred") + " \x00" + "[2J")
        assert _raw_unsafe(out.getvalue(), colour=colour) == []
        assert "\\x1b[31mred" in out.getvalue()
