"""Derive repo_id -> license tables from bulk sources bare git clones under $LICHECK_SOURCES (OWNER+NAME/repo).

  mteb    embeddings-benchmark/mteb        mteb/models/**.py   ModelMeta(name=..., license=...)
  mot     lfai/model_openness_tool         models/*.yml        release.huggingface + weights/distribution license
  localai mudler/LocalAI                   gallery/index.yaml  urls (huggingface.co/...) + license

Writes {name}-licenses.tsv (repo_id, license, ref) beside this file. Only ids and license names are
kept, each with the file (and line) it was read from.
"""

import ast
import csv
import io
import os
import re
import subprocess
import tarfile
from pathlib import Path

import yaml

# A folder of bare git clones named OWNER+NAME/repo (set LICHECK_SOURCES to it)
MIRROR = Path(os.environ.get("LICHECK_SOURCES", "sources"))
HERE = Path(__file__).parent
HF = re.compile(r"https?://huggingface\.co/([^/\s]+/[^/\s#?]+)")


def head(repo: str) -> str:
    return subprocess.run(
        ["git", "-C", str(MIRROR / repo / "repo"), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def files(repo: str, commit: str, path: str):
    data = subprocess.run(
        ["git", "-C", str(MIRROR / repo / "repo"), "archive", commit, path], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                yield member.name, tar.extractfile(member).read().decode("utf-8", "replace")


def write(name: str, rows: dict[str, tuple[str, str]]) -> None:
    with open(HERE / f"{name}-licenses.tsv", "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["repo_id", "license", "ref"])
        for repo_id in sorted(rows, key=str.lower):
            w.writerow([repo_id, *rows[repo_id]])
    print(name, len(rows))


def mteb() -> None:
    commit = head("embeddings-benchmark+mteb")
    rows = {}
    for path, text in files("embeddings-benchmark+mteb", commit, "mteb/models"):
        if not path.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "ModelMeta"
            ):
                kw = {k.arg: k.value for k in node.keywords}
                name, lic = kw.get("name"), kw.get("license")
                if isinstance(name, ast.Constant) and isinstance(name.value, str) and "/" in name.value:
                    value = lic.value if isinstance(lic, ast.Constant) else "-"
                    rows.setdefault(name.value, (str(value), f"mteb@{commit[:7]}:{path}#L{node.lineno}"))
    write("mteb", rows)


def mot() -> None:
    commit = head("lfai+model_openness_tool")
    rows = {}
    for path, text in files("lfai+model_openness_tool", commit, "models"):
        try:
            release = (yaml.safe_load(text) or {}).get("release") or {}
        except yaml.YAMLError:
            continue
        m = HF.match(str(release.get("huggingface") or ""))
        if not m:
            continue
        weights = next(
            (
                c.get("license")
                for c in release.get("components") or []
                if c.get("name") == "Model parameters (Final)"
            ),
            None,
        )
        dist = ((release.get("license") or {}).get("distribution") or {}).get("name")
        rows.setdefault(m.group(1).rstrip("/"), (str(weights or dist or "-"), f"mot@{commit[:7]}:{path}"))
    write("mot", rows)


def localai() -> None:
    commit = head("mudler+LocalAI")
    text = dict(files("mudler+LocalAI", commit, "gallery/index.yaml"))["gallery/index.yaml"]
    rows = {}
    for entry in yaml.safe_load(text):
        if not isinstance(entry, dict) or not entry.get("license"):
            continue
        for url in entry.get("urls") or []:
            m = HF.match(str(url))
            if m:
                rows.setdefault(
                    m.group(1).rstrip("/"),
                    (
                        str(entry["license"]),
                        f"localai@{commit[:7]}:gallery/index.yaml name={entry.get('name')}",
                    ),
                )
    write("localai", rows)


if __name__ == "__main__":
    mteb()
    mot()
    localai()
