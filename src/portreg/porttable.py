"""A run of ports side by side: :class:`PortTable`, what :func:`~portreg.neighbours` returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg._shown import ShownAsTable
from portreg.portinfo import PortInfo

if TYPE_CHECKING:
    import pandas

    from portreg.display import Table

__all__ = ["PortTable"]


class PortTable(ShownAsTable, tuple[PortInfo, ...]):
    """A tuple of :class:`~portreg.PortInfo`, in port order, that shows itself as a table.

    It is a plain tuple in every other way: it compares equal to a tuple of the same
    ports, indexes and slices like one, and is immutable. In a notebook it renders as
    an HTML table with the runs of unassigned ports highlighted; in IPython as aligned
    text with those rows marked ``*``.

    >>> from portreg import neighbours
    >>> table = neighbours(305, radius=2)
    >>> table == tuple(table), len(table), table[0].port
    (True, 5, 303)
    >>> print(table.as_text())
    Ports 303-307 (System Ports 0-1023)
      port  status      services  description
      ----  ----------  --------  -----------
    * 303   unassigned            Unassigned
    * 304   unassigned            Unassigned
    * 305   unassigned            Unassigned
    * 306   unassigned            Unassigned
    * 307   unassigned            Unassigned
    unassigned: 303-307 (5 ports)
    """

    __slots__ = ()

    def _table(self) -> Table:
        from portreg.display import neighbours_table

        return neighbours_table(self)

    def _frame(self) -> pandas.DataFrame:
        from portreg.dataframes import ports_frame  # see there for the columns

        return ports_frame(self)
