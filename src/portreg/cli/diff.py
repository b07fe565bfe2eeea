"""``portreg diff OLD NEW``: what changed between two versions of the registry.

OLD and NEW are IANA files (XML or CSV), or ``packaged`` for the snapshot shipped
with portreg, or ``cached`` for the registry ``portreg refresh`` downloaded. See
:mod:`portreg.updates.diff` for how rows are matched and what each kind means.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from portreg.cli._console import Console, UsageError

if TYPE_CHECKING:
    from portreg.lookups.registry import Registry

__all__ = ["DESCRIPTION", "EXAMPLES", "configure", "run"]

DESCRIPTION = """\
Compare two versions of the registry: the rows added and removed, ports de-assigned,
services renamed, ports newly assigned, and every other change, field by field from
old to new. OLD and NEW are IANA's XML or CSV files, "packaged" (the snapshot shipped
with portreg) or "cached" (the registry `portreg refresh` downloaded)."""

EXAMPLES = """\
examples:
  portreg diff old/service-names-port-numbers.xml packaged
  portreg diff packaged cached                   what a refresh brought
  portreg diff a.csv b.xml --json | jq '.counts'
"""

_PACKAGED = "packaged"
_CACHED = "cached"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help='a registry file, "packaged" or "cached"')
    parser.add_argument("new", metavar="NEW", help='a registry file, "packaged" or "cached"')
    parser.add_argument(
        "--max-bytes",
        type=int,
        metavar="N",
        help="refuse files larger than N bytes (default 64 MiB, or PORTREG_MAX_BYTES)",
    )
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")


def run(args: argparse.Namespace, console: Console) -> int:
    from portreg.updates.diff import diff

    if args.max_bytes is not None and args.max_bytes <= 0:
        raise UsageError(f"--max-bytes must be a positive number; got {args.max_bytes}")
    new = _load(args.new, args.max_bytes)
    changes = diff(_load(args.old, args.max_bytes), new)
    if args.json:
        from portreg.cli._json import document, dumps

        # The top-level provenance is the newer side's; both sides' are in the body.
        console.line(dumps(document("diff", changes.to_json(), new.provenance)))
    else:
        console.lines(changes.text_lines())
    return 0


def _load(name: str, max_bytes: int | None) -> Registry:
    from portreg.lookups.in_use import packaged_registry
    from portreg.lookups.loading import load_cached_registry
    from portreg.lookups.registry import Registry
    from portreg.sources.cache import cached_registry_path

    if name == _PACKAGED:
        return packaged_registry()
    if name == _CACHED:
        cached = load_cached_registry()
        if cached is None:
            raise UsageError(
                f"no cached registry at {cached_registry_path()}; run `portreg refresh` first"
            )
        return cached
    return Registry.from_file(name, max_bytes=max_bytes)
