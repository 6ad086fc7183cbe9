"""Output formats: one module per format, each a pure function from findings to text."""

from __future__ import annotations

import enum


class Format(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
