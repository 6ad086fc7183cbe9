"""A read-only mapping of evidence laid over the rules, which stay untouched."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

T = TypeVar("T")


class Layer(Mapping[str, T]):
    """A read-only mapping: `extra` on top of `base` (the rules stay untouched). Keys in `hidden`
    can be looked up but are not listed (the placeholders stay out of listings and counts)."""

    def __init__(
        self, extra: Mapping[str, T], base: Mapping[str, T], hidden: frozenset[str] = frozenset()
    ) -> None:
        self.extra = extra
        self.base = base
        self.hidden = hidden

    def __getitem__(self, key: str) -> T:
        return self.extra[key] if key in self.extra else self.base[key]

    def __contains__(self, key: object) -> bool:
        return key in self.extra or key in self.base

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in self.base if k not in self.hidden)
        yield from (k for k in self.extra if k not in self.base and k not in self.hidden)

    def __len__(self) -> int:
        return sum(1 for _ in self)
