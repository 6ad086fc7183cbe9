"""The rules cache: a faithful copy, rebuilt when stale or damaged, never a reason to fail."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run
from licheck.index import bundled_dir, cache_dir, load_cached
from licheck.rules import load
from licheck.serial import flatten, restore


def test_round_trip_is_exact() -> None:
    """Every license, model and dataset comes back from the cache equal to what the loader built."""
    built = load([bundled_dir()])
    cached = load_cached([bundled_dir()])  # may be served from the cache
    cached = load_cached([bundled_dir()])  # certainly served from it now
    for kind in ("licenses", "models", "datasets", "uses", "regions"):
        fresh, stored = getattr(built, kind), getattr(cached, kind)
        assert sorted(fresh) == sorted(stored), kind
        for key in fresh:
            assert stored[key] == fresh[key], f"{kind}/{key}"
    assert dict(cached.names) == dict(built.names)


def test_serial_refuses_foreign_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the domain classes on serial.ALLOWED are restored; any other name is refused before
    anything is imported (it used to resolve any licheck.* callable, importing its module)."""
    import licheck.serial

    def no_import(name: str) -> None:
        raise AssertionError(f"imported {name}")

    monkeypatch.setattr(licheck.serial, "import_module", no_import)
    for name in ("os:system", "licheck.cli:app", "licheck.reporters.html:render", "licheck.model:RuleSet"):
        with pytest.raises(ValueError, match="not a licheck type"):
            restore(("N", name, ()))
        with pytest.raises(ValueError, match="not a licheck type"):
            restore(("E", name, 1))
    with pytest.raises(TypeError):
        flatten(object())


def test_damaged_cache_is_rebuilt(
    licheck: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A truncated or garbage rules index is ignored and replaced, with one line on stderr. (A user
    rule folder makes the index live in the user cache, also where the wheel's prebuilt one serves
    the bundled rules.)"""
    cache = tmp_path / "cache"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "empty.yaml").write_text("schema-version: 1\n", encoding="utf-8")
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(cache))
    ask = ("model", "falcon-40b", "--use", "commercial", "--format", "json", "--rules", str(mine))
    first = licheck(*ask)
    files = list(cache.glob("rules-*.index"))
    assert len(files) == 1
    files[0].write_bytes(b"\x00garbage")
    second = licheck(*ask)
    assert (second.exit_code, json.loads(second.stdout)) == (first.exit_code, json.loads(first.stdout))
    assert "licheck: warning: ignoring damaged rules index" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    assert files[0].stat().st_size > 1000


def test_unwritable_cache_is_not_an_error(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cache folder that cannot be created (a file is in the way) only costs speed."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(blocker / "cache"))
    result = licheck("model", "falcon-40b", "--use", "commercial", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "allowed"


def test_cache_location(monkeypatch: pytest.MonkeyPatch) -> None:
    """LICHECK_CACHE_DIR wins; otherwise the XDG cache folder on Linux."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", "/somewhere")
    assert cache_dir() == Path("/somewhere")
    monkeypatch.delenv("LICHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert cache_dir() == Path("/xdg/licheck")
