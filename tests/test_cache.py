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


def test_serial_refuses_foreign_types() -> None:
    """Only licheck's own types are restored; anything else is refused, not imported."""
    with pytest.raises(ValueError, match="not a licheck type"):
        restore(("N", "os:system", ()))
    with pytest.raises(TypeError):
        flatten(object())


def test_damaged_cache_is_rebuilt(
    licheck: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A truncated or garbage cache file is ignored and replaced; the answer is unchanged."""
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path))
    first = json.loads(licheck("model", "falcon-40b", "--use", "commercial", "--format", "json").stdout)
    files = list(tmp_path.glob("rules-*.cache"))
    assert len(files) == 1
    files[0].write_bytes(b"\x00garbage")
    second = json.loads(licheck("model", "falcon-40b", "--use", "commercial", "--format", "json").stdout)
    assert first == second
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
