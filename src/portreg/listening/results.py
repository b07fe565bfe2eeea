"""What :func:`~portreg.listeners` returns: :class:`Listeners`, a tuple that shows itself.

In a notebook it is a table of sockets with the registry's names for their ports; in
IPython the same as aligned text; ``to_pandas()`` gives a DataFrame.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

from portreg._public import public
from portreg.listening.sockets import Listener
from portreg.rendering.shown import ShownAsTable

if TYPE_CHECKING:
    import pandas

    from portreg.answers.frames import FrameColumn
    from portreg.rendering.tables import Table

__all__ = ["Listeners", "frame_columns"]


@public
class Listeners(ShownAsTable, tuple[Listener, ...]):
    """Sockets bound on this machine, as :func:`~portreg.listeners` returns them.

    A plain tuple of :class:`~portreg.Listener` in every other way (equal to a tuple
    of the same listeners, slicing to a plain tuple, picklable). Its table names the
    services the registry assigns to each socket's port and transport.

    >>> from portreg import AddressFamily, Listener, Protocol, SocketState
    >>> ssh = Listener(22, Protocol.TCP, AddressFamily.IPV4, "0.0.0.0", SocketState.LISTEN)
    >>> print(Listeners([ssh]).as_text())
    1 socket
    port  protocol  address  state   process  services
    ----  --------  -------  ------  -------  --------
    22    tcp       0.0.0.0  listen           ssh
    """

    __slots__ = ()

    def __new__(cls, items: Iterable[Listener] = ()) -> Self:
        return super().__new__(cls, items)

    def _table(self) -> Table:
        from portreg.rendering.tables import Column, table

        columns: tuple[Column[Listener], ...] = (
            Column("port", lambda item: str(item.port)),
            Column("protocol", lambda item: item.protocol.value),
            Column("address", lambda item: item.address),
            Column("state", lambda item: item.state.value),
            Column("process", _process),
            Column("services", lambda item: ", ".join(_services(item))),
        )
        count = f"{len(self)} socket{'s' if len(self) != 1 else ''}"
        return table(self, columns, caption=count if self else "No sockets")

    def _frame(self) -> pandas.DataFrame:
        from portreg.answers.frames import frame_of

        return frame_of(self, frame_columns())


def _process(listener: Listener) -> str:
    if not listener.pids:
        return ""
    return f"{listener.process_name or '?'} ({', '.join(map(str, listener.pids))})"


def _services(listener: Listener) -> tuple[str, ...]:
    from portreg.lookups.in_use import lookup

    return lookup(listener.port, listener.protocol).services


def frame_columns() -> tuple[FrameColumn[Listener], ...]:
    """The columns of ``Listeners.to_pandas()``: a socket's fields, and ``services``."""
    from portreg.answers.frames import FrameColumn
    from portreg.listening.sockets import AddressFamily, SocketState
    from portreg.records.vocabulary import Protocol

    return (
        FrameColumn("port", "int", lambda item: item.port),
        FrameColumn("protocol", "category", lambda item: item.protocol.value, _values(Protocol)),
        FrameColumn("family", "category", lambda item: item.family.value, _values(AddressFamily)),
        FrameColumn("address", "text", lambda item: item.address),
        FrameColumn("state", "category", lambda item: item.state.value, _values(SocketState)),
        FrameColumn("pid", "int", lambda item: item.pid),
        FrameColumn("pids", "text", lambda item: ", ".join(map(str, item.pids)) or None),
        FrameColumn("process_name", "text", lambda item: item.process_name),
        FrameColumn("uid", "int", lambda item: item.uid),
        FrameColumn("remote_address", "text", lambda item: item.remote_address),
        FrameColumn("remote_port", "int", lambda item: item.remote_port),
        FrameColumn("services", "text", lambda item: ", ".join(_services(item)) or None),
    )


def _values(kind: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)
