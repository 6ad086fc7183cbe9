"""What the query commands show: comparisons, a license, a filtered list, an inspection, a validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from licheck.core.model import Assessment, Context, License

if TYPE_CHECKING:
    from licheck.core.errors import Problem
    from licheck.evidence.judge import Judgement
    from licheck.views.catalog import Filters, Row


class Comparison(NamedTuple):
    """Several models (or licenses) judged for the same uses in the same context."""

    uses: tuple[str, ...]
    context: Context
    assessments: tuple[Assessment, ...]


class LicenseComparison(NamedTuple):
    """Several licenses side by side (`compare --licenses`)."""

    licenses: tuple[License, ...]
    uses: tuple[str, ...]


class LicenseView(NamedTuple):
    """One license's terms and the models under it (`licheck license`)."""

    license: License
    models: tuple[str, ...]


class LicenseList(NamedTuple):
    """Every license of the rules (`licheck license --list`): (id, family, name, models under it)."""

    rows: tuple[tuple[str, str, str, int], ...]


class ModelList(NamedTuple):
    """The models a `licheck list` query selected."""

    rows: tuple[Row, ...]
    filters: Filters
    context: Context


class InspectReport(NamedTuple):
    """What `licheck inspect` found: each artifact judged from its own evidence."""

    judgements: tuple[Judgement, ...]
    context: Context
    kinds: dict[str, str]  # path -> kind of artifact (card, gguf, folder, cache-entry...)
    uses: tuple[str, ...] = ()


class Validation(NamedTuple):
    """What `licheck rules validate` found in valid rules: lint warnings and counts."""

    warnings: tuple[Problem, ...]
    counts: dict[str, Any]
