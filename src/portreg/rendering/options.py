"""How answers show themselves in notebooks and IPython: :data:`portreg.options`.

>>> from portreg import options, search
>>> options.max_rows
60
>>> len(search("a"))
9890
>>> options.max_rows = 10  # search("a") in a notebook: 5 rows, "… 9,880 more rows", 5 rows
>>> options.reset()
"""

from __future__ import annotations

import attrs

from portreg.errors import InputTypeError

__all__ = ["DisplayOptions", "options"]


def _check_max_rows(instance: object, attribute: object, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"max_rows must be an int or None; got {type(value).__name__}")
    if value < 2:
        raise ValueError(f"max_rows must be 2 or more, or None for every row; got {value}")


@attrs.define
class DisplayOptions:
    """Settings of the notebook and IPython displays, as ``portreg.options``.

    ``max_rows``: a table longer than this shows its first and last ``max_rows // 2``
    rows, with a row saying how many are left out between them (as pandas'
    ``display.max_rows`` does); ``None`` shows every row. ``as_text()`` and
    ``as_html()`` show every row unless given ``max_rows``.
    """

    max_rows: int | None = attrs.field(default=60, validator=_check_max_rows)

    def reset(self) -> None:
        """Back to the defaults."""
        self.max_rows = attrs.fields(DisplayOptions).max_rows.default


#: The settings in use (see :class:`DisplayOptions`).
options = DisplayOptions()
