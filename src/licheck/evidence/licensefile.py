"""Which license a LICENSE file holds.

Common open-source texts: pre-commit's `identify` library (the optional extra `evidence`), when it
is installed. AI model licenses: fingerprints shipped in fingerprints.json, never the texts: CRC32
hashes of normalised word 5-grams, sampled (hash % MODULUS == 0), plus a few grams that tell
near-identical texts apart (Llama 3.1 from 3.2). The score is the share of sampled grams the file
and a fingerprint have in common, over the larger of the two; below THRESHOLD the answer is
unknown, with the score: never a guess.

A text that is close to a known one but not the same is a modified text (see textdiff): the
sentences it adds and what it lacks are said, and unless the differences are immaterial (spacing,
the licensor's name and year, a title, an optional appendix) it is not taken for the known license.
For AI licenses the fingerprint holds a digest of each sentence, in order, never the sentences; for
open-source licenses the texts `identify` ships are compared.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from licheck.evidence._io import read_small
from licheck.evidence.types import LicenseMatch, Modification, Source

if TYPE_CHECKING:
    from licheck.evidence import textdiff

MAX_BYTES = 1024 * 1024
N = 5
MODULUS = 4
THRESHOLD = 0.8  # measured: unrelated texts < 0.3, half a text 0.46, a text with a notice added 0.99
FAR = 0.3  # below this, naming the closest fingerprint says nothing (unrelated texts score less)
NEAR = 0.75  # a text holding this share of a known text's sentences is that text, modified
NAMES = re.compile(r"^licen[cs]e(?:[-_.](?:model|txt|md))*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def is_license_file(name: str) -> bool:
    """LICENSE, LICENSE.md, LICENSE.txt, LICENSE-MODEL, LICENCE (any case)."""
    return bool(NAMES.match(name))


def grams(text: str) -> set[int]:
    """CRC32 of every word 5-gram of the text, lower-cased, punctuation dropped."""
    words = _WORD.findall(text.lower().replace("’", "'").replace("'", ""))
    return {zlib.crc32(" ".join(words[i : i + N]).encode()) for i in range(max(0, len(words) - N + 1))}


def sample(hashes: set[int]) -> set[int]:
    return {h for h in hashes if h % MODULUS == 0}


@cache
def fingerprints() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (Path(__file__).parent / "fingerprints.json").read_text(encoding="utf-8")
    )
    return data


def text_digest(text: str) -> str:
    """The SHA-256 of a license text with its whitespace normalised (runs of spaces, tabs and line
    breaks become one space; leading and trailing space dropped): the same text wrapped or
    indented differently has the same digest. For locks and notices."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def match_text(text: str, source: Source, spdx: str | None = None) -> LicenseMatch:
    """The license a text holds: `spdx` when `identify` named it, else the AI license whose
    fingerprint the text matches; either only when the text is not a material modification of it.
    A text that matches nothing but holds most sentences of a known text is that text, modified."""
    from licheck.evidence import textdiff

    cut = textdiff.cut(text)
    if spdx is not None:
        return _checked(LicenseMatch(spdx, 1.0, "identify", source), _open_source(spdx), cut)
    found = _fingerprint(text, source)
    if found.license is not None:
        return _checked(found, _references().get(found.license), cut)
    return _nearest(found, cut) or found


def _fingerprint(text: str, source: Source) -> LicenseMatch:
    """The AI license whose fingerprint the text matches, or unknown with the best score."""
    found = grams(text)
    mine = sample(found)
    if not mine:
        return LicenseMatch(None, 0.0, "fingerprint", source, "too short to identify")
    scored = []
    for license_id, entry in fingerprints()["licenses"].items():
        theirs = set(entry["sample"])
        score = len(mine & theirs) / max(len(mine), len(theirs))
        distinct = len(found.intersection(entry["distinct"]))
        scored.append((round(score, 3), distinct, license_id))
    scored.sort(reverse=True)
    score, distinct, best = scored[0]
    if score < FAR:
        return LicenseMatch(None, score, "fingerprint", source, "no AI license fingerprint is close")
    if score < THRESHOLD:
        return LicenseMatch(
            None, score, "fingerprint", source, f"closest: {best} ({score:.2f}), below {THRESHOLD}"
        )
    close = [item for item in scored[1:] if item[0] >= THRESHOLD and score - item[0] <= 0.05]
    if close and close[0][1] >= distinct:
        return LicenseMatch(
            None,
            score,
            "fingerprint",
            source,
            f"{best} and {close[0][2]} match alike; cannot tell them apart",
        )
    return LicenseMatch(best, score, "fingerprint", source)


def _checked(match: LicenseMatch, known: textdiff.Reference | None, text: textdiff.Text) -> LicenseMatch:
    """`match`, unless the text differs from the known one where it matters: then not identified,
    with what it adds and lacks."""
    from licheck.evidence import textdiff  # difflib and hashlib: only when a text is compared

    if known is None or match.license is None:
        return match
    found = textdiff.compare(known, text, match.license)
    if found is None:
        return match
    change = Modification(match.license, found.added, found.removed, found.material)
    if not found.material:
        return match._replace(
            note=f"differs from {match.license} only where it does not matter", modified=change
        )
    return match._replace(license=None, note=modified_note(change), modified=change)


def _nearest(found: LicenseMatch, text: textdiff.Text) -> LicenseMatch | None:
    """A text no fingerprint matches that holds most sentences of a known text: that text, or
    that text modified (an open-source text `identify` did not name, or a fingerprinted text with
    too much added to match its grams). Only known texts short enough to be mostly inside this one
    are cut and compared."""
    from licheck.evidence import textdiff  # difflib and hashlib: only when a text is compared

    size = sum(len(s.text.split()) for s in text.body)
    candidates = {**_references()}
    for spdx, words in _open_source_sizes().items():
        known = _open_source(spdx) if words * NEAR <= size * 1.1 else None
        if known is not None:
            candidates[spdx] = known
    scored = sorted(
        ((textdiff.containment(ref, text), len(ref.keys), lid) for lid, ref in candidates.items()),
        reverse=True,
    )
    if not scored or scored[0][0] < NEAR:
        return None
    share, _, license_id = scored[0]
    match = LicenseMatch(license_id, round(share, 3), "sentences", found.source)
    return _checked(match, candidates[license_id], text)


def modified_note(change: Modification) -> str:
    """In words: a modified text of a known license, and how."""
    parts = [f"adds {len(change.added)} sentence{'s' * (len(change.added) != 1)}"] if change.added else []
    if change.removed:
        parts.append(f"lacks {len(change.removed)} part{'s' * (len(change.removed) != 1)} of it")
    return f"a modified text of {change.known} ({', '.join(parts)}): not taken for {change.known}"


def _references() -> dict[str, textdiff.Reference]:
    """The AI licenses whose fingerprint holds their sentences' digests (never the sentences);
    read from the fingerprints each time (a few hundred digests: nothing to keep)."""
    from licheck.evidence import textdiff  # difflib and hashlib: only when a text is compared

    return {
        license_id: textdiff.Reference(
            tuple(entry["sentences"]), None, entry.get("optional_from"), entry.get("title")
        )
        for license_id, entry in fingerprints()["licenses"].items()
        if entry.get("sentences")
    }


@cache
def _open_source_texts() -> dict[str, str]:
    """The open-source texts `identify` ships (the evidence extra), by SPDX id; none without it."""
    try:
        from identify.vendor.licenses import LICENSES
    except ImportError:  # the optional extra is not installed: nothing to compare with
        return {}
    return dict(LICENSES)


@cache
def _open_source_sizes() -> dict[str, int]:
    return {spdx: len(text.split()) for spdx, text in _open_source_texts().items()}


@cache
def _open_source(spdx: str) -> textdiff.Reference | None:
    """An open-source text as a Reference, cut the first time it is needed."""
    from licheck.evidence import textdiff  # difflib and hashlib: only when a text is compared

    text = _open_source_texts().get(spdx)
    return None if text is None else textdiff.reference(text)


def identify_file(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> LicenseMatch:
    """The license of a LICENSE file: an SPDX id through `identify`, else an AI license by
    fingerprint, else unknown (license None) with the score."""
    shown = shown or str(path)
    data = read_small(path, MAX_BYTES, shown, within)
    source = Source(shown, None, None, revision)
    text = data.decode("utf-8", errors="replace")
    found = match_text(text, source, _identify(path, text))._replace(digest=text_digest(text))
    if found.license is None and not _identify_installed():
        found = found._replace(note=f"{found.note or 'unidentified'}; {EXTRA_HINT}")
    return found


# Said where a LICENSE file is not identified and the `evidence` extra is missing: without it, even
# a plain MIT text is not recognised.
EXTRA_HINT = 'open-source texts (MIT, Apache-2.0, BSD) need the evidence extra: pip install ".[evidence]"'


@cache
def _identify_installed() -> bool:
    import importlib.util

    try:
        return all(importlib.util.find_spec(name) is not None for name in ("identify", "ukkonen"))
    except (ImportError, ValueError):
        return False


def _identify(path: Path, text: str) -> str | None:
    try:
        from identify.identify import license_id
    except ImportError:  # the optional extra is not installed: skip this step
        return None
    import importlib.util

    if importlib.util.find_spec("ukkonen") is None:  # identify needs it for license_id
        return None
    try:
        found: str | None = license_id(str(path))
    except (OSError, UnicodeDecodeError):
        return None
    return found
