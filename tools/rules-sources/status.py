"""Which of the top 1,000 the rules already know, and what bulk sources say of the license.

Run from a checkout: PYTHONPATH=src python tools/rules-sources/status.py
Reads top1000-tags.json and bulk/*.tsv beside this file; writes top1000-status.tsv.
"""

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))

from licheck.commands.common import load_rules  # noqa: E402

# Order = preference when reporting one license: publisher-side registries first, the 2024 Hub tag last.
BULK = ["mteb", "mot", "localai", "hubtag2024"]
# Values that say nothing about the weights' license (MOT uses them for absent components).
NO_INFO = {"", "-", "none", "not specified", "component not included", "unlicensed"}


def load_bulk() -> dict[str, dict[str, tuple[str, str]]]:
    out = {}
    for name in BULK[:-1]:
        table = {}
        with open(HERE / "bulk" / f"{name}-licenses.tsv") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                table[row["repo_id"].lower()] = (row["license"], row["ref"])
        out[name] = table
    return out


def main() -> None:
    rules = load_rules(None)
    facts = json.loads((HERE / "top1000-tags.json").read_text())
    bulk = load_bulk()
    rows = []
    for f in facts:
        model = rules.find_model(f["id"])
        found = []
        for name in BULK[:-1]:
            hit = bulk[name].get(f["id"].lower())
            if hit and hit[0].lower() not in NO_INFO and "not included" not in hit[0].lower():
                found.append((name, hit[0], hit[1]))
        if f["license_tags"]:
            found.append(("hubtag2024", f["license_tags"][0], f"hubtag2024:{f['page']}"))
        seen = {}
        for _, lic, _ in found:
            seen.setdefault(lic.lower(), lic)
        licenses = "|".join(seen.values()) or "-"
        refs = ";".join(ref for _, _, ref in found) or "-"
        rows.append((f["rank"], f["id"], model.id if model else "-", licenses, refs))
    with open(HERE / "top1000-status.tsv", "w") as out:
        out.write("rank\trepo_id\tknown_id_or_-\tlicense_if_found_in_bulk_source\tbulk_source_ref\n")
        for r in rows:
            out.write("\t".join(map(str, r)) + "\n")


if __name__ == "__main__":
    main()
