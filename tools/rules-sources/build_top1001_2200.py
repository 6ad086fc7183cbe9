"""Ranks 1,001-2,200 of the Hub's models by downloads (2024-07-11 snapshot), with their status in the rules.

Same source and ordering as build_top1000.py (github.com/TStalnaker44/hugging_face_analysis_replication
@ 016ca26976c1e2c78778ba11b50697f4ce5d14fc, data/raw_data/model_lists/models_page{N}_07-11-2024.json,
sorted by downloads, ties by id) and the same status join as status.py (licheck's own load_rules /
find_model, bulk/*.tsv). Run from the worktree:
    PYTHONPATH=src python tools/rules-sources/build_top1001_2200.py MIRROR_GIT_DIR
Writes top1001-2200.tsv and top1001-2200-tags.json beside this file.
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from build_top1000 import COMMIT, SOURCE  # noqa: E402
from status import BULK, NO_INFO, load_bulk  # noqa: E402

from licheck.commands.common import load_rules  # noqa: E402

FIRST, LAST = 1001, 2200


def main(git_dir: str) -> None:
    names = subprocess.run(
        ["git", "-C", git_dir, "ls-tree", "-r", "--name-only", COMMIT, "data/raw_data/model_lists"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    models = {}
    for name in names:
        page = json.loads(
            subprocess.run(
                ["git", "-C", git_dir, "show", f"{COMMIT}:{name}"], capture_output=True, check=True
            ).stdout
        )
        for m in page:
            models[m["id"]] = (m, name)
    ranked = sorted(models.values(), key=lambda mn: (-(mn[0].get("downloads") or 0), mn[0]["id"]))
    rules = load_rules(None)
    bulk = load_bulk()
    facts, rows = [], []
    for i in range(FIRST, LAST + 1):
        m, name = ranked[i - 1]
        page = name.rsplit("/", 1)[1]
        tags = m.get("tags") or []
        lic_tags = [t[8:] for t in tags if t.startswith("license:")]
        facts.append(
            {
                "rank": i,
                "id": m["id"],
                "downloads": m.get("downloads") or 0,
                "page": page,
                "license_tags": lic_tags,
                "base_model_tags": [t for t in tags if t.startswith("base_model:")],
                "pipeline_tag": m.get("pipeline_tag"),
                "library_name": m.get("library_name"),
                "tags": tags,
                "createdAt": m.get("createdAt"),
            }
        )
        found = []
        for b in BULK[:-1]:
            hit = bulk[b].get(m["id"].lower())
            if hit and hit[0].lower() not in NO_INFO and "not included" not in hit[0].lower():
                found.append((b, hit[0], hit[1]))
        if lic_tags:
            found.append(("hubtag2024", lic_tags[0], f"hubtag2024:{page}"))
        seen = {}
        for _, lic, _ in found:
            seen.setdefault(lic.lower(), lic)
        known = rules.find_model(m["id"])
        rows.append(
            (
                i,
                m["id"],
                m.get("downloads") or 0,
                known.id if known else "-",
                "|".join(seen.values()) or "-",
                ";".join(r for _, _, r in found) or "-",
            )
        )
    with open(HERE / "top1001-2200.tsv", "w") as out:
        out.write(
            "rank\trepo_id\tdownloads\tknown_id_or_-\tlicense_if_found_in_bulk_source\tbulk_source_ref\n"
        )
        for r in rows:
            out.write("\t".join(map(str, r)) + "\n")
    (HERE / "top1001-2200-tags.json").write_text(json.dumps(facts, indent=0) + "\n")
    print(len(models), "models; ranks", FIRST, "-", LAST, "written;", SOURCE)


if __name__ == "__main__":
    main(sys.argv[1])
