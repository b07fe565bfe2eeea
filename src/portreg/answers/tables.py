"""Answers that are tuples and show themselves as tables.

:class:`PortTable` (what :func:`~portreg.neighbours` returns), :class:`SearchResults`
(:func:`~portreg.search`) and :class:`Blocks` (:func:`~portreg.unassigned`). Each is a
plain tuple in every other way (equal to a tuple of the same items, slicing to a
plain tuple, immutable, picklable).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from portreg._public import public
from portreg.answers.block import Block
from portreg.answers.port import PortInfo
from portreg.answers.search import SearchHit
from portreg.records.vocabulary import Status
from portreg.rendering.shown import ShownAsTable

if TYPE_CHECKING:
    import pandas

    from portreg.rendering.tables import Table

__all__ = ["Blocks", "PortTable", "SearchResults"]


@public
class PortTable(ShownAsTable, tuple[PortInfo, ...]):
    """A tuple of :class:`~portreg.PortInfo`, in port order, that shows itself as a table.

    It is a plain tuple in every other way: it compares equal to a tuple of the same
    ports, indexes and slices like one, and is immutable. In a notebook it renders as
    an HTML table with the runs of unassigned ports highlighted and the port asked
    about (``asked``, from :func:`~portreg.neighbours`) in bold; in IPython as aligned
    text with those rows marked ``*`` and ``>``.

    >>> from portreg import neighbours
    >>> table = neighbours(305, radius=2)
    >>> table == tuple(table), len(table), table[0].port, table.asked
    (True, 5, 303, 305)
    >>> print(table.as_text())
    Ports 303-307 (System Ports 0-1023)
      port  status      services  description
      ----  ----------  --------  -----------
    * 303   unassigned            Unassigned
    * 304   unassigned            Unassigned
    > 305   unassigned            Unassigned
    * 306   unassigned            Unassigned
    * 307   unassigned            Unassigned
    unassigned: 303-307 (5 ports)
    """

    #: The port the table is centred on, when it answers a question about one
    #: (``neighbours(305)``); not part of its value, which is the ports'.
    asked: int | None = None

    def __new__(cls, ports: Iterable[PortInfo] = (), asked: int | None = None) -> PortTable:
        table = super().__new__(cls, ports)
        if asked is not None:
            table.asked = asked  # kept in the instance's __dict__, which pickles carry
        return table

    def _table(self) -> Table:
        from portreg.answers.views import neighbours_table

        return neighbours_table(self, asked=self.asked)

    def _frame(self) -> pandas.DataFrame:
        from portreg.answers.frames import ports_frame  # see there for the columns

        return ports_frame(self)


@public
class SearchResults(ShownAsTable, tuple[SearchHit, ...]):
    """Search hits, best first, as :func:`~portreg.search` returns them.

    >>> from portreg import search
    >>> hits = search("novastor")
    >>> hits == tuple(hits), len(hits)
    (True, 2)
    >>> print(hits.as_text())
    2 matches for 'novastor'
    port     service         match        in       description
    -------  --------------  -----------  -------  ---------------
    308/tcp  novastorbakcup  name prefix  service  Novastor Backup
    308/udp  novastorbakcup  name prefix  service  Novastor Backup
    """

    __slots__ = ()

    def _table(self) -> Table:
        from portreg.answers.views import search_table

        return search_table(self)

    def _frame(self) -> pandas.DataFrame:
        from portreg.answers.frames import search_frame  # see there for the columns

        return search_frame(self)


@public
class Blocks(ShownAsTable, tuple[Block, ...]):
    """Blocks of ports not assigned, in port order, as :func:`~portreg.unassigned` returns them.

    >>> from portreg import Status, unassigned
    >>> free = unassigned("system", "tcp")
    >>> free == tuple(free), free.port_count(Status.UNASSIGNED)
    (True, 284)
    """

    __slots__ = ()

    def port_count(self, status: Status | str | None = None) -> int:
        """How many ports the blocks hold; with ``status``, in blocks of that status only."""
        return sum(len(b) for b in self if status is None or b.status == status)

    def _table(self) -> Table:
        from portreg.answers.views import blocks_table

        return blocks_table(self)

    def _frame(self) -> pandas.DataFrame:
        from portreg.answers.frames import blocks_frame  # see there for the columns

        return blocks_frame(self)
