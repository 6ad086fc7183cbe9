"""The shape of the code: a pure core and thin edges, checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "licheck"

# The layer rule: each package of licheck and what it may import of licheck (its own modules
# always). Checked over whole folders, so a new file is covered without editing this test; every
# import counts, at the top of a module, inside a function or under TYPE_CHECKING. The README's
# design section is this table (test_the_readme_shows_the_layers).
LAYERS: dict[str, tuple[int, frozenset[str], str]] = {
    "core": (
        0,
        frozenset(),
        "the domain and its decisions, pure: types, codes, errors, names, the engine, findings",
    ),
    "files": (
        1,
        frozenset({"core"}),
        "plain files in and out: YAML with lines, the schema check, atomic writes",
    ),
    "cache": (
        1,
        frozenset({"core"}),
        "the per-user cache: a folder licheck owns, and the values stored in it",
    ),
    "scan": (1, frozenset(), "the walk of a repository and the patterns that find model references"),
    "rulesdb": (
        2,
        frozenset({"core", "files", "cache"}),
        "rule files in, a RuleSet out: loading, checking, the index",
    ),
    "evidence": (
        2,
        frozenset({"core", "files", "cache"}),
        "what a model declares (card, config, GGUF, safetensors, LICENSE, caches, Hub) and its judge",
    ),
    "project": (
        3,
        frozenset({"core", "files", "cache", "scan", "rulesdb", "evidence"}),
        "a user's project: manifest, context, policies, lock, the gate, one Project.load()",
    ),
    "views": (
        3,
        frozenset({"core", "scan", "rulesdb", "evidence", "project"}),
        "pure shapes for reporters: matrices, lineage, lists, lint and counts",
    ),
    "reporters": (
        4,
        frozenset({"core", "scan", "evidence", "project", "views"}),
        "one module per format, each from a view to text",
    ),
    "commands": (
        5,
        frozenset({"core", "files", "cache", "scan", "rulesdb", "evidence", "project", "views", "reporters"}),
        "one module per command: parse the options, call the core, pick a reporter",
    ),
    "cli": (
        6,
        frozenset({"core", "commands"}),
        "the app, the global options, and the one place where errors become exit codes",
    ),
}
TOP = {"__init__", "__main__", "cli"}  # the only modules at the top of the package: the entry points
SHARED_COMMANDS = {"common", "options", "output", "reports"}  # what command modules may share


def _package(module: str) -> str:
    """licheck.rulesdb.index -> rulesdb; licheck.cli -> cli; licheck -> '' (the version, anyone's)."""
    parts = module.split(".")
    return "" if len(parts) == 1 else parts[1]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _licheck_imports(path: Path) -> list[tuple[str, int]]:
    """Every licheck module `path` imports (top level, in functions, under TYPE_CHECKING), with the line."""
    here = _module_name(path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                (alias.name, node.lineno) for alias in node.names if alias.name.split(".")[0] == "licheck"
            ]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if base.split(".")[0] != "licheck":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((candidate if _exists(candidate) else base, node.lineno))
    return found


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _all_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def test_every_module_lives_in_a_package_of_the_layer_table() -> None:
    """No loose modules: everything but the entry points is in a package named for its reason to
    change, and every package is in the table."""
    loose = sorted(p.stem for p in SRC.glob("*.py") if p.stem not in TOP)
    unknown = sorted(
        d.name for d in SRC.iterdir() if d.is_dir() and (d / "__init__.py").is_file() and d.name not in LAYERS
    )
    assert (loose, unknown) == ([], [])


def test_the_layer_rule_holds_for_every_import() -> None:
    """Each package imports only what the table allows, whatever the kind of import."""
    broken = []
    for module, path in _all_modules().items():
        mine = _package(module) or "cli"
        if mine not in LAYERS:
            continue
        allowed = LAYERS[mine][1] | {mine, ""}
        for target, line in _licheck_imports(path):
            theirs = _package(target)
            if theirs not in allowed and not (mine == "cli" and module == "licheck.__main__"):
                broken.append(
                    f"{path.relative_to(SRC)}:{line} imports {target} ({mine} may not import {theirs})"
                )
    assert broken == []


def test_no_import_closes_a_circle() -> None:
    """No import circle between modules, counting imports in functions and under TYPE_CHECKING."""
    modules = _all_modules()
    graph = {m: {t for t, _ in _licheck_imports(p) if t in modules and t != m} for m, p in modules.items()}
    circles = []
    state: dict[str, int] = {}
    for root in graph:
        stack = [(root, iter(sorted(graph[root])))]
        path = [root]
        state.setdefault(root, 1)
        if state[root] == 2:
            continue
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                circles.append(" -> ".join([*path[path.index(child) :], child]))
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    assert circles == []


def test_a_command_module_never_imports_another() -> None:
    """Commands share only the helpers; a command's logic lives below them, in project/ and views/."""
    broken = [
        f"{module} imports {target}"
        for module, path in _all_modules().items()
        if module.startswith("licheck.commands.") and module.split(".")[2] not in SHARED_COMMANDS
        for target, _ in _licheck_imports(path)
        if target.startswith("licheck.commands.") and target.split(".")[2] not in SHARED_COMMANDS
    ]
    assert broken == []


def test_no_private_name_crosses_a_module() -> None:
    """`from licheck.x import _name` is refused: what another module needs is public where it lives."""
    broken = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("licheck"):
                broken += [
                    f"{path.relative_to(SRC)}:{node.lineno} {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and alias.name != "__version__"
                ]
    assert broken == []


def test_the_readme_shows_the_layout_and_the_layers() -> None:
    """README's design section is the package's layout (every module, by package) and the layer
    table (each package with its layer, what it may import and its role), both generated here: a
    module or package added without the README following fails. `python tests/test_architecture.py`
    prints both."""
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert _layout() in readme, "README.md: the layout is stale; paste `python tests/test_architecture.py`"
    assert _layer_table() in readme, (
        "README.md: the layer table is stale; paste `python tests/test_architecture.py`"
    )


def _layout() -> str:
    lines = ["```", "src/licheck/"]
    lines.append("  " + "  ".join(f"{name}.py" for name in sorted(TOP)))
    for name in sorted(LAYERS, key=lambda n: (LAYERS[n][0], n)):
        if name == "cli":
            continue
        files = sorted(p.stem for p in (SRC / name).glob("*.py") if p.stem != "__init__")
        lines.append(f"  {name + '/':<11}" + " ".join(files))
    return "\n".join([*lines, "```"]) + "\n"


def _layer_table() -> str:
    rows = ["| layer | package | may import (of licheck) | role |", "|---|---|---|---|"]
    for name, (layer, allowed, role) in sorted(LAYERS.items(), key=lambda item: (item[1][0], item[0])):
        where = f"`{name}.py`" if name == "cli" else f"`{name}/`"
        imports = ", ".join(f"`{a}`" for a in sorted(allowed, key=lambda a: (LAYERS[a][0], a))) or "nothing"
        rows.append(f"| {layer} | {where} | {imports} | {role} |")
    return "\n".join(rows) + "\n"


# Imports inside functions, outside commands/ and cli.py (which import lazily by design, as their
# docstrings say): each keeps start-up fast, and says why here. Any other must move to the top.
LAZY: dict[str, str] = {
    "_blake2": "the BLAKE2 digest without hashlib's 2.5 ms import (hashlib is the fallback)",
    "hashlib": "only on an interpreter without _blake2, or to digest a license text",
    "licheck.evidence.textdiff": "difflib and hashlib: only when a license text is compared",
    "_json": "the C encoder of the JSON reports, without json's import",
    "json": "only where the C encoder is missing",
    "array": "only when an index is written",
    "tempfile": "only when a cache file is written",
    "difflib": "only to suggest a close name for one that is unknown",
    "tomllib": "only for a pyproject.toml manifest whose cached parse is stale",
    "signal": "only for a scan (Ctrl-C keeps what was found)",
    "multiprocessing": "only for a scan of many files (a pool of processes)",
    "concurrent.futures": "only for a scan or a cold build of many files (a pool of processes)",
    "importlib.util": "only to ask whether the evidence extra is installed",
    "yaml": "PyYAML: only when a card's front matter is parsed",
    "jsonschema": "only for a file at fault, or a schema the fast path cannot check",
    "packaging.specifiers": "only for a rule file with requires-licheck",
    "rich": "only when a table is drawn (never for --format json)",
    "cyclonedx": "the sbom extra: only for --format cyclonedx (the SPDX license list it ships)",
    "identify": "the evidence extra: only when a LICENSE file is read",
    "ahocorasick_rs": "compiled word finder: only when a file is scanned",
    "licheck.files.yamlio": "YAML: only when a manifest's cached parse is stale, or a card is read",
    "licheck.files.schema": "the schema check: only when a manifest's cached parse is stale",
    "licheck.rulesdb.load": "YAML and the schema: only when rule files are read (no current index)",
    "licheck.rulesdb.summaries": "only when an index is built, never on a warm answer",
    "licheck.scan.patterns": "the compiled patterns: only when a file is scanned",
    "licheck.scan.notebook": "only for a notebook",
    "licheck.scan.walk": "only for a walk of a folder",
    "licheck.views.matrix": "the matrix views: only for a report that draws one",
}


def _function_imports(path: Path) -> list[tuple[str, int]]:
    """The modules imported inside functions (resolved: `from licheck.rulesdb import load` is
    licheck.rulesdb.load), with the line."""
    found = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    found += [(alias.name, node.lineno) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    subs = [
                        f"{node.module}.{a.name}" for a in node.names if _exists(f"{node.module}.{a.name}")
                    ]
                    found += [(m, node.lineno) for m in subs or [node.module]]
    return found


def _lazy_reason(module: str) -> str | None:
    parts = module.split(".")
    return next(
        (LAZY[".".join(parts[:n])] for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in LAZY), None
    )


def test_an_import_inside_a_function_says_why() -> None:
    """Outside commands/ and cli.py, an import inside a function is one of LAZY, each with its
    reason; anything else belongs at the top of its module (and every LAZY entry is still used)."""
    unexplained: list[str] = []
    used: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "commands" or rel.name == "cli.py":
            continue
        for module, line in _function_imports(path):
            if _lazy_reason(module) is None:
                unexplained.append(f"{rel}:{line} {module}")
            used.update(k for k in LAZY if module == k or module.startswith(k + "."))
    assert (unexplained, sorted(set(LAZY) - used)) == ([], [])


def test_no_module_is_over_500_lines() -> None:
    """A module that grows past 500 lines holds more than one reason to change: split it."""
    long = [
        f"{p.relative_to(SRC)} ({n})"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert long == []


# The pure layers: no CLI framework, no terminal, no YAML, no processes, no printing, no files.
PURE = sorted(str(p.relative_to(SRC)) for folder in ("core", "views") for p in (SRC / folder).glob("*.py"))
FORBIDDEN = {"typer", "rich", "yaml", "subprocess", "click", "os", "sys", "shutil", "socket", "pathlib"}


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
def test_core_and_views_are_pure(module: str) -> None:
    """The domain, the engine and the views import no I/O framework and never print or open files."""
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
    ("notice", "falcon-40b", "--use", "redistribute"): "notice",
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


if __name__ == "__main__":
    print(_layout())
    print(_layer_table(), end="")
