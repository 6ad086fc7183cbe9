"""The rules index on disk: sorted key tables read in place, so a question reads only its entries.

    MAGIC | header length (u32) | header crc32 (u32) | header (marshal) | tables...

The header holds the key the index was built for, the small values (uses, regions, notes) and,
for each table, where it lies. A table of n keys is

    n (u32) | key offsets (n+1 x u32) | value offsets (n+1 x u32) | value crc32s (n x u32)
      | keys (UTF-8) | values

with the keys in byte order (which is code-point order), so a lookup is a binary search over the
memory-mapped file, and each value has its own crc32. A damaged index raises Damaged
when the damage is met, never a wrong answer: the header and each table's keys are checked when
first used, each value when read.
"""

from __future__ import annotations

import marshal
import mmap
import sys
import zlib
from collections.abc import Iterator
from itertools import accumulate
from operator import itemgetter
from typing import Any

MAGIC = b"LICHECK\x04"
_HEAD = len(MAGIC) + 8


class Damaged(ValueError):
    """The index file is not what licheck wrote."""


def _u32(value: int) -> bytes:
    return value.to_bytes(4, sys.byteorder)


def _pad(size: int) -> bytes:
    return b"\0" * (-size % 4)


def encode(key: str, small: Any, tables: dict[str, list[tuple[str, bytes]]]) -> list[bytes]:
    """The bytes of an index file: `tables` maps a table name to (key, value) pairs."""
    from array import array  # only when an index is written

    chunks: list[bytes] = []
    where: dict[str, tuple[int, int, int]] = {}
    offset = 0
    for name, pairs in tables.items():
        rows = sorted(pairs, key=itemgetter(0))  # str order is code-point order, UTF-8's byte order
        keys = list(map(str.encode, map(itemgetter(0), rows)))
        values = list(map(itemgetter(1), rows))
        numbers = array("I", [len(rows), 0])
        numbers.extend(accumulate(map(len, keys)))
        numbers.append(0)
        numbers.extend(accumulate(map(len, values)))
        numbers.extend(map(zlib.crc32, values))
        keyed = b"".join(keys)
        checked = numbers.tobytes() + keyed + _pad(len(keyed))
        size = sum(map(len, values))
        where[name] = (offset, len(checked), zlib.crc32(checked))
        chunks += [checked, b"".join(values), _pad(size)]  # a few large writes, not one per value
        offset += len(checked) + size + len(_pad(size))
    header = marshal.dumps((key, sys.byteorder, small, where))
    header += _pad(len(header))
    return [MAGIC, _u32(len(header)), _u32(zlib.crc32(header)), header, *chunks]


class IndexFile:
    """An index file opened in place. `key`, `small`, and `table(name)`."""

    def __init__(self, data: mmap.mmap | bytes) -> None:
        if data[: len(MAGIC)] != MAGIC or len(data) < _HEAD:
            raise Damaged("not a licheck index")
        size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], sys.byteorder)
        crc = int.from_bytes(data[len(MAGIC) + 4 : _HEAD], sys.byteorder)
        header = data[_HEAD : _HEAD + size]
        if len(header) != size or zlib.crc32(header) != crc:
            raise Damaged("header checksum")
        try:
            self.key, byteorder, self.small, self._where = marshal.loads(header)
        except (ValueError, EOFError, TypeError) as error:
            raise Damaged(f"header: {error}") from None
        if byteorder != sys.byteorder or not isinstance(self._where, dict):
            raise Damaged("another machine's index")
        self._data = data
        self._base = _HEAD + size
        self._tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        found = self._tables.get(name)
        if found is None:
            try:
                offset, length, crc = self._where[name]
                found = Table(self._data, self._base + offset, length, crc)
            except (KeyError, TypeError, ValueError) as error:
                raise Damaged(f"table {name}: {error}") from None
            self._tables[name] = found
        return found


class Table:
    """One sorted table: `get(key)` by binary search, `keys()` in order, `len()`."""

    def __init__(self, data: mmap.mmap | bytes, start: int, length: int, crc: int) -> None:
        view = memoryview(data)[start : start + length]  # checked in place: nothing copied
        if len(view) != length or length < 12 or zlib.crc32(view) != crc:
            raise Damaged("table checksum")
        self.count = n = int.from_bytes(view[:4], sys.byteorder)
        keys_at = 4 + 4 * (n + 1) * 2 + 4 * n
        if keys_at > length:
            raise Damaged("table size")
        self._koffs = view[4 : 4 + 4 * (n + 1)].cast("I")
        self._voffs = view[4 + 4 * (n + 1) : 4 + 8 * (n + 1)].cast("I")
        self._crcs = view[4 + 8 * (n + 1) : keys_at].cast("I")
        self._keys = view[keys_at:]
        self._values = start + length
        self._data = data
        if self._koffs[-1] > len(self._keys) or self._values + self._voffs[-1] > len(data):
            raise Damaged("table bounds")

    def __len__(self) -> int:
        return self.count

    def key(self, i: int) -> bytes:
        return self._keys[self._koffs[i] : self._koffs[i + 1]].tobytes()

    def find(self, key: str) -> int:
        """The position of `key`, or -1."""
        wanted = key.encode("utf-8", "surrogatepass")
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.key(mid) < wanted:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self.count and self.key(lo) == wanted else -1

    def value(self, i: int) -> bytes:
        start, end = self._values + self._voffs[i], self._values + self._voffs[i + 1]
        raw = self._data[start:end]
        if zlib.crc32(raw) != self._crcs[i]:
            raise Damaged("value checksum")
        return raw

    def get(self, key: str) -> bytes | None:
        i = self.find(key)
        return None if i < 0 else self.value(i)

    def sorted_keys(self) -> Iterator[str]:
        for i in range(self.count):
            yield self.key(i).decode()
