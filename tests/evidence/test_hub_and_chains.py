"""`--online` against a stand-in Hub on 127.0.0.1, and chains of bases read link by link: judged
offline from the cache, or online from the Hub (one lookup per link), every bad answer a clear
exit 2 within the deadline, and `--online` asking the Hub now, so a relicensing shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from fakecache import cache_model, card
from hubstub import SHA, Answer, Hub

# A chain of mixed-case ids: a fine-tune of a fine-tune of Llama 2 7B (which the rules know).
TOP, MIDDLE = "Acme-Labs/Chat-Tuned-7B", "Acme-Labs/Base-Tuned-7B"
CHAIN = {
    TOP: card("apache-2.0", MIDDLE, "finetune"),
    MIDDLE: card("mit", "meta-llama/Llama-2-7b-hf", "finetune"),
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "LICHECK_CACHE_DIR": str(tmp_path / "lc"), **extra}
    env.pop("HF_HUB_CACHE", None)
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licheck", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def _json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode in (0, 1), done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


ASK = ["model", TOP, "--use", "commercial", "--mau", "800M", "--format", "json"]


def test_a_chain_is_judged_offline_from_the_cache(tmp_path: Path) -> None:
    """Each link is read from the cache, whatever its case; the Llama 2 ceiling at the root binds
    the top at 800M MAU, although both fine-tunes' cards say permissive licenses."""
    hub = tmp_path / "hf" / "hub"
    for repo, text in CHAIN.items():
        cache_model(hub, repo, {"README.md": text})
    doc = _json(_run(ASK, _env(tmp_path)))
    assert (doc["verdict"], doc["basis"]) == ("denied", "declared")
    assert "llama2" in [lic for use in doc["uses"] for r in use["reasons"] for lic in [r.get("license")]]


def test_a_missing_link_says_which_and_why(tmp_path: Path) -> None:
    hub = tmp_path / "hf" / "hub"
    cache_model(hub, TOP, {"README.md": CHAIN[TOP]})
    doc = _json(_run(ASK, _env(tmp_path)))
    assert doc["verdict"] == "unknown"
    text = " ".join(r["text"] for u in doc["uses"] for r in u["reasons"])
    assert MIDDLE in text
    assert "not in the Hugging Face cache (offline: --online would ask the Hub)" in text


def test_a_chain_is_read_from_the_hub_one_lookup_per_link(tmp_path: Path) -> None:
    """With an empty cache and --online: the top and the middle are each looked up once; the root
    is in the rules and is not asked for; the second run offline answers the same from the cache."""
    models = {repo: {"README.md": text.encode()} for repo, text in CHAIN.items()}
    with Hub(models) as stub:
        env = _env(tmp_path, HF_ENDPOINT=stub.url)
        online = _json(_run([*ASK, "--online"], env))
        assert sorted(stub.lookups()) == sorted(f"/api/models/{repo}" for repo in CHAIN)
        offline = _json(_run(ASK, env))
    assert online["verdict"] == offline["verdict"] == "denied"
    assert (tmp_path / "hf" / "hub" / "models--Acme-Labs--Base-Tuned-7B" / "refs" / "main").read_text() == SHA


def test_online_asks_the_hub_now_and_a_relicensing_shows(tmp_path: Path) -> None:
    """A model already cached: --online asks again, sees the new revision's non-commercial card,
    and `check --online` reports the revision that changed since the lock."""
    repo = "acme/relicensed"
    with Hub({repo: {"README.md": card("apache-2.0").encode()}}) as stub:
        env = _env(tmp_path, HF_ENDPOINT=stub.url)
        first = _json(_run(["model", repo, "--use", "commercial", "--format", "json", "--online"], env))
        assert first["verdict"] == "allowed"
        project = tmp_path / "project"
        project.mkdir()
        (project / "licheck.yaml").write_text(f"uses: [commercial]\nmodels: [{repo}]\n", encoding="utf-8")
        assert _run(["lock", str(project), "--online"], env).returncode == 0
        stub.models[repo] = {"README.md": card("cc-by-nc-4.0").encode()}
        stub.revisions[repo] = "f" * 40
        again = _json(_run(["model", repo, "--use", "commercial", "--format", "json", "--online"], env))
        assert again["verdict"] == "denied"
        checked = _run(["check", str(project), "--online", "--format", "json"], env)
        assert checked.returncode == 1
        codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
        assert {"lock-license-changed", "use-denied"} <= codes
        # A new revision whose license did not change: the revision alone is the drift.
        stub.models[repo] = {"README.md": card("cc-by-nc-4.0").encode()}
        assert _run(["lock", str(project), "--online"], env).returncode == 0
        stub.revisions[repo] = "e" * 40
        moved = _run(["check", str(project), "--online", "--format", "json"], env)
    codes = {f["code"] for f in json.loads(moved.stdout)["findings"]}
    assert "lock-revision-changed" in codes


BAD = {
    "truncated JSON": Answer(200, b'{"id": "acme/x", "sha": "01234'),
    "a list body": Answer(200, b"[1, 2, 3]"),
    "siblings as a string": Answer(
        200, json.dumps({"id": "acme/x", "sha": SHA, "siblings": "README.md"}).encode()
    ),
    "a path-like sha": Answer(
        200, json.dumps({"id": "acme/x", "sha": "../../../etc", "siblings": []}).encode()
    ),
    "another repository": Answer(200, json.dumps({"id": "evil/other", "sha": SHA, "siblings": []}).encode()),
    "a server error": Answer(500, b"oops"),
    "not UTF-8": Answer(200, b"\xff\xfe{}"),
    "deeply nested JSON": Answer(200, b"[" * 100_000),
    "a huge announced body": Answer(200, b"{}", length=600_000_000),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_malformed_hub_answer_is_a_clear_exit_2(tmp_path: Path, case: str) -> None:
    with Hub({}, answers={"/api/models/acme/x": BAD[case]}) as stub:
        done = _run(
            ["model", "acme/x", "--use", "commercial", "--online"], _env(tmp_path, HF_ENDPOINT=stub.url)
        )
    assert done.returncode == 2, done.stderr
    assert "acme/x" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_hub_that_drips_is_cut_at_the_deadline(tmp_path: Path) -> None:
    """One byte every 0.5 s: the read stops at the deadline (here 2 s), not at the end of the body."""
    slow = Answer(200, b'{"id": "acme/x"}' + b" " * 200, drip=0.5)
    with Hub({}, answers={"/api/models/acme/x": slow}) as stub:
        env = _env(tmp_path, HF_ENDPOINT=stub.url, LICHECK_HUB_DEADLINE="2")
        started = time.monotonic()
        done = _run(["model", "acme/x", "--use", "commercial", "--online"], env, timeout=30)
        elapsed = time.monotonic() - started
    assert done.returncode == 2
    assert "deadline" in done.stderr or "in time" in done.stderr
    assert elapsed < 20  # generous: the point is that it ends, not how fast


def test_a_body_over_the_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """A 64 MiB model-info answer (over the 8 MiB cap, no length announced in advance)."""
    huge = Answer(200, b'{"id": "acme/x", "pad": "' + b"x" * (64 << 20) + b'"}')
    huge.length = None
    with Hub({}, answers={"/api/models/acme/x": huge}) as stub:
        done = _run(
            ["model", "acme/x", "--use", "commercial", "--online"], _env(tmp_path, HF_ENDPOINT=stub.url)
        )
    assert done.returncode == 2
    assert "over the" in done.stderr


@pytest.mark.parametrize("value", ["soon", "0", "-3", "99999"])
def test_bad_deadline_settings_are_named(tmp_path: Path, value: str) -> None:
    with Hub({}) as stub:
        env = _env(tmp_path, HF_ENDPOINT=stub.url, LICHECK_HUB_DEADLINE=value)
        done = _run(["model", "acme/x", "--use", "commercial", "--online"], env)
    assert done.returncode == 2
    assert "LICHECK_HUB_DEADLINE" in done.stderr


# ---------------------------------------------------------------- the verification's adversarial pass


@pytest.mark.parametrize(
    "answer",
    [
        Answer(body=b"HTTP/1.1 200 OK\r\n" + b"X" * 400, drip=0.25, raw=True),  # the status line's end
        Answer(body=b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 400, drip=0.25, raw=True),  # a header
        Answer(body=b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 100, drip=0.05, raw=True),  # many headers
    ],
    ids=["status-line", "one-header", "many-headers"],
)
def test_a_hub_that_drips_its_headers_is_cut_at_the_deadline(tmp_path: Path, answer: Answer) -> None:
    """Before, the deadline held for the body only: headers sent one byte every 0.25 s (each
    within the read timeout) ran for as long as the server liked (still running at 40 s)."""
    with Hub({}, answers={"/api/models/acme/x": answer}) as stub:
        env = _env(tmp_path, HF_ENDPOINT=stub.url, LICHECK_HUB_DEADLINE="2")
        started = time.monotonic()
        done = _run(["model", "acme/x", "--use", "commercial", "--online"], env, timeout=30)
        elapsed = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "did not answer in time for acme/x" in done.stderr or "longer than the deadline" in done.stderr
    assert elapsed < 20  # generous: the point is that it ends


def test_the_token_is_not_sent_on_to_another_host(tmp_path: Path) -> None:
    """Before, urllib passed HF_TOKEN on with a redirect to any host."""
    with Hub({"acme/x": {"README.md": b"---\nlicense: mit\n---\n"}}) as other:
        elsewhere = other.url.replace("127.0.0.1", "localhost") + "/api/models/acme/x"
        redirect = Answer(302, headers={"Location": elsewhere})
        with Hub({}, answers={"/api/models/acme/x": redirect}) as stub:
            env = _env(tmp_path, HF_ENDPOINT=stub.url, HF_TOKEN="hf_not_for_others")
            done = _run(["model", "acme/x", "--use", "commercial", "--online"], env)
            assert set(stub.authorizations) == {"Bearer hf_not_for_others"}  # its own host has it
    assert other.lookups()
    assert set(other.authorizations) == {None}
    assert done.returncode == 1  # the other host answered; the files, asked of the Hub, are not there
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("ftp://127.0.0.1:1/x", "which is not an http address"),
        ("file:///etc/hostname", "HTTP 302"),  # urllib itself refuses it
        ("/api/models/acme/x", "HTTP 302"),  # to itself, forever: urllib's limit, then exit 2
    ],
    ids=["ftp", "file", "a-loop"],
)
def test_a_redirect_licheck_will_not_follow(tmp_path: Path, location: str, message: str) -> None:
    redirect = Answer(302, headers={"Location": location})
    with Hub({}, answers={"/api/models/acme/x": redirect}) as stub:
        done = _run(
            ["model", "acme/x", "--use", "commercial", "--online"], _env(tmp_path, HF_ENDPOINT=stub.url)
        )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr


@pytest.mark.parametrize(
    "value",
    ["file:///tmp", "ftp://127.0.0.1:1", "127.0.0.1:1", "http://[::1", "http://127.0.0.1:99999", "https://"],
)
def test_an_endpoint_that_is_no_http_address_is_named(tmp_path: Path, value: str) -> None:
    """Before, HF_ENDPOINT=file:///... read local files as the Hub's answers, and an address
    urllib could not parse was exit 3."""
    done = _run(["model", "acme/x", "--use", "commercial", "--online"], _env(tmp_path, HF_ENDPOINT=value))
    assert done.returncode == 2, done.stderr
    assert f"HF_ENDPOINT={value.rstrip('/')!r}: not an http or https address" in done.stderr
