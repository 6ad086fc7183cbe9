"""Trust, round 3: one id, many spellings (class 2), and rule folders that fail closed (class 9).

A rule folder may not give its own model an alias that is another spelling of a known name: the
rules' names pass through the one normaliser (ids.model_id) before they are compared, so such an
alias is a clash, refused with the file in every command and format, never a silent permissive
answer. A rule folder that holds something licheck cannot read as a file fails closed.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Licheck = Callable[..., Run]

ENTRY = """\
schema-version: 1
models:
- id: {id}
  name: Mine
  publisher: Me
  aliases:
  - {alias}
  license: apache-2.0
  sources:
  - url: https://example.com
  checked: '2026-01-01'
"""

# Each is another spelling of a name of the bundled Llama 2 7B (llama2: commercial is conditional,
# denied above 700M MAU): as an alias of a permissive entry it would have turned it `allowed`.
SPELLINGS = {
    "revision": "meta-llama/Llama-2-7b-hf@v2",
    "hub-url": "https://huggingface.co/meta-llama/Llama-2-7b-hf",
    "trailing-slash": "meta-llama/Llama-2-7b-hf/",
    "tree-main": "meta-llama/Llama-2-7b-hf/tree/main",
    "dot-git": "meta-llama/Llama-2-7b-hf.git",
    "full-width-first-letter": "ｍeta-llama/Llama-2-7b-hf",
    "mixed-case": "META-LLAMA/LLAMA-2-7B-HF",
    # variants of our own
    "upper-case-scheme-and-host": "HTTP://HF.CO/meta-llama/Llama-2-7b-hf",
    "hf-scheme": "hf://meta-llama/Llama-2-7b-hf",
    "www-no-scheme-slash": "www.huggingface.co/meta-llama/Llama-2-7b-hf/",
    "query": "meta-llama/Llama-2-7b-hf?download=true",
    "fragment": "meta-llama/Llama-2-7b-hf#model-details",
    "resolve-a-file": "huggingface.co/meta-llama/Llama-2-7b-hf/resolve/main/config.json",
    "blob-a-file": "https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/README.md",
    "ollama-tag": "hf.co/meta-llama/Llama-2-7b-hf:Q4_K_M",
    "dot-git-slash": "https://huggingface.co/meta-llama/Llama-2-7b-hf.git/",
    "full-width-all": "ｍｅｔａ－ｌｌａｍａ／Ｌｌａｍａ－２－７ｂ－ｈｆ",
    "the-short-id": "Llama-2-7B",
    "an-alias-of-the-entry": "LLAMA2-7B",
    "models-prefix": "huggingface.co/models/meta-llama/Llama-2-7b-hf",
    # found in the adversarial pass
    "double-slash": "https://huggingface.co/meta-llama//Llama-2-7b-hf",
    "no-break-space": "meta-llama/Llama-2-7b-hf\u00a0",
    "ideographic-space": "\u3000meta-llama/Llama-2-7b-hf",
    "leading-slash-then-host": "/hf.co/meta-llama/Llama-2-7b-hf",
}


def _rules(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "myrules"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "mine.yaml").write_text(text, encoding="utf-8")
    return folder


def _refused(result: Run, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("licheck: error:"), result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


@pytest.mark.parametrize("alias", list(SPELLINGS.values()), ids=list(SPELLINGS))
def test_an_alias_spelling_a_known_name_is_refused(licheck: Licheck, tmp_path: Path, alias: str) -> None:
    folder = _rules(tmp_path, ENTRY.format(id="my-model", alias=json.dumps(alias)))
    for spelling in {alias, "meta-llama/Llama-2-7b-hf"}:
        result = licheck("model", spelling, "--use", "commercial", "--rules", str(folder), "--format", "json")
        _refused(result, "mine.yaml:3", "of 'my-model'", "'llama-2-7b'")
        assert result.stdout == ""


def test_a_rule_id_spelling_a_known_id_is_refused(licheck: Licheck, tmp_path: Path) -> None:
    """An id is a name too: `llama-2-7b.git` is another spelling of the bundled `llama-2-7b`."""
    folder = _rules(tmp_path, ENTRY.format(id="llama-2-7b.git", alias="my-own-name"))
    _refused(
        licheck("model", "llama-2-7b", "--use", "commercial", "--rules", str(folder)),
        "'llama-2-7b.git'",
        "another spelling of 'llama-2-7b'",
    )


@pytest.mark.parametrize(
    ("alias", "words"),
    [
        ("meta-llama/Llаma-2-7b-hf", "CYRILLIC SMALL LETTER A"),
        ("https://huggingface.co/", "names no model"),
        ("@main", "names no model"),
        ("meta-llama/Llama-2-7b-hf\u200b", "ZERO WIDTH SPACE"),
        ("meta\u2010llama/Llama-2-7b-hf", "HYPHEN"),
    ],
    ids=[
        "cyrillic-letter",
        "an-address-without-a-repo",
        "only-a-revision",
        "zero-width-space",
        "unicode-hyphen",
    ],
)
def test_an_alias_that_cannot_be_a_name_is_refused(
    licheck: Licheck, tmp_path: Path, alias: str, words: str
) -> None:
    folder = _rules(tmp_path, ENTRY.format(id="my-model", alias=json.dumps(alias)))
    _refused(
        licheck("model", "falcon-40b", "--use", "commercial", "--rules", str(folder)), "mine.yaml", words
    )


@pytest.mark.parametrize(
    "command",
    [
        ("model", "meta-llama/Llama-2-7b-hf.git", "--use", "commercial"),
        ("model", "meta-llama/Llama-2-7b-hf", "--use", "commercial", "--format", "json"),
        ("explain", "llama-2-7b", "--use", "commercial"),
        ("compare", "llama-2-7b", "falcon-40b", "--use", "commercial", "--format", "markdown"),
        ("list", "--allows", "commercial", "--format", "json"),
        ("rules", "validate", "--format", "json"),
        ("check", "--format", "sarif"),
        ("check", "--format", "junit"),
    ],
    ids=lambda c: "-".join(c[:1] + tuple(c[c.index("--format") + 1 :] if "--format" in c else ("table",))),
)
def test_the_refusal_holds_in_every_command_and_format(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    folder = _rules(tmp_path, ENTRY.format(id="my-model", alias=json.dumps(SPELLINGS["dot-git"])))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nrules: [myrules]\nmodels:\n  - meta-llama/Llama-2-7b-hf.git\n", encoding="utf-8"
    )
    args = [*command] if command[0] in ("check",) else [*command, "--rules", str(folder)]
    if command[:2] == ("rules", "validate"):
        args = ["rules", "validate", str(folder), "--format", "json"]
    result = licheck(*args)
    assert result.exit_code == 2, (args, result.exit_code, result.stdout[:300], result.stderr)
    assert "another spelling of 'meta-llama/llama-2-7b-hf'" in result.stdout + result.stderr


@pytest.mark.parametrize("spelling", list(SPELLINGS.values()), ids=list(SPELLINGS))
def test_every_spelling_finds_the_bundled_model(licheck: Licheck, spelling: str) -> None:
    """Without the rule folder, each spelling names the bundled model: denied above 700M MAU."""
    result = licheck("model", spelling, "--use", "commercial", "--mau", "800M", "--format", "json")
    doc = json.loads(result.stdout)
    assert (doc["model"], doc["verdict"], result.exit_code) == ("llama-2-7b", "denied", 1)


def test_a_rules_folder_without_clashes_still_loads(licheck: Licheck, tmp_path: Path) -> None:
    """An alias that only looks like a URL of a model of one's own is fine."""
    folder = _rules(
        tmp_path, ENTRY.format(id="my-model", alias="https://huggingface.co/acme/My-Model/tree/main")
    )
    for spelling in ("acme/my-model", "hf.co/ACME/My-Model.git", "my-model"):
        doc = json.loads(
            licheck(
                "model", spelling, "--use", "commercial", "--rules", str(folder), "--format", "json"
            ).stdout
        )
        assert (doc["model"], doc["verdict"]) == ("my-model", "allowed")


# ---------------------------------------------------------------- class 9: what a rule folder holds


OVERRIDE = ENTRY.replace("  aliases:\n  - {alias}\n", "").format(id="llama-2-7b")


@pytest.fixture(params=["cached", "no-cache"])
def cache_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    if request.param == "no-cache":
        monkeypatch.setenv("LICHECK_NO_CACHE", "1")
    return str(request.param)


def _folder_with(tmp_path: Path, make: Callable[[Path], object]) -> Path:
    folder = _rules(tmp_path, OVERRIDE)
    make(folder)
    return folder


def _bind_socket(path: Path) -> None:
    here = os.getcwd()
    os.chdir(path.parent)  # a socket's path is short-limited: bind it by its name, from its folder
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(path.name)
    finally:
        os.chdir(here)


def _linked_fifo(folder: Path) -> None:
    os.mkfifo(folder / "elsewhere")
    (folder / "models" / "linked.yaml").symlink_to(folder / "elsewhere")


def _deep_fifo(folder: Path) -> None:
    (folder / "deep").mkdir()
    os.mkfifo(folder / "deep" / "x.yml")


NOT_FILES: dict[str, tuple[Callable[[Path], object], str, str]] = {
    "fifo-named-yaml": (
        lambda f: os.mkfifo(f / "models" / "more.yaml"),
        "models/more.yaml",
        "not a regular file",
    ),
    "fifo-without-suffix": (lambda f: os.mkfifo(f / "notes"), "notes", "not a regular file"),
    "fifo-in-a-sub-folder": (_deep_fifo, "deep/x.yml", "not a regular file"),
    "socket": (lambda f: _bind_socket(f / "models" / "s.yaml"), "models/s.yaml", "not a regular file"),
    "link-to-a-folder": (lambda f: (f / "shared").symlink_to(f / "models"), "shared", "is a folder"),
    "dangling-link-named-yaml": (
        lambda f: (f / "gone.yaml").symlink_to(f / "nowhere"),
        "gone.yaml",
        "cannot be read",
    ),
    "link-to-a-fifo": (_linked_fifo, "models/linked.yaml", "not a regular file"),
    "dangling-link-without-suffix": (
        lambda f: (f / "gone").symlink_to(f / "nowhere"),
        "gone",
        "cannot be read",
    ),
}


@pytest.mark.parametrize("case", list(NOT_FILES), ids=list(NOT_FILES))
def test_what_cannot_be_read_fails_closed(
    licheck: Licheck, tmp_path: Path, cache_mode: str, case: str
) -> None:
    """A FIFO (or any non-regular file) in a rule folder is named, exit 2: the rules it was meant
    to hold never vanish without a word, and nothing waits on it."""
    make, name, words = NOT_FILES[case]
    folder = _folder_with(tmp_path, make)
    result = licheck("model", "llama-2-7b", "--use", "commercial", "--rules", str(folder))
    _refused(result, f"{folder / name}: ", words)


def test_other_regular_files_are_passed_over(licheck: Licheck, tmp_path: Path, cache_mode: str) -> None:
    folder = _rules(tmp_path, OVERRIDE)
    (folder / "README.md").write_text("# my rules\n", encoding="utf-8")
    (folder / "notes.txt").symlink_to(folder / "README.md")
    result = licheck("model", "llama-2-7b", "--use", "commercial", "--rules", str(folder), "--format", "json")
    assert json.loads(result.stdout)["license"] == "apache-2.0"


def test_an_override_is_not_damage(licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A --rules folder overriding a bundled id printed "ignoring damaged cache files" on every run:
    its index could not be written (marshal refused the Override records), so every run rebuilt
    it. Now it is written once and read after, and the override is said every time."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(cache))
    folder = _rules(tmp_path, OVERRIDE)
    indexes = []
    for _ in range(3):
        result = licheck(
            "model", "llama-2-7b", "--use", "commercial", "--rules", str(folder), "--format", "json"
        )
        assert result.exit_code == 0
        assert "damaged" not in result.stderr, result.stderr
        assert "ignoring" not in result.stderr, result.stderr
        assert "overrides the one at rules/models/meta-llama.yaml" in result.stderr
        assert json.loads(result.stdout)["license"] == "apache-2.0"
        indexes.append({p.name: p.stat().st_ino for p in cache.glob("rules-*.index")})  # rebuilt: a new inode
    assert len(indexes[0]) == 1
    assert indexes[0] == indexes[1] == indexes[2]


def test_the_override_survives_the_index_in_check(
    licheck: Licheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the stored index, as from the files: the override is a rules-override error in check."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    _rules(tmp_path, OVERRIDE)
    (tmp_path / "licheck.yaml").write_text(
        "uses: [commercial]\nrules: [myrules]\nmodels:\n  - llama-2-7b\n", encoding="utf-8"
    )
    for _ in range(2):
        result = licheck("check", "--format", "json")
        codes = [(f["code"], f["level"]) for f in json.loads(result.stdout)["findings"]]
        assert ("rules-override", "error") in codes
        assert result.exit_code == 1
        assert "damaged" not in result.stderr


def test_a_fifo_given_as_the_rules_folder(licheck: Licheck, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "rules-fifo")
    _refused(
        licheck("model", "gpt2", "--use", "commercial", "--rules", str(tmp_path / "rules-fifo")),
        "not a folder",
    )


@pytest.mark.parametrize("name", ["", "   ", "https://huggingface.co/", "@main", "hf.co/ /"])
def test_a_name_that_names_no_model_is_bad_usage(licheck: Licheck, name: str) -> None:
    """It was `unknown` (exit 1), which a manifest's allow-unknown would pass."""
    _refused(licheck("model", name, "--use", "commercial"), "names no model")
