"""The shape of the code: a pure core and thin edges, checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "licheck"

# The pure core: no CLI framework, no terminal, no YAML, no processes, no printing.
PURE = sorted(str(p.relative_to(SRC)) for p in (SRC / "core").glob("*.py"))
FORBIDDEN = {"typer", "rich", "yaml", "subprocess", "click"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


@pytest.mark.parametrize("module", PURE)
def test_core_is_pure(module: str) -> None:
    """The domain and the engine import no I/O framework and never print or open files."""
    path = SRC / module
    assert not (_imports(path) & FORBIDDEN), _imports(path) & FORBIDDEN
    assert not ({"print", "open", "input"} & _calls(path))


def test_reporters_do_no_io() -> None:
    """Reporters turn findings into text; they never print, open files or exit."""
    for path in sorted((SRC / "reporters").glob("*.py")):
        assert not ({"print", "open", "input", "exit"} & _calls(path)), path.name
        assert not ({"typer", "yaml", "subprocess", "sys"} & _imports(path)), path.name


def test_only_the_cli_exits() -> None:
    """Exit codes are decided in one place: cli.py."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name in ("cli.py", "__main__.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "sys.exit" not in text, path
        assert "typer.Exit" not in text, path


HEAVY = (
    "rich",
    "yaml",
    "jsonschema",
    "licheck.scan",
    "licheck.evidence",
    "huggingface_hub",
    "cyclonedx",
    "packaging",
)


def test_the_json_answer_imports_nothing_heavy(tmp_path: Path) -> None:
    """`licheck model ... --format json` (warm) loads no rich, PyYAML, jsonschema, scanner, evidence
    readers, Hub client or SBOM library: they cost more than the answer."""
    import os
    import subprocess
    import sys

    out = tmp_path / "modules.txt"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(out)!r}, 'w').write('\\n'.join(sorted(sys.modules))))\n"
        "sys.argv = ['licheck', 'model', 'falcon-40b', '--use', 'commercial', '--format', 'json']\n"
        "from licheck.cli import main\nmain()\n"
    )
    env = {**os.environ, "LICHECK_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run may build the user cache; the second is the hot path
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    loaded = set(out.read_text(encoding="utf-8").split())
    assert not {m for m in loaded for heavy in HEAVY if m == heavy or m.startswith(heavy + ".")}


# command line -> the view whose formats it documents
COMMAND_VIEWS = {
    ("model", "falcon-40b", "--use", "commercial"): "model",
    ("explain", "falcon-40b", "--use", "commercial"): "explain",
    ("compare", "falcon-40b", "mpt-7b"): "compare",
    ("compare", "--licenses", "mit", "llama2"): "compare-licenses",
    ("list", "--search", "falcon-40b"): "list",
    ("license", "mit"): "license",
    ("rules", "stats"): "rules-stats",
    ("rules", "validate"): "rules-validate",
}


@pytest.mark.parametrize("args", list(COMMAND_VIEWS), ids=[" ".join(a[:2]) for a in COMMAND_VIEWS])
def test_every_command_renders_every_format_it_documents(args: tuple[str, ...]) -> None:
    """One registry: each command's --format choices are the registry's, and each one renders."""
    from typer.testing import CliRunner

    from licheck.cli import app
    from licheck.reporters import formats

    runner = CliRunner()
    wanted = formats(COMMAND_VIEWS[args])
    help_text = " ".join(
        runner.invoke(app, [*args[: 2 if args[0] in ("rules",) else 1], "--help"]).stdout.split()
    )
    assert f"Output format: {', '.join(wanted)}." in help_text
    for fmt in wanted:
        result = runner.invoke(app, [*args, "--format", fmt])
        assert result.exit_code in (0, 1), (fmt, result.stdout, result.stderr)
        if args != ("rules", "validate"):  # valid rules without warnings print only the summary (stderr)
            assert result.stdout.strip(), fmt


def test_check_scan_and_inspect_formats_are_the_registry_s() -> None:
    from licheck.reporters import REPORTERS, formats

    assert set(formats("scan")) == set(formats("check"))
    assert "cyclonedx" in formats("check")
    for view, table in REPORTERS.items():
        assert table, view


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    """The scan's spinner goes to stderr on a terminal; piped (or in CI, or with -q) nothing is drawn."""
    import os
    import pty
    import subprocess
    import sys

    (tmp_path / "app.py").write_text('from_pretrained("tiiuae/falcon-40b")\n', encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if k != "CI"},
        "TERM": "xterm",
    }  # a dumb terminal draws no spinner
    args = [sys.executable, "-m", "licheck", "scan", str(tmp_path), "--use", "research", "--format", "json"]
    piped = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert "\x1b" not in piped.stderr
    main, other = pty.openpty()
    try:
        done = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=other, check=False)
        os.close(other)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert done.returncode == 0
    assert b"scanning" in seen


def test_no_function_above_complexity_c() -> None:
    """radon's grades: nothing in src/ above C (cyclomatic complexity 20)."""
    from radon.complexity import cc_rank, cc_visit

    graded = [
        f"{path.relative_to(SRC)}:{block.lineno} {block.name} {cc_rank(block.complexity)} ({block.complexity})"
        for path in sorted(SRC.rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if cc_rank(block.complexity) not in "ABC"
    ]
    assert graded == []


def test_the_cli_stays_thin() -> None:
    """cli.py and the command modules: no module over 300 lines, no function over 60."""
    files = [SRC / "cli.py", *sorted((SRC / "commands").glob("*.py"))]
    long_modules = [f.name for f in files if len(f.read_text(encoding="utf-8").splitlines()) > 300]
    long_functions = [
        f"{f.name}:{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for f in files
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > 60
    ]
    assert (long_modules, long_functions) == ([], [])
