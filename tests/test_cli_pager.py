"""Long output on a terminal goes through the pager, as git's does; never through a pipe."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.cli_helpers import run_portreg
from tests.terminal import run_on_terminal


@pytest.fixture
def pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A $PAGER that records what it was given, and its LESS, instead of showing it."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {record}.env\ncat > {record}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {"PAGER": str(script)}, record


def test_long_output_goes_to_the_pager(pager: tuple[dict[str, str], Path]) -> None:
    env, record = pager
    result = run_on_terminal("search", "a", columns=80, lines=24, env=env)
    assert result.status == 0, result.stderr
    paged = record.read_text()
    assert paged.count("\n") >= 24
    assert "PORT" in paged
    assert "hits; --limit 0 shows all" in paged
    assert result.plain.strip() == ""  # the pager had it all; the terminal nothing
    assert Path(f"{record}.env").read_text() == "LESS=FRX\n"  # as git sets it


def test_the_pager_gets_what_the_terminal_would_have(pager: tuple[dict[str, str], Path]) -> None:
    env, record = pager
    run_on_terminal("0-200", columns=80, lines=24, env=env)
    direct = run_on_terminal("--no-pager", "0-200", columns=80, lines=24)
    assert record.read_text() == direct.screen
    assert len(direct.plain.splitlines()) > 200


def test_output_that_fits_the_screen_is_not_paged(pager: tuple[dict[str, str], Path]) -> None:
    env, record = pager
    result = run_on_terminal("305", columns=80, lines=60, env=env)
    assert "Port 305" in result.plain
    assert not record.exists()


@pytest.mark.parametrize("where", ["after", "before"])
def test_no_pager_writes_to_the_terminal(pager: tuple[dict[str, str], Path], where: str) -> None:
    env, record = pager
    args = ["search", "a", "--no-pager"] if where == "after" else ["--no-pager", "search", "a"]
    result = run_on_terminal(*args, columns=80, lines=24, env=env)
    assert result.status == 0, result.stderr
    assert "hits; --limit 0 shows all" in result.plain
    assert not record.exists()


def test_piped_output_never_sees_the_pager(pager: tuple[dict[str, str], Path]) -> None:
    env, record = pager
    result = run_portreg("search", "a", env={**env, "LINES": "5"}, check_stderr_empty=True)
    assert "hits; --limit 0 shows all" in result.stdout
    assert not record.exists()


@pytest.mark.parametrize("chosen", ["", "cat"])
def test_an_empty_pager_or_cat_means_none(pager: tuple[dict[str, str], Path], chosen: str) -> None:
    _, record = pager
    result = run_on_terminal("search", "a", columns=80, lines=24, env={"PAGER": chosen})
    assert "hits; --limit 0 shows all" in result.plain
    assert not record.exists()


def test_a_pager_that_quits_early_ends_the_command_quietly(tmp_path: Path) -> None:
    script = tmp_path / "pager"
    script.write_text("#!/bin/sh\nhead -n 3\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    result = run_on_terminal("0-65535", columns=80, lines=24, env={"PAGER": str(script)})
    assert len(result.plain.splitlines()) == 3
    assert result.stderr == ""
    assert result.status in (0, 141)
