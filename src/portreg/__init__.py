"""portreg: what is port N? IANA's service name and port number registry, offline.

>>> from portreg import lookup
>>> lookup(305).status("tcp")
<Status.UNASSIGNED: 'unassigned'>

The registry ships inside the package (see :data:`REGISTRY_DATE` for its date);
importing portreg reads none of it until the first question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portreg._data import REGISTRY_DATE
from portreg._version import __version__
from portreg.errors import (
    DataError,
    InputTypeError,
    InvalidPortError,
    InvalidProtocolError,
    InvalidRadiusError,
    PortregError,
    RefreshError,
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
    use_cache,
    use_registry,
)

if TYPE_CHECKING:
    from portreg.differences import Change, ChangeKind, FieldChange, RegistryDiff, diff
    from portreg.refreshing import RefreshResult, refresh

# Imported on first use: comparing and downloading registries are rare, and their
# modules cost more to import than the rest of portreg.
_LAZY_EXPORTS = {
    "Change": "portreg.differences",
    "ChangeKind": "portreg.differences",
    "FieldChange": "portreg.differences",
    "RegistryDiff": "portreg.differences",
    "diff": "portreg.differences",
    "RefreshResult": "portreg.refreshing",
    "refresh": "portreg.refreshing",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'portreg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


__all__ = [
    "REGISTRY_DATE",
    "Assignment",
    "Change",
    "ChangeKind",
    "DataError",
    "DatePrecision",
    "FieldChange",
    "InputTypeError",
    "InvalidPortError",
    "InvalidProtocolError",
    "InvalidRadiusError",
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
    "Status",
    "__version__",
    "classify",
    "diff",
    "lookup",
    "neighbours",
    "refresh",
    "registry",
    "use_cache",
    "use_registry",
]
