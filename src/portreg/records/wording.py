"""How the registry's free-text status wordings map to :class:`~portreg.Status`.

The registry has no status column: a row without a service name says in its
description what the port is ("Unassigned", "Reserved", "De-registered", ...), with
historic variations in case and wording. The rules are documented on
:class:`~portreg.Status`; the tests check them against every row of the
registry, so a new wording fails the suite instead of slipping through.
"""

from __future__ import annotations

from portreg.records.vocabulary import Status

__all__ = ["status_of_row"]

# Leading words, lowercased, and the status they give. A word counts only when what
# follows it is not part of a longer word ("Unassigned-looking" is not "Unassigned").
_LEADING_WORDS: tuple[tuple[str, Status], ...] = (
    ("de-registered", Status.DEREGISTERED),
    ("deregistered", Status.DEREGISTERED),
    ("removed", Status.DEREGISTERED),
    ("deprecated", Status.DEREGISTERED),
    ("decomissioned", Status.DEREGISTERED),  # sic: 1783's spelling
    ("decommissioned", Status.DEREGISTERED),
    ("de-commissioned", Status.DEREGISTERED),
    ("reserved", Status.RESERVED),
    ("any private", Status.RESERVED),  # "any private mail system" and friends
    ("unassigned", Status.UNASSIGNED),
    ("(unassigned)", Status.UNASSIGNED),
    ("possibly used", Status.UNASSIGNED),  # a guess at use, not an assignment
)


_WORDS = tuple(word for word, _ in _LEADING_WORDS)


def status_of_row(service: str | None, description: str) -> Status:
    """The status one registry row gives the ports it covers.

    A status wording at the start of the description wins, even on a named row
    (14001/udp "sua" says "De-Registered"); otherwise a named row is an assignment
    and an unnamed one leaves its ports unassigned.
    """
    wording = description.strip().lower()
    if not wording.startswith(_WORDS):  # most rows: one C-level check
        return Status.ASSIGNED if service else Status.UNASSIGNED
    for word, status in _LEADING_WORDS:
        if wording.startswith(word):
            following = wording[len(word) : len(word) + 1]
            if not following or not (following.isalnum() or following in "-_"):
                return status
    return Status.ASSIGNED if service else Status.UNASSIGNED
