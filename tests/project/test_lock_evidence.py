"""The lock carries the evidence: a project whose models are judged from the Hugging Face cache,
locked, is judged the same on a machine with no cache and no network (basis `locked`), and a
LICENSE text that changes since the lock fails the check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from fakecache import cache_model, card

# Five fine-tunes the rules do not list, each declaring what it is built on.
FINE_TUNES = {
    "acme/llama2-chat-ft": card("llama2", "meta-llama/Llama-2-7b-chat-hf", "finetune"),
    "acme/mistral-ft": card("apache-2.0", "mistralai/Mistral-7B-v0.1", "finetune"),
    "acme/nc-ft": card("cc-by-nc-4.0", "mistralai/Mistral-7B-v0.1", "finetune"),
    "Acme/Chain-Top": card(
        "apache-2.0", "Acme/Chain-Middle", "finetune"
    ),  # a chain: the middle is cached too
    "acme/mit-ft": card("mit", "openai-community/gpt2", "finetune"),
}
MIDDLE = {"Acme/Chain-Middle": card("mit", "meta-llama/Llama-2-7b-hf", "finetune")}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licheck", *args], env=env, capture_output=True, text=True, check=False
    )


def _env(hf: Path, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "HF_HOME": str(hf), "LICHECK_CACHE_DIR": str(tmp_path / "lc"), "HF_HUB_OFFLINE": "1"}
    env.pop("HF_HUB_CACHE", None)
    env["HF_ENDPOINT"] = "http://127.0.0.1:9"  # nothing listens: any network attempt would fail loudly
    return env


def _verdicts(done: subprocess.CompletedProcess[str]) -> dict[str, tuple[str, str | None, str | None]]:
    assert done.returncode in (0, 1), done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return {m["query"]: (m["verdict"], m["license"], m["basis"]) for m in doc["models"]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    names = ", ".join(FINE_TUNES)
    (folder / "licheck.yaml").write_text(
        f"uses: [commercial]\ncontext: {{mau: 800M}}\nmodels: [{names}]\n", encoding="utf-8"
    )
    return folder


def test_a_lock_judges_the_same_without_cache_or_network(project: Path, tmp_path: Path) -> None:
    hf = tmp_path / "hf"
    for repo, text in {**FINE_TUNES, **MIDDLE}.items():
        cache_model(hf / "hub", repo, {"README.md": text})
    with_cache = _run(["check", str(project), "--format", "json"], _env(hf, tmp_path))
    before = _verdicts(with_cache)
    assert {basis for _, _, basis in before.values()} == {"declared"}
    assert before["Acme/Chain-Top"][0] == "denied"  # Llama 2's ceiling, two links up, at 800M MAU
    assert _run(["lock", str(project)], _env(hf, tmp_path)).returncode == 0
    lock = json.loads((project / "licheck.lock").read_text(encoding="utf-8"))
    chain = next(m for m in lock["models"] if m["name"] == "Acme/Chain-Top")["evidence"]
    assert [link["repo"] for link in chain] == ["Acme/Chain-Top", "Acme/Chain-Middle"]

    empty = tmp_path / "empty-hf"
    after = _verdicts(_run(["check", str(project), "--format", "json"], _env(empty, tmp_path)))
    assert {name: v[:2] for name, v in after.items()} == {name: v[:2] for name, v in before.items()}
    assert {basis for _, _, basis in after.values()} == {"locked"}


def test_locked_facts_never_override_a_reviewed_entry(project: Path, tmp_path: Path) -> None:
    """A lock that recorded evidence for a model the rules now list: the rules decide."""
    (project / "licheck.yaml").write_text(
        "uses: [commercial]\nmodels: [mistralai/Mistral-7B-v0.1]\n", encoding="utf-8"
    )
    (project / "licheck.lock").write_text(
        json.dumps(
            {
                "lock-version": 1,
                "models": [
                    {
                        "name": "mistralai/Mistral-7B-v0.1",
                        "model": "mistral-7b-v0.1",
                        "license": "apache-2.0",
                        "terms": "x",
                        "evidence": [
                            {
                                "repo": "mistralai/Mistral-7B-v0.1",
                                "revision": None,
                                "fetched": None,
                                "license": ["cc-by-nc-4.0"],
                                "license_name": [],
                                "license_link": [],
                                "base_models": [],
                                "relation": [],
                                "datasets": [],
                                "license_files": [],
                            }
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    done = _run(["check", str(project), "--format", "json"], _env(tmp_path / "hf", tmp_path))
    [model] = json.loads(done.stdout)["models"]
    assert (model["license"], model["basis"]) == ("apache-2.0", "rules")


MIT = """MIT License

Copyright (c) {year} Acme

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def test_a_changed_license_text_fails_the_check(project: Path, tmp_path: Path) -> None:
    hf = tmp_path / "hf"
    repo = "acme/with-license"
    (project / "licheck.yaml").write_text(f"uses: [commercial]\nmodels: [{repo}]\n", encoding="utf-8")
    mit = MIT.format(year=2024)
    cache_model(hf / "hub", repo, {"README.md": card("mit"), "LICENSE": mit})
    env = _env(hf, tmp_path)
    assert _run(["lock", str(project)], env).returncode == 0
    assert _run(["check", str(project), "--format", "json"], env).returncode == 0
    cache_model(hf / "hub", repo, {"LICENSE": mit + "\nThe model may not be used commercially.\n"})
    done = _run(["check", str(project), "--format", "json"], env)
    codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
    assert "lock-license-text-changed" in codes
    assert done.returncode == 1


@pytest.mark.parametrize(
    "evidence",
    [
        "not a list",
        [{"repo": 1}],
        [
            {
                "repo": "a/b",
                "revision": None,
                "fetched": None,
                "license": "mit",
                "license_name": [],
                "license_link": [],
                "base_models": [],
                "relation": [],
                "datasets": [],
                "license_files": [],
            }
        ],
        [
            {
                "repo": "a/b",
                "revision": None,
                "fetched": None,
                "license": [],
                "license_name": [],
                "license_link": [],
                "base_models": [],
                "relation": [],
                "datasets": [],
                "license_files": [{"license": None, "method": 3, "score": 1}],
            }
        ],
    ],
)
def test_bad_evidence_in_a_lock_is_a_clear_exit_2(project: Path, tmp_path: Path, evidence: object) -> None:
    entry = {"name": "acme/x", "model": "acme/x", "license": "mit", "terms": "t", "evidence": evidence}
    (project / "licheck.lock").write_text(
        json.dumps({"lock-version": 1, "models": [entry]}), encoding="utf-8"
    )
    done = _run(["check", str(project)], _env(tmp_path / "hf", tmp_path))
    assert done.returncode == 2
    assert "licheck.lock" in done.stderr
    assert "evidence" in done.stderr


# ---------------------------------------------------------------- the verification's adversarial pass


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, licheck: Callable[..., Run]) -> Path:
    """A project whose lock says Falcon-40B was under another license than the rules now say."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "no-cache"))
    (tmp_path / "licheck.yaml").write_text("uses: [commercial]\nmodels:\n  - tiiuae/falcon-40b\n")
    assert licheck("lock").exit_code == 0
    lock = json.loads((tmp_path / "licheck.lock").read_text())
    lock["models"][0]["license"] = "tii-falcon-llm-1.0"
    (tmp_path / "licheck.lock").write_text(json.dumps(lock))
    return tmp_path


@pytest.mark.parametrize(
    "spelling",
    [
        "tiiuae/falcon-40b",
        "TIIUAE/Falcon-40B",
        "https://huggingface.co/tiiuae/falcon-40b.git",
        "hf.co/tiiuae/falcon-40b/tree/main",
        "tiiuae/falcon-40b@main",
    ],
)
def test_the_lock_holds_whatever_the_manifest_s_spelling(
    licheck: Callable[..., Run], locked: Path, spelling: str
) -> None:
    """Before, the lock's entries were found by the manifest's name as written: spelling the model
    otherwise turned lock-license-changed (an error) into lock-missing (a warning), and passed."""
    (locked / "licheck.yaml").write_text(f"uses: [commercial]\nmodels:\n  - {json.dumps(spelling)}\n")
    result = licheck("check", "--format", "json")
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert "lock-license-changed" in codes
    assert "lock-missing" not in codes
    assert result.exit_code == 1


def test_one_model_twice_in_the_lock_is_refused(licheck: Callable[..., Run], locked: Path) -> None:
    """Two entries for one model (in two spellings): the gate cannot tell which one holds."""
    lock = json.loads((locked / "licheck.lock").read_text())
    twin = {**lock["models"][0], "name": "TIIUAE/Falcon-40B.git", "license": "apache-2.0"}
    lock["models"].append(twin)
    (locked / "licheck.lock").write_text(json.dumps(lock))
    result = licheck("check")
    assert result.exit_code == 2
    assert "licheck.lock" in result.stderr
    assert "models[1]: 'TIIUAE/Falcon-40B.git' is the model of models[0]" in result.stderr


@pytest.mark.parametrize(
    "version",
    [True, 1.0, "1", None, 2, 0, [1], {"v": 1}],
    ids=["true", "one-point-zero", "the-string-1", "null", "two", "zero", "a-list", "an-object"],
)
def test_a_lock_version_that_is_not_the_integer_1_is_refused(
    licheck: Callable[..., Run], locked: Path, version: Any
) -> None:
    """Issue 17, class 9: `"lock-version": true` was taken as version 1 (True == 1 in Python)."""
    lock = json.loads((locked / "licheck.lock").read_text())
    lock["lock-version"] = version
    (locked / "licheck.lock").write_text(json.dumps(lock))
    result = licheck("check")
    assert result.exit_code == 2
    assert "licheck.lock:1: not a licheck lock file (lock-version 1)" in result.stderr
