"""The scanner against real code nobody here wrote: files copied from public repositories
(tests/data/realcode, with INDEX.tsv naming each one's repository, path and commit), and the
line-level truth written by hand before any scan (tests/data/realcode-truth.json).

The scanner was tuned on 70% of the repositories; the other 30%, drawn at random with the seed in
tests/data/realcode-holdout.txt, were kept out of the tuning, and their figure is printed apart.

A second corpus, tests/data/realcode-fresh (80 files, 31 other repositories, truth written before
any scan), was gathered later to measure the scanner on code it had never seen: its first scan
(recorded in its truth file) is the honest held-out figure; it was tuned on afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import licheck.scan
from conftest import ROOT
from licheck.scan import scan

DATA = ROOT / "tests" / "data"
REALCODE = DATA / "realcode"
TRUTH = DATA / "realcode-truth.json"
HOLDOUT = DATA / "realcode-holdout.txt"
FRESH = DATA / "realcode-fresh"
FRESH_TRUTH = DATA / "realcode-fresh-truth.json"

Found = set[tuple[str, int, str]]


def _truth(path: Path = TRUTH) -> Found:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {(r["file"], r["line"], r["model"]) for r in document["references"]}


def _held_out() -> set[str]:
    lines = HOLDOUT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith(("#", "seed "))}


@pytest.fixture(scope="module")
def result() -> licheck.scan.ScanResult:
    return scan(REALCODE)


def _figures(truth: Found, found: Found) -> tuple[float, float, str]:
    hits = truth & found
    precision = len(hits) / len(found) if found else 1.0
    recall = len(hits) / len(truth) if truth else 1.0
    return (
        precision,
        recall,
        f"precision {precision:.3f} recall {recall:.3f} ({len(hits)} of {len(truth)}, {len(found)} found)",
    )


def test_precision_and_recall_on_real_code(result: licheck.scan.ScanResult) -> None:
    truth = _truth()
    found = {(r.file, r.line, r.id) for r in result.references}
    held = _held_out()

    def part(items: Found, held_out: bool) -> Found:
        return {item for item in items if (item[0].split("/")[0] in held) is held_out}

    precision, recall, everything = _figures(truth, found)
    *_, tuned = _figures(part(truth, False), part(found, False))
    *_, kept_out = _figures(part(truth, True), part(found, True))
    report = (
        f"all: {everything}\ntuned on: {tuned}\nheld out: {kept_out}"
        f"\nfalse positives: {sorted(found - truth)}\nmissed: {sorted(truth - found)}"
    )
    print(report)
    assert precision >= 0.97, report
    assert recall >= 0.95, report


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    """At least 250 files from 60 repositories of varied kinds, each with its repository, path and
    commit; the held-out repositories are about 30% of them and all exist."""
    rows = [
        line.split("\t") for line in (REALCODE / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    assert len(rows) >= 250
    assert all(len(row) == 5 and len(row[2]) == 40 for row in rows)
    repos = {row[0] for row in rows}
    assert len(repos) >= 60
    assert len({row[4] for row in rows}) >= 10
    folders = {p.name for p in REALCODE.iterdir() if p.is_dir()}
    held = _held_out()
    assert held <= folders
    assert 0.25 <= len(held) / len(folders) <= 0.35
    for row in rows:
        assert (REALCODE / (row[0].replace("/", "__")) / row[1]).is_file(), row


def test_no_file_of_the_corpus_is_skipped(result: licheck.scan.ScanResult) -> None:
    rows = (REALCODE / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert result.skipped == ()
    assert result.files == len(rows) + 1  # and INDEX.tsv


def test_the_truth_names_files_and_lines_that_exist() -> None:
    for file, line, _ in _truth():
        path = REALCODE / file
        assert path.is_file(), file
        assert 1 <= line <= len(path.read_text(encoding="utf-8").splitlines()), (file, line)


def test_the_repository_layout_is_kept(result: licheck.scan.ScanResult) -> None:
    """Files are named relative to the corpus root, as the truth names them."""
    assert all(Path(r.file).parts[0] in {p.name for p in REALCODE.iterdir()} for r in result.references)


def test_precision_and_recall_on_the_later_corpus() -> None:
    """The second corpus: at least its figure after tuning (0.947 / 0.894 on 2026-12-08; the
    first, untuned scan gave 0.927 / 0.708). The misses left are prose, Markdown tables of
    parameters, a JavaScript conditional and provider names the truth strips (`groq/`)."""
    truth = _truth(FRESH_TRUTH)
    found = {(r.file, r.line, r.id) for r in scan(FRESH).references}
    precision, recall, report = _figures(truth, found)
    print(report)
    assert precision >= 0.94, report
    assert recall >= 0.88, report
    assert not {file for file, _, _ in truth} - {
        r[0].replace("/", "__", 1) + "/" + r[1] for r in _rows(FRESH)
    }


def _rows(root: Path) -> list[list[str]]:
    return [line.split("\t") for line in (root / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]]


def test_the_later_corpus_is_kept_apart_from_the_first_and_the_reserved() -> None:
    """No repository of the later corpus is in the first one or among issue 19's reserved ones."""
    fresh = {row[0] for row in _rows(FRESH)}
    first = {row[0] for row in _rows(REALCODE)}
    reserved = {
        "0rfboy/ollama13b",
        "2coolkalamkaar/dockerfile-using-llm",
        "524c/local-rag-example",
        "7rohxt/finetune-ollama-unsloth",
        "ADGEfficiency/local-coding-assistant",
        "APEX160230/model-distillation",
        "AlphaHinex/hf-models",
        "D-Hank/coding-tasks",
        "DPhuoc/ChatBotAI",
        "GAQDT/Metis2",
        "UKPLab/sentence-transformers",
        "axolotl-ai-cloud/axolotl",
        "brindhaofficial14/AP_ProjectRepo",
        "carlostomazin/carlos-ai",
        "dagnaputra/nlp",
        "hiyouga/LLaMA-Factory",
        "huggingface/peft",
        "huggingface/text-generation-inference",
        "ollama/ollama-python",
        "sandeepyadav1478/catalystrag",
        "sarakh1999/CS245-Project",
        "teddylee777/langserve_ollama",
        "xiz2002/Practice_NestedCompose",
    }  # issue 19's reserved repositories
    assert len(fresh) >= 30
    assert not fresh & first
    assert not fresh & reserved
    assert all(len(row) == 5 and len(row[2]) == 40 for row in _rows(FRESH))
