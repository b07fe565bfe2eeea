"""portreg: what is port N? IANA's service name and port number registry, offline.

>>> from portreg import lookup
>>> lookup(305).status("tcp")
<Status.UNASSIGNED: 'unassigned'>

The registry ships inside the package (see :data:`REGISTRY_DATE` for its date);
importing portreg reads none of it until the first question.
"""

from __future__ import annotations

from portreg._data import REGISTRY_DATE
from portreg._version import __version__
from portreg.errors import (
    DataError,
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    InvalidRadiusError,
    PortregError,
)
from portreg.listeners import (
    AddressFamily,
    Listener,
    ListenersUnavailableError,
    SocketState,
    listeners,
)
from portreg.model import (
    Assignment,
    DatePrecision,
    Person,
    Protocol,
    Reference,
    ReferenceKind,
    RegistryDate,
    Status,
)
from portreg.portinfo import PortInfo
from portreg.ranges import RangeClass, classify
from portreg.registry import Provenance, Registry, lookup, neighbours, registry

__all__ = [
    "REGISTRY_DATE",
    "AddressFamily",
    "Assignment",
    "DataError",
    "DatePrecision",
    "InputTypeError",
    "InvalidPortError",
    "InvalidProtocolError",
    "InvalidRadiusError",
    "Listener",
    "ListenersUnavailableError",
    "Person",
    "PortInfo",
    "PortregError",
    "Protocol",
    "Provenance",
    "RangeClass",
    "Reference",
    "ReferenceKind",
    "Registry",
    "RegistryDate",
    "SocketState",
    "Status",
    "__version__",
    "classify",
    "listeners",
    "lookup",
    "neighbours",
    "registry",
]
