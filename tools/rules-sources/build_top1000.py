"""Rank the Hub's models by downloads from a stored snapshot of the Hub API's model list.

Source: github.com/TStalnaker44/hugging_face_analysis_replication, commit
016ca26976c1e2c78778ba11b50697f4ce5d14fc, data/raw_data/model_lists/models_page{1..760}_07-11-2024.json:
every page of https://huggingface.co/api/models as mined on 2024-07-11 (760,000 models, each with
id, downloads over the previous 30 days, likes, tags incl. `license:...`, pipeline_tag, library_name).

Usage: python build_top1000.py MIRROR_GIT_DIR   (the repo fetched as a bare git dir)
Writes top1000.tsv and top1000-tags.json (id, downloads, page, license tags, base_model tags) beside this file.
"""

import json
import subprocess
import sys
from pathlib import Path

COMMIT = "016ca26976c1e2c78778ba11b50697f4ce5d14fc"
REPO = "TStalnaker44/hugging_face_analysis_replication"
SOURCE = f"{REPO}@{COMMIT[:7]}:data/raw_data/model_lists (Hub API models list, 2024-07-11)"
HERE = Path(__file__).parent


def main(git_dir: str, n: int = 1000) -> None:
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
    ranked = sorted(models.values(), key=lambda mn: (-(mn[0].get("downloads") or 0), mn[0]["id"]))[:n]
    with open(HERE / "top1000.tsv", "w") as out:
        out.write("rank\trepo_id\tdownloads\tlist_source\n")
        for i, (m, _) in enumerate(ranked, 1):
            out.write(f"{i}\t{m['id']}\t{m.get('downloads') or 0}\t{SOURCE}\n")
    facts = [
        {
            "rank": i,
            "id": m["id"],
            "downloads": m.get("downloads") or 0,
            "page": name.rsplit("/", 1)[1],
            "license_tags": [t[8:] for t in m.get("tags") or [] if t.startswith("license:")],
            "base_model_tags": [t for t in m.get("tags") or [] if t.startswith("base_model:")],
            "pipeline_tag": m.get("pipeline_tag"),
            "library_name": m.get("library_name"),
        }
        for i, (m, name) in enumerate(ranked, 1)
    ]
    (HERE / "top1000-tags.json").write_text(json.dumps(facts, indent=0) + "\n")
    print(len(models), "models;", len(ranked), "written")


if __name__ == "__main__":
    main(sys.argv[1])
