"""How a :class:`~portreg.RegistryDiff` shows itself: a notebook table, text, a DataFrame.

>>> from portreg import Registry, diff, registry
>>> rows, provenance = tuple(registry())[:100], registry().provenance
>>> changes = diff(Registry(rows, provenance), Registry(rows[1:], provenance))
>>> diff_table(changes).caption
'Registry changes: 1 removed'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.records.assignment import Assignment

if TYPE_CHECKING:
    import pandas

    from portreg.answers.frames import FrameColumn
    from portreg.rendering.tables import Table
    from portreg.updates.diff import Change, RegistryDiff

__all__ = ["diff_columns", "diff_frame", "diff_html", "diff_table"]


def _name(row: Assignment | None) -> str:
    if row is None:
        return ""
    return row.service or row.status.value


def diff_table(changes: RegistryDiff) -> Table:
    """One row per change, in port order, with the counts by kind under it."""
    from portreg.rendering.tables import Column, table

    columns: tuple[Column[Change], ...] = (
        Column("change", lambda c: c.kind.value),
        Column("where", lambda c: c.where),
        Column("old", lambda c: _name(c.old)),
        Column("new", lambda c: _name(c.new)),
        Column("fields", lambda c: ", ".join(f.field for f in c.fields)),
        Column("description", lambda c: c.row.description),
    )
    counts = ", ".join(f"{n} {kind}" for kind, n in changes.counts().items() if n)
    caption = f"Registry changes: {counts or 'none'}"
    notes = [f"old: {_dated(changes.old)}", f"new: {_dated(changes.new)}"]
    return table(changes.changes, columns, caption=caption, notes=notes)


def _dated(provenance: object) -> str:
    updated = getattr(provenance, "registry_updated", None)
    return f"{getattr(provenance, 'source', '')} (IANA {updated or 'undated'})"


def diff_html(changes: RegistryDiff) -> str:
    """The changes as an HTML table, shortened past ``portreg.options.max_rows``."""
    from portreg.rendering.options import options
    from portreg.rendering.tables import render_html

    return render_html(diff_table(changes), max_rows=options.max_rows)


def diff_columns(kinds: tuple[str, ...]) -> tuple[FrameColumn[Change], ...]:
    """The columns of ``RegistryDiff.to_pandas()``; ``kinds`` are the change kinds'
    values, every one a category (so counts show zeros too)."""
    from portreg.answers.frames import FrameColumn
    from portreg.records.vocabulary import Protocol

    return (
        FrameColumn("kind", "category", lambda c: c.kind.value, kinds),
        FrameColumn("where", "text", lambda c: c.where),
        FrameColumn("first", "int", lambda c: c.row.first),
        FrameColumn("last", "int", lambda c: c.row.last),
        FrameColumn(
            "protocol",
            "category",
            lambda c: c.row.protocol.value if c.row.protocol else None,
            tuple(p.value for p in Protocol),
        ),
        FrameColumn("old_service", "text", lambda c: c.old.service if c.old else None),
        FrameColumn("new_service", "text", lambda c: c.new.service if c.new else None),
        FrameColumn("fields", "text", lambda c: ", ".join(f.field for f in c.fields) or None),
    )


def diff_frame(changes: RegistryDiff, kinds: tuple[str, ...]) -> pandas.DataFrame:
    """One row per change (columns: :func:`diff_columns`)."""
    from portreg.answers.frames import frame_of

    return frame_of(changes.changes, diff_columns(kinds))
