"""What a release owes for each model it ships: the obligations that the model's license, and the
licenses of the models it was built from, attach to the declared uses, with the wording a license
fixes; and whether a committed notice file still says what they require. Pure: no I/O.

A base's license counts here even when it does not bind the derivative's verdict: Apache-2.0 lets
a fine-tune take other terms, but a copy of it still carries the base's license and NOTICE.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from licheck.core.model import Assessment, License, Model, Obligation, Origin, RuleSet


class Owed(NamedTuple):
    """What one license in a model's lineage asks of a release that ships the model."""

    license: License
    holder: Model  # the model under that license: the shipped model itself or one of its bases
    via: tuple[str, ...]  # the lineage path from the shipped model to the holder ((): its own)
    obligations: tuple[Obligation, ...]  # those that apply to the declared uses


class ModelNotice(NamedTuple):
    """One shipped model: what each license of its lineage asks, its own license first."""

    name: str  # as the manifest or the command line names it
    model: Model | None  # None: not in the rules, nor declared by evidence licheck can read
    uses: tuple[str, ...]
    owed: tuple[Owed, ...]


class NameCheck(NamedTuple):
    """A naming rule of a base's license, held against the name of a derivative of the project's own."""

    prefix: str
    complies: bool


def notices(rules: RuleSet, items: Iterable[Assessment]) -> tuple[ModelNotice, ...]:
    """For each assessed model, what its license and every base's license ask for its uses."""
    out = []
    for item in items:
        uses = tuple(verdict.use for verdict in item.uses)
        if item.model is None:
            out.append(ModelNotice(item.query, None, uses, ()))
            continue
        owed = [
            Owed(lic, holder, via, tuple(o for o in lic.obligations if o.applies_to(uses)))
            for lic, holder, via in _lineage(rules, item)
        ]
        out.append(ModelNotice(item.query, item.model, uses, tuple(owed)))
    return tuple(out)


def _lineage(rules: RuleSet, item: Assessment) -> list[tuple[License, Model, tuple[str, ...]]]:
    """The license of the model and of each base (nearest first, each license once), as of the
    assessment's date, whether or not it binds the model's verdict."""
    assert item.model is not None
    found: list[tuple[License, Model, tuple[str, ...]]] = []
    seen_models: set[str] = set()
    todo: list[tuple[Model, tuple[str, ...]]] = [(item.model, ())]
    while todo:
        model, via = todo.pop(0)
        if model.id in seen_models:
            continue
        seen_models.add(model.id)
        period = model.license_on(item.context.as_of)
        lic = rules.licenses.get(period.license) if period is not None else None
        if lic is not None and all(known.id != lic.id for known, _, _ in found):
            found.append((lic, model, via))
        todo += [(rules.models[base], (*via, base)) for base in model.base if base in rules.models]
    return found


def name_check(notice: ModelNotice, obligation: Obligation, via: tuple[str, ...]) -> NameCheck | None:
    """Whether a model of the project's own, built on a base whose license fixes a name prefix,
    has a name that begins with it (None: not a derivative of the project's, nothing to check)."""
    if obligation.name_prefix is None or notice.model is None:
        return None
    if notice.model.origin is not Origin.PROJECT or not (via or notice.model.base):
        return None
    name = notice.name.rsplit("/", 1)[-1]
    return NameCheck(obligation.name_prefix, name.lower().startswith(obligation.name_prefix.lower()))


class LicenseText(NamedTuple):
    """A license's text as the release can carry it: read from a file the user has (the model's
    folder or the Hugging Face cache), as a package licheck depends on ships it (open-source
    texts), or only pinned: an address at a fixed commit and the digest of the text there."""

    license: str  # the license id
    origin: str  # file | bundled | pinned | link
    where: str  # the file as shown, the package, or the address
    digest: str | None = None  # text_digest of the text (whitespace normalised), when known
    text: str | None = None  # the text itself, when the release can carry it from here
    note: str | None = None  # what licheck found the file to be, when it is not plainly that license


class UpstreamFile(NamedTuple):
    """A file of a model's own that must travel with it (Apache-2.0's NOTICE)."""

    name: str  # NOTICE
    holder: str  # the model it belongs to
    where: str  # the file as shown
    digest: str
    text: str


class Materials(NamedTuple):
    """What the command found on disk for the document: license texts by license id, and the
    upstream files by (holder model id, file name); None where nothing was found."""

    texts: Mapping[str, LicenseText]
    files: Mapping[tuple[str, str], UpstreamFile]


# ---------------------------------------------------------------- the gate


class Required(NamedTuple):
    """A piece of text a notice file must hold, and whom and what it is for."""

    model: str
    what: str
    text: str


def required(found: Sequence[ModelNotice]) -> tuple[Required, ...]:
    """What a committed notice must say for these models and uses: each model's name, the
    wording each license fixes for a notice, and the name of each license whose text travels."""
    out: list[Required] = []
    for notice in found:
        out.append(Required(notice.name, "the model's name", notice.name))
        for owed in notice.owed:
            for obligation in owed.obligations:
                clause = f"{owed.license.id} {obligation.clause}"
                if obligation.verbatim is not None and not obligation.action:
                    out.append(Required(notice.name, f"the notice of {clause}", obligation.verbatim))
                if obligation.ships_text:
                    out.append(Required(notice.name, f"the license named ({clause})", owed.license.name))
    return tuple(dict.fromkeys(out))


_ESCAPE = re.compile(r"\\([\\`*_\[\]<>!|#~@{}()+.-])")


def plain(text: str) -> str:
    """A notice as compared: HTML entities and Markdown escapes undone, whitespace collapsed."""
    return " ".join(_ESCAPE.sub(r"\1", html.unescape(text)).split())


def missing(wanted: Sequence[Required], text: str) -> tuple[Required, ...]:
    """What of `wanted` a notice's text does not hold (whatever its format or line wrapping)."""
    have = plain(text)
    return tuple(item for item in wanted if plain(item.text) not in have)
