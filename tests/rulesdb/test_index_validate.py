"""The schema's fast path agrees with jsonschema, the reference, on every fixture and mutation."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import DATA, ROOT
from licheck.files import yamlio
from licheck.files.schema import fast_check, schema, schema_problems

REFERENCE = {name: jsonschema.Draft202012Validator(schema(name)) for name in ("rules", "manifest")}


def _agree(data: Any, name: str = "rules") -> None:
    fast = fast_check(name)
    assert fast is not None
    reference = not any(True for _ in REFERENCE[name].iter_errors(data))
    assert fast(data) is reference, data


def _documents() -> Iterator[tuple[str, Any]]:
    for folder in (ROOT / "rules", DATA / "invalid", DATA / "engine"):
        for path in sorted(folder.rglob("*.y*ml")):
            data, problems = yamlio.read(path, str(path))
            if not problems:
                yield str(path.relative_to(ROOT)), data


DOCUMENTS = list(_documents())


@pytest.mark.parametrize(("name", "data"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_fast_path_agrees_on_every_fixture(name: str, data: Any) -> None:
    _agree(data)


def test_the_invalid_fixtures_are_invalid_for_both() -> None:
    """The fixtures of structural problems fail on the fast path too, and their messages are
    jsonschema's, as before."""
    invalid = [data for name, data in DOCUMENTS if "invalid" in name]
    fast = fast_check("rules")
    assert fast is not None
    failing = [data for data in invalid if not fast(data)]
    assert failing
    for data in failing:
        assert schema_problems(data, "x.yaml", "rules")


def _wrong(value: Any) -> list[Any]:
    """Values of the wrong kind (or the edge of the right one) to put in place of `value`."""
    return [None, True, 0, 1.0, 1.5, -1, "", "x", "2024-13-45", "http:/x", [], [value], {}, {"k": value}]


def _mutations(entry: dict[str, Any], rnd: random.Random) -> Iterator[Any]:
    """Every key dropped, every value replaced by a wrong one, an unknown key: at every depth."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, (*path, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, (*path, i))

    walk(entry, ())
    for path in rnd.sample(paths, min(len(paths), 60)):  # a license has hundreds: a sample of them
        if not path:
            continue
        *head, last = path
        for replacement in [*rnd.sample(_wrong(None), 5), "__drop__", "__extra__"]:
            mutated = copy.deepcopy(entry)
            parent: Any = mutated
            for step in head:
                parent = parent[step]
            if replacement == "__drop__":
                del parent[last]
            elif replacement == "__extra__":
                if isinstance(parent, dict):
                    parent["unexpected-key"] = 1
                else:
                    parent.append(copy.deepcopy(parent[last]))
            else:
                parent[last] = replacement
            yield mutated
    for _ in range(5):
        mutated = copy.deepcopy(entry)
        mutated[rnd.choice(list(mutated))] = rnd.choice(_wrong(None))
        yield mutated


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("kind", ["uses", "regions", "licenses", "models", "datasets"])
def test_fast_path_agrees_on_mutated_entries(kind: str) -> None:
    """Each shipped entry kind, mutated in every place it can be, one entry per document."""
    rnd = random.Random(kind)
    entries = [e for _, data in DOCUMENTS for e in _plain(data or {}).get(kind, []) if isinstance(e, dict)]
    checked = 0
    for entry in rnd.sample(entries, min(len(entries), 6)):
        for mutated in _mutations(entry, rnd):
            _agree({"schema-version": 1, kind: [mutated]})
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "top",
    [
        {},
        {"schema-version": 1},
        {"schema-version": 1.0},
        {"schema-version": True},
        {"schema-version": "1"},
        {"schema-version": 1, "requires-licheck": 3},
        {"schema-version": 1, "models": {}},
        {"schema-version": 1, "models": None},
        {"schema-version": 1, 7: "x"},
        [],
        "text",
        None,
    ],
)
def test_fast_path_agrees_at_the_top(top: Any) -> None:
    _agree(top)


def test_fast_path_agrees_on_manifests() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data, _ = yamlio.read(path, path.name)
        _agree(data, "manifest")
        if isinstance(data, dict):
            for key in list(data):
                _agree({k: v for k, v in data.items() if k != key}, "manifest")
                _agree({**data, key: 5}, "manifest")


def test_generated_user_rules_agree(tmp_path: Path) -> None:
    """The benchmark's generated rules (the shapes of a large user folder) pass both."""
    from test_index_build import bench_user_rules

    user_rules = bench_user_rules()
    user_rules(tmp_path, models=200, licenses=20, files=2)
    for path in sorted(tmp_path.rglob("*.yaml")):
        data, problems = yamlio.read(path, path.name)
        assert not problems
        _agree(data)
