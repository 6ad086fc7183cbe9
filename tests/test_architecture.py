"""The shape of the code: a pure core and thin edges, checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "licheck"

# The pure core: no CLI framework, no terminal, no YAML, no processes, no printing.
PURE = ["model.py", "engine.py", "errors.py"]
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
