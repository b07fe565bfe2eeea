"""What the result tuples share: showing themselves as a table, as text and as a frame.

:class:`~portreg.PortTable`, :class:`~portreg.SearchResults` and
:class:`~portreg.Blocks` are tuples that each say how to make their
:class:`~portreg.display.Table` and their DataFrame; this mixin turns those into
``as_text()``, ``as_html()``, ``to_pandas()`` and the notebook hooks. The display
and pandas modules are imported only when something is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas

    from portreg.rendering.tables import PrettyPrinter, Table

__all__ = ["ShownAsTable"]


class ShownAsTable:
    """Mixin for a tuple subclass: implement ``_table()`` and ``_frame()``."""

    __slots__ = ()

    def _table(self) -> Table:
        raise NotImplementedError

    def _frame(self) -> pandas.DataFrame:
        raise NotImplementedError

    def as_text(self) -> str:
        """The table as aligned plain text, highlighted rows marked ``*``."""
        from portreg.rendering.tables import render_text

        return render_text(self._table())

    def as_html(self) -> str:
        """The table as an HTML ``<table>``, every registry string escaped."""
        from portreg.rendering.tables import render_html

        return render_html(self._table())

    def to_pandas(self) -> pandas.DataFrame:
        """One row per item, with typed columns; needs ``pip install 'portreg[pandas]'``."""
        return self._frame()

    def _repr_html_(self) -> str:
        return self.as_html()

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.rendering.tables import pretty

        pretty(printer, cycle, self.as_text(), f"{type(self).__name__}(...)")
