"""``portreg refresh``: download IANA's registry, check it, and cache it for this user.

See :mod:`portreg.updates.refresh`. A failure changes nothing and is one line on stderr
(exit status 2); the cached registry is answered from only after opting in with
``PORTREG_USE_CACHE=1``.
"""

from __future__ import annotations

import argparse

from portreg.cli._console import Console, UsageError

__all__ = ["DESCRIPTION", "EXAMPLES", "configure", "run"]

DESCRIPTION = """\
Download IANA's registry, check that it is complete and not older than the one in use,
and write it to this user's cache. Nothing else in portreg uses the network. To answer
from the refreshed registry, set PORTREG_USE_CACHE=1; a failed refresh changes nothing."""

EXAMPLES = """\
examples:
  portreg refresh                               from IANA's published XML
  portreg refresh --url https://mirror.example/service-names-port-numbers.xml
  PORTREG_USE_CACHE=1 portreg 300               answer from the refreshed registry

environment:
  PORTREG_REFRESH_URL  where to download from (default: IANA's published XML)
  PORTREG_CACHE_DIR    the cache directory (default: the platform's user cache)
  PORTREG_MAX_BYTES    the size limit for a registry file (default 64 MiB)
  PORTREG_USE_CACHE    1 to answer from the refreshed registry
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", help="download from URL instead of IANA's published XML (or PORTREG_REFRESH_URL)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="give up on a silent server after SECONDS (default 60)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        help="refuse a download larger than N bytes (default 64 MiB, or PORTREG_MAX_BYTES)",
    )
    parser.add_argument("--json", action="store_true", help="print what was done as JSON")


def run(args: argparse.Namespace, console: Console) -> int:
    from portreg.updates.refresh import refresh

    if args.timeout <= 0:
        raise UsageError(f"--timeout must be a positive number of seconds; got {args.timeout:g}")
    if args.max_bytes is not None and args.max_bytes <= 0:
        raise UsageError(f"--max-bytes must be a positive number; got {args.max_bytes}")
    result = refresh(args.url, timeout=args.timeout, max_bytes=args.max_bytes)
    if args.json:
        from portreg.cli._json import document, dumps

        provenance = result.registry.provenance
        updated = provenance.registry_updated
        body = {
            "url": result.url,
            "path": str(result.path),
            "registry_updated": updated.isoformat() if updated else None,
            "sha256": provenance.sha256,
            "records": len(result.registry),
            "previous_registry_updated": (
                result.previous_date.isoformat() if result.previous_date else None
            ),
            "changed": result.changed,
            "in_use": result.in_use,
        }
        console.line(dumps(document("refresh", body, provenance)))
    else:
        console.line(str(result))
    return 0
