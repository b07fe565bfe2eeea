"""The registry bulk annotation answers from, and its code tables: the one asked for,
or the one in use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.lookups.in_use import registry as in_use

if TYPE_CHECKING:
    from portreg.answers.columns import PortColumns
    from portreg.lookups.registry import Registry

__all__ = ["chosen_registry", "port_columns"]


def chosen_registry(registry: Registry | None) -> Registry:
    """``registry``, or the registry in use for ``None``."""
    return in_use() if registry is None else registry


def port_columns(registry: Registry | None = None) -> PortColumns:
    """The code tables of ``registry`` (the one in use by default), built once and kept
    while the registry lives: :meth:`portreg.Registry.port_columns`."""
    return chosen_registry(registry).port_columns()
