"""portreg: what is port N? IANA's service name and port number registry, offline.

>>> from portreg import lookup
>>> lookup(305).status("tcp")
<Status.UNASSIGNED: 'unassigned'>

The registry ships inside the package (see :data:`REGISTRY_DATE` for its date);
importing portreg reads none of it until the first question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg._data import REGISTRY_DATE
from portreg._version import __version__
from portreg.errors import (
    DataError,
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    InvalidRadiusError,
    InvalidRangeClassError,
    InvalidSearchError,
    InvalidServiceNameError,
    PortregError,
    RefreshError,
    UnknownServiceError,
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
from portreg.registry import (
    Provenance,
    Registry,
    lookup,
    neighbours,
    registry,
    search,
    service,
    unassigned,
    use_cache,
    use_registry,
)

if TYPE_CHECKING:
    from portreg.blocks import Block
    from portreg.differences import Change, ChangeKind, FieldChange, RegistryDiff, diff
    from portreg.history import HistoryEvent, HistoryKind
    from portreg.names import ServiceInfo
    from portreg.refreshing import RefreshResult, refresh
    from portreg.text_search import MatchKind, SearchHit

__all__ = [
    "REGISTRY_DATE",
    "AddressFamily",
    "Assignment",
    "Block",
    "Change",
    "ChangeKind",
    "DataError",
    "DatePrecision",
    "FieldChange",
    "HistoryEvent",
    "HistoryKind",
    "InputTypeError",
    "InvalidPortError",
    "InvalidProtocolError",
    "InvalidRadiusError",
    "InvalidRangeClassError",
    "InvalidSearchError",
    "InvalidServiceNameError",
    "Listener",
    "ListenersUnavailableError",
    "MatchKind",
    "Person",
    "PortInfo",
    "PortregError",
    "Protocol",
    "Provenance",
    "RangeClass",
    "Reference",
    "ReferenceKind",
    "RefreshError",
    "RefreshResult",
    "Registry",
    "RegistryDate",
    "RegistryDiff",
    "SearchHit",
    "ServiceInfo",
    "SocketState",
    "Status",
    "UnknownServiceError",
    "__version__",
    "classify",
    "diff",
    "listeners",
    "lookup",
    "neighbours",
    "refresh",
    "registry",
    "search",
    "service",
    "unassigned",
    "use_cache",
    "use_registry",
]

# The records of names, search, history and blocks load with their first use, so that
# importing portreg stays as cheap as a port lookup needs (PEP 562).
_LAZY_MODULES = {
    "Block": "portreg.blocks",
    "HistoryEvent": "portreg.history",
    "HistoryKind": "portreg.history",
    "MatchKind": "portreg.text_search",
    "SearchHit": "portreg.text_search",
    "ServiceInfo": "portreg.names",
    # Comparing and downloading registries are rare; their modules cost more to
    # import than the rest of portreg.
    "Change": "portreg.differences",
    "ChangeKind": "portreg.differences",
    "FieldChange": "portreg.differences",
    "RegistryDiff": "portreg.differences",
    "diff": "portreg.differences",
    "RefreshResult": "portreg.refreshing",
    "refresh": "portreg.refreshing",
}


def __getattr__(name: str) -> object:
    module_name = _LAZY_MODULES.get(name)
    if module_name is None:
        raise AttributeError(f"module 'portreg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
