"""Result tuples that show themselves as tables: :class:`SearchResults`, :class:`Blocks`.

What :func:`~portreg.search` and :func:`~portreg.unassigned` return. Each is a plain
tuple in every other way (equal to a tuple of the same items, slicing to a plain
tuple, immutable, picklable), as :class:`~portreg.PortTable` is for neighbours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg._shown import ShownAsTable
from portreg.blocks import Block
from portreg.model import Status
from portreg.text_search import SearchHit

if TYPE_CHECKING:
    import pandas

    from portreg.display import Table

__all__ = ["Blocks", "SearchResults"]


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
        from portreg.display import search_table

        return search_table(self)

    def _frame(self) -> pandas.DataFrame:
        from portreg.dataframes import search_frame  # see there for the columns

        return search_frame(self)


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
        from portreg.display import blocks_table

        return blocks_table(self)

    def _frame(self) -> pandas.DataFrame:
        from portreg.dataframes import blocks_frame  # see there for the columns

        return blocks_frame(self)
