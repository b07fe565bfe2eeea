"""The service-name index: rows by name, aliases, and each name's :class:`ServiceInfo`.

Names compare case-insensitively, and only case-insensitively (see
:mod:`portreg.answers.service`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from portreg._locks import ForkSafeLock
from portreg.answers.history import HistoryEvent
from portreg.answers.service import ServiceInfo
from portreg.records.assignment import Assignment
from portreg.records.naming import alias_target, name_key

__all__ = ["NameIndex"]

# A name asked for in DNS-SD form: "_http._tcp".
_DNS_SD_FORM = r"(?i)^_(?P<name>[^.]+)\._(?:tcp|udp)\.?$"


class NameIndex:
    """Rows by service name, aliases, and the :class:`ServiceInfo` of each name.

    Built once per registry from every row. ``ServiceInfo`` records are made the
    first time a name is asked for and kept, so a repeated question is a dict probe.
    """

    def __init__(
        self,
        rows: Sequence[Assignment],
        history_by_name: Mapping[str, tuple[HistoryEvent, ...]],
    ) -> None:
        positions: dict[str, list[int]] = {}
        spelling: dict[str, str] = {}
        alias_of: dict[str, str] = {}
        for position, row in enumerate(rows):
            if not row.service:
                continue
            key = name_key(row.service)
            positions.setdefault(key, []).append(position)
            spelling.setdefault(key, row.service)
            target = alias_target(row)
            if target is not None and name_key(target) != key:
                alias_of.setdefault(key, name_key(target))
        self._rows = rows
        self._positions = {key: tuple(found) for key, found in positions.items()}
        self._spelling = spelling
        # Only aliases of names the registry has: a dangling note is not a redirection.
        self._alias_of = {k: t for k, t in alias_of.items() if t in positions}
        aliases: dict[str, list[str]] = {}
        for key in self._positions:  # registry order of first appearance
            if key in self._alias_of:
                aliases.setdefault(self._canonical_key(key), []).append(spelling[key])
        self._aliases = {key: tuple(names) for key, names in aliases.items()}
        self._history_by_name = history_by_name
        self._infos: dict[str, ServiceInfo] = {}
        self._lock = ForkSafeLock()
        self._sorted_keys: tuple[str, ...] | None = None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._positions

    def __len__(self) -> int:
        return len(self._positions)

    def names(self) -> tuple[str, ...]:
        """Every registered name, as spelled, in registry order of first appearance."""
        return tuple(self._spelling[key] for key in self._positions)

    def _canonical_key(self, key: str) -> str:
        seen = {key}
        while key in self._alias_of:
            key = self._alias_of[key]
            if key in seen:  # a cycle in the notes: stop where it closes
                break
            seen.add(key)
        return key

    def find(self, name: str) -> ServiceInfo | None:
        """The :class:`ServiceInfo` for ``name`` in any case, or ``None``."""
        key = name_key(name)
        info = self._infos.get(key)
        if info is not None:
            return info
        positions = self._positions.get(key)
        if positions is None:
            dns_sd = re.match(_DNS_SD_FORM, name)
            if dns_sd is not None and name_key(dns_sd.group("name")) in self._positions:
                return self.find(dns_sd.group("name"))
            return None
        info = ServiceInfo(
            name=self._spelling[key],
            canonical=self._spelling[self._canonical_key(key)],
            aliases=self._aliases.get(key, ()),
            assignments=tuple(self._rows[p] for p in positions),
            history=self._history_by_name.get(key, ()),
        )
        with self._lock:
            return self._infos.setdefault(key, info)

    def suggestions(self, name: str, limit: int = 5) -> tuple[str, ...]:
        """Registered names close to ``name``, best first.

        Spelling variants come first (``_`` for ``-`` and back, then names the history
        says replaced it), then names that start with it, then similar spellings.
        """
        key = name_key(name)
        found: dict[str, None] = {}
        for variant in (key.replace("_", "-"), key.replace("-", "_")):
            if variant != key and variant in self._positions:
                found.setdefault(self._spelling[variant], None)
        for event in self._history_by_name.get(key, ()):
            for other in event.names:
                if name_key(other) != key and name_key(other) in self._positions:
                    found.setdefault(self._spelling[name_key(other)], None)
        keys = self._keys_sorted()
        if len(key) >= 3:
            import bisect

            start = bisect.bisect_left(keys, key)
            for candidate in keys[start : start + limit]:
                if not candidate.startswith(key):
                    break
                found.setdefault(self._spelling[candidate], None)
        import difflib

        for candidate in difflib.get_close_matches(key, keys, n=limit, cutoff=0.75):
            found.setdefault(self._spelling[candidate], None)
        return tuple(found)[:limit]

    def _keys_sorted(self) -> tuple[str, ...]:
        keys = self._sorted_keys
        if keys is None:
            keys = self._sorted_keys = tuple(sorted(self._positions))
        return keys
