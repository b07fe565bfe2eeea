"""The service-name index: rows by name, aliases, and each name's :class:`ServiceInfo`.

Names compare case-insensitively, and only case-insensitively (see
:mod:`portreg.answers.service`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from portreg._locks import ForkSafeLock
from portreg.answers.history import HistoryEvent
from portreg.answers.service import ServiceInfo
from portreg.records.assignment import Assignment
from portreg.records.naming import name_key
from portreg.sources.image import RowTexts
from portreg.sources.tables import NameTable

__all__ = ["NameIndex"]

# A name asked for in DNS-SD form: "_http._tcp".
_DNS_SD_FORM = r"(?i)^_(?P<name>[^.]+)\._(?:tcp|udp)\.?$"


class NameIndex:
    """Rows by service name, aliases, and the :class:`ServiceInfo` of each name.

    Answers from a :class:`~portreg.sources.tables.NameTable`: the packaged one, or
    one computed from a user's rows. A name's rows are decoded only when the name is
    asked for; ``ServiceInfo`` records are made then and kept, so a repeated question
    is a dict probe.
    """

    def __init__(
        self,
        table: NameTable,
        spellings: RowTexts,
        row_at: Callable[[int], Assignment],
        history_by_name: Callable[[], Mapping[str, tuple[HistoryEvent, ...]]],
    ) -> None:
        self._table = table
        self._spellings = spellings
        self._row_at = row_at
        self._index = dict(zip(table.keys, range(len(table.keys))))
        self._alias_of = table.alias_of
        # The keys of each name's aliases, in registry order of first appearance; they
        # are spelled out when the name is asked for.
        self._alias_keys: dict[str, list[str]] = {}
        for key in sorted(self._alias_of, key=self._index.__getitem__):
            self._alias_keys.setdefault(self._canonical_key(key), []).append(key)
        self._history = history_by_name
        self._infos: dict[str, ServiceInfo] = {}
        self._lock = ForkSafeLock()
        self._sorted_keys: tuple[str, ...] | None = None

    def _spelling(self, key: str) -> str:
        """The name as the registry spells it: its first row's."""
        return self._spellings[self._table.positions_of(self._index[key])[0]]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._index

    def __len__(self) -> int:
        return len(self._index)

    def names(self) -> tuple[str, ...]:
        """Every registered name, as spelled, in registry order of first appearance."""
        return tuple(self._spelling(key) for key in self._table.keys)

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
        number = self._index.get(key)
        if number is None:
            dns_sd = re.match(_DNS_SD_FORM, name)
            if dns_sd is not None and name_key(dns_sd.group("name")) in self._index:
                return self.find(dns_sd.group("name"))
            return None
        positions = self._table.positions_of(number)
        info = ServiceInfo(
            name=self._spelling(key),
            canonical=self._spelling(self._canonical_key(key)),
            aliases=tuple(self._spelling(alias) for alias in self._alias_keys.get(key, ())),
            assignments=tuple(self._row_at(p) for p in positions),
            history=self._history().get(key, ()),
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
            if variant != key and variant in self._index:
                found.setdefault(self._spelling(variant), None)
        for event in self._history().get(key, ()):
            for other in event.names:
                if name_key(other) != key and name_key(other) in self._index:
                    found.setdefault(self._spelling(name_key(other)), None)
        keys = self._keys_sorted()
        if len(key) >= 3:
            import bisect

            start = bisect.bisect_left(keys, key)
            for candidate in keys[start : start + limit]:
                if not candidate.startswith(key):
                    break
                found.setdefault(self._spelling(candidate), None)
        import difflib

        for candidate in difflib.get_close_matches(key, keys, n=limit, cutoff=0.75):
            found.setdefault(self._spelling(candidate), None)
        return tuple(found)[:limit]

    def _keys_sorted(self) -> tuple[str, ...]:
        keys = self._sorted_keys
        if keys is None:
            keys = self._sorted_keys = tuple(sorted(self._index))
        return keys
