"""Licheck's own values as marshal-able data, and back: the format of the caches.

pickle would do this, but importing it costs 7M instructions (about 2.5 ms) on every run, more
than answering the question; marshal is built into the interpreter. Only what licheck stores is
handled: the NamedTuples and enums named in ALLOWED, dates, paths, tuples, frozensets, dicts
and plain values. Tuples always carry a tag, so plain strings and numbers pass through untouched.
"""

from __future__ import annotations

import enum
from datetime import date
from importlib import import_module
from pathlib import Path, PurePath
from typing import Any

# The only types a cache may name: licheck's own domain classes, spelt out. A name not on this list
# is refused before anything is imported, so a crafted cache cannot make licheck load a module.
ALLOWED = frozenset(
    (
        "licheck.core.model:Verdict",
        "licheck.core.model:Family",
        "licheck.core.model:Location",
        "licheck.core.model:Source",
        "licheck.core.model:Ceiling",
        "licheck.core.model:Royalty",
        "licheck.core.model:Agreement",
        "licheck.core.model:RegionLimit",
        "licheck.core.model:OrgLimit",
        "licheck.core.model:UseRule",
        "licheck.core.model:Obligation",
        "licheck.core.model:License",
        "licheck.core.model:LicensePeriod",
        "licheck.core.model:Model",
        "licheck.core.model:Dataset",
        "licheck.core.model:Use",
        "licheck.core.model:Region",
        "licheck.project.manifest:ModelRef",
        "licheck.project.manifest:PolicyException",
        "licheck.project.manifest:Policy",
        "licheck.project.manifest:Manifest",
        "licheck.project.manifest:AgreementRef",
        "licheck.core.model:Override",
    )
)
_CLASSES: dict[int, Any] = {}
_PLAIN = frozenset((str, int, float, bool, bytes, type(None)))


_NAMES = tuple(sorted(ALLOWED))  # a type is stored as its position here: short, and nothing else
_CODES = {name: code for code, name in enumerate(_NAMES)}


def _class(code: Any) -> Any:
    found = _CLASSES.get(code)
    if found is None:
        if type(code) is not int or not 0 <= code < len(_NAMES):
            raise ValueError(f"not a licheck type: {code!r}")
        module, _, qualname = _NAMES[code].partition(":")
        found = getattr(import_module(module), qualname)
        if not isinstance(found, type) or not (issubclass(found, (tuple, enum.Enum))):
            raise ValueError(f"not a licheck type: {_NAMES[code]!r}")
        _CLASSES[code] = found
    return found


def _checked(cls: type) -> int:
    code = _CODES.get(f"{cls.__module__}:{cls.__qualname__}")
    if code is None:
        raise TypeError(f"cannot store a {cls.__module__}:{cls.__qualname__}: not in serial.ALLOWED")
    return code


def flatten(value: Any) -> Any:
    """`value` as nested tuples, dicts and plain values that marshal can write."""
    if type(value) in _PLAIN:  # most values: first, and without a chain of isinstance calls
        return value
    if isinstance(value, enum.Enum):
        return ("E", _checked(type(value)), value.value)
    if isinstance(value, tuple):
        if hasattr(value, "_fields"):
            return ("N", _checked(type(value)), tuple(flatten(item) for item in value))
        return ("T", tuple(flatten(item) for item in value))
    if isinstance(value, date):
        return ("D", value.toordinal())
    if isinstance(value, PurePath):
        return ("P", str(value))
    if isinstance(value, frozenset):
        return ("F", tuple(flatten(item) for item in value))
    if isinstance(value, dict) or hasattr(value, "items"):
        return ("M", tuple((key, flatten(item)) for key, item in value.items()))
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def restore(value: Any) -> Any:
    """The inverse of flatten. (Plain fields are passed over inline rather than by a call each:
    restoring every model for a 500-model check spent most of its time in those calls.)"""
    if type(value) is not tuple:
        return value
    tag = value[0]
    if tag == "N":  # the most common node: every entry is one
        cls = _CLASSES.get(value[1]) or _class(value[1])
        fields = [restore(item) if type(item) is tuple else item for item in value[2]]
        if len(fields) != len(cls._fields):
            raise ValueError(f"{cls.__name__}: {len(fields)} fields, not {len(cls._fields)}")
        return tuple.__new__(cls, fields)
    if tag == "T":
        return tuple([restore(item) if type(item) is tuple else item for item in value[1]])
    if tag == "E":
        return _class(value[1])(value[2])
    if tag == "M":
        return {key: restore(item) if type(item) is tuple else item for key, item in value[1]}
    if tag == "D":
        return date.fromordinal(value[1])
    if tag == "P":
        return Path(value[1])
    if tag == "F":
        return frozenset([restore(item) if type(item) is tuple else item for item in value[1]])
    raise ValueError(f"unknown tag {tag!r}")
