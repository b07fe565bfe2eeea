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

import _thread
import os as _os
import sys as _sys
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING

from portreg._version import __version__

if TYPE_CHECKING:
    from portreg._data import REGISTRY_DATE
    from portreg.answers.block import Block
    from portreg.answers.history import HistoryEvent, HistoryKind
    from portreg.answers.port import PortInfo
    from portreg.answers.search import MatchKind, SearchHit
    from portreg.answers.service import ServiceInfo
    from portreg.answers.tables import Blocks, PortTable, SearchResults
    from portreg.bulk.frames import annotate, service_side
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
    from portreg.listening.listeners import listeners
    from portreg.listening.results import Listeners
    from portreg.listening.sockets import (
        AddressFamily,
        Listener,
        ListenersUnavailableError,
        SocketState,
    )
    from portreg.lookups.in_use import (
        lookup,
        neighbours,
        registry,
        search,
        service,
        unassigned,
        use_cache,
        use_registry,
    )
    from portreg.lookups.registry import Registry
    from portreg.pictures.drawing import assignments_by_range, assignments_by_year, port_map
    from portreg.records.assignment import Assignment, Person, Reference, RegistryDate
    from portreg.records.ranges import RangeClass, classify
    from portreg.records.vocabulary import DatePrecision, Protocol, ReferenceKind, Status
    from portreg.rendering.options import options
    from portreg.sources.provenance import Provenance
    from portreg.updates.diff import Change, ChangeKind, FieldChange, RegistryDiff, diff
    from portreg.updates.refresh import RefreshResult, refresh

#: Where each public name lives, layer by layer. Keep in step with the imports above
#: (a test checks).
_EXPORTS: dict[str, str] = {
    "REGISTRY_DATE": "portreg._data",
    "DataError": "portreg.errors",
    "InputTypeError": "portreg.errors",
    "InvalidPortError": "portreg.errors",
    "InvalidProtocolError": "portreg.errors",
    "InvalidRadiusError": "portreg.errors",
    "InvalidRangeClassError": "portreg.errors",
    "InvalidSearchError": "portreg.errors",
    "InvalidServiceNameError": "portreg.errors",
    "MissingDependencyError": "portreg.errors",
    "PortregError": "portreg.errors",
    "RefreshError": "portreg.errors",
    "UnknownServiceError": "portreg.errors",
    "options": "portreg.rendering.options",
    "DatePrecision": "portreg.records.vocabulary",
    "Protocol": "portreg.records.vocabulary",
    "ReferenceKind": "portreg.records.vocabulary",
    "Status": "portreg.records.vocabulary",
    "Assignment": "portreg.records.assignment",
    "Person": "portreg.records.assignment",
    "Reference": "portreg.records.assignment",
    "RegistryDate": "portreg.records.assignment",
    "RangeClass": "portreg.records.ranges",
    "classify": "portreg.records.ranges",
    "Provenance": "portreg.sources.provenance",
    "PortInfo": "portreg.answers.port",
    "ServiceInfo": "portreg.answers.service",
    "HistoryEvent": "portreg.answers.history",
    "HistoryKind": "portreg.answers.history",
    "Block": "portreg.answers.block",
    "MatchKind": "portreg.answers.search",
    "SearchHit": "portreg.answers.search",
    "Blocks": "portreg.answers.tables",
    "PortTable": "portreg.answers.tables",
    "SearchResults": "portreg.answers.tables",
    "Registry": "portreg.lookups.registry",
    "lookup": "portreg.lookups.in_use",
    "neighbours": "portreg.lookups.in_use",
    "registry": "portreg.lookups.in_use",
    "search": "portreg.lookups.in_use",
    "service": "portreg.lookups.in_use",
    "unassigned": "portreg.lookups.in_use",
    "use_cache": "portreg.lookups.in_use",
    "use_registry": "portreg.lookups.in_use",
    "AddressFamily": "portreg.listening.sockets",
    "Listener": "portreg.listening.sockets",
    "ListenersUnavailableError": "portreg.listening.sockets",
    "SocketState": "portreg.listening.sockets",
    "listeners": "portreg.listening.listeners",
    "Listeners": "portreg.listening.results",
    "port_map": "portreg.pictures.drawing",
    "assignments_by_range": "portreg.pictures.drawing",
    "assignments_by_year": "portreg.pictures.drawing",
    "Change": "portreg.updates.diff",
    "ChangeKind": "portreg.updates.diff",
    "FieldChange": "portreg.updates.diff",
    "RegistryDiff": "portreg.updates.diff",
    "diff": "portreg.updates.diff",
    "RefreshResult": "portreg.updates.refresh",
    "refresh": "portreg.updates.refresh",
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
    "Listeners",
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
    "assignments_by_range",
    "assignments_by_year",
    "classify",
    "diff",
    "listeners",
    "lookup",
    "neighbours",
    "options",
    "port_map",
    "refresh",
    "registry",
    "search",
    "service",
    "service_side",
    "unassigned",
    "use_cache",
    "use_registry",
]


# Two threads resolving names at once must not see a half-imported module. (The lock
# of _thread, which threading's is: importing threading would cost start-up.)
_import_lock = _thread.RLock()


def _new_import_lock() -> None:
    # A fork while another thread resolves a name would leave the child's copy locked.
    # (portreg._locks does this for the layers; importing it here would cost start-up.)
    global _import_lock
    _import_lock = _thread.RLock()


if hasattr(_os, "register_at_fork"):
    _os.register_at_fork(after_in_child=_new_import_lock)
# The layer that owns "the registry in use"; loaded before any public name is handed
# out, so that every answer (even one built by hand) has a registry to ask.
_REGISTRY_IN_USE = "portreg.lookups.in_use"


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'portreg' has no attribute {name!r}")
    with _import_lock:
        _module(_REGISTRY_IN_USE)
        value = getattr(_module(module), name)
        # typing.get_type_hints() can then resolve the name's annotations (see there).
        _module("portreg._hints").complete(value)
        globals()[name] = value  # later uses skip this function
    return value


def _module(name: str) -> _ModuleType:
    # importlib.import_module without importing importlib, which costs start-up.
    __import__(name)
    return _sys.modules[name]


def __dir__() -> list[str]:
    # The public names, not the helpers this module imports for itself.
    return sorted(__all__)
