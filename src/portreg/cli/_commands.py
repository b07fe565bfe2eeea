"""The table of subcommands: adding one is a module and a line here.

A command module provides ``configure(parser)``, which adds its arguments to an
:class:`argparse.ArgumentParser`, and ``run(args, console) -> int``, which does the
work and returns the exit status. Modules are named here, not imported, so that
``portreg 305`` imports only what the report needs.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "DEFAULT_COMMAND", "Command", "command_named"]


class Command(NamedTuple):
    """A subcommand: its name, the module that implements it, and one line of help."""

    name: str
    module: str
    summary: str


#: Every subcommand, in the order ``portreg --help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command(
        "lookup",
        "portreg.cli.lookup",
        "report on ports, port ranges and service names (the default command)",
    ),
    Command("search", "portreg.cli.search", "find services by name or description, ranked"),
    Command(
        "export",
        "portreg.cli.export",
        "write the whole registry as /etc/services, IANA's CSV columns, or JSON",
    ),
    Command(
        "listeners",
        "portreg.cli.listening",
        "what is listening on this machine, with the registry's names for each port",
    ),
    Command(
        "refresh",
        "portreg.cli.refresh",
        "download IANA's current registry into this user's cache (opt in to use it)",
    ),
    Command(
        "diff",
        "portreg.cli.diff",
        "what changed between two registry files (or the packaged and cached ones)",
    ),
    Command(
        "completion",
        "portreg.cli.completion",
        "print a script that completes portreg's commands and service names in bash, zsh, fish",
    ),
)

#: The command that runs when the first argument names none: ``portreg 305``.
DEFAULT_COMMAND = COMMANDS[0]

_BY_NAME = {command.name: command for command in COMMANDS}


def command_named(name: str) -> Command | None:
    """The command called ``name``, or ``None``."""
    return _BY_NAME.get(name)
