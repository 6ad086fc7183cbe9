"""Build src/licheck/evidence/fingerprints.json from license texts kept OUTSIDE the repository.

    PYTHONPATH=src python tools/build_fingerprints.py TEXTS_DIR

TEXTS_DIR holds one file per license, named <rules license id>.txt, and sources.json mapping each
id to {"name": ..., "url": ...} (where the text was read). Only hashes are written: no license
text enters the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from licheck.evidence.licensefile import MODULUS, N, grams, sample

OUT = Path(__file__).resolve().parents[1] / "src" / "licheck" / "evidence" / "fingerprints.json"
MAX_DISTINCT = 64


def main(folder: Path) -> None:
    sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    texts = {
        p.stem: grams(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))
    }
    licenses = {}
    for license_id, found in texts.items():
        others = set().union(*(g for other, g in texts.items() if other != license_id))
        distinct = sorted(found - others)[:MAX_DISTINCT]
        licenses[license_id] = {
            **sources.get(license_id, {}),
            "sample": sorted(sample(found)),
            "distinct": distinct,
        }
    data = {"format": 1, "n": N, "modulus": MODULUS, "licenses": licenses}
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(licenses)} licenses, {OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
