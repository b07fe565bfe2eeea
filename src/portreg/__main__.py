"""``python -m portreg``: the command line, as the ``portreg`` script runs it."""

from __future__ import annotations

import sys

from portreg.cli import main

if __name__ == "__main__":
    sys.exit(main())
