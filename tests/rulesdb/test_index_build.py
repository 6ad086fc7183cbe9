"""The index's builds: the wheel's prebuilt index, per-file parts, messages as loading words them."""

from __future__ import annotations

import importlib.util
import marshal
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from licheck.core.errors import RulesError
from licheck.core.model import Assessment, Context, RuleSet, Verdict
from licheck.rulesdb import RulesDir, folders, load_cached, rules_digest, verify_bundled
from licheck.rulesdb import build as indexbuild
from licheck.rulesdb import parts as indexparts
from licheck.rulesdb.indexfile import IndexFile
from licheck.rulesdb.load import load
from licheck.rulesdb.piece import Part

RULES = ROOT / "rules"


def _same(built: RuleSet, cached: RuleSet) -> None:
    for kind in ("licenses", "models", "datasets", "uses", "regions"):
        fresh, stored = getattr(built, kind), getattr(cached, kind)
        assert list(fresh) == list(stored), kind
        for key in fresh:
            assert stored[key] == fresh[key], f"{kind}/{key}"
    assert dict(cached.names) == dict(built.names)
    assert dict(cached.license_names) == dict(built.license_names)
    assert tuple(cached.overrides) == tuple(built.overrides)


def test_prebuilt_index_is_the_loaders_rules(installed: RulesDir, cache: Path) -> None:
    """The first run after install answers from the wheel's index: no user cache is written."""
    rules = load_cached([installed])
    _same(load([installed], full=True), rules)
    assert not cache.exists() or not list(cache.iterdir())


def test_prebuilt_index_with_a_user_folder(installed: RulesDir, cache: Path, tmp_path: Path) -> None:
    """The wheel's entries are merged with a user folder's as they are, without their files."""
    dirs = [installed, RulesDir(_folder(tmp_path), "mine")]
    _same(load(dirs), load_cached(dirs))
    _same(load(dirs), load_cached(dirs))


def test_prebuilt_index_of_other_code_is_not_used(
    installed: RulesDir, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folders, "prebuilt_key", lambda: "built by another licheck")
    _same(load([installed]), load_cached([installed]))
    assert list(cache.glob("rules-*.index"))  # indexed in the user cache instead


def test_verify_bundled(installed: RulesDir) -> None:
    ok, expected, actual = verify_bundled()
    assert ok
    assert expected == actual == rules_digest([installed])
    rule = installed.path / "uses.yaml"
    rule.write_bytes(rule.read_bytes().replace(b"Non-commercial", b"Non-kommercial"))
    ok, expected, actual = verify_bundled()
    assert not ok
    assert expected != actual
    assert rules_digest([installed]) == expected  # reports carry what the index was built from


def test_verify_in_a_checkout_has_nothing_to_compare() -> None:
    """In a checkout nothing was recorded; in an installed wheel (CI tests one) the files match."""
    from licheck.rulesdb.folders import prebuilt

    ok, expected, actual = verify_bundled()
    if prebuilt(check_code=False) is None:
        assert (ok, expected) == (False, "")
    else:
        assert ok
        assert expected == actual
    assert len(actual) == 40


def test_rules_digest_is_content_not_place(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(RULES, a)
    shutil.copytree(RULES, b)
    assert rules_digest([RulesDir(a, "a")]) == rules_digest([RulesDir(b, str(b))])
    (b / "uses.yaml").write_text((b / "uses.yaml").read_text() + "\n")
    assert rules_digest([RulesDir(a, "a")]) != rules_digest([RulesDir(b, "b")])


def test_prebuilt_file_is_an_index(tmp_path: Path) -> None:
    target = tmp_path / "rules.index"
    digest = indexbuild.build_prebuilt(RULES, target)
    opened = IndexFile(target.read_bytes())
    assert opened.small["digest"] == digest
    assert "entries" not in opened.small  # read by a merge with a user's folder only, not every run
    listed = marshal.loads(opened.table("entries").get("all") or b"")
    assert len([kind for kind, *_ in listed if kind == "models"]) == len(opened.table("models"))
    assert len(opened.table("models")) == len(load([RulesDir(RULES, "rules")]).models)


def test_build_refuses_invalid_rules(tmp_path: Path) -> None:
    """The wheel cannot be built from rules that do not validate."""
    bad = tmp_path / "rules"
    shutil.copytree(RULES, bad)
    (bad / "broken.yaml").write_text("schema-version: 1\nmodels:\n  - id: x\n")
    with pytest.raises(RulesError):
        indexbuild.build_prebuilt(bad, tmp_path / "rules.index")


# ---------------------------------------------------------------- per-file parts


def bench_user_rules() -> Callable[..., None]:
    """bench/bench.py's generator of user rule folders."""
    spec = importlib.util.spec_from_file_location("licheck_bench", ROOT / "bench" / "bench.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[..., None] = module.user_rules
    return generate


def _folder(tmp_path: Path, files: int = 4) -> Path:
    """A generated user folder of 400 models and 40 licenses."""
    folder = tmp_path / "mine"
    bench_user_rules()(folder, models=400, licenses=40, files=files)
    return folder


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the rule files read from now on (each part built from its file)."""
    read: list[str] = []
    real = indexparts.part_of

    def counted(path: str, shown: str, check: bool) -> Part:
        read.append(Path(path).name)
        return real(path, shown, check)

    monkeypatch.setattr(indexparts, "part_of", counted)
    return read


def test_editing_one_file_reads_that_file_only(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    dirs = [RulesDir(RULES, "rules"), RulesDir(folder, "mine")]
    load_cached(dirs)
    read = _reads(monkeypatch)
    edited = folder / "models" / "models-0002.yaml"
    edited.write_text(edited.read_text().replace("User Model 200\n", "User Model 200 (renamed)\n"))
    rules = load_cached(dirs)
    assert read == ["models-0002.yaml"]
    assert rules.models["user-model-000200"].name == "User Model 200 (renamed)"
    _same(load(dirs), rules)
    read.clear()
    (folder / "models" / "models-0001.yaml").unlink()
    rules = load_cached(dirs)
    assert read == []  # a removed file: the others' parts as they are
    assert "user-model-000100" not in rules.models
    _same(load(dirs), rules)


def test_cold_build_in_a_process_pool(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexparts, "_POOL_FILES", 2)
    monkeypatch.setattr(indexparts, "_POOL_BYTES", 0)
    folder = _folder(tmp_path, files=6)
    dirs = [RulesDir(RULES, "rules"), RulesDir(folder, str(folder))]
    _same(load(dirs), load_cached(dirs))


INVALID = sorted(path for path in (DATA / "invalid").iterdir() if path.is_dir())


@pytest.mark.parametrize("folder", INVALID, ids=[path.name for path in INVALID])
def test_problems_are_worded_as_loading_words_them(cache: Path, folder: Path) -> None:
    """Every invalid fixture fails through the index with the loader's very problems, naming the
    folder as it was given (twice: the second time from the parts in the cache)."""
    dirs = [RulesDir(RULES, "rules"), RulesDir(folder, f"given/{folder.name}/")]
    with pytest.raises(RulesError) as expected:
        load(dirs)
    for _ in range(2):
        with pytest.raises(RulesError) as got:
            load_cached(dirs)
        assert got.value.problems == expected.value.problems


def _alternatives_as_before(rules: RuleSet, item: Assessment, limit: int = 3) -> tuple[str, ...]:
    """engine.alternatives by brute force (the reference): assess every model of the task (the
    model's own, or its nearest base's), then of each related task, and rank each by size."""
    import math

    from licheck.core.engine import RELATED_TASKS, Memo, _likeness, assess_model

    target = item.model
    if target is None or item.verdict is not Verdict.DENIED:
        return ()
    task, params = _likeness(rules, target)
    if task is None:
        return ()
    uses = tuple(u.use for u in item.uses)
    memo: Memo = {}
    found: list[str] = []
    for each in (task, *RELATED_TASKS.get(task, ())):
        ranked = []
        for candidate in rules.models.values():
            if candidate.id == target.id or candidate.task != each or candidate.id in found:
                continue
            judged = assess_model(rules, candidate, candidate.id, uses, item.context, memo=memo)
            if judged.verdict is not Verdict.ALLOWED:
                continue
            size = abs(math.log(candidate.params_b / params)) if candidate.params_b and params else 10.0
            ranked.append((round(size, 1), candidate.publisher != target.publisher, candidate.id))
        found += [model_id for *_, model_id in sorted(ranked)]
    return tuple(found[:limit])


@pytest.mark.parametrize(
    "uses", [("commercial",), ("commercial", "hosted-service"), ("redistribute",), ("distill",)]
)
def test_alternatives_are_as_before(cache: Path, tmp_path: Path, uses: tuple[str, ...]) -> None:
    """The ranked search gives what assessing every model gave, from the index and from a plain load."""
    from licheck.core.engine import alternatives, assess

    dirs = [RulesDir(RULES, "rules"), RulesDir(_folder(tmp_path), "mine")]
    plain, indexed = load(dirs), load_cached(dirs)
    context = Context(as_of=date(2026, 12, 1), mau=1_000_000_000)
    compared = 0
    for model_id in [*list(plain.models)[::7], "user-model-000000"]:
        item = assess(plain, model_id, uses, context)
        if item.verdict is Verdict.DENIED:
            compared += 1
            want = _alternatives_as_before(plain, item)
            assert alternatives(plain, item) == want, model_id
            assert alternatives(indexed, assess(indexed, model_id, uses, context)) == want, model_id
    assert compared >= 3


def test_pruning_keeps_the_parts_the_index_points_into(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache allowed fewer files than the folder has parts still keeps them: the next run answers
    from the index without reading a rule file again."""
    from licheck.cache import folder as cachefs

    monkeypatch.setattr(cachefs, "KEEP_FILES", 2)
    folder = _folder(tmp_path, files=6)
    dirs = [RulesDir(RULES, "rules"), RulesDir(folder, "mine")]
    load_cached(dirs)
    read = _reads(monkeypatch)
    _same(load(dirs), load_cached(dirs))
    assert read == []
