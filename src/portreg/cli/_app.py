"""Running a command line: choosing the command, parsing, and the exit status.

Exit status: 0 on success, 1 when nothing matched (an unknown service name, a search
without hits, no listener found), 2 on a usage error or when the question could not
be answered; the message is one line on stderr, never a traceback. Output cut short
by its reader (``portreg export | head``) ends quietly with status 141, as a program
stopped by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from portreg.cli._commands import COMMANDS, DEFAULT_COMMAND, Command, command_named
from portreg.cli._console import Console, UsageError, warn
from portreg.errors import PortregError

__all__ = ["Parser", "build_parser", "main"]

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_ERROR = 2
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE, as for a program the signal stopped

_DEFAULT_USAGE = """\
portreg [options] QUERY [QUERY ...]
       portreg COMMAND [options] ...   (commands are listed below)"""

_EPILOG = """\
exit status:
  0  success
  1  nothing matched (unknown service name, no search hits, nothing listening)
  2  usage error, or the question could not be answered (one line on stderr)

environment:
  NO_COLOR  when set (not empty), never colour the output (https://no-color.org)
  COLUMNS   fit the output to this many columns (on a terminal, its width)
  PAGER     the pager for long output on a terminal (default: less -FRX)
"""


if TYPE_CHECKING:  # a Protocol class costs start-up to create; only mypy needs it
    from typing import Protocol

    class CommandModule(Protocol):
        """What a command's module provides (see :mod:`portreg.cli._commands`)."""

        DESCRIPTION: str
        EXAMPLES: str

        def configure(self, parser: argparse.ArgumentParser) -> None: ...

        def run(self, args: argparse.Namespace, console: Console) -> int: ...


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, not a usage block and a exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def format_help(self) -> str:
        from portreg.cli._help import fit

        return fit(super().format_help(), _terminal_columns() - 2)


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, finding the terminal's width without importing shutil.

    Descriptions and epilogs flow to that width, lists keeping a line an entry (see
    :mod:`portreg.cli._help`).

    argparse builds a formatter for every option it adds, and the stock one imports
    shutil (a few milliseconds of every start-up) only to ask for the width.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from portreg.cli._help import fill

        return fill(text, width, indent)


def _terminal_columns() -> int:
    # What shutil.get_terminal_size() does: $COLUMNS, else the terminal, else 80.
    from portreg.cli._width import terminal_width

    stdout = sys.__stdout__
    return (terminal_width(stdout, os.environ) if stdout is not None else None) or 80


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` by default); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:  # started with its standard output closed (`portreg 305 >&-`)
        _print_error("standard output is closed; there is nowhere to write the answer")
        return EXIT_ERROR
    _tolerate_unencodable_output()
    try:
        return _run(arguments)
    except PortregError as error:
        _print_error(str(error))
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:  # a full disk, a vanished terminal: say so, briefly
        _print_error(f"{error.strerror or error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 128 + 2


def _run(arguments: list[str]) -> int:
    at = _command_position(arguments)
    command = command_named(arguments[at]) if at < len(arguments) else None
    if command is None:
        command, rest, prog = DEFAULT_COMMAND, arguments, "portreg"
    else:
        rest, prog = arguments[:at] + arguments[at + 1 :], f"portreg {command.name}"
    module = _load(command)
    args = build_parser(command, prog, module).parse_args(rest)
    console = Console.for_stream(sys.stdout, args.color)
    if getattr(args, "json", False):
        console.width = None  # JSON is for programs: its lines go out whole
    paged = None
    if not args.no_pager:
        from portreg.cli._pager import paged_output

        paged = paged_output(sys.stdout, os.environ)
        console.stream = paged or console.stream
    try:
        status = module.run(args, console)
    finally:
        if paged is not None:
            paged.finish()
    sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
    return status


def build_parser(command: Command, prog: str, module: CommandModule | None = None) -> Parser:
    """The parser of ``command``'s arguments (and of its ``--help``), called ``prog``."""
    if module is None:
        module = _load(command)
    parser = Parser(
        prog=prog,
        usage=_DEFAULT_USAGE if command is DEFAULT_COMMAND else None,
        description=module.DESCRIPTION,
        epilog=module.EXAMPLES
        + "\n"
        + (_commands_help() if command is DEFAULT_COMMAND else "")
        + _EPILOG,
        formatter_class=_HelpFormatter,
    )
    module.configure(parser)
    _add_common_options(parser)
    return parser


def _command_position(arguments: list[str]) -> int:
    # Options every command takes may come before its name: portreg --no-pager search a,
    # as git --no-pager log.
    at = 0
    while at < len(arguments):
        if arguments[at] == "--no-pager" or arguments[at].startswith(("--color=", "--colour=")):
            at += 1
        elif arguments[at] in ("--color", "--colour"):
            at += 2
        else:
            break
    return at


def _load(command: Command) -> CommandModule:
    import importlib

    module: CommandModule = importlib.import_module(command.module)
    return module


def _commands_help() -> str:
    width = max(len(command.name) for command in COMMANDS)
    lines = ["commands (portreg COMMAND --help for each):"]
    lines += (f"  {command.name:<{width}}  {command.summary}" for command in COMMANDS)
    return "\n".join(lines) + "\n\n"


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    from portreg._data import REGISTRY_DATE
    from portreg._version import __version__

    parser.add_argument(
        "--color",
        "--colour",
        choices=("auto", "always", "never"),
        default="auto",
        metavar="WHEN",
        help="colour the output: auto (on a terminal, the default), always or never; "
        "NO_COLOR in the environment always wins",
    )
    parser.add_argument(
        "--no-pager",
        action="store_true",
        help="never page long output (on a terminal it goes through $PAGER, else less -FRX)",
    )
    parser.add_argument(
        "-V",
        "--version",
        action="version",
        version=f"portreg {__version__} (IANA registry {REGISTRY_DATE.isoformat()})",
    )


def _print_error(message: str) -> None:
    # One line, whatever the message holds: a usage error is for reading at a glance.
    # Messages quote file contents and names given by others: warn() neutralises them.
    warn(f"portreg: error: {message}")


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush does
    # not fail a second time and print "Exception ignored".
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _tolerate_unencodable_output() -> None:
    # Registry text is UTF-8 (names of people, places); a terminal in a narrower
    # encoding gets escapes rather than a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
