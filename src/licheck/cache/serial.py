"""Licheck's own values as marshal-able data, and back: the format of the caches.

pickle would do this, but importing it costs 7M instructions (about 2.5 ms) on every run, more
than answering the question; marshal is built into the interpreter. Only what licheck stores is
handled: the NamedTuples and enums of a `Types` registry, dates, paths, tuples, frozensets, dicts
and plain values. Tuples always carry a tag, so plain strings and numbers pass through untouched.

Each kind of cached value has its registry, made by its owner from the classes themselves (the
rules index from the domain's, a manifest from those and its own): a stored value names a type
by its position in that registry, so a crafted cache can name nothing else, and nothing is ever
imported by name.
"""

from __future__ import annotations

import enum
from datetime import date
from pathlib import Path, PurePath
from typing import Any

_PLAIN = frozenset((str, int, float, bool, bytes, type(None)))


class Types:
    """The only types a cache of one kind may hold, spelt out by the code that stores it."""

    def __init__(self, *classes: type) -> None:
        ordered = sorted(set(classes), key=lambda cls: f"{cls.__module__}:{cls.__qualname__}")
        for cls in ordered:
            if not issubclass(cls, (tuple, enum.Enum)):
                raise TypeError(f"{cls.__qualname__}: only NamedTuples and enums are stored")
        self.classes: tuple[type, ...] = tuple(ordered)
        self._codes = {cls: code for code, cls in enumerate(ordered)}

    def __add__(self, other: Types) -> Types:
        return Types(*self.classes, *other.classes)

    def _code(self, cls: type) -> int:
        code = self._codes.get(cls)
        if code is None:
            raise TypeError(f"cannot store a {cls.__module__}:{cls.__qualname__}: not in this registry")
        return code

    def _class(self, code: Any) -> Any:
        if type(code) is not int or not 0 <= code < len(self.classes):
            raise ValueError(f"not a licheck type: {code!r}")
        return self.classes[code]

    def flatten(self, value: Any) -> Any:
        """`value` as nested tuples, dicts and plain values that marshal can write."""
        if type(value) in _PLAIN:  # most values: first, and without a chain of isinstance calls
            return value
        if isinstance(value, enum.Enum):
            return ("E", self._code(type(value)), value.value)
        if isinstance(value, tuple):
            if hasattr(value, "_fields"):
                return ("N", self._code(type(value)), tuple(self.flatten(item) for item in value))
            return ("T", tuple(self.flatten(item) for item in value))
        if isinstance(value, date):
            return ("D", value.toordinal())
        if isinstance(value, PurePath):
            return ("P", str(value))
        if isinstance(value, frozenset):
            return ("F", tuple(self.flatten(item) for item in value))
        if isinstance(value, dict) or hasattr(value, "items"):
            return ("M", tuple((key, self.flatten(item)) for key, item in value.items()))
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return value
        raise TypeError(f"cannot store a {type(value).__name__}")

    def restore(self, value: Any) -> Any:
        """The inverse of flatten. (Plain fields are passed over inline rather than by a call each:
        restoring every model for a 500-model check spent most of its time in those calls.)"""
        if type(value) is not tuple:
            return value
        tag = value[0]
        if tag == "N":  # the most common node: every entry is one
            cls = self._class(value[1])
            fields = [self.restore(item) if type(item) is tuple else item for item in value[2]]
            if len(fields) != len(cls._fields):
                raise ValueError(f"{cls.__name__}: {len(fields)} fields, not {len(cls._fields)}")
            return tuple.__new__(cls, fields)
        if tag == "T":
            return tuple([self.restore(item) if type(item) is tuple else item for item in value[1]])
        if tag == "E":
            return self._class(value[1])(value[2])
        if tag == "M":
            return {key: self.restore(item) if type(item) is tuple else item for key, item in value[1]}
        if tag == "D":
            return date.fromordinal(value[1])
        if tag == "P":
            return Path(value[1])
        if tag == "F":
            return frozenset([self.restore(item) if type(item) is tuple else item for item in value[1]])
        raise ValueError(f"unknown tag {tag!r}")
