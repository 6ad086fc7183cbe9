"""Build src/licheck/evidence/fingerprints.json from license texts kept OUTSIDE the repository.

    PYTHONPATH=src python tools/build_fingerprints.py TEXTS_DIR          # every license anew
    PYTHONPATH=src python tools/build_fingerprints.py --add TEXTS_DIR    # add sentences to entries

TEXTS_DIR holds one file per license, named <rules license id>.txt, and sources.json mapping each
id to {"name": ..., "url": ..., "pinned": ...} (where the text was read; `pinned` the address of
the text at a fixed commit). Only hashes are written: no license text enters the repository.

Each entry holds a sample of word 5-gram hashes and grams that tell close texts apart; its
`sentences` (the digest of each sentence, in order, with where an optional tail starts), with
which a modified text is told from the real one; and `sha256`, the digest of the text with its
whitespace normalised (licensefile.text_digest), with `pinned` the address it was read at.

--add keeps every entry and adds the sentence digests, digest and pinned address to the entries
whose text is given, after checking that the text is the one the entry was built from (the same
gram sample): the way to extend the file when not every text is at hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from licheck.evidence import textdiff
from licheck.evidence.licensefile import MODULUS, N, grams, sample, text_digest

OUT = Path(__file__).resolve().parents[1] / "src" / "licheck" / "evidence" / "fingerprints.json"
MAX_DISTINCT = 64


def sentence_fields(text: str, source: dict[str, Any]) -> dict[str, Any]:
    """The fields of an entry that a modified text is told by, and the text's digest."""
    known = textdiff.reference(text, with_texts=False)
    fields: dict[str, Any] = {"sentences": list(known.keys), "sha256": text_digest(text)}
    if known.optional_from is not None:
        fields["optional_from"] = known.optional_from
    if known.title is not None:
        fields["title"] = known.title
    if source.get("pinned"):
        fields["pinned"] = source["pinned"]
    return fields


def main(folder: Path, add: bool = False) -> None:
    sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    raw = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))}
    if add:
        data = json.loads(OUT.read_text(encoding="utf-8"))
        for license_id, text in raw.items():
            entry = data["licenses"][license_id]
            if sorted(sample(grams(text))) != entry["sample"]:
                raise SystemExit(f"{license_id}: not the text the fingerprint was built from")
            entry.update(sentence_fields(text, sources.get(license_id, {})))
    else:
        texts = {license_id: grams(text) for license_id, text in raw.items()}
        licenses = {}
        for license_id, found in texts.items():
            others = set().union(*(g for other, g in texts.items() if other != license_id))
            distinct = sorted(found - others)[:MAX_DISTINCT]
            source = sources.get(license_id, {})
            licenses[license_id] = {
                **{k: v for k, v in source.items() if k in ("name", "url")},
                "sample": sorted(sample(found)),
                "distinct": distinct,
                **sentence_fields(raw[license_id], source),
            }
        data = {"format": 1, "n": N, "modulus": MODULUS, "licenses": licenses}
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['licenses'])} licenses, {OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(Path(arguments[-1]), add="--add" in arguments)
