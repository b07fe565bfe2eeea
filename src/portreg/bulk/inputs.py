"""Columns of ports and protocols as users hand them, turned into indexes of the tables.

An index is ``block * PORTS + port`` into :meth:`PortColumns.stacked`, where the
block is the row's transport, "any transport" when no protocol was given, or
``NONE`` for a row with no answer. Everything here is
vectorised numpy, except the conversion of Python objects (lists, object columns),
which is as slow as those objects are.

Ports
    Integers 0-65535 in any integer or float dtype, pandas' nullable dtypes,
    Python ints, numpy integer scalars and decimal strings. ``None``, NaN and
    ``pandas.NA`` are missing: their rows get nulls. Anything else (out of range, a
    fraction, a bool, text that is not a number) is refused with
    :class:`~portreg.InvalidPortError` naming the first such value and its position,
    or, with ``errors="null"``, answered with nulls.

Protocols
    ``None`` answers for any transport. One transport for every row: a
    :class:`~portreg.Protocol`, its name in any case, or its IANA protocol number
    (6 tcp, 17 udp, 132 sctp, 33 dccp). Or a column, one value a row, of transport
    names in any case or IANA protocol numbers as flow logs carry them; any other
    value is another protocol (1 ICMP, "icmp", Zeek's "unknown_transport") or none,
    and its rows get nulls.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from portreg.answers.columns import ANY, NONE, PORTS, TRANSPORTS
from portreg.bulk.gather import ProtocolNumbers, offset_table
from portreg.bulk.options import Errors, LengthMismatchError
from portreg.errors import InputTypeError, InvalidPortError, InvalidProtocolError
from portreg.records.inputs import shown
from portreg.records.vocabulary import PROTOCOLS_BY_NUMBER, Protocol

if TYPE_CHECKING:
    import numpy
    import numpy.typing as npt

    Index = npt.NDArray[numpy.intp]
    Mask = npt.NDArray[numpy.bool_]

__all__ = [
    "IANA_NUMBERS",
    "block_of_label",
    "check_column",
    "factorize_objects",
    "flat_index",
    "port_values",
    "protocol_offsets",
    "transport_block",
    "unchecked",
]

#: The IANA protocol numbers of the transports, as flow logs (IPFIX, NetFlow, VPC
#: flow logs) carry them.
IANA_NUMBERS: dict[int, Protocol] = PROTOCOLS_BY_NUMBER
_BLOCK_OF = {protocol: block for block, protocol in enumerate(TRANSPORTS)}
_BLOCK_OF_NAME = {protocol.value: block for protocol, block in _BLOCK_OF.items()}
_BLOCK_OF_NUMBER = {number: _BLOCK_OF[protocol] for number, protocol in IANA_NUMBERS.items()}
_NUMBERS_TEXT = ", ".join(f"{n} {p.value}" for n, p in IANA_NUMBERS.items())


# -- protocols ----------------------------------------------------------------------


def transport_block(value: object) -> int:
    """The block of one transport given for every row; refused unless it names one."""
    if isinstance(value, Protocol):
        return _BLOCK_OF[value]
    if isinstance(value, str):
        block = _BLOCK_OF_NAME.get(value.strip().lower())
        if block is None and value.strip().isdigit():
            block = _BLOCK_OF_NUMBER.get(int(value.strip()))
        if block is not None:
            return block
    elif not isinstance(value, bool):
        try:
            number = operator.index(value)  # type: ignore[arg-type]  # checked below
        except TypeError:
            pass
        else:
            block = _BLOCK_OF_NUMBER.get(number)
            if block is not None:
                return block
            raise InvalidProtocolError(
                f"protocol number must be one of {_NUMBERS_TEXT}; got {number!r}"
            )
    raise InvalidProtocolError(
        "protocols must be None, a Protocol, a transport's name (tcp, udp, sctp, dccp, any "
        f"case) or its number ({_NUMBERS_TEXT}), or a column of them; got {value!r}"
    )


def block_of_label(value: object) -> int:
    """The block of one value of a protocol column; ``NONE`` for anything else."""
    if value is None:
        return NONE
    if isinstance(value, str):  # Protocol members are strs too
        text = value.strip().lower()
        block = _BLOCK_OF_NAME.get(text)
        if block is None and text.isdigit():
            block = _BLOCK_OF_NUMBER.get(int(text))
        return NONE if block is None else block
    if isinstance(value, bool):
        return NONE
    try:
        number = operator.index(value)  # type: ignore[arg-type]  # may be anything
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            return NONE  # NaN, pandas.NA, a fraction, an object
    return _BLOCK_OF_NUMBER.get(number, NONE)


def _is_scalar_protocol(value: object) -> bool:
    if isinstance(value, (str, bytes, int, float, Protocol)):
        return True
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.generic)


def check_column(value: object, what: str, accepted: str) -> None:
    """Refuse what cannot be a column of values: a mapping, text, or no sequence at all."""
    if (
        value is None
        or isinstance(value, (str, bytes, dict, set, frozenset))  # no order: not a column
        or not (
            hasattr(value, "__len__") or hasattr(value, "__array__") or hasattr(value, "__iter__")
        )
    ):
        raise InputTypeError(
            f"{what} must be {accepted} (a numpy array, a pandas Series, a list); "
            f"got {shown(value)} ({type(value).__name__})"
        )


def protocol_offsets(
    protocols: object, length: int, *, factorize: Callable[[Any], tuple[Any, Sequence[Any]]]
) -> int | Index | ProtocolNumbers:
    """Each row's block offset (``block * PORTS``), or one offset for every row.

    ``protocols`` is ``None``, one transport, or a column of ``length`` values: a numpy
    array, or anything ``factorize`` turns into (codes, distinct values), with code -1
    for missing values, as :func:`pandas.factorize` does. A column of integers stays
    as it is, wrapped in :class:`ProtocolNumbers`: the gather maps it as it goes.
    """
    import numpy as np

    if protocols is None:
        return ANY * PORTS
    if _is_scalar_protocol(protocols):
        return transport_block(protocols) * PORTS
    if isinstance(protocols, np.ndarray) and protocols.dtype.kind in "iu":
        if len(protocols) != length:
            raise _mismatch(length, len(protocols))
        return ProtocolNumbers(protocols)
    if isinstance(protocols, np.ndarray) and protocols.dtype.kind == "f":
        if len(protocols) != length:
            raise _mismatch(length, len(protocols))
        whole = np.isfinite(protocols) & (protocols >= 0) & (protocols <= 255)
        whole &= np.floor(protocols, where=whole, out=np.zeros_like(protocols)) == protocols
        offsets = offset_table().take(np.where(whole, protocols, 0).astype(np.intp))
        offsets[~whole] = NONE * PORTS
        return offsets  # type: ignore[no-any-return]
    if isinstance(protocols, np.ndarray) and protocols.dtype.kind == "b":
        raise InputTypeError("protocols must be names or IANA numbers, not booleans")
    codes, distinct = factorize(protocols)
    if len(codes) != length:
        raise _mismatch(length, len(codes))
    blocks = np.asarray([block_of_label(value) for value in distinct] + [NONE], np.intp)
    # code -1 (missing) picks the NONE appended last
    return blocks.take(np.asarray(codes, np.intp)) * PORTS


def factorize_objects(values: Any) -> tuple[Any, list[Hashable]]:
    """(codes, distinct values) of a sequence, by a dict: for Python objects without pandas."""
    import numpy as np

    seen: dict[Any, int] = {}
    distinct: list[Hashable] = []
    codes = np.empty(len(values), np.intp)
    for i, value in enumerate(values):
        try:
            code = seen.get(value)
        except TypeError:  # unhashable: another protocol, or none
            codes[i] = -1
            continue
        if code is None:
            code = seen[value] = len(distinct)
            distinct.append(value)
        codes[i] = code
    return codes, distinct


def _mismatch(ports: int, protocols: int) -> LengthMismatchError:
    return LengthMismatchError(
        f"protocols must have one value for each port: {ports} ports, {protocols} protocols"
    )


# -- ports --------------------------------------------------------------------------


def port_values(
    values: Any,
    missing: Mask | None,
    errors: Errors,
    where: Callable[[int], str] = lambda position: f"position {position}",
    *,
    defer: bool = False,
) -> tuple[Any, Mask | None]:
    """(port numbers, rows with no port) from a 1-d numpy array and its missing rows.

    The numbers are valid where the row is not missing; bad ports raise or, with
    ``errors="null"``, join the missing rows. ``where`` describes a position for
    the error message. With ``defer``, integers are returned unchecked (see
    :func:`unchecked`): the gather checks them in passing, in cache.
    """
    import numpy as np

    kind = values.dtype.kind
    if defer and unchecked(values):
        return values, missing
    if kind == "b":
        raise InputTypeError(
            "ports must be integers 0-65535, not booleans; got a column of booleans"
        )
    if kind == "u" and values.dtype.itemsize <= 2:
        return values, missing  # every value is a port
    if kind in "iu":
        if len(values) == 0:
            return values, missing
        low, high = values.min(), values.max()
        if low >= 0 and high < PORTS:
            return values, missing
        bad = (values < 0) | (values >= PORTS)
        return _refused(values, bad, missing, errors, where)
    if kind == "f":
        nan = np.isnan(values)
        missing = nan if missing is None else (missing | nan)
        with np.errstate(invalid="ignore"):
            bad = ~((values >= 0) & (values < PORTS) & (np.floor(values) == values))
        bad &= ~missing
        ports = np.where(bad | missing, 0, values).astype(np.int32)
        if bad.any():
            return _refused(values, bad, missing, errors, where, ports)
        return ports, missing
    if kind in "OUS":
        return _object_ports(values, missing, errors, where)
    raise InputTypeError(f"ports must be integers 0-65535; got a column of {values.dtype}")


def unchecked(values: Any) -> bool:
    """Whether :func:`port_values` with ``defer`` leaves these values' range unchecked."""
    kind = values.dtype.kind
    return kind in "iu" and not (kind == "u" and values.dtype.itemsize <= 2)


def _refused(
    values: Any,
    bad: Mask,
    missing: Mask | None,
    errors: Errors,
    where: Callable[[int], str],
    ports: Any = None,
) -> tuple[Any, Mask]:
    import numpy as np

    if missing is not None:
        bad = bad & ~missing
    if errors == "raise" and bad.any():
        position = int(np.flatnonzero(bad)[0])
        value = values[position]
        shown = value.item() if isinstance(value, np.generic) else value
        raise InvalidPortError(
            f"ports must be integers 0-65535; got {shown!r} at {where(position)}"
        )
    missing = bad if missing is None else (missing | bad)
    if ports is None:
        ports = np.where(missing, 0, values)
    return ports, missing


def _object_ports(
    values: Any, missing: Mask | None, errors: Errors, where: Callable[[int], str]
) -> tuple[Any, Mask]:
    """Ports from Python objects, one by one: ints, integral floats, decimal strings."""
    import numpy as np

    numbers = np.zeros(len(values), np.int32)
    absent = np.zeros(len(values), np.bool_) if missing is None else missing.copy()
    bad = np.zeros(len(values), np.bool_)
    for position, value in enumerate(values):
        if absent[position]:
            continue
        number = _port_of_object(value)
        if number is None:
            absent[position] = True
        elif number < 0:
            bad[position] = True
        else:
            numbers[position] = number
    if bad.any():
        return _refused(values, bad, absent, errors, where, numbers)
    return numbers, absent


def _port_of_object(value: object) -> int | None:
    """The port in one Python value; ``None`` if missing, -1 if it is not a port."""
    if value is None:
        return None
    if isinstance(value, bool):
        return -1
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return int(value) if value.is_integer() and 0 <= value < PORTS else -1
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > 5:
            return -1
        number = int(text)
        return number if number < PORTS else -1
    try:
        number = operator.index(value)  # type: ignore[arg-type]  # may be anything
    except TypeError:
        if type(value).__name__ in {"NAType", "NaTType"}:  # pandas' missing values
            return None
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(value, numpy.floating):
            return _port_of_object(float(value))
        return -1
    return number if 0 <= number < PORTS else -1


# -- both ------------------------------------------------------------------------------


def flat_index(ports: Any, missing: Mask | None, offsets: int | Index | ProtocolNumbers) -> Index:
    """``offset + port`` for each row: the index into the stacked tables."""
    import numpy as np

    per_row: Index
    if isinstance(offsets, int):
        index: Index = np.add(ports, offsets, dtype=np.intp)
    else:
        if isinstance(offsets, ProtocolNumbers):
            per_row = offset_table().take(offsets.numbers, mode="clip")
        else:
            per_row = offsets
        index = np.add(per_row, ports, out=per_row, dtype=np.intp, casting="unsafe")
    if missing is not None:
        index[missing] = NONE * PORTS
    return index
