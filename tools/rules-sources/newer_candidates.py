"""Newer (2025-2026) heavily downloaded models missing from both the 2024 top-1000 and the rules.

Sources (bare git clones under $LICHECK_SOURCES (OWNER+NAME/repo)):
  llmfit   AlexsJones/llmfit@5bdc9df9 (2026-05-12) llmfit-core/data/hf_models.json: curated + top
           text-generation models by downloads, with hf_downloads (30 days); LLM-centred, no license field.
  daily    hyeonseo2/daily-huggingface@HEAD newsletters/daily-huggingface-2025-09-28..10-02.md:
           the Hub's top 12 models by downloads on those days.
Writes newer-candidates.tsv (repo_id, downloads, as_of, source), downloads >= 50,000.
Run from a checkout: PYTHONPATH=src python tools/rules-sources/newer_candidates.py
"""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))
from licheck.commands.common import load_rules  # noqa: E402

# A folder of bare git clones named OWNER+NAME/repo (set LICHECK_SOURCES to it)
MIRROR = Path(os.environ.get("LICHECK_SOURCES", "sources"))


def git(repo: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(MIRROR / repo / "repo"), *args], capture_output=True, text=True, check=True
    ).stdout


def main() -> None:
    rules = load_rules(None)
    with open(HERE / "top1000.tsv", encoding="utf-8") as listing:
        top = {r["repo_id"].lower() for r in csv.DictReader(listing, delimiter="\t")}
    rows = {}
    commit = "5bdc9df9d8e28168fdc4650741be71b715a11fc6"
    for m in json.loads(git("AlexsJones+llmfit", "show", f"{commit}:llmfit-core/data/hf_models.json")):
        rows[m["name"]] = (
            m.get("hf_downloads") or 0,
            "2026-05-12",
            f"AlexsJones/llmfit@{commit[:7]}:llmfit-core/data/hf_models.json",
        )
    daily = git("hyeonseo2+daily-huggingface", "rev-parse", "HEAD").strip()
    for name in git(
        "hyeonseo2+daily-huggingface", "ls-tree", "-r", "--name-only", "HEAD", "newsletters"
    ).split():
        text = git("hyeonseo2+daily-huggingface", "show", f"HEAD:{name}")
        section = text.split("## Top Models")[1].split("##")[0] if "## Top Models" in text else ""
        for repo_id, downloads in re.findall(r"- \[([^\]]+)\]\([^)]*\) — downloads: (\d+)", section):
            day = name[-13:-3]
            if int(downloads) > rows.get(repo_id, (0,))[0]:
                rows[repo_id] = (int(downloads), day, f"hyeonseo2/daily-huggingface@{daily[:7]}:{name}")
    keep = sorted(
        (
            (k, *v)
            for k, v in rows.items()
            if v[0] >= 50_000 and k.lower() not in top and rules.find_model(k) is None
        ),
        key=lambda r: (-r[1], r[0]),
    )
    with open(HERE / "newer-candidates.tsv", "w") as out:
        out.write("repo_id\tdownloads\tas_of\tsource\n")
        for r in keep:
            out.write("\t".join(map(str, r)) + "\n")
    print(len(keep))


if __name__ == "__main__":
    main()
