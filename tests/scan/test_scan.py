"""The scanner: against a realistic tree with a hand-written ground truth, and its walk's rules one by one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import licheck.scan
from conftest import ROOT
from licheck.scan import Reference, scan, scan_file, scan_text
from licheck.scan.ids import hub_id, is_hub_id
from licheck.scan.ignore import ignored, parse

DATA = ROOT / "tests" / "data"
TREE = DATA / "scan-tree"
TRUTH = DATA / "scan-tree-truth.json"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test tree, plus what git cannot hold: links out of it and in circles, a huge file, .git,
    node_modules and a virtualenv, each with model names the scan must not report."""
    base = tmp_path_factory.mktemp("scan")
    root = base / "repo"
    shutil.copytree(TREE, root, symlinks=True)
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text('AutoModel.from_pretrained("outside-org/outside-model")\n')
    (root / "linked-out").symlink_to(outside, target_is_directory=True)
    (root / "linked-file.py").symlink_to(outside / "secret.py")
    (root / "src" / "loop").symlink_to(root / "src", target_is_directory=True)
    (root / "alias_llm.py").symlink_to(root / "src" / "app" / "llm.py")
    call = 'model = AutoModel.from_pretrained("huge-org/huge-model")\n'
    (root / "data" / "huge.py").write_text(call * (3_000_000 // len(call)))
    for folder in (
        ".git",
        "node_modules/pkg",
        ".venv/lib/python3.11/site-packages",
        "env-py311/lib/python3.11",
    ):
        (root / folder).mkdir(parents=True)
        (root / folder / "x.py").write_text('AutoModel.from_pretrained("hidden-org/hidden-model")\n')
    for env in (
        ".venv",
        "env-py311",
    ):  # what makes a virtualenv: its pyvenv.cfg, an interpreter or lib/python*
        (root / env / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")
    (root / ".venv" / "bin").mkdir()
    (root / ".venv" / "bin" / "python").write_text("")
    return root


@pytest.fixture(scope="module")
def result(tree: Path) -> licheck.scan.ScanResult:
    return scan(tree)


def _truth() -> set[tuple[str, int, str]]:
    document: dict[str, Any] = json.loads(TRUTH.read_text())
    return {(r["file"], r["line"], r["model"]) for r in document["references"]}


def test_precision_and_recall_against_the_ground_truth(result: licheck.scan.ScanResult) -> None:
    truth = _truth()
    found = {(r.file, r.line, r.id) for r in result.references}
    hits = truth & found
    precision, recall = len(hits) / len(found), len(hits) / len(truth)
    report = (
        f"precision {precision:.3f} recall {recall:.3f} ({len(hits)} of {len(truth)} expected, {len(found)} found)"
        f"\nfalse positives: {sorted(found - truth)}\nmissed: {sorted(truth - found)}"
    )
    print(report)
    assert precision >= 0.95, report
    assert recall >= 0.90, report


def test_the_tree_is_big_enough_and_varied() -> None:
    files = [p for p in TREE.rglob("*") if p.is_file()]
    assert len(files) >= 60
    suffixes = {p.suffix for p in files} | {p.name for p in files}
    for kind in (".py", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".sh", ".md", "Dockerfile", "Modelfile"):
        assert kind in suffixes, kind
    assert len(_truth()) >= 100


def test_the_walk_skips_what_it_must(result: licheck.scan.ScanResult) -> None:
    files = {r.file for r in result.references}
    ids = {r.id for r in result.references}
    assert not ids & {"outside-org/outside-model", "huge-org/huge-model", "hidden-org/hidden-model"}
    assert not any(f.startswith(("outputs/", "wandb/", "vendor/", "src/loop/")) for f in files)
    assert not files & {
        "src/app/debug.log",
        "notes/2024/draft.md",
        "docs/legacy.md",
        "src/app/generated_client.py",
    }
    assert {"src/app/keep.log", "src/app/generated_keep.py"} <= files  # re-included by negation
    assert "alias_llm.py" not in files  # a link inside the tree: its target is read where it is
    skipped = dict(result.skipped)
    assert skipped["linked-out"] == skipped["linked-file.py"] == "a link out of the tree"
    assert skipped[".venv"] == skipped["env-py311"] == "a virtualenv"  # named, not silently left out
    assert skipped["node_modules"] == "dependencies (node_modules)"
    assert skipped["data/huge.py"].startswith("larger than")
    assert result.binary >= 3  # logo.png, tiny.safetensors by name; index.dat by its NUL bytes
    assert not result.interrupted


def test_a_non_utf8_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b'caf\xe9 \x93\nAutoModel.from_pretrained("bigscience/bloomz-560m")\n')
    refs, why = scan_file("notes.txt", str(path))
    assert why is None
    assert [(r.line, r.column, r.id) for r in refs] == [(2, 28, "bigscience/bloomz-560m")]


def test_notebooks_give_cell_and_line(result: licheck.scan.ScanResult) -> None:
    refs = [r for r in result.references if r.file == "notebooks/finetune.ipynb"]
    by_id = {r.id: r for r in refs}
    # assigned in cell 1, used in cell 2: counted where it is assigned
    assert by_id["bert-base-cased"][5:] == ("from_pretrained", 1, 4)
    roberta = by_id["FacebookAI/roberta-large"]
    assert (roberta.cell, roberta.cell_line) == (4, 4)
    disk = (TREE / roberta.file).read_text().splitlines()[roberta.line - 1]
    assert "roberta-large" in disk
    # outputs, markdown and raw cells are not code
    assert "gpt2-large" not in {r.id for r in result.references}
    assert "EleutherAI/gpt-neox-20b" not in {r.id for r in result.references}


def test_a_pool_finds_the_same_as_one_process(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = scan(tree, jobs=1)
    monkeypatch.setattr(licheck.scan, "_POOL_FROM", 0)
    monkeypatch.setattr(licheck.scan, "_CHUNK", 7)
    pooled = scan(tree, jobs=2)
    assert pooled.references == alone.references
    assert (pooled.files, pooled.binary, pooled.skipped) == (alone.files, alone.binary, alone.skipped)


def test_ctrl_c_returns_what_was_found(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = licheck.scan.scan_file
    calls = []

    def stop_at_20(file: str, path: str, max_bytes: int = 0) -> tuple[list[Reference], str | None]:
        calls.append(file)
        if len(calls) == 20:
            raise KeyboardInterrupt
        return real(file, path, max_bytes)

    monkeypatch.setattr(licheck.scan, "scan_file", stop_at_20)
    partial = scan(tree, jobs=1)
    assert partial.interrupted
    assert partial.references
    assert {r.file for r in partial.references} <= set(calls[:19])


def test_ctrl_c_stops_the_pool(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    real = concurrent.futures.as_completed

    def one_then_stop(futures: Any) -> Iterator[Any]:
        for future in real(futures):
            yield future
            raise KeyboardInterrupt

    monkeypatch.setattr(licheck.scan, "_POOL_FROM", 0)
    monkeypatch.setattr(licheck.scan, "_CHUNK", 7)
    monkeypatch.setattr(concurrent.futures, "as_completed", one_then_stop)
    partial = scan(tree, jobs=2)
    assert partial.interrupted
    assert 0 < partial.files <= 7


def test_the_size_cap_is_configurable(tree: Path) -> None:
    small = scan(tree / "configs", max_bytes=300)
    assert any(why.startswith("larger than 300") for _, why in small.skipped)
    assert "configs/rerank.json" not in {r.file for r in small.references}


def test_importing_the_scanner_is_cheap() -> None:
    code = "import sys, licheck.scan; print(sorted(m for m in ('concurrent.futures', 'multiprocessing', 'json') if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(Path(licheck.scan.__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


# ---- gitignore semantics ----

GITIGNORE = """
# comment
*.log
!keep.log
/build
outputs/
docs/**/draft.md
**/cache
a/**
\\#literal
data/*.csv
!data/keep.csv
spaces\\ \n"""


@pytest.mark.parametrize(
    ("path", "is_dir", "expected"),
    [
        ("x.log", False, True),
        ("deep/down/x.log", False, True),
        ("deep/keep.log", False, False),
        ("build", True, True),
        ("src/build", True, False),  # anchored to the root
        ("outputs", True, True),
        ("outputs", False, False),  # dir-only
        ("src/outputs", True, True),
        ("docs/draft.md", False, True),
        ("docs/a/b/draft.md", False, True),
        ("other/draft.md", False, False),
        ("cache", True, True),
        ("x/y/cache", True, True),
        ("a/anything/here.py", False, True),
        ("#literal", False, True),
        ("data/x.csv", False, True),
        ("data/keep.csv", False, False),
        ("data/sub/x.csv", False, False),
        ("spaces ", False, True),
        ("README.md", False, False),
    ],
)
def test_gitignore_patterns(path: str, is_dir: bool, expected: bool) -> None:
    rules = parse(GITIGNORE, "")
    assert rules is not None
    assert ignored([rules], path, is_dir) is expected


def test_a_nested_gitignore_applies_below_its_folder_and_wins() -> None:
    root = parse("*.tmp\n", "")
    nested = parse("!keep.tmp\ngen_*.py\n", "src/app")
    assert root is not None
    assert nested is not None
    assert ignored([root, nested], "src/app/x.tmp", False)
    assert not ignored([root, nested], "src/app/keep.tmp", False)
    assert ignored([root, nested], "src/app/gen_1.py", False)
    assert not ignored([root, nested], "gen_1.py", False)


# ---- names ----


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", True),
        ("gpt2", True),
        ("a" * 96 + "/b", True),
        ("a" * 97 + "/b", False),
        ("org/-name", False),
        ("org/name.", False),
        ("org/na--me", False),
        ("org/na..me", False),
        ("a/b/c", False),
        ("org/na me", False),
        ("", False),
    ],
)
def test_the_hub_id_grammar(text: str, ok: bool) -> None:
    assert is_hub_id(text) is ok


@pytest.mark.parametrize(
    "text",
    ["username/model", "your-org/your-model", "org/model", "outputs/my-model", "checkpoints/run1",
     "application/json", "text/plain", "./checkpoints/run1", "/abs/path"],
)  # fmt: skip
def test_names_that_only_look_like_models(text: str) -> None:
    assert hub_id(text, bare=True) is None


DECOYS = [
    ('AutoModel.from_pretrained("./checkpoints/run1")', "a.py"),
    ('AutoModel.from_pretrained("/opt/models/encoder")', "a.py"),
    ("AutoModel.from_pretrained(args.model_name_or_path)", "a.py"),
    ('AutoModel.from_pretrained(f"{org}/{name}")', "a.py"),
    ('load_dataset("HuggingFaceFW/fineweb")', "a.py"),
    ('snapshot_download(repo_id="HuggingFaceH4/ultrachat_200k", repo_type="dataset")', "a.py"),
    ('client.chat.completions.create(model="gpt-4o")', "a.py"),
    ('litellm.completion(model="openai/gpt-4o-mini")', "a.py"),
    ('headers = {"Content-Type": "application/json"}', "a.py"),
    ('model.push_to_hub("acme/my-finetune")', "a.py"),
    ('# AutoModel.from_pretrained("EleutherAI/gpt-neo-125m")', "a.py"),
    ("FROM python:3.11-slim", "Dockerfile"),
    ("FROM ghcr.io/huggingface/text-generation-inference:2.4", "Dockerfile"),
    ("docker run -d -p 11434:11434 --name ollama ollama/ollama", "run.sh"),
    ("    - uses: actions/checkout@v4", "ci.yml"),
    ("git clone https://github.com/huggingface/transformers", "run.sh"),
    ("output_dir: outputs/my-model", "train.yaml"),
    ("datasets:\n  - path: teknium/GPT4-LLM-Cleaned", "train.yaml"),
    ("hub_model_id: acme/my-finetune", "train.yaml"),
    ("OPENAI_MODEL=gpt-4o", ".env"),
    ("MODEL_DIR=/srv/models", ".env"),
    ("--served-model-name my-llama", "run.sh"),
    ("huggingface-cli download --repo-type dataset HuggingFaceFW/fineweb", "run.sh"),
    ("See https://huggingface.co/docs/transformers and https://huggingface.co/datasets/org1/ds", "a.md"),
    (
        "https://huggingface.co/spaces/org1/app https://huggingface.co/blog/rlhf https://huggingface.co/api/models",
        "a.md",
    ),
    ("https://example.com/meta-llama/Llama-2-7b", "a.md"),
    ("FROM ./model.gguf", "Modelfile"),
    # seen in real repositories: old docs addresses, an organisation's list of models, an API route
    ("https://huggingface.co/transformers/v4.2.2/_modules/transformers/trainer_callback.html", "a.py"),
    ("[MiniMax-M1](https://huggingface.co/MiniMaxAI/models)", "a.md"),
    ('requests.get("https://api-inference.huggingface.co/framework/text-generation-inference")', "a.py"),
    ('AutoModel.from_pretrained("fake/path")', "a.py"),
    ('ollama.chat(model="my-model")', "a.py"),
]


@pytest.mark.parametrize(("text", "file"), DECOYS)
def test_decoys_are_not_models(text: str, file: str) -> None:
    assert scan_text(text, file) == []


FINDS = [
    ('tok = AutoTokenizer.from_pretrained(\n    "tiiuae/falcon-40b",\n)', "a.py", "tiiuae/falcon-40b", 2, "from_pretrained"),
    ('MODEL_ID = "google/gemma-2-9b"\nm = AutoModel.from_pretrained(MODEL_ID)', "a.py", "google/gemma-2-9b", 1, "from_pretrained"),
    ('SentenceTransformer("all-MiniLM-L6-v2")', "a.py", "sentence-transformers/all-MiniLM-L6-v2", 1, "sentence-transformers"),
    ('ollama.chat(model="llama3.2:1b", messages=[])', "a.py", "llama3.2:1b", 1, "ollama"),
    ("model: huggingface/HuggingFaceH4/zephyr-7b-beta", "c.yaml", "HuggingFaceH4/zephyr-7b-beta", 1, "litellm"),
    ("model: ollama/llama3", "c.yaml", "llama3", 1, "litellm"),
    ("ENV MODEL_ID mistralai/Mistral-7B-v0.1", "Dockerfile", "mistralai/Mistral-7B-v0.1", 1, "env"),
    ("FROM llama3.2:1b", "Modelfile", "llama3.2:1b", 1, "modelfile"),
    ("text-generation-launcher --model-id bigscience/bloom-560m", "run.sh", "bigscience/bloom-560m", 1, "cli-flag"),
    ("https://hf.co/microsoft/phi-2/resolve/main/config.json", "a.md", "microsoft/phi-2", 1, "hf-url"),
    ("https://api-inference.huggingface.co/models/openai-community/gpt2", "a.md", "openai-community/gpt2", 1, "hf-url"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "file", "model", "line", "kind"), FINDS)
def test_finds(text: str, file: str, model: str, line: int, kind: str) -> None:
    assert [(r.id, r.line, r.kind) for r in scan_text(text, file)] == [(model, line, kind)]


def test_without_ahocorasick_the_same_is_found(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-pass word finder (ahocorasick-rs) only saves time: without it, the same references."""
    from licheck.scan import patterns

    fast = scan(tree, jobs=1)
    monkeypatch.setattr(patterns, "_automata", dict.fromkeys(patterns._RARE))
    slow = scan(tree, jobs=1)
    assert slow.references == fast.references


def test_crlf_files_and_a_single_file(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_bytes(b"FROM python:3.11\r\nENV MODEL_ID tiiuae/falcon-7b\r\n")
    (tmp_path / "Modelfile").write_bytes(b"FROM llama3.2:1b\r\nPARAMETER temperature 0.2\r\n")
    found = scan(tmp_path)
    assert [(r.file, r.line, r.id) for r in found.references] == [
        ("Dockerfile", 2, "tiiuae/falcon-7b"),
        ("Modelfile", 1, "llama3.2:1b"),
    ]
    one = scan(tmp_path / "Modelfile")
    assert [(r.file, r.id) for r in one.references] == [("Modelfile", "llama3.2:1b")]
