"""The domain: licenses, models, uses, conditions, context and verdicts, as small immutable types.

Nothing here does I/O. The rules loader builds these; the engine reads them; reporters render them.
"""

import enum
from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from licheck.core.ids import BadName, model_id


class Verdict(enum.IntEnum):
    """An answer, ordered by severity: the worst of several is `max()`."""

    ALLOWED = 0
    CONDITIONAL = 1
    UNKNOWN = 2
    DENIED = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Verdict":
        return cls[text.upper()]


class Family(enum.StrEnum):
    """The kind of license, as people sort them."""

    PERMISSIVE = "permissive"
    SHARE_ALIKE = "share-alike"
    NON_COMMERCIAL = "non-commercial"
    RESEARCH_ONLY = "research-only"
    ROYALTY = "royalty"
    COMMUNITY = "community"
    RESPONSIBLE_USE = "responsible-use"


NON_COMMERCIAL_FAMILIES = frozenset({Family.NON_COMMERCIAL, Family.RESEARCH_ONLY})


class Location(NamedTuple):
    """A place in a file: a rule, a manifest entry, a reference found in code."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


class Source(NamedTuple):
    """Where a fact comes from."""

    url: str
    section: str | None = None
    note: str | None = None


# ---- conditions: data the engine settles against the user's context ----


class Ceiling(NamedTuple):
    """The grant holds while a metric (mau, dau, annual revenue in USD) stays at or below `max`."""

    metric: str
    max: int
    otherwise: Verdict = Verdict.DENIED
    measured: str | None = None
    clause: str | None = None
    note: str | None = None


class Royalty(NamedTuple):
    """A royalty of `rate` is owed on revenue above `above` USD a year."""

    rate: float
    above: int
    basis: str | None = None
    clause: str | None = None
    note: str | None = None


class Agreement(NamedTuple):
    """A separate agreement or written permission is needed from `party`."""

    party: str
    clause: str | None = None
    note: str | None = None


class RegionLimit(NamedTuple):
    """The grant does not reach licensees in the `excluded` regions or countries."""

    excluded: tuple[str, ...]
    clause: str | None = None
    note: str | None = None


class OrgLimit(NamedTuple):
    """The grant does not reach the `excluded` kinds of organisation, or reaches `only` these."""

    excluded: tuple[str, ...] = ()
    clause: str | None = None
    note: str | None = None
    only: tuple[str, ...] = ()


class Purpose(NamedTuple):
    """The grant holds for any purpose but `excluded` (training a competing model...): no context
    settles it, so the use stays conditional, with the purpose said."""

    excluded: str
    clause: str | None = None
    note: str | None = None


Condition = Ceiling | Royalty | Agreement | RegionLimit | OrgLimit | Purpose


class Threshold(NamedTuple):
    """A metric of the licensee (mau, dau, annual revenue in USD) above a value."""

    metric: str
    above: int


class UseRule(NamedTuple):
    """A license's decision on one use, with the clause it comes from."""

    use: str
    decision: Verdict
    clause: str
    conditions: tuple[Condition, ...] = ()
    note: str | None = None
    location: Location | None = None
    ask: str | None = None  # a denied use the publisher may grant on request: whom to ask, how


class Obligation(NamedTuple):
    """A duty that comes with a permission; `when` limits it to some uses (None: every use).

    What a release must ship or do, as data: `verbatim` the exact words the license requires to
    be reproduced (a notice line, an attribution phrase); `action` True for a thing to do (show a
    phrase in a UI, mark changed files, pass terms on) rather than text that ships; `ships_text`
    when the license text must travel with the model; `ships_file` a file of the model's own that
    must travel when present (Apache-2.0's NOTICE); `name_prefix` the words a derivative's name
    must begin with."""

    id: str
    text: str
    clause: str
    when: frozenset[str] | None = None
    license: str = ""
    applies_above: tuple[Threshold, ...] = ()  # a duty only above one of these (none: always)
    status: str | None = None  # for a context: whether a duty with thresholds applies (engine)
    verbatim: str | None = None
    action: bool = False
    ships_text: bool = False
    ships_file: str | None = None
    name_prefix: str | None = None

    def applies_to(self, uses: tuple[str, ...] | frozenset[str]) -> bool:
        return self.when is None or bool(self.when.intersection(uses))


class License(NamedTuple):
    id: str
    name: str
    url: str
    family: Family
    inherit: bool  # True: the terms bind derivatives (fine-tunes, merges)
    uses: Mapping[str, UseRule]
    obligations: tuple[Obligation, ...]
    sources: tuple[Source, ...]
    checked: date
    aliases: tuple[str, ...] = ()
    spdx: str | None = None
    notes: str | None = None
    location: Location | None = None
    links: tuple[str, ...] = ()  # known addresses of the text, as cards give them in license_link


class LicensePeriod(NamedTuple):
    """A license in effect for a model from `start` (None: since the beginning)."""

    license: str
    start: date | None
    source: Source | None = None
    location: Location | None = None


class Origin(enum.StrEnum):
    """Where a model's entry comes from, which decides what it may claim."""

    RULES = "rules"  # a reviewed entry of a rule folder
    PROJECT = "project"  # a model of the project's own, declared in its manifest
    DECLARED = "declared"  # built from what a model declares about itself (card, header, cache)


class Model(NamedTuple):
    id: str
    name: str
    publisher: str
    licenses: tuple[LicensePeriod, ...]
    sources: tuple[Source, ...]
    checked: date
    aliases: tuple[str, ...] = ()
    released: date | None = None
    task: str | None = None
    params_b: float | None = None
    base: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    card: str | None = None
    notes: str | None = None
    location: Location | None = None
    card_license: str | None = None  # what the card declares, where it differs from the rules
    origin: Origin = Origin.RULES

    def license_on(self, day: date) -> LicensePeriod | None:
        """The license period in effect on `day`, or None before the first one."""
        current = None
        for period in self.licenses:
            if period.start is None or period.start <= day:
                current = period
        return current


class Dataset(NamedTuple):
    id: str
    name: str
    license: str
    sources: tuple[Source, ...]
    checked: date
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    location: Location | None = None


class OllamaName(NamedTuple):
    """An Ollama library name and the Hugging Face repositories its tags package."""

    id: str  # the library name, lower-cased ("llama3.1")
    upstream: str | None  # what the default (latest) tag packages; None when no source tells
    tags: tuple[tuple[str, str | None], ...]  # tag prefix -> repository (None: no source tells)
    sources: tuple[Source, ...]
    checked: date
    license: str | None = None  # what the library page states, a cross-check
    note: str | None = None
    location: Location | None = None

    def packaged(self, tag: str | None) -> tuple[str | None, str | None]:
        """(the repository a tag packages, the tag prefix that decided): the longest prefix of the
        tag up to a '-' boundary; no tag, or `latest`, is the default."""
        if not tag or tag == "latest":
            return self.upstream, None
        found = dict(self.tags)
        parts = tag.lower().split("-")
        for end in range(len(parts), 0, -1):
            prefix = "-".join(parts[:end])
            if prefix in found:
                return found[prefix], prefix
        return None, None


class Conversion(NamedTuple):
    """A publisher whose repositories are conversions of the model their name names."""

    id: str  # the publisher, lower-cased
    publisher: str  # as the Hub spells it
    kind: str  # quantizer | official | community
    suffixes: tuple[str, ...]
    sources: tuple[Source, ...]
    checked: date
    note: str | None = None
    location: Location | None = None


class Use(NamedTuple):
    id: str
    description: str
    commercial: bool = False


class Region(NamedTuple):
    id: str
    name: str
    members: frozenset[str]


class Override(NamedTuple):
    """A user rule entry that replaced a bundled one of the same id, and what it changed."""

    kind: str  # model | license | dataset | use | region
    id: str
    location: Location  # the entry that overrides
    replaced: Location  # the one it replaces
    change: str  # in words: "license cc-by-nc-sa-4.0 -> apache-2.0"

    def __str__(self) -> str:
        return f"{self.kind} {self.id!r} from {self.location} overrides the one at {self.replaced}: {self.change}"


class RuleSet(NamedTuple):
    """Everything the rules say, validated and cross-referenced."""

    uses: Mapping[str, Use]
    regions: Mapping[str, Region]
    licenses: Mapping[str, License]
    models: Mapping[str, Model]
    datasets: Mapping[str, Dataset]
    names: Mapping[str, str]  # model id or alias, through ids.model_id -> model id
    license_names: Mapping[str, str]  # lower-cased license id or alias -> license id
    overrides: tuple[Override, ...] = ()  # user entries that replaced bundled ones
    ollama: Mapping[str, OllamaName] = {}  # library name -> what it packages
    conversions: Mapping[str, Conversion] = {}  # publisher, lower-cased -> its conventions

    def find_model(self, name: str) -> Model | None:
        """A model by id, alias or Hub id in any spelling (URL, @revision, trailing slash, .git),
        through ids.model_id as the names were stored; None when unknown or when the name cannot
        be an id (callers that read user input validate it first with ids.model_id, which says why)."""

        try:
            found = self.names.get(model_id(name))
        except BadName:
            return None
        return None if found is None else self.models[found]

    def find_license(self, name: str) -> License | None:
        license_id = self.license_names.get(name.strip().lower())
        return None if license_id is None else self.licenses[license_id]


# What a verdict rests on, strongest first: a reviewed entry, the model's own files read now, facts
# a lock recorded from them, the naming convention of a publisher that converts models.
BASES = ("rules", "declared", "locked", "name")


class Context(NamedTuple):
    """What the user says about their deployment."""

    as_of: date
    mau: int | None = None
    dau: int | None = None
    revenue: int | None = None
    region: str | None = None
    org: str | None = None

    def metric(self, name: str) -> int | None:
        value: int | None = {"mau": self.mau, "dau": self.dau, "revenue": self.revenue}.get(name)
        return value


# ---- results ----


class State(enum.StrEnum):
    """How a condition stands against the context."""

    MET = "met"
    FAILED = "failed"
    UNSETTLED = "unsettled"  # the context does not say, or nothing can settle it
    OWED = "owed"  # a royalty is due


class ConditionOutcome(NamedTuple):
    kind: str
    summary: str  # short: "≤700M MAU", "10% royalty > $1M"
    state: State
    detail: str
    license: str
    clause: str | None = None
    needs: str | None = None  # the context value that would settle it (mau, revenue, region, org)


class Reason(NamedTuple):
    """One step of why: the rule that decided and where it stands."""

    text: str
    license: str | None = None
    clause: str | None = None
    location: Location | None = None
    via: tuple[str, ...] = ()  # lineage path from the asked model to the one whose rule this is
    note: str | None = None  # the rule's own explanation, when it has one
    base: str | None = None  # set on a lineage step: the base model whose reasons follow


class UseVerdict(NamedTuple):
    use: str
    verdict: Verdict
    reasons: tuple[Reason, ...]
    conditions: tuple[ConditionOutcome, ...] = ()
    decided: Reason | None = None  # the rule that set the verdict (a base's, when inherited)
    ask: str | None = None  # a denial the licensor may lift on request: whom to ask


class Conflict(NamedTuple):
    """Sources that disagree about a model's license: what each says, and how they disagree."""

    kind: str  # rules-vs-declared | card-license | base-binds | sources-disagree | declared-base
    message: str
    readings: tuple[tuple[str, str], ...]  # (where, what it says)


class Assessment(NamedTuple):
    """The answer for one model reference: a finding, with where the reference was made."""

    query: str
    verdict: Verdict
    uses: tuple[UseVerdict, ...]
    context: Context
    model: Model | None = None
    license: License | None = None
    period: LicensePeriod | None = None
    obligations: tuple[Obligation, ...] = ()
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    location: Location | None = None  # where the reference was found (manifest line, code line)
    alternatives: tuple[str, ...] = ()  # allowed models like this one, when it is denied
    lineage: tuple[License, ...] = ()  # the license in effect and those of the bases that bind it
    basis: str | None = None  # "rules": a reviewed entry decided; "declared": the model's own evidence
    conflicts: tuple[Conflict, ...] = ()  # where the sources disagree (the verdict is the stricter)
    evidence: tuple[str, ...] = ()  # the files (and revisions) a declared verdict rests on
    resolution: str | None = None  # how the name reached the model (the Ollama table, a conversion's name)
    declared: tuple[
        tuple[str, str], ...
    ] = ()  # the license as the model's own sources write it: (what, where)
