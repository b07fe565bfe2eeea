"""What changed between two versions of the registry: :func:`diff`.

Rows are matched in two passes:

1. by identity: the same service name (any case) on the same ports and transport,
   or, for rows without a name, the same ports and transport;
2. rows left over on the same ports and transport are the same slot re-used: a name
   given up (compressnet on 2/tcp becoming "Reserved"), a new name for an old
   service, or a free port being assigned.

A matched pair that differs is a change, with each differing field from old to new;
rows matched by neither pass were added or removed. The kind of a change says what
it means for the port:

``deassigned``
    an assigned row no longer is (its name withdrawn, or its description now
    "De-registered", "Reserved", ...);
``renamed``
    the port and transport keep an assignment under another service name;
``assigned``
    a port that was unassigned or reserved on that transport is now assigned;
``changed``
    anything else: a new description, contact, date, reference, ...

Fields are compared as a diff shows them: people by id, references by their label.
So a CSV and an XML of the same registry, which differ only in what a CSV cannot
carry (people's names, references' display text), show no differences.
"""

from __future__ import annotations

import enum
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Union

import attrs

from portreg._public import public
from portreg.errors import InputTypeError
from portreg.lookups.registry import Registry
from portreg.records.assignment import Assignment
from portreg.records.vocabulary import Protocol, Status
from portreg.sources.provenance import Provenance

if TYPE_CHECKING:
    import pandas

    from portreg.rendering.tables import PrettyPrinter

__all__ = ["Change", "ChangeKind", "FieldChange", "RegistryDiff", "diff"]

#: A field's value as a diff shows it: JSON-ready.
FieldValue = Union[str, int, None, tuple[str, ...]]


@public
class ChangeKind(str, enum.Enum):
    """What a change means for the row's port."""

    ADDED = "added"
    REMOVED = "removed"
    DEASSIGNED = "deassigned"
    RENAMED = "renamed"
    ASSIGNED = "assigned"
    CHANGED = "changed"

    def __str__(self) -> str:
        return self.value


_HEADINGS = {
    ChangeKind.ADDED: "Added",
    ChangeKind.REMOVED: "Removed",
    ChangeKind.DEASSIGNED: "De-assigned",
    ChangeKind.RENAMED: "Renamed",
    ChangeKind.ASSIGNED: "Newly assigned",
    ChangeKind.CHANGED: "Changed",
}
_MARKS = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-"}


@public
@attrs.frozen
class FieldChange:
    """One field of a row, from its old value to its new one."""

    field: str
    old: FieldValue
    new: FieldValue

    def __str__(self) -> str:
        return f"{self.field}: {_show(self.old)} -> {_show(self.new)}"


@public
@attrs.frozen
class Change:
    """One row added, removed or changed between two registries."""

    kind: ChangeKind
    old: Assignment | None
    new: Assignment | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def row(self) -> Assignment:
        """The row this change is about: the new one, or the old one if it was removed."""
        row = self.new if self.new is not None else self.old
        assert row is not None  # every change has at least one side
        return row

    @property
    def where(self) -> str:
        """``80/tcp``, ``6000-6063``, or ``(no port)``."""
        row = self.row
        where = row.port_text or "(no port)"
        return f"{where}/{row.protocol.value}" if row.protocol else where

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: kind, where, old and new rows, and the changed fields."""
        return {
            "kind": self.kind.value,
            "where": self.where,
            "old": _row_json(self.old),
            "new": _row_json(self.new),
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
        }

    def __str__(self) -> str:
        return "\n".join(self.text_lines())

    def text_lines(self) -> list[str]:
        """The lines of :func:`str`: the row, then each changed field.

        A line break inside a field stays inside its line (a printer shows it escaped),
        so a description cannot pass for a line of the report.
        """
        mark = _MARKS.get(self.kind, "~")
        if self.old is not None and self.new is not None:
            names = f"{_name(self.old)} -> {_name(self.new)}"
            if _name(self.old) == _name(self.new):
                names = _name(self.new)
            line = f"{mark} {self.where} {names}"
        else:
            row = self.row
            description = f": {row.description}" if row.description else ""
            since = f" (registered {row.registered})" if row.registered else ""
            line = f"{mark} {self.where} {_name(row)}{description}{since}"
        return [line, *(f"    {f}" for f in self.fields)]


@public
@attrs.frozen
class RegistryDiff:
    """Every difference between an old and a new registry, in port order."""

    old: Provenance
    new: Provenance
    changes: tuple[Change, ...]

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        """The changes of one kind."""
        return tuple(c for c in self.changes if c.kind is kind)

    @property
    def added(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.ADDED)

    @property
    def removed(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.REMOVED)

    @property
    def deassigned(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.DEASSIGNED)

    @property
    def renamed(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.RENAMED)

    @property
    def assigned(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.ASSIGNED)

    @property
    def changed(self) -> tuple[Change, ...]:
        return self.of_kind(ChangeKind.CHANGED)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, every kind listed."""
        return {kind.value: len(self.of_kind(kind)) for kind in ChangeKind}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: both registries' provenance, counts, and every change."""
        return {
            "old": _provenance_json(self.old),
            "new": _provenance_json(self.new),
            "counts": self.counts(),
            "changes": [c.to_json() for c in self.changes],
        }

    def to_pandas(self) -> pandas.DataFrame:
        """One row per change: kind, where, ports, protocol, old and new service name,
        the fields that differ. Needs pandas: ``pip install 'portreg[pandas]'``."""
        from portreg.updates.shown import diff_frame

        return diff_frame(self, tuple(kind.value for kind in ChangeKind))

    def _repr_html_(self) -> str:
        from portreg.updates.shown import diff_html

        return diff_html(self)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.rendering.tables import pretty

        pretty(printer, cycle, str(self), f"RegistryDiff({len(self)} changes)")

    def __str__(self) -> str:
        return "\n".join(self.text_lines())

    def text_lines(self) -> list[str]:
        """The lines of :func:`str`, each one line of the report whatever its fields hold."""
        lines = [
            f"old: {_provenance_text(self.old)}",
            f"new: {_provenance_text(self.new)}",
        ]
        if not self.changes:
            return [*lines, "no differences"]
        counts = ", ".join(
            f"{n} {_HEADINGS[ChangeKind(k)].lower()}" for k, n in self.counts().items()
        )
        lines.append(counts)
        for kind in ChangeKind:
            of_kind = self.of_kind(kind)
            if of_kind:
                lines += ["", f"{_HEADINGS[kind]} ({len(of_kind)}):"]
                lines += (f"  {line}" for change in of_kind for line in change.text_lines())
        return lines


@public
def diff(old: Registry, new: Registry) -> RegistryDiff:
    """What changed from ``old`` to ``new``: rows added, removed, and changed, field by field."""
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Registry):
            raise InputTypeError(
                f"diff() compares two Registry objects; got {name}={_described(value)}"
            )
    old_rows, new_rows = list(old), list(new)
    pairs, old_left, new_left = _pair(old_rows, new_rows, _identity)
    slot_pairs, old_left, new_left = _pair(old_left, new_left, _slot)
    changes: list[Change] = []
    for before, after in (*pairs, *slot_pairs):
        if before != after:
            fields = _field_changes(before, after)
            if fields:
                changes.append(Change(_kind_of(before, after), before, after, fields))
    changes += (Change(ChangeKind.REMOVED, row, None) for row in old_left)
    changes += (Change(ChangeKind.ADDED, None, row) for row in new_left)
    changes.sort(key=_order)
    return RegistryDiff(old=old.provenance, new=new.provenance, changes=tuple(changes))


_Key = tuple[Any, ...]


def _identity(row: Assignment) -> _Key:
    return (row.service.lower() if row.service else None, row.first, row.last, row.protocol)


def _slot(row: Assignment) -> _Key | None:
    # Rows without a port have nothing to share but their name, already tried.
    return (row.first, row.last, row.protocol) if row.first is not None else None


def _pair(
    old_rows: Iterable[Assignment], new_rows: Iterable[Assignment], key: Any
) -> tuple[list[tuple[Assignment, Assignment]], list[Assignment], list[Assignment]]:
    """Pair rows with equal keys, first with first; return the pairs and the rest of each."""
    waiting: dict[_Key, deque[int]] = defaultdict(deque)
    old_list = list(old_rows)
    for position, row in enumerate(old_list):
        row_key = key(row)
        if row_key is not None:
            waiting[row_key].append(position)
    paired_old: set[int] = set()
    pairs: list[tuple[Assignment, Assignment]] = []
    new_left: list[Assignment] = []
    for row in new_rows:
        row_key = key(row)
        queue = waiting.get(row_key) if row_key is not None else None
        if queue:
            position = queue.popleft()
            paired_old.add(position)
            pairs.append((old_list[position], row))
        else:
            new_left.append(row)
    old_left = [row for i, row in enumerate(old_list) if i not in paired_old]
    return pairs, old_left, new_left


def _kind_of(before: Assignment, after: Assignment) -> ChangeKind:
    was_assigned = before.status is Status.ASSIGNED
    is_assigned = after.status is Status.ASSIGNED
    if was_assigned and not is_assigned:
        return ChangeKind.DEASSIGNED
    if not was_assigned and is_assigned:
        return ChangeKind.ASSIGNED
    if before.service and after.service and before.service.lower() != after.service.lower():
        return ChangeKind.RENAMED
    return ChangeKind.CHANGED


def _fields(row: Assignment) -> dict[str, FieldValue]:
    """A row's fields as the diff compares and shows them."""
    return {
        "service": row.service,
        "ports": row.port_text or None,
        "protocol": row.protocol.value if row.protocol else None,
        "description": row.description,
        "status": row.status.value,
        "assignees": tuple(p.id for p in row.assignees),
        "contacts": tuple(p.id for p in row.contacts),
        "registered": str(row.registered) if row.registered else None,
        "modified": str(row.modified) if row.modified else None,
        "references": tuple(r.label for r in row.references),
        "service_code": row.service_code,
        "unauthorized_use": row.unauthorized_use,
        "notes": row.notes,
    }


def _field_changes(before: Assignment, after: Assignment) -> tuple[FieldChange, ...]:
    old_fields, new_fields = _fields(before), _fields(after)
    return tuple(
        FieldChange(name, old_fields[name], new_fields[name])
        for name in old_fields
        if old_fields[name] != new_fields[name]
    )


_PROTOCOL_ORDER = {p: i for i, p in enumerate(Protocol)}


def _order(change: Change) -> tuple[int, int, int, str, int]:
    row = change.row
    first = row.first if row.first is not None else 65536
    last = row.last if row.last is not None else 65536
    protocol = _PROTOCOL_ORDER[row.protocol] if row.protocol else -1
    return (first, last, protocol, (row.service or "").lower(), list(ChangeKind).index(change.kind))


def _described(value: object) -> str:
    shown = repr(value)
    return f"{shown[:57] + '...' if len(shown) > 60 else shown} ({type(value).__name__})"


def _name(row: Assignment) -> str:
    return row.service or row.status.value.capitalize()


def _show(value: FieldValue) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]" if value else "(none)"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    return str(value)


def _row_json(row: Assignment | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {name: list(v) if isinstance(v, tuple) else v for name, v in _fields(row).items()}


def _provenance_json(provenance: Provenance) -> dict[str, Any]:
    updated = provenance.registry_updated
    return {
        "source": provenance.source,
        "registry_updated": updated.isoformat() if updated else None,
        "sha256": provenance.sha256,
    }


def _provenance_text(provenance: Provenance) -> str:
    updated = provenance.registry_updated
    return f"{provenance.source} (IANA {updated or 'undated'}, sha256 {provenance.sha256[:12]})"
