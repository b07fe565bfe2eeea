"""``portreg completion bash|zsh|fish``: scripts that parse, and complete what they should.

bash is always there; zsh and fish are tried where installed, and skipped elsewhere.
Completing runs the installed ``portreg`` script, found on a PATH that starts with
this interpreter's own directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import portreg
from portreg.cli._commands import COMMANDS
from portreg.cli.completion import service_names
from tests.cli_helpers import run_portreg

BIN = Path(sys.executable).parent


def _shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("completion")
    written = {}
    for shell in ("bash", "zsh", "fish"):
        result = run_portreg("completion", shell, check_stderr_empty=True)
        assert result.returncode == 0
        written[shell] = folder / f"portreg.{shell}"
        written[shell].write_text(result.stdout)
    return written


def _env() -> dict[str, str]:
    if not (BIN / "portreg").exists():
        pytest.skip("no installed portreg script beside this interpreter")
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_parses(shell: str, scripts: dict[str, Path]) -> None:
    result = subprocess.run(
        [_shell(shell), "-n", str(scripts[shell])], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _bash_complete(script: Path, *words: str) -> list[str]:
    """COMPREPLY for the command line ``words``, the cursor at the end of the last."""
    quoted = " ".join(f"'{word}'" for word in words)
    code = (
        f"source '{script}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        "_portreg\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [_shell("bash"), "-c", code], capture_output=True, text=True, env=_env(), check=True
    )
    return result.stdout.split()


def test_bash_completes_a_service_name_prefix(scripts: dict[str, Path]) -> None:
    offered = _bash_complete(scripts["bash"], "portreg", "htt")
    assert "http" in offered
    assert "https" in offered
    assert all(name.lower().startswith("htt") for name in offered)
    # After a query, and after the lookup command, names still complete.
    assert "http" in _bash_complete(scripts["bash"], "portreg", "80", "htt")
    assert "http" in _bash_complete(scripts["bash"], "portreg", "lookup", "htt")


def test_bash_completes_commands_options_and_their_values(scripts: dict[str, Path]) -> None:
    bash = scripts["bash"]
    assert "search" in _bash_complete(bash, "portreg", "sea")
    assert _bash_complete(bash, "portreg", "search", "--pro") == ["--protocol"]
    assert _bash_complete(bash, "portreg", "search", "--ra") == ["--range"]
    assert _bash_complete(bash, "portreg", "--ra") == ["--radius"]  # lookup's own
    assert _bash_complete(bash, "portreg", "80", "-p", "") == ["tcp", "udp", "sctp", "dccp"]
    assert _bash_complete(bash, "portreg", "export", "--format", "c") == ["csv"]
    assert _bash_complete(bash, "portreg", "completion", "") == ["bash", "zsh", "fish"]
    # Options every command takes may come first: the command is still known.
    assert "search" in _bash_complete(bash, "portreg", "--color", "never", "sea")
    assert _bash_complete(bash, "portreg", "--no-pager", "search", "--li") == ["--limit"]
    # No names for a port, and none for a search's free text.
    assert _bash_complete(bash, "portreg", "8") == []
    assert _bash_complete(bash, "portreg", "search", "htt") == []


def test_every_option_of_every_command_is_offered(scripts: dict[str, Path]) -> None:
    from portreg.cli._app import build_parser

    for command in COMMANDS:
        parser = build_parser(command, f"portreg {command.name}")
        expected = {
            flag
            for action in parser._actions
            if action.help != argparse.SUPPRESS
            for flag in action.option_strings
        }
        offered = set(_bash_complete(scripts["bash"], "portreg", command.name, "-"))
        assert offered == expected, command.name


def test_zsh_completes_a_service_name_prefix(scripts: dict[str, Path]) -> None:
    # compadd only works inside the completion system; a stand-in prints what it is given.
    code = (
        "compdef() { : }\n"
        f"source '{scripts['zsh']}'\n"
        'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }\n'
        "_files() { : }\n"
        "words=(portreg htt); CURRENT=2; _portreg\n"
    )
    result = subprocess.run(
        [_shell("zsh"), "-f", "-c", code], capture_output=True, text=True, env=_env(), check=True
    )
    assert "http" in result.stdout.split()


def test_fish_completes_a_service_name_prefix(scripts: dict[str, Path]) -> None:
    code = f"source '{scripts['fish']}'; complete -C 'portreg htt'; complete -C 'portreg -p '"
    result = subprocess.run(
        [_shell("fish"), "--no-config", "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    offered = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert "http" in offered
    assert "tcp" in offered


def test_the_names_helper_prints_the_registrys_names_for_a_prefix() -> None:
    result = run_portreg("completion", "--service-names", "HTT", check_stderr_empty=True)
    assert result.returncode == 0
    expected = sorted(
        {
            n.lower(): n for n in portreg.registry().service_names() if n.lower().startswith("htt")
        }.values(),
        key=str.lower,
    )
    assert result.stdout.splitlines() == expected
    nothing = run_portreg("completion", "--service-names", "no-such-name-at-all")
    assert (nothing.returncode, nothing.stdout) == (1, "")


def test_every_name_completes() -> None:
    # The snapshot's own table of names, read directly, is the registry's names.
    every = {name.lower() for name in portreg.registry().service_names()}
    assert {name.lower() for name in service_names("")} == every


def test_a_shell_must_be_named() -> None:
    result = run_portreg("completion")
    assert result.returncode == 2
    assert "bash, zsh or fish" in result.stderr
