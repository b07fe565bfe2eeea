"""How the registry's free-text status wordings map to :class:`~portreg.model.Status`.

The registry has no status column: a row without a service name says in its
description what the port is ("Unassigned", "Reserved", "De-registered", ...), with
historic variations in case and wording. The rules are documented on
:class:`~portreg.model.Status`; the tests check them against every row of the
registry, so a new wording fails the suite instead of slipping through.
"""

from __future__ import annotations

import re

from portreg.model import Status

__all__ = ["status_of_row"]

_DEREGISTERED = re.compile(r"de-?registered|removed|deprecated|decom+is+ioned|de-commissioned")
_RESERVED = re.compile(r"reserved(?![\w-])|any private ")
_UNASSIGNED = re.compile(r"\(?unassigned(?![\w-])|possibly used(?![\w-])")


def status_of_row(service: str | None, description: str) -> Status:
    """The status one registry row gives the ports it covers.

    A status wording at the start of the description wins, even on a named row
    (14001/udp "sua" says "De-Registered"); otherwise a named row is an assignment
    and an unnamed one leaves its ports unassigned.
    """
    wording = description.strip().lower()
    if _DEREGISTERED.match(wording):
        return Status.DEREGISTERED
    if _RESERVED.match(wording):
        return Status.RESERVED
    if _UNASSIGNED.match(wording):
        return Status.UNASSIGNED
    return Status.ASSIGNED if service else Status.UNASSIGNED
