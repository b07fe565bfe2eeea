"""Result tuples that show themselves as tables: :class:`SearchResults`, :class:`Blocks`.

What :func:`~portreg.search` and :func:`~portreg.unassigned` return. Each is a plain
tuple in every other way (equal to a tuple of the same items, slicing to a plain
tuple, immutable, picklable), as :class:`~portreg.PortTable` is for neighbours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portreg.blocks import Block
from portreg.model import Status
from portreg.text_search import SearchHit

if TYPE_CHECKING:
    import pandas

    from portreg.display import PrettyPrinter, Table

__all__ = ["Blocks", "SearchResults"]


class SearchResults(tuple[SearchHit, ...]):
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

    def as_text(self) -> str:
        """The hits as aligned plain text."""
        from portreg.display import render_text

        return render_text(self._table())

    def as_html(self) -> str:
        """The hits as an HTML ``<table>``, every registry string escaped."""
        from portreg.display import render_html

        return render_html(self._table())

    def to_pandas(self) -> pandas.DataFrame:
        """One row per hit; see :func:`portreg.dataframes.search_frame`.

        Needs pandas: ``pip install 'portreg[pandas]'``.
        """
        from portreg.dataframes import search_frame

        return search_frame(self)

    def _repr_html_(self) -> str:
        return self.as_html()

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.display import pretty

        pretty(printer, cycle, self.as_text(), "SearchResults(...)")


class Blocks(tuple[Block, ...]):
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

    def as_text(self) -> str:
        """The blocks as aligned plain text, the unassigned ones marked ``*``."""
        from portreg.display import render_text

        return render_text(self._table())

    def as_html(self) -> str:
        """The blocks as an HTML ``<table>``, the unassigned ones highlighted."""
        from portreg.display import render_html

        return render_html(self._table())

    def to_pandas(self) -> pandas.DataFrame:
        """One row per block; see :func:`portreg.dataframes.blocks_frame`.

        Needs pandas: ``pip install 'portreg[pandas]'``.
        """
        from portreg.dataframes import blocks_frame

        return blocks_frame(self)

    def _repr_html_(self) -> str:
        return self.as_html()

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.display import pretty

        pretty(printer, cycle, self.as_text(), "Blocks(...)")
