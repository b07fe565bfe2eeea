"""The packaged image's container: named sections of bytes behind a header of text lines.

The image is mapped (or read) whole and sliced by offsets, as ``zoneinfo`` reads its
files: nothing is parsed until a question needs it. Its layout:

- a header of text lines, ``key<TAB>value``, ended by an empty line: the format name
  and version, the provenance, and one ``section<TAB>name<TAB>offset<TAB>length<TAB>crc``
  line a section, offsets counted from the header's end (plain lines rather than
  JSON: reading them needs no parser, which keeps the first lookup cheap);
- the sections' bytes, back to back.

Each section carries its own CRC-32, checked the first time the section is read, so
a question pays for checking what it reads and no more; the header's own CRC-32 is
recorded by the generator beside the package (``portreg._data``) and covers the rest.

Numbers are stored little-endian in :mod:`array` typecodes (``B``, ``H``, ``I``), so a
section becomes an array with one ``frombytes`` call; text is UTF-8, one value per
``"\\0"``-separated field (IANA's text never holds NUL: the readers refuse it).
Variable-length items are stored by their lengths, with the start of every
:data:`SKIP`-th item beside them (:class:`Offsets`).
"""

from __future__ import annotations

import bisect
import itertools
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Union, overload

if TYPE_CHECKING:
    import mmap

__all__ = [
    "SKIP",
    "CodedTexts",
    "Image",
    "ImageError",
    "Offsets",
    "OptionalTexts",
    "RowTexts",
    "TextColumn",
    "TextValues",
    "checksum",
    "codes_fit",
    "encode_image",
    "join_texts",
    "numbers",
    "packed",
    "split_texts",
]

#: The typecodes of the numbers sections hold.
_IntCode = Literal["B", "H", "I", "h", "i"]
#: One stored start every this many items of a length-coded section.
SKIP = 64


class ImageError(ValueError):
    """The bytes are not a readable image; the caller names the file."""


def checksum(data: bytes | memoryview) -> int:
    """The load-time checksum of a header or a section.

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
        entry = f"{name}\t{offset}\t{len(body)}\t{checksum(body)}"
        lines.append(_header_line("section", entry))
        offset += len(body)
    head = "".join(lines) + "\n"
    return head.encode("utf-8") + b"".join(sections.values())


def _header_line(key: str, value: str) -> str:
    if not key.isidentifier() or "\n" in value or "\r" in value:
        raise ValueError(f"a header line cannot hold {key!r}: {value!r}")
    return f"{key}\t{value}\n"


class Image:
    """A decoded image: its header, and each section as a zero-copy slice.

    With ``verify``, each section is checked against its CRC-32 the first time it is
    read, and :class:`ImageError` raised if it does not match.
    """

    __slots__ = ("_body", "_checked", "_sections", "_start", "header", "header_checksum")

    def __init__(self, data: bytes | mmap.mmap, *, verify: bool = True) -> None:
        end = data.find(b"\n\n")
        if end < 0:
            raise ImageError("no header")
        head = data[:end]
        #: The CRC-32 of the header (its lines, without the blank line that ends it).
        self.header_checksum = checksum(head)
        try:
            lines = str(head, "utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise ImageError(f"the header is not UTF-8 ({exc})") from None
        self.header: dict[str, str] = {}
        self._start = end + 2
        self._body = memoryview(data)[self._start :]
        self._sections: dict[str, tuple[int, int, int]] = {}
        # Sections already checked (all of them, when not verifying).
        self._checked: set[str] | None = set() if verify else None
        for line in lines:
            key, tab, value = line.partition("\t")
            if not tab:
                raise ImageError(f"a header line is damaged: {line[:60]!r}")
            if key != "section":
                self.header[key] = value
                continue
            name, *place = value.split("\t")
            if len(place) != 3 or not all(number.isdigit() for number in place):
                raise ImageError(f"a section entry is damaged: {line[:60]!r}")
            offset, length, crc = map(int, place)
            if offset + length > len(self._body):
                raise ImageError(f"section {name!r} runs past the end")
            self._sections[name] = (offset, length, crc)

    def section(self, name: str) -> memoryview:
        """The bytes of section ``name``, without copying."""
        try:
            offset, length, crc = self._sections[name]
        except KeyError:
            raise ImageError(f"no section {name!r}") from None
        body = self._body[offset : offset + length]
        checked = self._checked
        if checked is not None and name not in checked:
            if checksum(body) != crc:
                raise ImageError(f"section {name!r} is damaged (it does not match its checksum)")
            checked.add(name)  # a race at worst checks twice
        return body

    @property
    def verified(self) -> bool:
        """Whether sections are checked against their CRC-32s. The loader asks for
        that only for the packaged image, whose header it also checks against the
        generator's record: its bytes are then the generator's own, whose consistency
        the suite checks, and a reader may skip checks of its own that cost a scan."""
        return self._checked is not None

    def check_all(self) -> None:
        """Check every section now (rather than when each is first read)."""
        for name in self._sections:
            self.section(name)

    def span(self, name: str) -> tuple[int, int]:
        """Where section ``name`` lies in the image's bytes: its start and its end."""
        offset, length, _ = self._sections[name]
        return self._start + offset, self._start + offset + length

    def numbers(self, name: str, typecode: str) -> array[int]:
        """Section ``name`` as an array of ``typecode`` numbers."""
        return numbers(self.section(name), typecode)

    def view(self, name: str, typecode: _IntCode) -> Sequence[int]:
        """Section ``name`` as ``typecode`` numbers, without copying where the machine
        stores numbers as the image does (little-endian)."""
        if sys.byteorder == "big":  # pragma: no cover - the stored form is little-endian
            return self.numbers(name, typecode)
        body = self.section(name)
        if len(body) % array(typecode).itemsize:
            raise ImageError(f"{len(body)} bytes is not a whole number of {typecode!r} items")
        return body.cast(typecode)

    def offsets(self, name: str) -> Offsets:
        """The places of the items :meth:`Offsets.to_sections` stored under ``name``."""
        lengths = self.numbers(f"{name}.lengths", "H")
        skips = self.numbers(f"{name}.skips", "I")
        if len(skips) != len(lengths) // SKIP + 2 or skips[0] != 0:
            raise ImageError(f"{name}'s stored starts do not fit its {len(lengths)} items")
        return Offsets(lengths, skips)

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


class Offsets:
    """Where each item of a length-coded section starts.

    The image stores each item's length, and the start of every :data:`SKIP`-th item:
    one item's place is then a sum of fewer than :data:`SKIP` lengths, and the table
    of every start (what a walk over all the items wants) is built only once
    something asks for many of them.
    """

    __slots__ = ("_asked", "_lengths", "_skips", "_starts")

    #: After this many items asked one at a time, every start is worked out at once.
    ONE_AT_A_TIME = 256

    def __init__(
        self, lengths: Sequence[int], skips: Sequence[int], starts: array[int] | None = None
    ) -> None:
        self._lengths = lengths
        self._skips = skips
        self._starts = starts
        self._asked = 0

    @classmethod
    def of(cls, starts: Sequence[int]) -> Offsets:
        """The offsets whose starts are ``starts`` (0 first, then where each item ends)."""
        whole = array("I", starts)
        lengths = array("I", (end - start for start, end in zip(whole, whole[1:])))
        return cls(lengths, _skips_of(whole), whole)

    @classmethod
    def of_lengths(cls, lengths: Iterable[int]) -> Offsets:
        """The offsets of items of the lengths given, laid end to end."""
        return cls.of(array("I", itertools.accumulate(lengths, initial=0)))

    def __len__(self) -> int:
        """How many items there are."""
        return len(self._lengths)

    @property
    def end(self) -> int:
        """Where the last item ends: the size of what the items are stored in."""
        return self._skips[-1]

    def span(self, position: int) -> tuple[int, int]:
        """Where item ``position`` starts and ends."""
        starts = self._starts
        if starts is None:
            if self._asked < self.ONE_AT_A_TIME:
                self._asked += 1
                lengths = self._lengths
                if not 0 <= position < len(lengths):
                    raise IndexError(f"item {position} of {len(lengths)}")
                chunk = position // SKIP
                start = self._skips[chunk] + sum(lengths[chunk * SKIP : position])
                return start, start + lengths[position]
            starts = self.starts()
        return starts[position], starts[position + 1]

    def item_at(self, offset: int) -> int:
        """The item whose span holds ``offset`` (``start <= offset < end``)."""
        starts = self._starts
        if starts is not None:
            return bisect.bisect_right(starts, offset) - 1
        skips, lengths = self._skips, self._lengths
        if not 0 <= offset < skips[-1]:
            raise IndexError(f"offset {offset} is outside the items (0-{skips[-1] - 1})")
        chunk = bisect.bisect_right(skips, offset, 0, len(skips) - 1) - 1
        position, end = chunk * SKIP, skips[chunk]
        while True:  # fewer than SKIP steps; empty items are stepped over
            end += lengths[position]
            if offset < end:
                return position
            position += 1

    def starts(self) -> array[int]:
        """Where every item starts, and one past the end (0 first: one more entry than
        there are items). Built once; :class:`ImageError` if the lengths do not add
        up to the stored starts."""
        starts = self._starts
        if starts is None:
            starts = array("I", itertools.accumulate(self._lengths, initial=0))
            if [*starts[::SKIP], starts[-1]] != list(self._skips):
                raise ImageError("the stored starts do not match the lengths")
            self._starts = starts
        return starts

    def to_sections(self, name: str) -> dict[str, bytes]:
        """The offsets as the two sections :meth:`Image.offsets` reads: the lengths
        (small numbers that compress to a fraction of the starts) and every
        :data:`SKIP`-th start."""
        starts = self.starts()
        return {
            f"{name}.lengths": packed((e - s for s, e in zip(starts, starts[1:])), "H"),
            f"{name}.skips": packed(_skips_of(starts), "I"),
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Offsets):
            return NotImplemented
        return self.starts() == other.starts()

    __hash__ = None  # type: ignore[assignment]


def _skips_of(starts: Sequence[int]) -> array[int]:
    """The start of every :data:`SKIP`-th item, then the end."""
    return array("I", [*starts[::SKIP], starts[-1]])


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

    __slots__ = ("_offsets", "encoded", "joined")

    def __init__(self, joined: str, offsets: Offsets, encoded: memoryview | None = None) -> None:
        #: The values joined by ``"\0"``.
        self.joined = joined
        #: ``joined`` in UTF-8, where the column was read from an image (its section).
        self.encoded = encoded
        self._offsets = offsets

    def utf8(self) -> bytes | memoryview:
        """``joined`` in UTF-8: the image's own bytes where it was read from one."""
        encoded = self.encoded
        return encoded if encoded is not None else self.joined.encode("utf-8")

    @classmethod
    def of(cls, values: Sequence[str | None]) -> TextColumn:
        """The column of ``values`` (``None`` held as empty text)."""
        offsets = Offsets.of_lengths(len(value or "") + 1 for value in values)
        return cls("\0".join(value or "" for value in values), offsets)

    @property
    def starts(self) -> array[int]:
        """Where each value starts in ``joined``, and one past the end (each value is
        followed by its ``"\0"``)."""
        return self._offsets.starts()

    def position_of(self, offset: int) -> int:
        """The position of the value that ``joined[offset]`` belongs to (its ``"\0"``
        belongs to the value it ends)."""
        return self._offsets.item_at(offset)

    def span(self, position: int) -> tuple[int, int]:
        """Where value ``position`` starts and ends in ``joined``."""
        start, end = self._offsets.span(position)
        return start, end - 1

    def every_start(self) -> None:
        """Work out where every value starts now, before a walk over all of them."""
        self._offsets.starts()

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, position: int) -> str:
        start, end = self._offsets.span(position)
        return self.joined[start : end - 1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextColumn):
            return NotImplemented
        return self.joined == other.joined and self._offsets == other._offsets

    __hash__ = None  # type: ignore[assignment]

    def to_sections(self, name: str) -> dict[str, bytes]:
        """The column as sections: ``name`` (UTF-8) and its offsets (see :meth:`Image.offsets`)."""
        if self.joined.count("\0") != max(len(self) - 1, 0):
            raise ValueError(f"a value of {name} holds a NUL character")
        return {name: self.joined.encode("utf-8"), **self._offsets.to_sections(name)}

    @classmethod
    def from_image(cls, image: Image, name: str, count: int | None = None) -> TextColumn:
        """The column an image holds under ``name``, of ``count`` values (as many as it
        stores, for ``None``)."""
        encoded = image.section(name)
        try:
            joined = str(encoded, "utf-8")
        except UnicodeDecodeError as exc:
            raise ImageError(f"{name} is not UTF-8 ({exc})") from None
        offsets = image.offsets(name)
        count = len(offsets) if count is None else count
        # Each value is followed by its "\0" but the last, whose "\0" is not stored.
        if len(offsets) != count or offsets.end != (len(joined) + 1 if count else 0):
            raise ImageError(f"{name} does not hold {count} values")
        return cls(joined, offsets, encoded)


class TextValues(Sequence[str]):
    """Every value of a :class:`TextColumn`, as a read-only sequence: split out of
    the column once, the first time one is asked for (one call in C, where slicing
    each value as asked would sum lengths each time). Equal to any sequence of the
    same strings, a tuple included.
    """

    __slots__ = ("_every", "column")

    def __init__(self, column: TextColumn) -> None:
        #: The column the values are read from.
        self.column = column
        self._every: list[str] | None = None

    def __len__(self) -> int:
        return len(self.column)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        every = self._every
        if every is None:
            every = self.every()
        return tuple(every[index]) if isinstance(index, slice) else every[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.every())

    def every(self) -> list[str]:
        """Every value, split out of the column once."""
        every = self._every
        if every is None:
            column = self.column
            every = column.joined.split("\0") if len(column) else []  # one call, not a slice each
            if len(every) != len(column):  # a value holds a NUL (rows built by hand): slice
                every = [column[position] for position in range(len(column))]
            self._every = every
        return every

    def utf8(self) -> bytes | memoryview:
        """The values as stored: UTF-8, separated by NULs (see :meth:`TextColumn.utf8`)."""
        return self.column.utf8()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextValues):
            return self.column == other.column
        if isinstance(other, (tuple, list)):
            return self.every() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextValues(<{len(self)} values>)"


class CodedTexts:
    """One text field of every row, dictionary-encoded: the distinct non-empty values
    sorted, once each (a :class:`TextColumn`), and each row's code among them, -1 for
    empty text.

    A service's tcp and udp rows share their name and description, and most ports'
    text is one of a few thousand values: stored once, the sorted values are also the
    categories bulk annotation hands to pandas and Arrow as they are.
    """

    __slots__ = ("_asked", "_code_bytes", "_rows", "codes", "values")

    #: After this many values asked for one at a time, every value's rows are listed.
    ONE_AT_A_TIME = 64

    def __init__(self, values: TextColumn, codes: array[int]) -> None:
        #: The distinct non-empty values, sorted.
        self.values = values
        #: Each row's code in ``values``; -1 for empty text.
        self.codes = codes
        self._rows: list[list[int]] | None = None
        self._asked = 0
        self._code_bytes: bytes | None = None

    @classmethod
    def of(cls, texts: Sequence[str | None]) -> CodedTexts:
        """The coded column of ``texts`` (``None`` held as empty text)."""
        values = sorted({text for text in texts if text})
        code_of = dict(zip(values, range(len(values))))
        code_of[""] = -1
        typecode = "h" if len(values) <= 0x7FFF else "i"  # the image stores "h"
        codes = array(typecode, [code_of[text or ""] for text in texts])
        return cls(TextColumn.of(values), codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, position: int) -> str:
        code = self.codes[position]
        return "" if code < 0 else self.values[code]

    def categories(self) -> TextValues:
        """Every value, in code order."""
        return TextValues(self.values)

    def rows_of(self, code: int) -> list[int]:
        """The positions of the rows whose code is ``code``, in order.

        A search matching a few values finds their rows by searching the codes'
        bytes; one matching many has every value's rows listed, once.
        """
        rows = self._rows
        if rows is None:
            if self._asked < self.ONE_AT_A_TIME:
                self._asked += 1
                return self._find(code)
            rows = [[] for _ in range(len(self.values))]
            for position, each in enumerate(self.codes):
                if each >= 0:
                    rows[each].append(position)
            self._rows = rows
        return rows[code]

    def _find(self, code: int) -> list[int]:
        codes = self.codes
        stored = self._code_bytes
        if stored is None:
            stored = self._code_bytes = codes.tobytes()
        wanted, size = array(codes.typecode, (code,)).tobytes(), codes.itemsize
        found = []
        at = stored.find(wanted)
        while at >= 0:
            if at % size == 0:  # a code's own bytes, not the end of one and the next's start
                found.append(at // size)
            at = stored.find(wanted, at + 1)
        return found

    def every_start(self) -> None:
        """Work out where every value starts now, before a walk over all of them."""
        self.values.every_start()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CodedTexts):
            return NotImplemented
        return self.values == other.values and list(self.codes) == list(other.codes)

    __hash__ = None  # type: ignore[assignment]

    def to_sections(self, name: str) -> dict[str, bytes]:
        """The column as sections: the values as :meth:`TextColumn.to_sections` writes
        them under ``name``, and the codes under ``name.codes``."""
        return {**self.values.to_sections(name), f"{name}.codes": packed(self.codes, "h")}

    @classmethod
    def from_image(cls, image: Image, name: str, count: int | None = None) -> CodedTexts:
        """The column an image holds under ``name``, of ``count`` rows (as many as it
        stores, for ``None``)."""
        values = TextColumn.from_image(image, name)
        codes = image.numbers(f"{name}.codes", "h")
        if count is not None and len(codes) != count:
            raise ImageError(f"{name} does not hold {count} codes")
        if not image.verified and not codes_fit(codes, len(values)):
            raise ImageError(f"{name} holds codes past its {len(values)} values")
        return cls(values, codes)


def codes_fit(codes: Sequence[int], count: int) -> bool:
    """Whether every code names one of ``count`` values, or is -1 for none."""
    return not codes or -1 <= min(codes) <= max(codes) < count


#: A text field of every row, held either way.
RowTexts = Union[TextColumn, CodedTexts]


class OptionalTexts:
    """Text fields that may be absent, as columns: one :class:`TextColumn` a field, and
    a byte a row whose bit ``i`` is set where field ``i`` is ``None`` (which empty
    text cannot tell apart from ``""``)."""

    __slots__ = ("_absent", "_columns")

    def __init__(self, absent: bytes, columns: Sequence[TextColumn]) -> None:
        self._absent = absent
        self._columns = tuple(columns)

    @staticmethod
    def sections(
        name: str, fields: Sequence[str], rows: Sequence[Sequence[str | None]]
    ) -> dict[str, bytes]:
        """``rows`` (each a value per field) as sections: ``name.absent``, ``name.<field>``."""
        absent = (sum(1 << bit for bit, v in enumerate(row) if v is None) for row in rows)
        sections = {f"{name}.absent": bytes(absent)}
        for bit, field in enumerate(fields):
            column = TextColumn.of([row[bit] for row in rows])
            sections.update(column.to_sections(f"{name}.{field}"))
        return sections

    @classmethod
    def from_image(cls, image: Image, name: str, fields: Sequence[str]) -> OptionalTexts:
        """The fields an image holds under ``name``."""
        absent = bytes(image.section(f"{name}.absent"))
        columns = [TextColumn.from_image(image, f"{name}.{f}", len(absent)) for f in fields]
        return cls(absent, columns)

    def __len__(self) -> int:
        return len(self._absent)

    def values(self, position: int) -> tuple[str | None, ...]:
        """Row ``position``'s value of each field, ``None`` where it is absent."""
        gone = self._absent[position]
        columns = enumerate(self._columns)
        return tuple(None if gone >> bit & 1 else column[position] for bit, column in columns)


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
