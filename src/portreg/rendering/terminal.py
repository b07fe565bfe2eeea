"""Text from outside, made safe to show on a terminal or to write as one line.

portreg prints text that others wrote: IANA's registry (or any file a user brings),
the content of files quoted in errors, the names of other users' processes. A
terminal interprets some characters as commands: ESC and the C1 control CSI (U+009B)
start escape sequences that can move the cursor, clear the screen, set the window
title or write to the clipboard; BEL rings; CR and LF start a new line, so that a
field can pretend to be a line of portreg's own; bidi overrides (U+202E) reorder
what follows. :func:`neutralised` shows every such character as a visible escape
(``\\x1b``, ``\\u202e``), never as the character itself.

What is escaped: every character whose Unicode category is a control (Cc: C0, DEL,
C1 including U+0085), a format character (Cf: bidi controls, zero-width characters,
the byte-order mark), a line or paragraph separator (Zl, Zp: U+2028, U+2029), a lone
surrogate (Cs: the trace of undecodable bytes), or an unassigned code point (Cn).
Printable text, accents and scripts included, is kept as it is.
"""

from __future__ import annotations

__all__ = ["escaped", "is_unsafe", "neutralised"]

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def is_unsafe(character: str) -> bool:
    """Whether ``character`` (one code point) must not reach a terminal as itself."""
    if " " <= character <= "~":
        return False
    import unicodedata

    return unicodedata.category(character) in _UNSAFE_CATEGORIES


def escaped(character: str) -> str:
    """``character`` as a Python-style escape: ``\\n``, ``\\x1b``, ``\\u202e``, ``\\U000e0001``."""
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def neutralised(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape.

    >>> neutralised("evil\\x1b[2J\\u202eoff\\nnext line")
    'evil\\\\x1b[2J\\\\u202eoff\\\\nnext line'
    >>> neutralised("Müller, 東京")
    'Müller, 東京'
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, checked in C
    return "".join(escaped(c) if is_unsafe(c) else c for c in text)
