"""`licheck inspect`, and `licheck model` / `check` judging models the rules do not list from their
own evidence: the local Hugging Face cache (offline, always) and the Hub (only with --online)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Run
from hubstub import SHA, Hub

Licheck = Callable[..., Run]
REV = "a" * 40
FETCHED = 1_793_491_200  # 2026-11-01, when the fixture cache was "fetched"

CARDS = {
    # in the rules: the reviewed entry decides
    "tiiuae/falcon-40b": "---\nlicense: apache-2.0\n---\n# Falcon-40B\n",
    # only declared: a non-commercial card
    "acme/nc-model": "\n---\r\nlicense: cc-by-nc-4.0\r\ndatasets:\r\n- acme/private\r\n---\r\n",
    # only declared: a LoRA of Llama 2 whose card says apache-2.0 (the base binds it)
    "acme/llama-lora": "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-2-7b-hf\nbase_model_relation: adapter\n---\n",
}


def make_cache(root: Path, cards: dict[str, str]) -> Path:
    """A Hugging Face cache laid out as huggingface_hub lays it out: blobs, refs, snapshots of links."""
    for repo, text in cards.items():
        folder = root / ("models--" + repo.replace("/", "--"))
        (folder / "blobs").mkdir(parents=True)
        (folder / "refs").mkdir()
        (folder / "refs" / "main").write_text(REV, encoding="ascii")
        os.utime(folder / "refs" / "main", (FETCHED, FETCHED))  # the cache's answer is this old
        blob = folder / "blobs" / "e1"
        blob.write_bytes(text.encode())
        snapshot = folder / "snapshots" / REV
        snapshot.mkdir(parents=True)
        (snapshot / "README.md").symlink_to(Path("..") / ".." / "blobs" / "e1")
    return root


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = make_cache(tmp_path / "hub", CARDS)
    monkeypatch.setenv("HF_HUB_CACHE", "hub")
    return root


def _by_model(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["model"]: a for a in doc["artifacts"]}


class TestCache:
    def test_three_models_listed_with_the_right_verdicts(self, licheck: Licheck, cache: Path) -> None:
        result = licheck("inspect", "--hf-cache", "--use", "commercial", "--mau", "800M", "--format", "json")
        found = _by_model(json.loads(result.stdout))
        assert found["falcon-40b"]["verdict"] == "allowed"
        assert found["falcon-40b"]["basis"] == "rules"
        assert found["acme/nc-model"]["verdict"] == "denied"
        assert found["acme/nc-model"]["basis"] == "declared"
        lora = found["acme/llama-lora"]
        assert lora["verdict"] == "denied"  # Llama 2's 700M MAU ceiling binds the adapter
        assert [c["kind"] for c in lora["conflicts"]] == ["base-binds"]
        assert result.exit_code == 1

    def test_model_answers_from_the_cache_offline(self, licheck: Licheck, cache: Path) -> None:
        doc = json.loads(licheck("model", "acme/nc-model", "--use", "commercial", "--format", "json").stdout)
        assert doc["verdict"] == "denied"
        assert doc["basis"] == "declared"
        assert doc["license"] == "cc-by-nc-4.0"
        assert any(REV in e for e in doc["evidence"])

    def test_check_uses_the_cache_and_says_the_conflict(self, licheck: Licheck, cache: Path) -> None:
        Path("licheck.yaml").write_text(
            "uses: [commercial]\ncontext:\n  mau: 1000\nmodels:\n  - acme/llama-lora\n", encoding="utf-8"
        )
        result = licheck("check", "--format", "json")
        doc = json.loads(result.stdout)
        assert doc["models"][0]["verdict"] == "allowed"
        codes = {f["code"] for f in doc["findings"]}
        assert "evidence-conflict" in codes
        assert "model-unknown" not in codes
        assert result.exit_code == 0

    def test_lock_records_the_card_revision(self, licheck: Licheck, cache: Path) -> None:
        Path("licheck.yaml").write_text("uses: [research]\nmodels:\n  - acme/nc-model\n", encoding="utf-8")
        assert licheck("lock").exit_code == 0
        entry = json.loads(Path("licheck.lock").read_text(encoding="utf-8"))["models"][0]
        assert entry["revision"] == REV
        # the Hub's model changes: a new revision in the cache is drift
        (cache / "models--acme--nc-model" / "refs" / "main").write_text("b" * 40, encoding="ascii")
        os.rename(
            cache / "models--acme--nc-model" / "snapshots" / REV,
            cache / "models--acme--nc-model" / "snapshots" / ("b" * 40),
        )
        result = licheck("check", "--format", "json")
        assert "lock-revision-changed" in {f["code"] for f in json.loads(result.stdout)["findings"]}
        assert result.exit_code == 1

    def test_golden_table_and_json(
        self, licheck: Licheck, cache: Path, golden: Callable[[str, str], None]
    ) -> None:
        args = ("inspect", "--hf-cache", "--use", "commercial", "--use", "fine-tune", "--as-of", "2026-12-01")
        golden("inspect.txt", licheck(*args).stdout)
        golden("inspect.json", licheck(*args, "--format", "json").stdout)


class TestTargets:
    def test_gguf_declaring_cc_by_nc_is_denied(self, licheck: Licheck, tmp_path: Path) -> None:
        gguf = pytest.importorskip("gguf")
        path = tmp_path / "model.Q4_K_M.gguf"
        writer = gguf.GGUFWriter(str(path), "llama")
        writer.add_name("Some Model")
        writer.add_license("cc-by-nc-4.0")
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        doc = json.loads(licheck("inspect", str(path), "--use", "commercial", "--format", "json").stdout)
        assert doc["artifacts"][0]["verdict"] == "denied"
        assert doc["artifacts"][0]["license"] == "cc-by-nc-4.0"

    def test_card_with_llama2_and_its_base_gives_the_llama2_conditions(
        self, licheck: Licheck, tmp_path: Path
    ) -> None:
        (tmp_path / "README.md").write_text(
            "---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\n---\n", encoding="utf-8"
        )
        doc = json.loads(licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json").stdout)
        use = doc["artifacts"][0]["uses"][0]
        assert use["verdict"] == "conditional"
        # the base under the same terms says its condition once
        assert [c["summary"] for c in use["conditions"]] == ["≤700M MAU"]

    def test_peft_adapter_of_mpt_chat_is_denied(self, licheck: Licheck, tmp_path: Path) -> None:
        (tmp_path / "adapter_config.json").write_text(
            json.dumps({"base_model_name_or_path": "mosaicml/mpt-7b-chat", "peft_type": "LORA"}),
            encoding="utf-8",
        )
        doc = json.loads(licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json").stdout)
        assert doc["artifacts"][0]["verdict"] == "denied"

    def test_a_card_that_declares_nothing_is_unknown_and_says_so(
        self, licheck: Licheck, tmp_path: Path
    ) -> None:
        (tmp_path / "README.md").write_text("# Just prose\n", encoding="utf-8")
        result = licheck("inspect", str(tmp_path), "--use", "commercial")
        assert result.exit_code == 1
        assert "declares no license or base model licheck can read" in " ".join(result.stdout.split())
        doc = json.loads(licheck("inspect", str(tmp_path), "--use", "commercial", "--format", "json").stdout)
        assert doc["artifacts"][0]["verdict"] == "unknown"
        assert doc["artifacts"][0]["basis"] is None

    def test_no_target_is_bad_usage(self, licheck: Licheck) -> None:
        result = licheck("inspect", "--use", "commercial")
        assert result.exit_code == 2
        assert "give a TARGET" in result.stderr

    def test_missing_target(self, licheck: Licheck, tmp_path: Path) -> None:
        result = licheck("inspect", str(tmp_path / "nope"), "--use", "commercial")
        assert result.exit_code == 2
        assert "no such file or folder" in result.stderr


# ---------------------------------------------------------------- the network


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use in a test that must stay offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_without_online_no_connection_is_attempted(
    licheck: Licheck, cache: Path, no_network: list[object]
) -> None:
    """Unknown models, the cache, inspect and check: nothing leaves the machine without --online."""
    Path("licheck.yaml").write_text(
        "uses: [commercial]\nmodels:\n  - acme/not-cached\n  - acme/nc-model\n", encoding="utf-8"
    )
    licheck("model", "acme/not-cached", "--use", "commercial", "--format", "json")
    licheck("check", "--format", "json")
    licheck("inspect", "--hf-cache", "--use", "commercial")
    assert no_network == []


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licheck", *args], env=env, capture_output=True, text=True, check=False
    )


def test_online_answers_from_the_stand_in_hub(tmp_path: Path) -> None:
    card = b"---\nlicense: cc-by-nc-4.0\n---\n# remote\n"
    with Hub({"acme/remote": {"README.md": card}}) as hub:
        env = {
            **os.environ,
            "HF_ENDPOINT": hub.url,
            "HF_HOME": str(tmp_path / "hf"),
            "HF_HUB_DISABLE_TELEMETRY": "1",
        }
        env.pop("HF_HUB_CACHE", None)
        offline = _run(["model", "acme/remote", "--use", "commercial", "--format", "json"], env)
        assert json.loads(offline.stdout)["verdict"] == "unknown"
        assert hub.requests == []  # without --online: no request at all
        online = _run(["model", "acme/remote", "--use", "commercial", "--format", "json", "--online"], env)
        doc = json.loads(online.stdout)
        assert doc["verdict"] == "denied"
        assert doc["basis"] == "declared"
        assert any(SHA in e for e in doc["evidence"])  # cached with its revision
        asked = len(hub.requests)
        again = _run(["model", "acme/remote", "--use", "commercial", "--format", "json"], env)
        assert json.loads(again.stdout)["verdict"] == "denied"  # offline, from the cache
        assert len(hub.requests) == asked


def test_online_with_the_hub_unreachable_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port on loopback that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HF_ENDPOINT": f"http://127.0.0.1:{port}", "HF_HOME": str(tmp_path / "hf")}
    env.pop("HF_HUB_CACHE", None)
    done = _run(["model", "acme/remote", "--use", "commercial", "--online"], env)
    assert done.returncode == 2
    assert "cannot reach the Hub" in done.stderr
    assert "Traceback" not in done.stderr
