"""Which license a LICENSE file holds.

Common open-source texts: pre-commit's `identify` library (the optional extra `evidence`), when it
is installed. AI model licenses: fingerprints shipped in fingerprints.json, never the texts: CRC32
hashes of normalised word 5-grams, sampled (hash % MODULUS == 0), plus a few grams that tell
near-identical texts apart (Llama 3.1 from 3.2). The score is the share of sampled grams the file
and a fingerprint have in common, over the larger of the two; below THRESHOLD the answer is
unknown, with the score: never a guess.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from licheck.evidence._io import read_small
from licheck.evidence.types import LicenseMatch, Source

MAX_BYTES = 1024 * 1024
N = 5
MODULUS = 4
THRESHOLD = 0.8  # measured: unrelated texts < 0.3, half a text 0.46, a text with a notice added 0.99
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


def match_text(text: str, source: Source) -> LicenseMatch:
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


def identify_file(
    path: Path, shown: str | None = None, within: Path | None = None, revision: str | None = None
) -> LicenseMatch:
    """The license of a LICENSE file: an SPDX id through `identify`, else an AI license by
    fingerprint, else unknown (license None) with the score."""
    shown = shown or str(path)
    data = read_small(path, MAX_BYTES, shown, within)
    source = Source(shown, None, None, revision)
    text = data.decode("utf-8", errors="replace")
    spdx = _identify(path, text)
    found = LicenseMatch(spdx, 1.0, "identify", source) if spdx is not None else match_text(text, source)
    return found._replace(digest=text_digest(text))


def text_digest(text: str) -> str:
    """The digest of a license text with its whitespace normalised (a re-wrapped text is the same)."""
    return "sha256:" + hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


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
