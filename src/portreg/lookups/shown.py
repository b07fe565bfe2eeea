"""How a :class:`~portreg.Registry` shows itself in a notebook and in IPython.

>>> from portreg import registry
>>> print(registry_text(registry()).splitlines()[2])
  IANA date  2026-08-17
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.records.vocabulary import Status

if TYPE_CHECKING:
    from portreg.lookups.registry import Registry

__all__ = ["registry_facts", "registry_html", "registry_text"]


def registry_facts(registry: Registry) -> list[tuple[str, str]]:
    """Where the registry came from, its date, and its rows counted by status."""
    provenance = registry.provenance
    counts = dict.fromkeys(Status, 0)
    for row in registry:
        counts[row.status] += 1
    by_status = ", ".join(f"{s.value} {n:,}" for s, n in counts.items() if n)
    updated = provenance.registry_updated
    return [
        ("source", provenance.source),
        ("IANA date", str(updated) if updated else "undated"),
        ("sha256", provenance.sha256),
        ("rows", f"{len(registry):,} ({by_status})" if len(registry) else "0"),
        ("names", f"{len(registry.service_names()):,} service names"),
    ]


def registry_html(registry: Registry) -> str:
    """The registry's facts as an HTML table."""
    from portreg.rendering.tables import facts_html

    return facts_html(repr(registry), registry_facts(registry))


def registry_text(registry: Registry) -> str:
    """The registry's facts as aligned text, under its repr."""
    from portreg.rendering.tables import facts_text

    return facts_text(repr(registry), registry_facts(registry))
