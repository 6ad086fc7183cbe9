"""Scan blind spots (issue 17, class 7) and bad input for the scanner: what git tracks is read
whatever .gitignore says; a virtualenv is what makes one; any encoding; a notebook whatever its
outputs weigh; FIFOs, sockets, links, deep trees and binary lookalikes never hang or crash it, and
everything left out is named."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import licheck.scan
from licheck.scan import scan
from licheck.scan.gitindex import IndexError_, parse

SRC = str(Path(licheck.scan.__file__).parents[2])
CALL = 'model = AutoModel.from_pretrained("{}")\n'
FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
GIT = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _ids(root: Path) -> set[str]:
    return {r.id for r in scan(root).references}


def _scan_in_subprocess(root: Path) -> dict[str, object]:
    """Scan in another process with a timeout: a hang fails the test instead of blocking the suite."""
    code = (
        "import json, sys; from licheck.scan import scan; r = scan(sys.argv[1]); "
        "print(json.dumps({'ids': sorted({x.id for x in r.references}), 'skipped': dict(r.skipped)}))"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
        "GIT_CONFIG_GLOBAL": str(root / ".gitconfig-none"),
    }
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", *args],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip


# ---- FIFOs and other non-regular files ----


@FIFO
@pytest.mark.parametrize("name", [".gitignore", ".licheckignore", "sub/.gitignore", "sub/.licheckignore"])
def test_a_fifo_named_like_an_ignore_file_never_hangs_the_scan(tmp_path: Path, name: str) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "app.py").write_text(CALL.format("org1/behind-fifo"))
    os.mkfifo(tmp_path / name)
    result = _scan_in_subprocess(tmp_path)
    assert result["ids"] == ["org1/behind-fifo"]
    skipped = result["skipped"]
    assert isinstance(skipped, dict)
    assert skipped[name] == "not a regular file (a FIFO): its rules were not read"


@FIFO
def test_a_fifo_named_like_code_is_named_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "app.py")
    (tmp_path / "real.py").write_text(CALL.format("org1/real-model"))
    result = _scan_in_subprocess(tmp_path)
    assert result["ids"] == ["org1/real-model"]
    assert result["skipped"] == {"app.py": "not a regular file (a FIFO)"}


@FIFO
def test_a_fifo_named_pyvenv_cfg_makes_no_virtualenv(tmp_path: Path) -> None:
    (tmp_path / "tools" / "bin").mkdir(parents=True)
    (tmp_path / "tools" / "bin" / "python").write_text("")
    os.mkfifo(tmp_path / "tools" / "pyvenv.cfg")
    (tmp_path / "tools" / "train.py").write_text(CALL.format("org1/tools-model"))
    result = _scan_in_subprocess(tmp_path)
    assert result["ids"] == ["org1/tools-model"]


def test_a_socket_is_named(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX") or len(str(tmp_path)) > 90:
        pytest.skip("no short path for a Unix socket here")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "agent.sock"))
        result = scan(tmp_path)
    assert dict(result.skipped) == {"agent.sock": "not a regular file (a socket)"}


def test_a_linked_ignore_file_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "rules.txt").write_text("*.py\n")
    (tmp_path / ".gitignore").symlink_to(tmp_path / "rules.txt")
    (tmp_path / "app.py").write_text(CALL.format("org1/not-hidden"))
    result = scan(tmp_path)
    assert "org1/not-hidden" in {r.id for r in result.references}
    assert dict(result.skipped)[".gitignore"].startswith("a link")


def test_an_ignore_file_over_a_megabyte_is_named(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("x\n" * 600_000)
    (tmp_path / "app.py").write_text(CALL.format("org1/app-model"))
    result = scan(tmp_path)
    assert _ids(tmp_path) == {"org1/app-model"}
    assert dict(result.skipped)[".gitignore"] == "larger than 1048576 bytes: its rules were not read"


# ---- virtualenvs: by what makes one ----


def test_an_empty_pyvenv_cfg_does_not_hide_code(tmp_path: Path) -> None:
    """Issue 17's case: a folder with an empty pyvenv.cfg was taken for a virtualenv."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "pyvenv.cfg").write_text("")
    (tmp_path / "app" / "serve.py").write_text(CALL.format("org1/hidden-in-venv"))
    assert _ids(tmp_path) == {"org1/hidden-in-venv"}


def test_a_pyvenv_cfg_without_an_interpreter_does_not_hide_code(tmp_path: Path) -> None:
    (tmp_path / "venv").mkdir()
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "venv" / "serve.py").write_text(CALL.format("org1/named-venv"))
    assert _ids(tmp_path) == {"org1/named-venv"}


@pytest.mark.parametrize(
    ("interpreter", "name"),
    [("bin/python", ".venv"), ("Scripts/python.exe", "env"), ("lib/python3.12/site-packages/x.py", "py312")],
)
def test_a_real_virtualenv_is_left_out_and_named(tmp_path: Path, interpreter: str, name: str) -> None:
    env = tmp_path / name
    (env / interpreter).parent.mkdir(parents=True)
    (env / interpreter).write_text(CALL.format("org1/in-site-packages"))
    (env / "pyvenv.cfg").write_text("home = /usr/local/bin\nversion = 3.12.1\n")
    (tmp_path / "app.py").write_text(CALL.format("org1/app-model"))
    result = scan(tmp_path)
    assert {r.id for r in result.references} == {"org1/app-model"}
    assert dict(result.skipped)[name] == "a virtualenv"


def test_a_conda_environment_is_left_out_and_named(tmp_path: Path) -> None:
    (tmp_path / "env" / "conda-meta").mkdir(parents=True)
    (tmp_path / "env" / "conda-meta" / "history").write_text("==> 2024-01-01 <==\n")
    (tmp_path / "env" / "lib.py").write_text(CALL.format("org1/in-conda"))
    result = scan(tmp_path)
    assert result.references == ()
    assert dict(result.skipped)["env"] == "a conda environment"


def test_an_empty_conda_meta_folder_does_not_hide_code(tmp_path: Path) -> None:
    (tmp_path / "env" / "conda-meta").mkdir(parents=True)
    (tmp_path / "env" / "lib.py").write_text(CALL.format("org1/not-conda"))
    assert _ids(tmp_path) == {"org1/not-conda"}


# ---- git: what it tracks is read ----


@GIT
def test_a_committed_file_matched_by_gitignore_is_read(tmp_path: Path) -> None:
    """Issue 17's case: a file git tracks although .gitignore matches it (git add -f)."""
    (tmp_path / ".gitignore").write_text("generated_*.py\nvendor/\n")
    (tmp_path / "generated_client.py").write_text(CALL.format("org1/committed-ignored"))
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.py").write_text(CALL.format("org1/committed-vendored"))
    (tmp_path / "vendor" / "untracked.py").write_text(CALL.format("org1/untracked-vendored"))
    (tmp_path / "generated_local.py").write_text(CALL.format("org1/untracked-ignored"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-f", ".gitignore", "generated_client.py", "vendor/lib.py")
    assert _ids(tmp_path) == {"org1/committed-ignored", "org1/committed-vendored"}


@GIT
def test_tracked_files_in_skipped_folders_are_read(tmp_path: Path) -> None:
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "index.js").write_text(
        'pipeline("x", "org1/committed-in-node-modules")\n'
    )
    (tmp_path / "node_modules" / "other.js").write_text('pipeline("x", "org1/untracked-in-node-modules")\n')
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "node_modules/pkg/index.js")
    assert _ids(tmp_path) == {"org1/committed-in-node-modules"}


@GIT
def test_licheckignore_applies_to_tracked_files(tmp_path: Path) -> None:
    (tmp_path / ".licheckignore").write_text("third_party/\n")
    (tmp_path / "third_party").mkdir()
    (tmp_path / "third_party" / "lib.py").write_text(CALL.format("org1/third-party"))
    (tmp_path / "app.py").write_text(CALL.format("org1/app-model"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    assert _ids(tmp_path) == {"org1/app-model"}


@GIT
@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_every_index_version_is_read(tmp_path: Path, version: str) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    for n in range(3):  # shared prefixes: what index version 4 compresses
        (tmp_path / "src" / "pkg").mkdir(parents=True, exist_ok=True)
        (tmp_path / "src" / "pkg" / f"module_{n}.py").write_text(CALL.format(f"org1/model-{n}"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-f", ".")
    _git(tmp_path, "update-index", "--index-version", version)
    assert _ids(tmp_path) == {f"org1/model-{n}" for n in range(3)}


@GIT
def test_a_sha256_repository_is_read(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "app.py").write_text(CALL.format("org1/sha256-model"))
    try:
        _git(tmp_path, "init", "-q", "--object-format=sha256")
    except subprocess.CalledProcessError:
        pytest.skip("this git makes no SHA-256 repositories")
    _git(tmp_path, "add", "-f", ".")
    assert _ids(tmp_path) == {"org1/sha256-model"}


@GIT
def test_a_worktree_is_read_through_its_git_file(tmp_path: Path) -> None:
    main = tmp_path / "main"
    main.mkdir()
    (main / ".gitignore").write_text("*.py\n")
    (main / "app.py").write_text(CALL.format("org1/worktree-model"))
    _git(main, "init", "-q")
    _git(main, "add", "-f", ".")
    _git(main, "commit", "-q", "-m", "x")
    _git(main, "worktree", "add", "-q", str(tmp_path / "wt"))
    assert (tmp_path / "wt" / ".git").is_file()
    assert _ids(tmp_path / "wt") == {"org1/worktree-model"}


@GIT
def test_a_damaged_index_is_named_and_gitignore_applies(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "ignored.py").write_text(CALL.format("org1/ignored"))
    (tmp_path / "app.py").write_text(CALL.format("org1/app-model"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-f", ".")
    index = tmp_path / ".git" / "index"
    index.write_bytes(index.read_bytes()[:40])
    result = scan(tmp_path)
    assert {r.id for r in result.references} == {"org1/app-model"}
    assert dict(result.skipped)[".git/index"] == "truncated: .gitignore applied to every file"


@GIT
def test_a_split_index_is_named(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(CALL.format("org1/app-model"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "update-index", "--split-index")
    result = scan(tmp_path)
    assert {r.id for r in result.references} == {"org1/app-model"}
    assert "split index" in dict(result.skipped)[".git/index"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a git index"),
        (b"DIRC" + (9).to_bytes(4, "big") + (0).to_bytes(4, "big"), "index version 9"),
        (b"DIRC" + (2).to_bytes(4, "big") + (5).to_bytes(4, "big") + b"\0" * 30, "truncated"),
    ],
)
def test_index_files_that_are_not_indexes(data: bytes, message: str) -> None:
    with pytest.raises(IndexError_, match=message):
        parse(data)


# ---- encodings ----


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),  # issue 17's case: a UTF-16 config taken for binary
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_configs_in_any_encoding_are_read(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "# settings\nmodel_name_or_path: tiiuae/falcon-7b\ndataset: alpaca\n"
    (tmp_path / "train.yaml").write_bytes(bom + text.encode(encoding))
    result = scan(tmp_path)
    assert [(r.file, r.line, r.column, r.id) for r in result.references] == [
        ("train.yaml", 2, 21, "tiiuae/falcon-7b")
    ]
    assert result.skipped == ()


def test_code_with_a_nul_byte_is_named_as_binary(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_bytes(b"\0" + CALL.format("org1/behind-nul").encode())
    (tmp_path / "data.dat").write_bytes(b"\0\1\2" * 100)
    result = scan(tmp_path)
    assert result.references == ()
    assert dict(result.skipped) == {
        "app.py": "binary: NUL bytes in its first 8 KB"
    }  # data.dat is only counted
    assert result.binary == 2


def test_bytes_that_are_no_encoding_are_read_as_latin1(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(bytes(range(1, 256)) * 40 + b"\n--model org1/after-noise\n")
    assert _ids(tmp_path) == {"org1/after-noise"}


# ---- notebooks whatever their outputs weigh ----


def _notebook(code: str, plot_bytes: int, markdown: str = "# A plot\n") -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [markdown]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo" * (plot_bytes // 10), "text/plain": ["<Figure>"]}, "metadata": {}}],
            "source": code.splitlines(keepends=True),
        },
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["tok = AutoTokenizer.from_pretrained('org1/after-plot')\n"]},
    ]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_a_notebook_over_the_cap_because_of_a_plot_is_read(tmp_path: Path) -> None:
    """Issue 17's case: a notebook over 2 MB because of one plot was skipped whole, without a word."""
    text = _notebook(
        "from transformers import AutoModel\nm = AutoModel.from_pretrained('org1/nb-model')\n", 3_000_000
    )
    path = tmp_path / "demo.ipynb"
    path.write_text(text)
    assert path.stat().st_size > licheck.scan.MAX_BYTES
    result = scan(tmp_path)
    lines = text.splitlines()
    found = {r.id: r for r in result.references}
    assert set(found) == {"org1/nb-model", "org1/after-plot"}
    for ref in found.values():
        assert ref.id in lines[ref.line - 1]  # the line on disk, outputs and all
    assert (found["org1/after-plot"].cell, found["org1/after-plot"].cell_line) == (2, 1)
    assert result.skipped == ()


def test_a_notebook_whose_sources_are_over_the_cap_is_named(tmp_path: Path) -> None:
    code = "x = 1\n" * 50_000 + "m = AutoModel.from_pretrained('org1/nb-model')\n"
    (tmp_path / "big.ipynb").write_text(_notebook(code, 100_000))
    result = scan(tmp_path, max_bytes=200_000)
    assert dict(result.skipped) == {"big.ipynb": "larger than 200000 bytes without its outputs"}


def test_a_truncated_notebook_over_the_cap_is_named(tmp_path: Path) -> None:
    text = _notebook("m = AutoModel.from_pretrained('org1/nb-model')\n", 400_000)
    (tmp_path / "cut.ipynb").write_text(text[: len(text) // 2])
    result = scan(tmp_path, max_bytes=100_000)
    assert dict(result.skipped) == {"cut.ipynb": "larger than 100000 bytes, and its outputs do not parse"}


def test_a_notebook_with_brackets_in_its_outputs_is_read(tmp_path: Path) -> None:
    text = _notebook("m = AutoModel.from_pretrained('org1/nb-model')\n", 300_000).replace(
        '"<Figure>"', '"[[[\\"]]] not brackets \\\\ ]"'
    )
    (tmp_path / "b.ipynb").write_text(text)
    assert _ids_capped(tmp_path, 100_000) == {"org1/nb-model", "org1/after-plot"}


def _ids_capped(root: Path, cap: int) -> set[str]:
    return {r.id for r in scan(root, max_bytes=cap).references}


# ---- trees and lines that are big in odd ways ----


def test_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """The walk keeps a stack of its own: a tree deeper than Python's recursion limit is walked
    (in a process whose limit is 150, so that the tree stays small enough for tmp_path's cleanup)."""
    folder = tmp_path
    for _ in range(300):
        folder = folder / "d"
        folder.mkdir()
    (folder / "x.py").write_text(CALL.format("org1/deep-model"))
    code = (
        "import sys; from licheck.scan import scan; r = scan(sys.argv[1]); "
        "sys.setrecursionlimit(150); r = scan(sys.argv[1]); print(sorted({x.id for x in r.references}))"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.strip() == "['org1/deep-model']", done.stderr


def test_a_huge_line_under_the_cap(tmp_path: Path) -> None:
    (tmp_path / "min.js").write_text("var a=1;" * 200_000 + 'pipeline("x", "org1/minified-model");')
    assert _ids(tmp_path) == {"org1/minified-model"}


def test_deeply_nested_brackets_in_a_model_list(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("MODELS = " + "[" * 100_000 + '"org1/nested"' + "]" * 100_000 + "\n")
    assert scan(tmp_path).skipped == ()  # bounded: read, nothing found past the first 4000 characters


def test_a_file_name_with_a_newline(tmp_path: Path) -> None:
    (tmp_path / "odd\nname.py").write_text(CALL.format("org1/odd-name"))
    result = scan(tmp_path)
    assert [(r.file, r.id) for r in result.references] == [("odd\nname.py", "org1/odd-name")]


# ---- licheck's own reports ----

SARIF = '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": {\n        "driver": {\n          "name": "licheck",\n'


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        (
            "licheck.sarif",
            SARIF + '"message": {"text": "AutoModel.from_pretrained(\\"org1/in-report\\")"}',
            "SARIF",
        ),
        (
            "out.json",
            '{\n  "schema_version": 2,\n  "licheck_version": "0.2.0",\n  "x": "--model org1/in-report"\n}\n',
            "JSON",
        ),
        (
            "results.xml",
            '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="licheck" tests="1">--model org1/in-report',
            "JUnit",
        ),
        (
            "summary.md",
            "## licheck: ❌ failed\n\n| model |\n|---|\n| https://huggingface.co/org1/in-report |\n",
            "markdown",
        ),
        (
            "annotations.txt",
            "::error file=a.py,line=1,title=licheck use-denied::--model org1/in-report\n",
            "GitHub annotations",
        ),
    ],
)
def test_licheck_reports_are_not_code(tmp_path: Path, name: str, text: str, kind: str) -> None:
    (tmp_path / name).write_text(text)
    result = scan(tmp_path)
    assert result.references == ()
    assert dict(result.skipped) == {name: f"a licheck report ({kind}): not code"}


def test_code_that_mentions_the_marks_is_still_code(tmp_path: Path) -> None:
    (tmp_path / "report.py").write_text(
        'KEYS = {"schema_version": 2, "licheck_version": "x"}\n' + CALL.format("org1/still-code")
    )
    assert _ids(tmp_path) == {"org1/still-code"}


Licheck = Callable[..., object]


def test_a_big_ml_bom_is_told_by_its_end(tmp_path: Path) -> None:
    """The ML-BOM's components come first, sorted; licheck's own mark may be only at its end."""
    components = [{"bom-ref": f"model:org1/m{n}", "name": f"org1/m{n}", "type": "machine-learning-model",
                   "evidence": {"occurrences": [{"location": "a.py", "line": n}]}} for n in range(200)]  # fmt: skip
    bom = {"components": components, "metadata": {"tools": {"components": [{"bom-ref": "licheck", "name": "licheck"}]}},
           "bomFormat": "CycloneDX", "specVersion": "1.6"}  # fmt: skip
    (tmp_path / "ml-bom.json").write_text(json.dumps(bom, indent=2, sort_keys=True))
    result = scan(tmp_path)
    assert result.references == ()
    assert dict(result.skipped) == {"ml-bom.json": "a licheck report (CycloneDX): not code"}


# ---- the verification's adversarial pass ----

PATHOLOGICAL = {
    # a star before each of twenty letters, against a long name of that letter: a regex that
    # retries every star is exponential (more than 30 s before, for one file)
    "twenty-stars": ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a" * 200 + ".py"),
    # fourteen `**` in a row, against a path twenty folders deep (more than 20 s before)
    "fourteen-double-stars": ("**/**/**/**/**/**/**/**/**/**/**/**/**/**/c", "d/" * 20 + "a" * 100),
    # `**` between folders of one name, against a path of that folder thirty times over
    "double-stars-between-folders": ("**/d/**/d/**/d/**/d/**/d/**/d/**/d/c", "d/" * 30 + "x.py"),
    # a negated pattern and a class, the same way
    "negated-stars-and-a-class": ("!*[ab]*[ab]*[ab]*[ab]*[ab]*[ab]*[ab]*[ab]*[ab]*c", "ab" * 100 + ".py"),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_an_ignore_pattern_runs_in_linear_time(tmp_path: Path, name: str) -> None:
    pattern, path = PATHOLOGICAL[name]
    (tmp_path / ".gitignore").write_text(f"{pattern}\nignored.py\n", encoding="utf-8")
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(CALL.format("org1/deep-model"), encoding="utf-8")
    (tmp_path / "ignored.py").write_text(CALL.format("org1/ignored"), encoding="utf-8")
    assert _scan_in_subprocess(tmp_path)["ids"] == ["org1/deep-model"]  # within the 60 s guard


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "expected"),
    [
        ("*a*b", "xaxxb", False, True),
        ("*a*b", "xaxxbx", False, False),
        ("a/**/b", "a/b", False, True),
        ("a/**/b", "a/x/y/b", False, True),
        ("**/d/**/c", "x/d/y/c", False, True),
        ("**/d/**/c", "x/e/y/c", False, False),
        ("a/**", "a/x/y", False, True),
        ("a/**", "a", True, False),
        ("[/.]", ".", False, True),
        ("d*/", "dir", True, True),
        ("d*/", "dir", False, False),
        ("*.py", "sub/x.py", False, True),
        ("/*.py", "sub/x.py", False, False),
        ("a*[!b]*c", "aXbc", False, True),
    ],
)
def test_ignore_patterns_keep_git_s_meaning(pattern: str, path: str, is_dir: bool, expected: bool) -> None:
    from licheck.scan.ignore import ignored
    from licheck.scan.ignore import parse as parse_ignore

    rules = parse_ignore(pattern + "\n", "")
    assert rules is not None
    assert ignored([rules], path, is_dir) is expected


SCAN_FORMATS = ["table", "json", "sarif", "markdown", "junit", "github", "html", "cyclonedx", "spdx3"]


@pytest.mark.parametrize("fmt", SCAN_FORMATS)
def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path: Path, fmt: str) -> None:
    """Bytes that are no UTF-8 in a file's name (any Linux file system allows them): before, the
    CycloneDX report was exit 3 and JSON, SARIF and HTML were invalid UTF-8."""
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xff\xfename.py"), "wb") as handle:
        handle.write(CALL.format("meta-llama/Llama-2-7b-hf").encode())
    done = subprocess.run(
        [sys.executable, "-m", "licheck", "scan", str(tmp_path), "--use", "commercial", "--format", fmt],
        capture_output=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # valid UTF-8
    if fmt not in ("spdx3", "cyclonedx", "github", "junit"):  # these name models, not files
        assert "bad\ufffd\ufffdname.py" in text


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_a_source_key_or_word_in_metadata_and_outputs_never_moves_a_line(indent: int | None) -> None:
    """Cells are found in the text by their `"source"` key: a "source" in a cell's metadata, the
    word as a value, or a JSON text in an output that holds one must not be taken for it."""
    document = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"source": ["x = 1\n"], "kind": "source"},
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": ['"source": ["x"]\n', "source\n"]}
                ],
                "source": ["x = 1\n", "m = AutoModel.from_pretrained('org1/nb-model')\n"],
            },
            {"cell_type": "raw", "metadata": {}, "source": "from_pretrained('org1/raw-cell')"},
            {"cell_type": "markdown", "metadata": {}, "source": "# Title\nWe use `org1/md-model`."},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(document, indent=indent)
    stored = next(i for i, line in enumerate(text.splitlines(), 1) if "m = AutoModel" in line)
    found = {(r.id, r.line) for r in licheck.scan.scan_text(text, "a.ipynb")}
    assert ("org1/nb-model", stored) in found
    assert "org1/raw-cell" not in {model for model, _ in found}
