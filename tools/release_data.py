"""Release step for a new registry: regenerate the snapshot, write the CHANGELOG's data.

Usage (from the project's root)::

    python tools/release_data.py NEW.xml

where NEW.xml is a newer copy of IANA's service-names-port-numbers.xml. It

1. compares NEW.xml with the registry the package ships (``portreg.diff``), and
   refuses a file that is not newer;
2. regenerates ``src/portreg/_data`` from it (``tools/generate_snapshot.py``);
3. writes the "Data" section of the CHANGELOG's "Unreleased" part: the new registry
   date, the changes counted by kind, and the notable ones (ports newly assigned,
   rows removed, names de-assigned, renamed or re-assigned), replacing any Data
   section already there.

Then review the CHANGELOG, run the suite and release: a data update is a release of
its own (see docs/dependents.md). ``--old`` compares with another XML instead of the
packaged snapshot, and ``--output`` and ``--changelog`` write elsewhere; the suite
uses them on its small fixtures.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "portreg" / "_data"
CHANGELOG = ROOT / "CHANGELOG.md"
#: How many changes of one kind the CHANGELOG names before "and N more".
NOTABLE = 25

# Run from a checkout without installing, like the generator beside this file.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_snapshot import generate  # noqa: E402

from portreg import Change, ChangeKind, Registry, RegistryDiff, diff  # noqa: E402

# The kinds worth naming one by one, in the order the section lists them.
_NOTABLE_KINDS = {
    ChangeKind.ADDED: "New",
    ChangeKind.ASSIGNED: "Newly assigned",
    ChangeKind.REMOVED: "Removed",
    ChangeKind.DEASSIGNED: "De-assigned",
    ChangeKind.RENAMED: "Renamed",
}


def data_section(changes: RegistryDiff, *, notable: int = NOTABLE) -> str:
    """The CHANGELOG's "### Data" section for ``changes``, ending in a newline."""
    old, new = changes.old.registry_updated, changes.new.registry_updated
    counts = changes.counts()
    counted = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no changes"
    lines = [
        "### Data",
        "",
        f"- The registry is IANA's of {new or 'an undated file'} (was {old or 'undated'}): "
        f"{counted}.",
    ]
    reassigned = [c for c in changes.changed if _reassigned(c)]
    for kind, heading in _NOTABLE_KINDS.items():
        lines += _listed(heading, changes.of_kind(kind), notable)
    lines += _listed("Re-assigned (new assignee)", reassigned, notable)
    return "\n".join(lines) + "\n"


def _reassigned(change: Change) -> bool:
    return any(f.field == "assignees" for f in change.fields)


def _listed(heading: str, changes: Sequence[Change], notable: int) -> list[str]:
    if not changes:
        return []
    lines = [f"- {heading} ({len(changes)}):"]
    for change in changes[:notable]:
        lines.append(f"  - {_one_line(change)}")
    if len(changes) > notable:
        lines.append(f"  - and {len(changes) - notable} more")
    return lines


def _one_line(change: Change) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None and old.service != new.service:
        before, after = old.service or old.status.value, new.service or new.status.value
        return f"{change.where}: {before} -> {after}"
    row = change.row
    name = row.service or row.status.value
    about = f": {row.description}" if row.description and row.description != name else ""
    return f"{change.where} {name}{about}"


def write_data_section(changelog: Path, section: str) -> None:
    """Put ``section`` under "## Unreleased", replacing a Data section already there."""
    text = changelog.read_text(encoding="utf-8")
    unreleased = re.search(r"^## Unreleased[ \t]*\n", text, re.MULTILINE)
    if unreleased is None:
        raise SystemExit(f"{changelog}: no '## Unreleased' heading to write under")
    start = unreleased.end()
    end_match = re.compile(r"^## ", re.MULTILINE).search(text, start)
    end = end_match.start() if end_match else len(text)
    part = text[start:end]
    existing = re.search(r"^### Data[ \t]*\n.*?(?=^### |\Z)", part, re.MULTILINE | re.DOTALL)
    if existing is not None:
        part = part[: existing.start()] + section + "\n" + part[existing.end() :].lstrip("\n")
    else:
        part = "\n" + section + part
    rest = text[end:].lstrip("\n")
    updated = text[:start] + part.rstrip("\n") + ("\n\n" + rest if rest else "\n")
    changelog.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("new", type=Path, help="the newer service-names-port-numbers.xml")
    parser.add_argument("--old", type=Path, help="compare with this XML, not the packaged one")
    parser.add_argument("--output", type=Path, default=DATA_DIR, help="the data folder to write")
    parser.add_argument("--changelog", type=Path, default=CHANGELOG, help="the CHANGELOG to edit")
    args = parser.parse_args(argv)

    if args.old is not None:
        old = Registry.from_file(args.old)
    else:
        from portreg.lookups.in_use import packaged_registry

        old = packaged_registry()
    new = Registry.from_file(args.new)
    old_date, new_date = old.provenance.registry_updated, new.provenance.registry_updated
    if new_date is None or (old_date is not None and new_date <= old_date):
        raise SystemExit(
            f"{args.new}: its registry ({new_date or 'undated'}) is not newer than the "
            f"one it would replace ({old_date or 'undated'})"
        )
    changes = diff(old, new)
    generate(args.new, args.output)
    write_data_section(args.changelog, data_section(changes))
    print(f"IANA {old_date} -> {new_date}: {len(changes)} changes; wrote {args.output}")
    print(f"and the Data section of {args.changelog}: review it, run the suite, release.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
