"""``portreg search TEXT``: services whose name or description matches, ranked."""

from __future__ import annotations

import argparse

from portreg._input import shown
from portreg.cli._console import Console, UsageError

__all__ = ["DESCRIPTION", "EXAMPLES", "configure", "run"]

DESCRIPTION = """\
Find services by name or description: exact names first, then names that start with
or contain TEXT, then descriptions."""

EXAMPLES = """\
examples:
  portreg search postgres
  portreg search "remote desktop" --protocol tcp --limit 5
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXT", help="what to look for (any case)")


def run(args: argparse.Namespace, console: Console) -> int:
    raise UsageError(
        f"searching ({shown(args.text)}) is not available yet in this version of portreg; "
        "give a port (80) or a span (300-310)"
    )
