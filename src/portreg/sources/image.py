"""The packaged image's container: named sections of bytes behind one JSON header.

The image is read with one read and sliced by offsets, as ``zoneinfo`` reads its
files: nothing is parsed until a question needs it. Its layout:

- a header of text lines, ``key<TAB>value``, ended by an empty line: the format name
  and version, the provenance, and one ``section<TAB>name<TAB>offset<TAB>length``
  line a section, offsets counted from the header's end (plain lines rather than
  JSON: reading them needs no parser, which keeps the first lookup cheap);
- the sections' bytes, back to back.

Numbers are stored little-endian in :mod:`array` typecodes (``B``, ``H``, ``I``), so a
section becomes an array with one ``frombytes`` call; text is UTF-8, one value per
``"\\0"``-separated field (IANA's text never holds NUL: the readers refuse it).
"""

from __future__ import annotations

import itertools
import sys
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "Image",
    "ImageError",
    "TextColumn",
    "checksum",
    "encode_image",
    "join_texts",
    "lengths_of",
    "numbers",
    "packed",
    "split_texts",
]


class ImageError(ValueError):
    """The bytes are not a readable image; the caller names the file."""


def checksum(data: bytes) -> int:
    """The image's load-time checksum.

    CRC-32 detects the damage a checksum is here for (a truncated or corrupted
    install) and costs nothing to import, where ``hashlib`` costs more than the rest
    of the load; provenance uses sha256.
    """
    return zlib.crc32(data)


def encode_image(header: Mapping[str, str | int], sections: Mapping[str, bytes]) -> bytes:
    """One image: ``header`` with the section directory added, then the sections in the
    order given. Deterministic: same input, same bytes."""
    lines = []
    for key, value in sorted(header.items()):
        lines.append(_header_line(key, str(value)))
    offset = 0
    for name, body in sections.items():
        lines.append(_header_line("section", f"{name}\t{offset}\t{len(body)}"))
        offset += len(body)
    head = "".join(lines) + "\n"
    return head.encode("utf-8") + b"".join(sections.values())


def _header_line(key: str, value: str) -> str:
    if not key.isidentifier() or "\n" in value or "\r" in value:
        raise ValueError(f"a header line cannot hold {key!r}: {value!r}")
    return f"{key}\t{value}\n"


class Image:
    """A decoded image: its header, and each section as a zero-copy slice."""

    __slots__ = ("_body", "_sections", "_start", "header")

    def __init__(self, data: bytes) -> None:
        end = data.find(b"\n\n")
        if end < 0:
            raise ImageError("no header")
        try:
            lines = str(data[:end], "utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise ImageError(f"the header is not UTF-8 ({exc})") from None
        self.header: dict[str, str] = {}
        self._start = end + 2
        self._body = memoryview(data)[self._start :]
        self._sections: dict[str, tuple[int, int]] = {}
        for line in lines:
            key, tab, value = line.partition("\t")
            if not tab:
                raise ImageError(f"a header line is damaged: {line[:60]!r}")
            if key != "section":
                self.header[key] = value
                continue
            name, _, place = value.partition("\t")
            offset_text, _, length_text = place.partition("\t")
            if not (offset_text.isdigit() and length_text.isdigit()):
                raise ImageError(f"a section entry is damaged: {line[:60]!r}")
            offset, length = int(offset_text), int(length_text)
            if offset + length > len(self._body):
                raise ImageError(f"section {name!r} runs past the end")
            self._sections[name] = (offset, length)

    def section(self, name: str) -> memoryview:
        """The bytes of section ``name``, without copying."""
        try:
            offset, length = self._sections[name]
        except KeyError:
            raise ImageError(f"no section {name!r}") from None
        return self._body[offset : offset + length]

    def span(self, name: str) -> tuple[int, int]:
        """Where section ``name`` lies in the image's bytes: its start and its end."""
        offset, length = self._sections[name]
        return self._start + offset, self._start + offset + length

    def numbers(self, name: str, typecode: str) -> array[int]:
        """Section ``name`` as an array of ``typecode`` numbers."""
        return numbers(self.section(name), typecode)

    def starts(self, name: str) -> array[int]:
        """Section ``name``, stored by :func:`lengths_of`, as where each item starts and
        one past the end (0 first: one more entry than the section has lengths)."""
        return array("I", itertools.accumulate(self.numbers(name, "H"), initial=0))

    def texts(self, name: str) -> list[str]:
        """Section ``name`` as the values :func:`join_texts` joined."""
        return split_texts(self.section(name))

    def json(self, name: str) -> Any:
        """Section ``name`` parsed as JSON."""
        import json  # only the sections that need it pay for the parser

        try:
            return json.loads(bytes(self.section(name)))
        except ValueError as exc:
            raise ImageError(f"section {name!r} is not JSON ({exc})") from None


def lengths_of(starts: Sequence[int]) -> bytes:
    """Offsets (0 first, then where each item ends) stored as the items' lengths: small
    numbers that compress to a fraction of the offsets (read back by
    :meth:`Image.starts`)."""
    return packed((end - start for start, end in zip(starts, starts[1:])), "H")


def packed(values: Iterable[int], typecode: str) -> bytes:
    """``values`` as little-endian ``typecode`` numbers (``OverflowError`` if one does
    not fit, which the generator must hear of)."""
    result = array(typecode, values)
    if sys.byteorder == "big":  # pragma: no cover - the stored form is little-endian
        result.byteswap()
    return result.tobytes()


def numbers(data: bytes | memoryview, typecode: str) -> array[int]:
    """The inverse of :func:`packed`; a length that is not a whole number of items is
    refused (a truncated section)."""
    result = array(typecode)
    if len(data) % result.itemsize:
        raise ImageError(f"{len(data)} bytes is not a whole number of {typecode!r} items")
    result.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        result.byteswap()
    return result


class TextColumn:
    """One text field of every row, held as one string and where each value starts.

    One string instead of thousands keeps a column cheap to load and to hold; a value
    is a slice of it, made when asked for. Search reads the joined string whole.
    """

    __slots__ = ("joined", "starts")

    def __init__(self, joined: str, starts: Sequence[int]) -> None:
        #: The values joined by ``"\0"``.
        self.joined = joined
        #: Where each value starts in ``joined``, and one past the end.
        self.starts = starts

    @classmethod
    def of(cls, values: Sequence[str | None]) -> TextColumn:
        """The column of ``values`` (``None`` held as empty text)."""
        starts = array("I", [0])
        for value in values:
            starts.append(starts[-1] + len(value or "") + 1)
        return cls("\0".join(value or "" for value in values), starts)

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, position: int) -> str:
        return self.joined[self.starts[position] : self.starts[position + 1] - 1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextColumn):
            return NotImplemented
        return self.joined == other.joined and self.starts == other.starts

    __hash__ = None  # type: ignore[assignment]

    def to_sections(self, name: str) -> dict[str, bytes]:
        """The column as two sections: ``name`` (UTF-8) and ``name.lengths``."""
        if self.joined.count("\0") != max(len(self) - 1, 0):
            raise ValueError(f"a value of {name} holds a NUL character")
        return {name: self.joined.encode("utf-8"), f"{name}.lengths": lengths_of(self.starts)}

    @classmethod
    def from_image(cls, image: Image, name: str, count: int) -> TextColumn:
        """The column an image holds under ``name``, of ``count`` values."""
        try:
            joined = str(image.section(name), "utf-8")
        except UnicodeDecodeError as exc:
            raise ImageError(f"{name} is not UTF-8 ({exc})") from None
        starts = image.starts(f"{name}.lengths")
        if len(starts) != count + 1 or starts[0] != 0 or starts[-1] != len(joined) + 1:
            raise ImageError(f"{name} does not hold {count} values")
        return cls(joined, starts)


def join_texts(values: Sequence[str | None]) -> bytes:
    """Text values as one UTF-8 section; ``None`` is written as empty text."""
    for value in values:
        if value and "\0" in value:
            raise ValueError(f"text holds a NUL character: {value[:40]!r}")
    return "\0".join(value or "" for value in values).encode("utf-8")


def split_texts(data: bytes | memoryview) -> list[str]:
    """The values :func:`join_texts` wrote (empty text for ``None``)."""
    try:
        return str(data, "utf-8").split("\0")
    except UnicodeDecodeError as exc:
        raise ImageError(f"text is not UTF-8 ({exc})") from None
