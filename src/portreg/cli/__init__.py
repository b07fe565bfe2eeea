"""The ``portreg`` command line: a port's whole story at the shell prompt.

``portreg 305``, ``portreg 300-310``, ``portreg postgresql``, ``portreg search TEXT``,
``portreg export --format services``, ``portreg listeners``: see ``portreg --help``
and docs/cli.md. Each subcommand lives in a module of its own, registered in
:data:`portreg.cli._commands.COMMANDS`, and only the one that runs is imported.
"""

from __future__ import annotations

from portreg.cli._app import main

__all__ = ["main"]
