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

    def as_text(self, *, max_rows: int | None = None) -> str:
        """The table as aligned plain text, highlighted rows marked ``*``.

        Every row, or past ``max_rows`` only the first and last ``max_rows // 2``.
        """
        from portreg.rendering.tables import render_text

        return render_text(self._table(), max_rows=max_rows)

    def as_html(self, *, max_rows: int | None = None) -> str:
        """The table as an HTML ``<table>``, every registry string escaped.

        Every row, or past ``max_rows`` only the first and last ``max_rows // 2``.
        """
        from portreg.rendering.tables import render_html

        return render_html(self._table(), max_rows=max_rows)

    def to_pandas(self) -> pandas.DataFrame:
        """One row per item, with typed columns; needs ``pip install 'portreg[pandas]'``."""
        return self._frame()

    # Notebooks and IPython show long tables by their head and tail (portreg.options).

    def _repr_html_(self) -> str:
        from portreg.rendering.options import options

        return self.as_html(max_rows=options.max_rows)

    def _repr_pretty_(self, printer: PrettyPrinter, cycle: bool) -> None:
        from portreg.rendering.options import options
        from portreg.rendering.tables import pretty

        text = self.as_text(max_rows=options.max_rows)
        pretty(printer, cycle, text, f"{type(self).__name__}(...)")
