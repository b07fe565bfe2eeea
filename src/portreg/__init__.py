"""portreg: what is port N? IANA's service name and port number registry, offline.

>>> from portreg import lookup
>>> lookup(305).status("tcp")
<Status.UNASSIGNED: 'unassigned'>

The registry ships inside the package (see :data:`REGISTRY_DATE` for its date).
Importing portreg loads only this module: each public name is imported from its
module the first time it is used, and the registry itself is read on the first
question, so tools that import portreg and never ask pay almost nothing.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Any

from portreg._version import __version__

if TYPE_CHECKING:
    from portreg._data import REGISTRY_DATE
    from portreg.blocks import Block
    from portreg.bulk.frames import annotate, service_side
    from portreg.differences import Change, ChangeKind, FieldChange, RegistryDiff, diff
    from portreg.errors import (
        DataError,
        InputTypeError,
        InvalidPortError,
        InvalidProtocolError,
        InvalidRadiusError,
        InvalidRangeClassError,
        InvalidSearchError,
        InvalidServiceNameError,
        MissingDependencyError,
        PortregError,
        RefreshError,
        UnknownServiceError,
    )
    from portreg.history import HistoryEvent, HistoryKind
    from portreg.local_sockets import (
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
    from portreg.names import ServiceInfo
    from portreg.portinfo import PortInfo
    from portreg.porttable import PortTable
    from portreg.ranges import RangeClass, classify
    from portreg.refreshing import RefreshResult, refresh
    from portreg.registries import (
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
    from portreg.results import Blocks, SearchResults
    from portreg.text_search import MatchKind, SearchHit

#: Where each public name lives. Keep in step with the imports above (a test checks).
_EXPORTS: dict[str, str] = {
    "REGISTRY_DATE": "portreg._data",
    "DataError": "portreg.errors",
    "InputTypeError": "portreg.errors",
    "InvalidPortError": "portreg.errors",
    "InvalidProtocolError": "portreg.errors",
    "InvalidRadiusError": "portreg.errors",
    "MissingDependencyError": "portreg.errors",
    "PortregError": "portreg.errors",
    "Assignment": "portreg.model",
    "DatePrecision": "portreg.model",
    "Person": "portreg.model",
    "Protocol": "portreg.model",
    "Reference": "portreg.model",
    "ReferenceKind": "portreg.model",
    "RegistryDate": "portreg.model",
    "Status": "portreg.model",
    "PortInfo": "portreg.portinfo",
    "PortTable": "portreg.porttable",
    "RangeClass": "portreg.ranges",
    "classify": "portreg.ranges",
    "Provenance": "portreg.registries",
    "Registry": "portreg.registries",
    "Blocks": "portreg.results",
    "SearchResults": "portreg.results",
    "lookup": "portreg.registries",
    "neighbours": "portreg.registries",
    "registry": "portreg.registries",
    "InvalidRangeClassError": "portreg.errors",
    "InvalidSearchError": "portreg.errors",
    "InvalidServiceNameError": "portreg.errors",
    "UnknownServiceError": "portreg.errors",
    "Block": "portreg.blocks",
    "HistoryEvent": "portreg.history",
    "HistoryKind": "portreg.history",
    "ServiceInfo": "portreg.names",
    "search": "portreg.registries",
    "service": "portreg.registries",
    "unassigned": "portreg.registries",
    "MatchKind": "portreg.text_search",
    "SearchHit": "portreg.text_search",
    "AddressFamily": "portreg.local_sockets",
    "Listener": "portreg.local_sockets",
    "ListenersUnavailableError": "portreg.local_sockets",
    "SocketState": "portreg.local_sockets",
    "listeners": "portreg.local_sockets",
    "use_cache": "portreg.registries",
    "use_registry": "portreg.registries",
    "RefreshError": "portreg.errors",
    "Change": "portreg.differences",
    "ChangeKind": "portreg.differences",
    "FieldChange": "portreg.differences",
    "RegistryDiff": "portreg.differences",
    "diff": "portreg.differences",
    "RefreshResult": "portreg.refreshing",
    "refresh": "portreg.refreshing",
    "annotate": "portreg.bulk.frames",
    "service_side": "portreg.bulk.frames",
}

__all__ = [
    "REGISTRY_DATE",
    "AddressFamily",
    "Assignment",
    "Block",
    "Blocks",
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
    "MissingDependencyError",
    "Person",
    "PortInfo",
    "PortTable",
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
    "SearchResults",
    "ServiceInfo",
    "SocketState",
    "Status",
    "UnknownServiceError",
    "__version__",
    "annotate",
    "classify",
    "diff",
    "listeners",
    "lookup",
    "neighbours",
    "refresh",
    "registry",
    "search",
    "service",
    "service_side",
    "unassigned",
    "use_cache",
    "use_registry",
]


# Two threads resolving names at once must not see a half-imported module.
_import_lock = threading.RLock()


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'portreg' has no attribute {name!r}")
    with _import_lock:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
