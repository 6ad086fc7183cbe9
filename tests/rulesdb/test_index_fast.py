"""The index built from the parts' summaries (indexfast) is the index the checked build makes,
and the summaries give way to the checked build whenever a problem or an override is there."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from test_index_build import _folder, _same

from conftest import ROOT
from licheck.core.errors import RulesError
from licheck.rulesdb import RulesDir, load_cached
from licheck.rulesdb import build as indexbuild
from licheck.rulesdb import summaries as indexfast
from licheck.rulesdb.indexfile import IndexFile
from licheck.rulesdb.load import load

RULES = ROOT / "rules"

# Lineage onto the bundled rules, a dataset, aliases, and a task of its own: what the summaries
# must carry besides what the generated folder has.
LINEAGE = """\
schema-version: 1
models:
  - id: house-tune
    name: House Tune
    publisher: Us
    aliases: [us/House-Tune, house-tune-v1]
    task: text-generation
    params-b: 7
    license: llama2
    base: [llama-2-7b]
    sources:
      - url: https://example.com/tune
    checked: 2026-11-01
  - id: house-merge
    name: House Merge
    publisher: Us
    task: summarization
    license: llama2
    base: [house-tune, llama-2-7b-chat]
    datasets: [databricks-dolly-15k]
    sources:
      - url: https://example.com/merge
    checked: 2026-11-01
"""


def _user(tmp_path: Path, extra: str = LINEAGE) -> Path:
    folder = _folder(tmp_path)
    (folder / "models" / "house.yaml").write_text(extra, encoding="utf-8")
    return folder


def _decoded(chunks: list[bytes]) -> dict[str, Any]:
    """An index's contents, with each task table value decoded (marshal's bytes depend on how
    often each object was referenced, not only on the value)."""
    index = IndexFile(b"".join(chunks))
    out: dict[str, Any] = {"key": index.key, "small": index.small}
    for name in ("licenses", "models", "datasets", "names", "license_names", "tasks"):
        table = index.table(name)
        rows = [(key, table.get(key)) for key in table.sorted_keys()]
        out[name] = [(k, marshal.loads(v) if name == "tasks" and v else v) for k, v in rows]
    return out


def _both(folders: list[RulesDir], where: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The index from the summaries (the checked build forbidden), and the checked one."""
    parts = [indexbuild._folder(directory) for directory in folders]
    key = indexbuild._key(parts)

    def forbidden(*args: object) -> None:
        raise AssertionError("the summaries did not suffice")

    with monkeypatch.context() as patch:
        patch.setattr(indexbuild, "_checked", forbidden)
        fast = _decoded(indexbuild.build(parts, key, where))
    with monkeypatch.context() as patch:
        patch.setattr(indexfast, "tables", lambda *args: None)
        checked = _decoded(indexbuild.build(parts, key, where))
    return fast, checked


def test_summaries_make_the_checked_index(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = [RulesDir(RULES, "rules"), RulesDir(_user(tmp_path), "mine")]
    cache.mkdir()
    fast, checked = _both(folders, cache, monkeypatch)
    assert fast == checked
    assert len(fast["models"]) > 1400
    assert any(k == "summarization" for k, _ in fast["tasks"])
    rules = load_cached(folders)
    _same(load(folders), rules)
    assert rules.models["house-merge"].base == ("house-tune", "llama-2-7b-chat")


def test_summaries_over_the_wheels_index(
    installed: RulesDir, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed: the bundled rules are one prebuilt part, and a user folder is layered on them."""
    folders = [installed, RulesDir(_user(tmp_path), "mine")]
    cache.mkdir()
    fast, checked = _both(folders, cache, monkeypatch)
    assert fast == checked
    assert fast["small"]["parts"][0][0] == "prebuilt"
    _same(load(folders), load_cached(folders))


def _models(*entries: str) -> str:
    body = "".join(
        f"  - id: {model_id}\n    name: X\n    publisher: Us\n    license: {license_id}\n{more}"
        "    sources:\n      - url: https://example.com/x\n    checked: 2026-11-01\n"
        for model_id, license_id, more in (entry.split("|") for entry in entries)
    )
    return "schema-version: 1\nmodels:\n" + body


DECLINED = {
    "an override of a bundled model": _models("llama-2-7b|apache-2.0|"),
    "a duplicate across files": _models("user-model-000001|apache-2.0|"),
    "an unknown license": _models("house-x|house-license-404|"),
    "an unknown base": _models("house-x|apache-2.0|    base: [no-such-model]\n"),
    "an alias clash across files": _models("house-x|apache-2.0|    aliases: [User-Org-1/User-Model-1]\n"),
    "a lineage cycle across files": _models(
        "house-a|apache-2.0|    base: [house-b]\n", "house-b|apache-2.0|    base: [house-a]\n"
    ),
}


@pytest.mark.parametrize("case", list(DECLINED))
def test_summaries_give_way_to_the_checked_build(
    case: str, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case needs a line number or an override's description: the summaries say they
    cannot decide, and the result (problems, or overrides) is the loader's."""
    folder = _user(tmp_path, DECLINED[case])
    folders = [RulesDir(RULES, "rules"), RulesDir(folder, "mine")]
    declined: list[bool] = []
    real = indexfast.tables

    def spied(*args: Any) -> Any:
        made = real(*args)
        declined.append(made is None)
        return made

    monkeypatch.setattr(indexfast, "tables", spied)
    try:
        expected: Any = load(folders)
    except RulesError as error:
        expected = error.problems
    try:
        got: Any = load_cached(folders)
    except RulesError as error:
        got = error.problems
    assert declined == [True]
    if isinstance(expected, tuple):
        assert got == expected
        assert expected
    else:
        _same(expected, got)
        assert expected.overrides
